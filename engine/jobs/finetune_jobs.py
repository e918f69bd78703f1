"""Jobs of the Finetune tab: preview, pre-flight, training, before/after comparison.

Training progress goes through ``ctx.on_progress(step, total, info)`` where ``info`` is a
short human line, a TAB, then the event as JSON (the panel draws its chart from the JSON; the
status bar shows the text before the TAB).
"""

from __future__ import annotations

import json
import math
from typing import Any

from engine.finetune.compare import compare_adapter
from engine.finetune.config import TrainConfig, preset
from engine.finetune.runner import load_dataset, open_session, run_finetune
from engine.finetune.tokens import preview
from engine.jobs.registry import JobContext, job
from engine.runtime.engine import Engine


def config_from_params(params: dict[str, Any]) -> TrainConfig:
    """The preset named in ``params`` with the advanced overrides under ``params["advanced"]``."""
    return preset(str(params.get("preset") or "quick"), **dict(params.get("advanced") or {}))


def event_line(event: dict[str, Any]) -> str:
    """The one-line human summary of a training event."""
    kind = event.get("kind")
    if kind == "step":
        text = f"training step {event['step']}/{event['total']} · loss {event['loss']:.3f}"
        if "eval_loss" in event:
            text += f" · eval {event['eval_loss']:.3f}"
        return text
    if kind == "eval":
        return f"held-out loss {event['eval_loss']:.3f}"
    if kind == "nan":
        return f"loss became NaN at step {event['step']}: stopping"
    if kind == "resume":
        return f"resuming at step {event['step']}"
    return str(event.get("text") or kind)


def _json_safe(event: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in event.items()
    }


@job("finetune_preview", isolated=True)
def preview_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Counts, token lengths, rendered examples and warnings for the chosen data."""
    from transformers import AutoTokenizer

    from engine.decoding.hf import offline_quiet

    offline_quiet()
    config = config_from_params(params)
    dataset = load_dataset(engine, params.get("data") or None, bool(params.get("favourites")))
    tokenizer = AutoTokenizer.from_pretrained(str(engine.model_info().path))
    return preview(dataset, tokenizer, config.max_length)


@job("finetune_preflight", isolated=True)
def preflight_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Measure a few steps and estimate time per epoch and peak memory."""
    config = config_from_params(params)
    dataset = load_dataset(engine, params.get("data") or None, bool(params.get("favourites")))
    ctx.on_progress(0, 1, "measuring a few training steps")
    return open_session(engine, dataset, config).preflight()


@job("finetune", isolated=True)
def finetune_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Train (or resume) a LoRA adapter; progress events carry JSON after a TAB."""

    def on_event(event: dict[str, Any]) -> None:
        step = int(event.get("step") or 0)
        total = int(event.get("total") or 0)
        ctx.on_progress(step, total, event_line(event) + "\t" + json.dumps(_json_safe(event)))

    return run_finetune(
        engine,
        data=params.get("data") or None,
        favourites=bool(params.get("favourites")),
        name=params.get("name") or None,
        config=config_from_params(params),
        resume=bool(params.get("resume")),
        on_event=on_event,
        stop=ctx.stop,
    )


@job("finetune_compare", isolated=True)
def compare_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """The same held-out products written by the base model and by the adapter, side by side."""
    dataset = load_dataset(engine, params.get("data") or None, bool(params.get("favourites")))
    return compare_adapter(
        engine,
        str(params["adapter"]),
        dataset,
        count=int(params.get("count") or 2),
        max_new_tokens=int(params.get("max_new_tokens") or 120),
        seed=int(params.get("seed") or 7),
        on_progress=ctx.on_progress,
        stop=ctx.stop,
    )
