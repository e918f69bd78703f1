"""LoRA training on the tiny model: loss down, cancel within a step, NaN keeps the last good."""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path
from typing import Any

import pytest

from engine.app import open_engine
from engine.core.errors import Cancelled, UserError
from engine.core.paths import Paths
from engine.finetune import checkpoints as ckpt
from engine.finetune.config import preset
from engine.finetune.runner import run_finetune
from engine.finetune.trainer import NAN_HOOK
from engine.models.adapters import find_adapter
from tests.conftest import DATA as DATA_DIR

DATA = DATA_DIR / "finetune_products.jsonl"
FAST = {"max_length": 128, "batch_size": 2, "rank": 4, "alpha": 8, "lr": 1e-2, "warmup_steps": 1}


def _run(paths: Paths, steps: int, **kwargs: Any) -> dict[str, Any]:
    events: list[dict[str, Any]] = kwargs.pop("events", [])
    stop = kwargs.pop("stop", None)
    settings = {**FAST, "max_steps": steps, **kwargs}
    engine = open_engine(paths, device="cpu")
    try:
        return run_finetune(
            engine,
            data=str(DATA),
            name=settings.pop("name", "shop"),
            config=preset("quick", **settings),
            on_event=events.append,
            stop=stop,
        )
    finally:
        engine.close()


def test_training_lowers_loss_and_saves_a_peft_adapter(tiny_paths: Paths) -> None:
    events: list[dict[str, Any]] = []
    result = _run(tiny_paths, 8, eval_every=4, save_every=4, events=events)
    losses = [e["loss"] for e in events if e["kind"] == "step"]
    assert len(losses) == 8
    assert sum(losses[-2:]) / 2 < losses[0]
    assert result["eval_ppl_after"] < result["eval_ppl_before"]
    assert result["status"] == "done" and result["steps"] == 8
    info = find_adapter(tiny_paths, "shop")
    assert (info.path / "adapter_config.json").is_file()
    assert (info.path / "adapter_model.safetensors").is_file()
    assert info.base_model == "tiny"
    assert "<|im_start|>" in info.chat_template
    config = json.loads((info.path / "adapter_config.json").read_text())
    assert config["r"] == 4 and set(config["target_modules"]) == {
        "q_proj",
        "k_proj",
        "v_proj",
        "o_proj",
    }
    assert ckpt.latest_complete(tiny_paths.runs / "shop") is not None


def test_cancel_stops_within_one_step_and_keeps_a_checkpoint(tiny_paths: Paths) -> None:
    stop = threading.Event()
    seen: list[int] = []

    def on_event(event: dict[str, Any]) -> None:
        if event["kind"] == "step":
            seen.append(event["step"])
            if event["step"] == 2:
                stop.set()

    with pytest.raises(Cancelled):
        engine = open_engine(tiny_paths, device="cpu")
        try:
            run_finetune(
                engine,
                data=str(DATA),
                name="shop",
                config=preset("quick", **{**FAST, "max_steps": 20, "save_every": 50}),
                on_event=on_event,
                stop=stop,
            )
        finally:
            engine.close()
    assert seen == [1, 2]
    latest = ckpt.latest_complete(tiny_paths.runs / "shop")
    assert latest is not None and latest.name == "step-0000002"


def test_nan_stops_and_keeps_the_last_good_adapter(
    tiny_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NAN_HOOK, "5")
    events: list[dict[str, Any]] = []
    result = _run(tiny_paths, 10, eval_every=2, save_every=2, events=events)
    assert result["status"] == "nan"
    assert [e["step"] for e in events if e["kind"] == "step"] == [1, 2, 3, 4]
    best = tiny_paths.runs / "shop" / "best" / "adapter_model.safetensors"
    saved = find_adapter(tiny_paths, "shop").path / "adapter_model.safetensors"
    assert saved.read_bytes() == best.read_bytes()
    assert result["eval_ppl_after"] is not None and math.isfinite(result["eval_ppl_after"])

    # A NaN before any good checkpoint: nothing new is saved and the old adapter stays whole.
    monkeypatch.setenv(NAN_HOOK, "1")
    before = saved.read_bytes()
    with pytest.raises(UserError, match="NaN"):
        _run(tiny_paths, 4)
    assert saved.read_bytes() == before
    assert find_adapter(tiny_paths, "shop").steps == 4


