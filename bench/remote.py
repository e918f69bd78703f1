"""Remote against local on the same model: time to first token and decode tokens/s.

One run, interleaved, best of N (the machine is shared): the app's local llama.cpp decoder on
a model folder's ``model-q8_0.gguf``, and the remote decoder talking to llama.cpp's own
OpenAI-compatible server (llama_cpp.server through ``python -m engine.decoding.serve_llama``,
started here on 127.0.0.1) serving that very file with the same threads. Greedy, the bench
prompt, the same token budget. Both the server and the local decoder get one warm-up request
first.

Run: ``.venv/bin/python bench/remote.py [--model-dir DIR] [--tokens 64] [--runs 3] [--threads 2]``
(one JSON document on stdout). Needs requirements/llama-server.txt (``make setup`` installs it).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PROMPT, best, median, model_dir
from engine.decoding.protocol import GenerationResult, StreamSettings


def cpu_name() -> str:
    """The CPU's model name (Linux: /proc/cpuinfo)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def figures(results: list[GenerationResult]) -> dict[str, Any]:
    """Best decode rate and median time to first token over the runs."""
    return {
        "ttft_ms": round(median([r.first_token_s for r in results]) * 1000, 1),
        "decode_tok_s": round(best([r.tokens_per_s for r in results]), 1),
        "tokens": [r.new_tokens for r in results],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", help="model folder with model-q8_0.gguf (default SmolLM2)")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    from engine.decoding.llama_generator import LlamaGenerator
    from engine.decoding.remote import RemoteConfig, RemoteGenerator
    from tests import llama_server

    folder = model_dir(args.model_dir)
    gguf = folder / "model-q8_0.gguf"
    settings = StreamSettings(max_new_tokens=args.tokens, temperature=0.0)
    warm = StreamSettings(max_new_tokens=2, temperature=0.0)
    doc: dict[str, Any] = {
        "model": folder.name,
        "file": gguf.name,
        "cpu": cpu_name(),
        "threads": args.threads,
        "max_new_tokens": args.tokens,
        "runs": args.runs,
        "notes": {},
    }
    if not llama_server.available():
        doc["remote"] = None
        doc["notes"]["remote"] = "llama-cpp-python[server] is not installed"
    local = LlamaGenerator.load(folder, name=folder.name, threads=args.threads)
    local.stream(PROMPT, warm)
    mine: list[GenerationResult] = []
    theirs: list[GenerationResult] = []
    try:
        if llama_server.available():
            with llama_server.serve(gguf, threads=args.threads) as url:
                remote = RemoteGenerator(RemoteConfig(url, folder.name))
                remote.stream(PROMPT, warm)
                for _ in range(args.runs):
                    theirs.append(remote.stream(PROMPT, settings))
                    mine.append(local.stream(PROMPT, settings))
            doc["remote"] = {**figures(theirs), "server": "llama_cpp.server on 127.0.0.1"}
            doc["same_text"] = theirs[0].texts[0] == mine[0].texts[0]
        else:
            mine = [local.stream(PROMPT, settings) for _ in range(args.runs)]
    finally:
        local.close()
    doc["local"] = {**figures(mine), "decoder": "llama.cpp q8_0 in-process"}
    if doc.get("remote"):
        doc["remote_vs_local_tok_s"] = round(
            doc["remote"]["decode_tok_s"] / max(doc["local"]["decode_tok_s"], 1e-9), 2
        )
    print(json.dumps(doc, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
