"""Smoke test of the benchmark suite: ``bench/run.py --quick --json`` runs and has every key."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_quick_json_has_the_contract_keys(tiny_model_dir):
    # The tiny model keeps this fast; llama.cpp, the UI probe and training are skipped here
    # (SHOPSCRIBE_BENCH_SMOKE) and come back null with a note, as the contract says.
    env = dict(os.environ, SHOPSCRIBE_BENCH_SMOKE="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--json", "--model-dir", str(tiny_model_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads(done.stdout)
    assert set(doc["decode_tok_s"]) == {"shopscribe", "generate", "llama_cpp", "limit"}
    assert doc["decode_tok_s"]["shopscribe"] > 0 and doc["decode_tok_s"]["limit"] > 0
    assert set(doc["ui_lateness_ms"]) >= {"generate", "train"}
    assert set(doc["lora_tok_s"]) >= {"shopscribe", "baseline"}
    for key in ("ttft_ms", "variants_speedup", "window_shown_s", "model", "dtype", "threads"):
        assert key in doc
    assert doc["window_shown_s"] > 0 and doc["ttft_ms"] > 0
    for key in ("llama_cpp", "ui_lateness_ms", "lora_tok_s"):
        assert key in doc["notes"]