def test_resume_continues_the_step_count(tiny_paths: Paths) -> None:
    stop = threading.Event()

    def on_event(event: dict[str, Any]) -> None:
        if event["kind"] == "step" and event["step"] == 3:
            stop.set()

    with pytest.raises(Cancelled):
        _cancel_at(tiny_paths, on_event, stop)
    engine = open_engine(tiny_paths, device="cpu")
    events: list[dict[str, Any]] = []
    try:
        result = run_finetune(
            engine,
            data=str(DATA),
            name="shop",
            config=preset("quick", **FAST, max_steps=6),
            resume=True,
            on_event=events.append,
        )
    finally:
        engine.close()
    assert events[0] == {"kind": "resume", "step": 3}
    assert [e["step"] for e in events if e["kind"] == "step"] == [4, 5, 6]
    assert result["steps"] == 6


def _cancel_at(paths: Paths, on_event: Any, stop: threading.Event) -> None:
    engine = open_engine(paths, device="cpu")
    try:
        run_finetune(
            engine,
            data=str(DATA),
            name="shop",
            config=preset("quick", **FAST, max_steps=6),
            on_event=on_event,
            stop=stop,
        )
    finally:
        engine.close()


def test_preflight_estimates(tiny_paths: Paths) -> None:
    from engine.finetune.runner import load_dataset, open_session

    engine = open_engine(tiny_paths, device="cpu")
    try:
        dataset = load_dataset(engine, str(DATA), False)
        session = open_session(engine, dataset, preset("quick", **FAST))
        first = [p.detach().clone() for p in session.peft_model.parameters() if p.requires_grad]
        info = session.preflight(steps=2)
        after = [p for p in session.peft_model.parameters() if p.requires_grad]
    finally:
        engine.close()
    assert info["step_s"] > 0 and info["steps_per_epoch"] == 13
    assert info["epoch_s"] == pytest.approx(info["step_s"] * 13, rel=0.01)
    assert info["peak_ram_gb"] > 0 and info["fits"] is True
    assert all((a == b).all() for a, b in zip(first, after, strict=True))


def test_optimizer_state_round_trips_without_pickle(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    layer = torch.nn.Linear(4, 3)
    opt = torch.optim.AdamW(layer.parameters(), lr=0.01)
    for _ in range(3):
        layer(torch.randn(2, 4)).sum().backward()
        opt.step()
        opt.zero_grad()
    tensors, meta = ckpt.optimizer_tensors(opt)
    save_file(tensors, str(tmp_path / "opt.safetensors"))
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    fresh = torch.optim.AdamW(layer.parameters(), lr=0.5)
    ckpt.restore_optimizer(
        fresh,
        load_file(str(tmp_path / "opt.safetensors")),
        json.loads((tmp_path / "meta.json").read_text()),
    )
    a, b = opt.state_dict(), fresh.state_dict()
    assert b["param_groups"][0]["lr"] == 0.01
    for index, entry in a["state"].items():
        for key, value in entry.items():
            assert torch.equal(value, b["state"][index][key])


def test_half_written_checkpoint_is_ignored(tmp_path: Path) -> None:
    run = tmp_path / "run"
    (run / "checkpoints" / "step-0000004").mkdir(parents=True)
    (run / "checkpoints" / "step-0000002").mkdir()
    (run / "checkpoints" / "step-0000002" / ckpt.COMPLETE).write_text("2")
    (run / "checkpoints" / ".tmp-step-0000006").mkdir()
    latest = ckpt.latest_complete(run)
    assert latest is not None and latest.name == "step-0000002"


def test_an_adapter_that_does_not_beat_the_base_is_kept_but_not_used(tiny_paths: Paths) -> None:
    # A learning rate this small leaves the adapter at the base model's loss: no checkpoint
    # beats step 0, so the run says so and activating it needs an explicit force.
    from engine.models.adapters import active_adapter_name, set_active_adapter
    from engine.store.connection import Store

    result = _run(tiny_paths, 4, eval_every=2, save_every=2, lr=1e-9, name="flat")
    assert result["worse_than_base"] is True
    assert result["best_step"] == 0
    assert "base model stays active" in result["advice"]
    info = find_adapter(tiny_paths, "flat")
    assert info.worse_than_base
    store = Store(tiny_paths.db)
    try:
        with pytest.raises(UserError, match="worse than the base model"):
            set_active_adapter(tiny_paths, store, "flat")
        assert active_adapter_name(tiny_paths, store) is None
        set_active_adapter(tiny_paths, store, "flat", force=True)
        assert active_adapter_name(tiny_paths, store) == "flat"
    finally:
        store.close()


def test_a_run_that_beats_the_base_is_not_marked_worse(tiny_paths: Paths) -> None:
    result = _run(tiny_paths, 6, eval_every=3, save_every=3, name="good")
    assert result["worse_than_base"] is False and result["advice"] == ""
    assert result["best_step"] in (3, 6)
    assert not find_adapter(tiny_paths, "good").worse_than_base
