"""The 1.5B model of the same family beside the 0.5B packs, decode speed side by side.

``python bench/larger_model.py --gguf qwen-coder-1.5b-q4_k_m.gguf [--data-dir DIR]`` loads,
with llama.cpp on 2 threads, the Qwen2.5-Coder-1.5B GGUF (joined from the pinned
``requirements/qwen-1.5b.txt`` wheels, sha256 checked) and the 8-bit files of the prepared
``qwen-coder`` and ``house`` models, writes the same description prompt with each (greedy, 96
new tokens, twice, the second timed) and prints tokens/s and the ratio to the 0.5B pack, with
each text, as one JSON document. Ratios are measured in one run on the same machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.core.paths import Paths, default_root  # noqa: E402
from engine.decoding.llama_runtime import extra_buffers_safe  # noqa: E402

SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PROMPT = [
    {"role": "system", "content": "You are a copywriter for a small online shop."},
    {
        "role": "user",
        "content": "Product: Bamboo Toothbrush Set\nFeatures: 4 brushes; medium bristles; "
        "BPA-free nylon; compostable handle; plastic-free paper box\n\nWrite a product "
        "description of two short paragraphs.",
    },
]


def measure(path: Path) -> dict[str, object]:
    """Tokens/s of one GGUF on 2 threads (the second of two greedy runs)."""
    import llama_cpp.llama_cpp as lib
    from llama_cpp import Llama

    defaults, safe = lib.llama_model_default_params, extra_buffers_safe()

    def params() -> Any:  # no AMX weight buffers where they crash (as the app does)
        value = defaults()
        value.use_extra_bufts = safe
        return value

    lib.llama_model_default_params = params
    model = Llama(model_path=str(path), n_threads=2, n_ctx=1024, verbose=False)
    lib.llama_model_default_params = defaults
    out: dict[str, Any] = {}
    for _ in range(2):
        start = time.perf_counter()
        reply: Any = model.create_chat_completion(PROMPT, max_tokens=96, temperature=0.0)
        seconds = time.perf_counter() - start
        tokens = int(reply["usage"]["completion_tokens"])
        out = {
            "tokens_per_s": round(tokens / seconds, 2),
            "seconds": round(seconds, 2),
            "text": reply["choices"][0]["message"]["content"],
        }
    del model
    return out


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gguf", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=default_root())
    args = parser.parse_args()
    digest = hashlib.sha256(args.gguf.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{args.gguf} is not the pinned 1.5B GGUF ({digest[:12]}…)")
    models = Paths(args.data_dir).models
    results: dict[str, dict[str, Any]] = {
        "qwen-coder-0.5b-q8": measure(models / "qwen-coder" / "model-q8_0.gguf")
    }
    if (models / "house" / "model-q8_0.gguf").exists():
        results["house-0.5b-q8"] = measure(models / "house" / "model-q8_0.gguf")
    results["qwen-coder-1.5b-q4_k_m"] = measure(args.gguf)
    base = float(results["qwen-coder-0.5b-q8"]["tokens_per_s"])
    for row in results.values():
        row["ratio_to_0.5b"] = round(float(row["tokens_per_s"]) / base, 2)
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
