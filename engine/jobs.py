"""Named background jobs: the one way the GUI worker (and the CLI) asks the engine for work.

A job is ``fn(engine, params, ctx) -> result``; it reports through ``ctx`` and checks
``ctx.stop`` often. New tabs add jobs here (or register their own) without touching the worker.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.errors import UserError
from engine.service import Engine


def _ignore_text(variant: int, text: str) -> None:
    """Default text sink."""


def _ignore_progress(step: int, total: int, info: str) -> None:
    """Default progress sink."""


@dataclass
class JobContext:
    """How a running job talks back: streamed text, progress, and the stop flag."""

    on_text: Callable[[int, str], None] = _ignore_text
    on_progress: Callable[[int, int, str], None] = _ignore_progress
    stop: threading.Event = field(default_factory=threading.Event)


JobFn = Callable[[Engine, dict[str, Any], JobContext], Any]
JOBS: dict[str, JobFn] = {}

# Feature modules that register jobs with @job; imported on first use so that importing this
# module stays cheap and free of cycles. A new feature adds its module here.
JOB_MODULES: list[str] = [
    "engine.copywriter",
    "engine.model_jobs",
    "engine.bulk",
    "engine.finetune.jobs",
]


def job(name: str) -> Callable[[JobFn], JobFn]:
    """Register a job function under ``name``."""

    def register(fn: JobFn) -> JobFn:
        JOBS[name] = fn
        return fn

    return register


def run_job(engine: Engine, name: str, params: dict[str, Any], ctx: JobContext) -> Any:
    """Run one registered job.

    Raises:
        UserError: for an unknown job name; whatever the job raises otherwise.

    """
    if engine.isolate_jobs:
        from engine.child_jobs import ISOLATED_JOBS, run_in_child

        if name in ISOLATED_JOBS:
            return run_in_child(engine, name, params, ctx)
    for module in JOB_MODULES:
        importlib.import_module(module)
    try:
        fn = JOBS[name]
    except KeyError:
        raise UserError(f"unknown job {name!r}") from None
    return fn(engine, params, ctx)


@job("load_model")
def load_model_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Load (or switch to) the active model; returns its name and device."""
    if params.get("name"):
        engine.model_override = str(params["name"])
    generator = engine.generator(ctx.on_progress)
    return {
        "model": generator.name,
        "device": generator.choice.device,
        "dtype": generator.choice.dtype_name,
        "note": generator.choice.note,
        "decoder": getattr(generator, "backend", "torch"),
        "decoder_reason": engine.decoder_reason,
    }


@job("prepare_pack")
def prepare_pack_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Build a model pack's folder from its installed wheels."""
    from engine.packs import prepare_pack

    info = prepare_pack(engine.paths, str(params["name"]), ctx.on_progress)
    return info.to_json()
