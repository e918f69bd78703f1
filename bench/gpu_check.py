"""The GPU road, checked on a CUDA machine: ``python bench/gpu_check.py OUT.json``.

Model weights cannot travel to a lent GPU box, so this builds a model of SmolLM2-135M's exact
shape with seeded random weights (its config and tokenizer files are copied beforehand from the
prepared pack into the git-ignored ``bench/gpu_model/``, which is carried to the box), then
goes through the app's own code:
``Engine.generator()`` with device ``auto`` (device choice, memory plan, the decoder choice that
must give torch on a GPU), greedy decoding with the app's loop against ``generate()`` token for
token, decode tokens/s of both, 5 variants against one, a real LoRA finetune on
tests/data/finetune_products.jsonl, and the trained adapter hot-swapped onto the loaded model.
Prints and writes one JSON document; every section records its own error instead of stopping.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import stream  # noqa: E402

PROMPT = [{"role": "user", "content": "Write a product description for a blue ceramic mug."}]
STEPS = int(os.environ.get("GPU_CHECK_STEPS", "20"))
FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
         "generation_config.json")  # fmt: skip


def build_model(source: Path, target: Path) -> None:
    """A SmolLM2-shaped model with seeded random weights, saved as the app's folders are."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from engine.models.registry import ModelInfo, write_manifest

    target.mkdir(parents=True)
    for name in FILES:
        if (source / name).exists():
            shutil.copy2(source / name, target / name)
    torch.manual_seed(0)
    config = AutoConfig.from_pretrained(str(target))
    model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    model.save_pretrained(str(target), safe_serialization=True)
    write_manifest(ModelInfo(name=target.name, path=target, display="SmolLM2-shaped (random)",
                             params=sum(p.numel() for p in model.parameters())))  # fmt: skip


def section(out: dict[str, Any], name: str, fn: Any) -> None:
    start = time.perf_counter()
    try:
        out[name] = fn()
    except Exception as exc:  # a report, not a test run: keep going
        out[name] = {"error": f"{exc.__class__.__name__}: {exc}", "trace": traceback.format_exc()}
    out.setdefault("section_s", {})[name] = round(time.perf_counter() - start, 1)
    print(name, json.dumps(out[name])[:600], flush=True)


def main() -> int:
    import torch

    from engine.core.paths import resolve_paths
    from engine.finetune.config import preset
    from engine.finetune.runner import run_finetune
    from engine.runtime.engine import Engine

    out_file = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("gpu_check.json")
    source = ROOT / "bench" / "gpu_model"
    out: dict[str, Any] = {
        "torch": torch.__version__,
        "cuda": torch.cuda.is_available(),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    }
    data = Path(tempfile.mkdtemp(prefix="shopscribe-gpu-"))
    paths = resolve_paths(data).ensure()
    build_model(source, paths.models / "smol")
    engine = Engine(paths, model="smol")
    state: dict[str, Any] = {}

    def load() -> dict[str, Any]:
        start = time.perf_counter()
        gen = engine.generator()
        state["gen"] = gen
        return {"seconds": round(time.perf_counter() - start, 2), "device": gen.choice.device,
                "dtype": gen.choice.dtype_name, "decoder": getattr(gen, "backend", "torch"),
                "why": engine.decoder_reason, "precision": gen.decode_precision()}  # fmt: skip

    def greedy() -> dict[str, Any]:
        gen = state["gen"]
        rows = {}
        try:
            _both_paths(gen, rows)
        finally:
            gen.decoder = "fast"
        same = rows["fast"].pop("ids") == rows["generate"].pop("ids")
        return {"paths": rows, "fast_equals_generate": same}

    def stop_and_settings() -> dict[str, Any]:
        import threading

        gen = state["gen"]
        out = {}
        try:
            for path in ("fast", "generate"):
                gen.decoder = path
                stop = threading.Event()
                seen = [0]

                def on_text(row: int, text: str, stop: Any = stop, seen: Any = seen) -> None:
                    seen[0] += 1
                    if seen[0] >= 3:
                        stop.set()

                result = stream(gen, PROMPT, variants=2, max_new_tokens=200, seed=1,
                                    repetition_penalty=1.1, banned_words=["mug"],
                                    on_text=on_text, stop=stop)  # fmt: skip
                out[path] = {"stopped": result.stopped, "new_tokens": result.new_tokens}
        finally:
            gen.decoder = "fast"
        return out

    def _both_paths(gen: Any, rows: dict[str, Any]) -> None:
        for path in ("fast", "generate"):
            gen.decoder = path
            stream(gen, PROMPT, max_new_tokens=8, temperature=0)  # warm-up
            best = None
            for _ in range(3):
                result = stream(gen, PROMPT, max_new_tokens=128, temperature=0)
                if best is None or result.tokens_per_s > best.tokens_per_s:
                    best = result
            assert best is not None
            ids = gen.tokenizer.encode(best.texts[0], add_special_tokens=False)
            rows[path] = {"tok_s": round(best.tokens_per_s, 1), "tokens": best.new_tokens,
                          "ttft_ms": round(best.first_token_s * 1000, 1), "ids": ids}  # fmt: skip

    def variants() -> dict[str, Any]:
        gen = state["gen"]
        # As the Copy tab writes: sampling, repetition penalty, a banned word.
        app = {"max_new_tokens": 64, "repetition_penalty": 1.1, "banned_words": ["mug"]}
        one = min(stream(gen, PROMPT, variants=1, seed=s, **app).seconds for s in range(3))
        five = [stream(gen, PROMPT, variants=5, seed=s, **app) for s in range(3)]
        best = min(r.seconds for r in five)
        seen = any("mug" in t.lower() for r in five for t in r.texts)
        return {"one_s": round(one, 3), "five_s": round(best, 3), "ratio": round(best / one, 2),
                "distinct": len(set(five[0].texts)), "banned_word_seen": seen}  # fmt: skip

    def finetune() -> dict[str, Any]:
        events: list[dict[str, Any]] = []
        result = run_finetune(
            engine, data=str(ROOT / "tests" / "data" / "finetune_products.jsonl"), name="gpu",
            config=preset("quick", max_steps=STEPS, eval_every=10, batch_size=4, max_length=256),
            on_event=events.append,
        )  # fmt: skip
        result.pop("history", None)
        result["losses"] = [round(e["loss"], 3) for e in events if e.get("kind") == "step"]
        return result

    def adapter() -> dict[str, Any]:
        from engine.models.adapters import current_adapter, set_active_adapter

        set_active_adapter(paths, engine.store, "gpu")
        gen = engine.generator()
        text = stream(gen, PROMPT, max_new_tokens=24, temperature=0).texts[0]
        return {"active": current_adapter(gen), "same_object": gen is state["gen"],
                "text": text[:120], "device": str(next(gen.model.parameters()).device)}  # fmt: skip

    for name, fn in (("load", load), ("greedy", greedy), ("stop", stop_and_settings),
                     ("variants", variants),
                     ("finetune", finetune), ("adapter", adapter)):  # fmt: skip
        section(out, name, fn)
        if name == "load" and "error" in out["load"]:
            break
    out["peak_gpu_mb"] = (
        round(torch.cuda.max_memory_allocated() / 2**20, 1) if torch.cuda.is_available() else None
    )
    engine.close()
    shutil.rmtree(data, ignore_errors=True)
    out_file.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
