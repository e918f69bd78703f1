"""Child process: decode with llama.cpp (llama-cpp-python) and print one JSON line.

Reads ``{"files": {type: path}, "prompt_ids", "threads", "new_tokens", "repeats"}`` on stdin.
Greedy decoding of the very token ids the app's path gets; reports the best of N.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def run_once(llm: Any, prompt: list[int], new_tokens: int) -> tuple[float, float, list[int]]:
    """(time to first token s, decode tok/s after the first, greedy tokens)."""
    llm.reset()
    start = time.perf_counter()
    first = 0.0
    tokens: list[int] = []
    for token in llm.generate(prompt, top_k=1, top_p=1.0, temp=0.0, repeat_penalty=1.0):
        if not tokens:
            first = time.perf_counter() - start
        if token == llm.token_eos() or len(tokens) >= new_tokens:
            break
        tokens.append(int(token))
    total = time.perf_counter() - start
    rate = (len(tokens) - 1) / (total - first) if len(tokens) > 1 and total > first else 0.0
    return first, rate, tokens


def main() -> None:
    request = json.loads(sys.stdin.read())
    from llama_cpp import Llama

    out: dict[str, Any] = {}
    models = {
        kind: Llama(
            model_path=path,
            n_ctx=1024,
            n_threads=request["threads"],
            n_threads_batch=request["threads"],
            verbose=False,
        )
        for kind, path in request["files"].items()
    }
    for kind, llm in models.items():
        run_once(llm, request["prompt_ids"], 4)
        out[kind] = {"tok_s": [], "ttft_ms": [], "tokens": []}
    for _ in range(request["repeats"]):
        for kind, llm in models.items():
            first, rate, tokens = run_once(llm, request["prompt_ids"], request["new_tokens"])
            out[kind]["tok_s"].append(rate)
            out[kind]["ttft_ms"].append(first * 1000)
            out[kind]["tokens"] = tokens
    result = {
        kind: {
            "tok_s": round(max(v["tok_s"]), 2),
            "ttft_ms": round(min(v["ttft_ms"]), 1),
            "tokens": v["tokens"],
        }
        for kind, v in out.items()
    }
    import llama_cpp

    result["version"] = llama_cpp.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
