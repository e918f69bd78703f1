"""One finetuning run end to end: data → LoRA training → the adapter saved with its manifest.

Shared by the ``finetune`` job (window) and ``shopscribe finetune`` (command line).
"""

from __future__ import annotations

import json
import math
import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.core.files import atomic_write_text
from engine.finetune import checkpoints as ckpt
from engine.finetune.config import TrainConfig
from engine.finetune.dataset import Dataset, build_dataset
from engine.finetune.session import Session
from engine.finetune.trainer import EventFn, Trainer, _no_event
from engine.finetune.voice import voice_lines
from engine.models.adapters import check_name, install_adapter, manifest_for, write_voice_lines
from engine.runtime.engine import Engine


def default_run_name(data: str | list[str] | None, favourites: bool = False) -> str:
    """A run / adapter name from the data file's name (so ``--resume`` finds it again)."""
    first = data[0] if isinstance(data, list) and data else data
    stem = Path(first).stem if isinstance(first, str) and first else "favourites"
    if data and favourites:
        stem += "-favourites"
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "adapter"
    return slug[:64]


def _ppl(loss: float | None) -> float | None:
    if loss is None or not math.isfinite(loss):
        return None
    return round(math.exp(min(loss, 50.0)), 4)


def worse_advice(examples: int, steps: int) -> str:
    """What to say when no checkpoint beat the base model on the held-out texts."""
    fix = (
        "add more of your own texts (a few dozen at least)"
        if examples < 40
        else "train for fewer steps or with a lower learning rate"
    )
    return (
        f"After {steps} steps the adapter writes your held-out texts worse than the base model "
        f"does, so the base model stays active. To improve it, {fix}."
    )


def resume_config(run_dir: Path, config: TrainConfig) -> TrainConfig:
    """The saved run's settings (a new step limit, if given, wins)."""
    latest = ckpt.latest_complete(run_dir)
    if latest is None:
        return config
    saved = json.loads((latest / ckpt.STATE).read_text(encoding="utf-8")).get("config", {})
    if config.max_steps:
        saved["max_steps"] = config.max_steps
    return TrainConfig.from_dict(saved)


def load_dataset(engine: Engine, data: str | list[str] | None, favourites: bool) -> Dataset:
    """The owner's data, cleaned and split (see :func:`engine.finetune.dataset.build_dataset`)."""
    style = engine.prompt_style()  # train on the prompt the app will write with
    return build_dataset(path=data, store=engine.store, favourites=favourites, prompt_style=style)


def export_dataset(dataset: Dataset, out: Path) -> int:
    """Write the cleaned pairs (train and held-out) as chat ``messages`` JSON Lines.

    What a GPU box trains on with ``shopscribe finetune --data FILE``: the pairs come back
    unchanged, so the box makes the same train / held-out split. Returns the pairs written.
    """
    pairs = [*dataset.train, *dataset.eval]
    lines = [
        json.dumps(
            {"messages": [*e.prompt, {"role": "assistant", "content": e.completion}]},
            ensure_ascii=False,
        )
        for e in pairs
    ]
    atomic_write_text(out, "\n".join(lines) + "\n")
    return len(pairs)


def open_session(engine: Engine, dataset: Dataset, config: TrainConfig) -> Session:
    """Load the active model for training with LoRA on the preferred device."""
    info = engine.model_info()
    return Session(info.path, config, dataset.train, dataset.eval, engine.device_preference)


def run_finetune(
    engine: Engine,
    *,
    data: str | list[str] | None = None,
    favourites: bool = False,
    name: str | None = None,
    config: TrainConfig | None = None,
    resume: bool = False,
    on_event: EventFn = _no_event,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Train a LoRA adapter on the owner's texts and save it as ``adapters/<name>``.

    Returns:
        ``{"adapter", "eval_ppl_before", "eval_ppl_after", "status", "steps", ...}``.

    Raises:
        UserError: for bad data or settings, or when a NaN came before any good checkpoint.
        Cancelled: when ``stop`` was set (a checkpoint to resume from is kept).

    """
    config = config or TrainConfig()
    run_name = check_name(name or default_run_name(data, favourites))
    run_dir = engine.paths.runs / run_name
    if resume:
        config = resume_config(run_dir, config)
    dataset = load_dataset(engine, data, favourites)
    for warning in dataset.warnings:
        on_event({"kind": "warning", "text": warning})
    model = engine.model_info()
    session = open_session(engine, dataset, config)
    trainer = Trainer(session, run_dir, on_event=on_event, stop=stop)
    outcome = trainer.run(resume)
    source = outcome.best_dir or ckpt.latest_complete(run_dir)
    after = outcome.eval_loss_after
    if source is None:
        raise UserError(
            f"training stopped at step {outcome.steps + 1}: the loss became NaN before any good "
            "checkpoint, so no adapter was saved; try a lower learning rate"
        )
    if after is None:  # NaN before the first evaluation: judge the last checkpoint's weights
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        set_peft_model_state_dict(session.peft_model, load_file(str(source / ckpt.ADAPTER_WEIGHTS)))
        after = session.evaluate()
    worse = outcome.best_step == 0 and outcome.status != "nan"
    result: dict[str, Any] = {
        "adapter": run_name,
        "worse_than_base": worse,
        "advice": worse_advice(len(dataset.train), outcome.steps) if worse else "",
        "eval_ppl_before": _ppl(outcome.eval_loss_before),
        "eval_ppl_after": _ppl(after),
        "status": outcome.status,
        "steps": outcome.steps,
        "total_steps": outcome.total_steps,
        "best_step": outcome.best_step,
        "train_examples": len(dataset.train),
        "eval_examples": len(dataset.eval),
        "tokens_per_s": round(outcome.tokens_per_s, 1),
        "seconds": round(outcome.seconds, 1),
        "base_model": model.name,
        "device": str(session.device),
        "history": outcome.history,
    }
    if session.is_main:
        manifest = manifest_for(
            run_name,
            model.name,
            str(session.tokenizer.chat_template or ""),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            steps=outcome.best_step or outcome.steps,
            eval_ppl_before=result["eval_ppl_before"],
            eval_ppl_after=result["eval_ppl_after"],
            data=dataset.source,
            config=config.to_dict(),
            worse_than_base=worse,
        )
        installed = install_adapter(engine.paths, run_name, source, manifest)
        lines = voice_lines([e.completion for e in dataset.train])
        write_voice_lines(installed.path, lines)
        result["voice_lines"] = lines
        summary = {k: v for k, v in result.items() if k != "history"}
        atomic_write_text(run_dir / "result.json", json.dumps(summary, indent=1))
    session.close()  # several processes: all wait for the adapter, then leave the group
    return result
