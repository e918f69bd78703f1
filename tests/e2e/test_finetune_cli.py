"""``shopscribe finetune`` / ``adapters`` end to end: JSON Lines, kill -9 and resume, copy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.app import open_store
from engine.finetune import checkpoints as ckpt
from engine.history.store import History
from tests.cli import ROOT, shopscribe

DATA = ROOT / "tests" / "data" / "finetune_products.jsonl"
SHOPIFY = ROOT / "tests" / "data" / "shopify_product_template.csv"
FAST = ["--max-length", "128", "--batch-size", "2", "--rank", "4", "--lr", "0.01"]


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_kill_9_mid_run_then_resume_continues_the_step_count(tiny_paths) -> None:
    args = [
        sys.executable,
        "-m",
        "engine.cli",
        "--data-dir",
        str(tiny_paths.root),
        "--device",
        "cpu",
        "finetune",
        "--data",
        str(DATA),
        "--steps",
        "10",
        "--save-every",
        "3",
        "--eval-every",
        "5",
        "--out",
        "shop",
        *FAST,
        "--json",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT
    )
    run_dir = tiny_paths.runs / "shop"
    steps: list[int] = []
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            steps.append(json.loads(line)["step"])
            if ckpt.latest_complete(run_dir) is not None:
                break
        assert proc.poll() is None, "training ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=60)
        proc.stdout.close()
    killed_at = ckpt.latest_complete(run_dir)
    assert killed_at is not None
    saved_step = int(killed_at.name.removeprefix("step-"))
    assert saved_step == 3
    assert not (tiny_paths.adapters / "shop").exists()

    run = shopscribe(
        "--device",
        "cpu",
        "finetune",
        "--data",
        str(DATA),
        "--steps",
        "10",
        "--out",
        "shop",
        "--resume",
        *FAST,
        "--json",
        data_dir=tiny_paths.root,
    )
    assert run.returncode == 0, run.stderr
    records = _lines(run.stdout)
    step_lines = [r for r in records if "loss" in r and "adapter" not in r]
    assert [r["step"] for r in step_lines] == list(range(saved_step + 1, 11))
    final = records[-1]
    assert set(final) >= {"adapter", "eval_ppl_before", "eval_ppl_after"}
    assert final["adapter"] == "shop" and final["steps"] == 10

    listed = shopscribe("adapters", "list", "--json", data_dir=tiny_paths.root)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [
        {**json.loads(listed.stdout)[0], "name": "shop", "base_model": "tiny", "active": False}
    ]
    assert shopscribe("adapters", "use", "shop", data_dir=tiny_paths.root).returncode == 0
    listed = json.loads(shopscribe("adapters", "list", "--json", data_dir=tiny_paths.root).stdout)
    assert listed[0]["active"] is True


def test_copy_with_adapter_records_it(tiny_paths, tmp_path: Path) -> None:
    run = shopscribe(
        "--device",
        "cpu",
        "finetune",
        "--data",
        str(DATA),
        "--steps",
        "2",
        "--out",
        "voice",
        *FAST,
        "--json",
        data_dir=tiny_paths.root,
    )
    assert run.returncode == 0, run.stderr
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"title": "Tide Pool Bowl"}))
    copy = shopscribe(
        "--adapter",
        "voice",
        "copy",
        "--facts",
        str(facts),
        "--max-new-tokens",
        "8",
        "--seed",
        "1",
        "--json",
        data_dir=tiny_paths.root,
    )
    assert copy.returncode == 0, copy.stderr
    assert json.loads(copy.stdout)["adapter"] == "voice"

    store = open_store(tiny_paths)
    try:
        assert History(store).recent(1)[0].adapter == "voice"
    finally:
        store.close()
    missing = shopscribe(
        "--adapter", "nope", "copy", "--facts", str(facts), "--json", data_dir=tiny_paths.root
    )
    assert missing.returncode == 2 and "no adapter named 'nope'" in missing.stderr


def test_bad_input_exit_codes(tiny_paths, tmp_path: Path) -> None:
    run = shopscribe(
        "finetune", "--data", str(tmp_path / "none.jsonl"), "--json", data_dir=tiny_paths.root
    )
    assert run.returncode == 2 and "not found" in run.stderr
    assert "Traceback" not in run.stderr
    run = shopscribe(
        "finetune",
        "--data",
        str(DATA),
        "--resume",
        "--out",
        "fresh",
        "--json",
        data_dir=tiny_paths.root,
    )
    assert run.returncode == 2 and "nothing to resume" in run.stderr


@pytest.mark.slow
def test_real_model_loss_and_heldout_perplexity_go_down(default_paths) -> None:
    """SmolLM2 on the shared Shopify template + our 30 ceramics texts: loss and ppl go down."""
    start = time.perf_counter()
    run = shopscribe(
        "--device",
        "cpu",
        "finetune",
        "--data",
        str(SHOPIFY),
        "--data",
        str(DATA),
        "--out",
        "ceramics",
        "--steps",
        "4",
        "--batch-size",
        "2",
        "--max-length",
        "192",
        "--eval-every",
        "4",
        "--lr",
        "0.003",
        "--json",
        data_dir=default_paths.root,
    )
    assert run.returncode == 0, run.stderr
    records = _lines(run.stdout)
    losses = [r["loss"] for r in records if "adapter" not in r]
    final = records[-1]
    print(f"real run: {time.perf_counter() - start:.0f}s losses={losses} {final}")
    assert final["train_examples"] + final["eval_examples"] == 33
    assert losses[-1] < losses[0]
    assert final["eval_ppl_after"] < final["eval_ppl_before"]
