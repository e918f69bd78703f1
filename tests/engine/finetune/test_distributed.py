"""``shopscribe finetune`` under ``accelerate launch`` with 2 CPU processes (gloo): no pair seen
twice, a NaN in one process stops both at the same step, files written once, and the adapter
laid out exactly as a single-process run lays it out."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from engine.core.paths import Paths
from engine.finetune.distributed import TRACE_ENV, Collective, shard
from engine.finetune.trainer import NAN_HOOK
from tests.cli import ROOT, cli
from tests.engine.finetune.test_train import DATA, _run

ACCELERATE = Path(sys.executable).with_name("accelerate")
TRAIN_PAIRS = 26  # finetune_products.jsonl after cleaning and the held-out split
FLAGS = ["--batch-size", "2", "--max-length", "128", "--rank", "4", "--alpha", "8",
         "--lr", "1e-2", "--eval-every", "2", "--save-every", "2"]  # fmt: skip


@pytest.mark.parametrize(
    ("count", "batch", "world"), [(26, 2, 2), (25, 3, 2), (7, 2, 3), (5, 4, 4)]
)
def test_shards_cover_an_epoch_once_and_stand_ins_count_nothing(
    count: int, batch: int, world: int
) -> None:
    order = list(range(count))[::-1]
    batches = -(-count // (batch * world))
    seen: Counter[int] = Counter()
    for index in range(batches):
        for rank in range(world):
            mine, counts = shard(order, index, batch, rank, world)
            assert mine and len(mine) <= batch
            if counts:
                seen.update(mine)
            else:
                assert mine == [order[index * batch * world]]
    assert seen == Counter(range(count))


def test_one_process_collectives_are_the_identity() -> None:
    group = Collective(None)
    assert (group.world, group.rank, group.many) == (1, 0, False)
    assert group.sum([1.5, 2.0]) == [1.5, 2.0] and group.any(True) and not group.any(False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tensor_layout(folder: Path) -> dict[str, Any]:
    from safetensors import safe_open

    with safe_open(str(folder / "adapter_model.safetensors"), "pt") as weights:
        return {k: tuple(weights.get_slice(k).get_shape()) for k in weights.keys()}  # noqa: SIM118


@pytest.mark.skipif(not ACCELERATE.exists(), reason="accelerate's launcher is not installed")
@pytest.mark.enable_socket  # gloo's rendezvous runs on 127.0.0.1 in the child processes
def test_two_cpu_processes_train_without_duplicates_or_hangs(
    tiny_paths: Paths, tmp_path: Path
) -> None:
    trace = tmp_path / "trace"
    trace.mkdir()
    # the README's path: export the dataset here, train on the box, import the adapter back
    dataset = tmp_path / "dataset.jsonl"
    exported = cli("finetune", "--data", str(DATA), "--export-data", str(dataset), "--json",
                   data_dir=tiny_paths.root)  # fmt: skip
    assert exported.code == 0 and exported.json()["train"] == TRAIN_PAIRS, exported.err
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        TRACE_ENV: str(trace),
        NAN_HOOK: "8@1",  # only process 1 sees a NaN, at step 8: both must stop there
        "OMP_NUM_THREADS": "1",
    }
    env.pop("SHOPSCRIBE_DATA_DIR", None)
    command = [
        str(ACCELERATE), "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
        "--mixed_precision", "no", "--dynamo_backend", "no",
        "--main_process_ip", "127.0.0.1", "--main_process_port", str(_free_port()),
        "-m", "engine.cli", "--data-dir", str(tiny_paths.root), "--device", "cpu",
        "finetune", "--data", str(dataset), "--steps", "10", "--out", "shop", "--json", *FLAGS,
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    # the NaN is reported as bad input (exit 2), which the launcher passes on as a failure
    assert done.returncode in (1, 2) and "the loss became NaN" in done.stderr, done.stderr[-3000:]
    # the main process alone prints: steps 1..7 once each, then the result
    assert [x["step"] for x in lines[:-1]] == list(range(1, 8))
    assert lines[-1]["status"] == "nan" and lines[-1]["steps"] == 7
    records = [json.loads(x) for f in sorted(trace.iterdir()) for x in f.read_text().splitlines()]
    assert {r["world"] for r in records} == {2} and {r["rank"] for r in records} == {0, 1}
    # both processes stopped at step 8 (the NaN), neither went on to step 9
    for rank in (0, 1):
        assert [r["step"] for r in records if r["rank"] == rank] == list(range(1, 9))
    # the first epoch (7 global batches of 2 × 2 pairs) saw every pair exactly once
    epoch = Counter(i for r in records if r["step"] <= 7 and r["counts"] for i in r["indices"])
    assert epoch == Counter(range(TRAIN_PAIRS))
    for step in range(1, 8):
        a, b = ({*r["indices"]} for r in records if r["step"] == step)
        assert not a & b
    # checkpoints and the adapter were written once, in the single-process layout
    multi = tiny_paths.adapters / "shop"
    result = _run(tiny_paths, 2, name="single", eval_every=2, save_every=2)
    single = tiny_paths.adapters / "single"
    assert result["status"] == "done"
    assert sorted(p.name for p in multi.iterdir()) == sorted(p.name for p in single.iterdir())
    assert _tensor_layout(multi) == _tensor_layout(single)
    config, alone = (json.loads((d / "adapter_config.json").read_text()) for d in (multi, single))
    assert set(config.pop("target_modules")) == set(alone.pop("target_modules"))  # a set in peft
    assert config == alone
    run_dir = tiny_paths.runs / "shop" / "checkpoints"
    assert sorted(p.name for p in run_dir.iterdir()) == ["step-0000004", "step-0000006"]
    archive = tmp_path / "shop.zip"
    assert cli("adapters", "export", "shop", str(archive), data_dir=tiny_paths.root).code == 0
    laptop = Paths(tmp_path / "laptop").ensure()
    imported = cli("adapters", "import", str(archive), "--json", data_dir=laptop.root)
    assert imported.code == 0 and imported.json()["base_model"] == "tiny", imported.err
