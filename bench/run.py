"""ShopScribe's benchmark suite: ``python bench/run.py [--quick] [--json]``.

Measures, side by side in one run: decode tokens/s and time to first token of the app's default
CPU path, of plain ``transformers.generate()`` and of llama.cpp at the same bit width, the
memory-bandwidth ceiling measured on the spot, 5 variants against one, event-loop lateness of
the real window while loading/generating/training, time to the first painted window, and LoRA
against full-finetuning training speed. ``--json`` prints the one JSON document of
shared/cli-contract.md ("Benchmarks"); without it, a table. ``SHOPSCRIBE_BENCH_SMOKE=1`` (the
smoke test) skips llama.cpp, the UI probe and training, leaving them null with a note;
``SHOPSCRIBE_BENCH_NO_BUILD=1`` uses a cached llama.cpp build but never starts one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.common import ROOT, default_bench_threads, model_dir, peak_rss_mb

QUICK = {"tokens": 32, "repeats": 2, "var_tokens": 24, "var_repeats": 1, "ui_tokens": 24,
         "ui_steps": 2, "lora_steps": 2, "lora_rounds": 1, "llama_build": False,
         "generate_variants": False}  # fmt: skip
FULL = {"tokens": 128, "repeats": 3, "var_tokens": 64, "var_repeats": 2, "ui_tokens": 64,
        "ui_steps": 6, "lora_steps": 4, "lora_rounds": 2, "llama_build": True,
        "generate_variants": True}  # fmt: skip


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run (< 2 minutes)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--threads", type=int, default=None, help="default: cores - 1")
    parser.add_argument("--model", default="smollm2", help="model name in the data folder")
    parser.add_argument("--model-dir", help="model folder (overrides --model)")
    return parser.parse_args(argv)


def ui_lateness(folder: Path, threads: int, plan: dict[str, Any]) -> dict[str, Any]:
    """Run bench/ui_probe.py in a child process; its JSON result."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ui_probe.py"), str(folder), str(threads),
         str(plan["ui_tokens"]), str(plan["ui_steps"])],
        cwd=ROOT, check=False, capture_output=True, text=True, timeout=900,
        env=dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen")),
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-400:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def llama_section(
    gen: Any, folder: Path, threads: int, plan: dict[str, Any], notes: dict[str, str]
) -> dict[str, Any] | None:
    """llama.cpp figures (q8_0, f16, bf16), or None with a note."""
    from bench.common import PROMPT
    from bench.llama_ref import measure_llama

    prompt_ids = [int(i) for i in gen.encode_chat(PROMPT)[0].tolist()]
    result, reason = measure_llama(
        folder, prompt_ids, threads, plan["tokens"], plan["repeats"], build=plan["llama_build"]
    )
    if result is None:
        notes["llama_cpp"] = str(reason)
        return None
    for kind in ("q8_0", "f16", "bf16"):
        if kind in result:
            text = gen.tokenizer.decode(result[kind].pop("tokens"), skip_special_tokens=True)
            result[kind]["text"] = text[:120]
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    warnings.filterwarnings("ignore")
    plan = QUICK if args.quick else FULL
    smoke = os.environ.get("SHOPSCRIBE_BENCH_SMOKE") == "1"
    if os.environ.get("SHOPSCRIBE_BENCH_NO_BUILD") == "1":
        plan = dict(plan, llama_build=False)
    if smoke:
        plan = dict(plan, tokens=8, repeats=1, var_tokens=8, var_repeats=1)
    threads = args.threads or default_bench_threads()
    folder = model_dir(args.model_dir, args.model)
    notes: dict[str, str] = {}
    details: dict[str, Any] = {"plan": plan, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    started = time.perf_counter()
    section_s: dict[str, float] = {}
    details["section_s"] = section_s
    mark = [started]

    def done(name: str) -> None:
        now = time.perf_counter()
        section_s[name] = round(now - mark[0], 1)
        mark[0] = now

    from bench.bandwidth import limits, read_bandwidth_gbs
    from bench.decode import load_generator, load_llama, measure_decode, measure_variants

    gen, load_s = load_generator(folder, threads)
    details["load_s"] = round(load_s, 2)
    llama_gen, why = load_llama(folder, threads)
    details["app_decoder"] = why
    if llama_gen is None:
        notes["decoder"] = f"the app decodes with torch here: {why}"
    done("load")
    dec = measure_decode(gen, plan["tokens"], plan["repeats"])
    details["decode"] = dec
    done("decode")
    details["variants"] = measure_variants(
        gen, plan["var_tokens"], plan["var_repeats"], with_generate=plan["generate_variants"]
    )
    if not plan["generate_variants"]:
        notes["variants_generate"] = "generate()'s 5 variants are measured in the full run only"
    done("variants")
    gbs = read_bandwidth_gbs(threads)
    lim = limits(gbs, dec["weight_bytes"])
    details["bandwidth_gbs"] = round(gbs, 1)
    details["limits_tok_s"] = lim
    int8 = dec["precision"] == "int8"

    llama = None if smoke else llama_section(gen, folder, threads, plan, notes)
    if smoke:
        notes["llama_cpp"] = "skipped (SHOPSCRIBE_BENCH_SMOKE=1)"
    details["llama_cpp"] = llama
    done("llama_cpp")
    ref = None
    if llama:
        ref = llama.get("q8_0") if int8 else (llama.get("bf16") or llama.get("f16"))
        details["llama_ttft_ms"] = ref["ttft_ms"] if ref else None

    ui: dict[str, Any] = {"generate": None, "train": None}
    if smoke:
        notes["ui_lateness_ms"] = "skipped (SHOPSCRIBE_BENCH_SMOKE=1)"
    else:
        try:
            probe = ui_lateness(folder, threads, plan)
            ui = probe["lateness_ms"]
            details["ui_probe"] = {k: v for k, v in probe.items() if k != "lateness_ms"}
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
            notes["ui_lateness_ms"] = f"UI probe failed: {exc}"
    done("ui_probe")

    from bench.window import window_shown_s

    shown = window_shown_s(1 if smoke else 2 if args.quick else 3)
    details["window"] = shown
    done("window")

    lora: dict[str, Any] = {"shopscribe": None, "baseline": None}
    if smoke:
        notes["lora_tok_s"] = "skipped (SHOPSCRIBE_BENCH_SMOKE=1)"
    else:
        from bench.lora import measure_lora

        lora = measure_lora(gen.model, plan["lora_steps"], rounds=plan["lora_rounds"])
    done("lora")

    var = details["variants"]["shopscribe"]
    doc = {
        "decode_tok_s": {
            "shopscribe": dec["tok_s"]["shopscribe"],
            "generate": dec["tok_s"]["generate"],
            "llama_cpp": ref["tok_s"] if ref else None,
            "limit": lim["int8"] if int8 else lim["bf16"],
        },
        "ttft_ms": dec["ttft_ms"]["shopscribe"],
        "variants_speedup": round(5 * var["one_s"] / var["5_s"], 2),
        "ui_lateness_ms": ui,
        "window_shown_s": shown.get("from_process_start"),
        "lora_tok_s": lora,
        "model": gen.name,
        "dtype": f"{dec['decoder']} decode ({gen.choice.dtype_name} reference model)",
        "threads": threads,
        "peak_rss_mb": peak_rss_mb(),
        "seconds": round(time.perf_counter() - started, 1),
        "notes": notes,
        "details": details,
    }
    notes.setdefault(
        "variants_speedup",
        "5 × (wall of 1 variant) ÷ (wall of 5 batched); ≥ 3.125 means 5 take ≤ 1.6× one",
    )
    if llama:
        notes.setdefault("llama_cpp_bit_width", "q8_0 against the int8 path, bf16/f16 against bf16")
    if args.json:
        print(json.dumps(doc, ensure_ascii=False))
    else:
        from bench.report import render

        print(render(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
