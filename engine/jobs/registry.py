"""Named background jobs: the one way the window's engine worker (and the CLI) asks for work.

A job is ``fn(engine, params, ctx) -> result``: it reports through ``ctx`` and checks
``ctx.stop`` often. Jobs are registered with :func:`job`, which also declares whether a job is
*isolated*: it imports torch or builds models, so the window runs it in a child process
(:mod:`engine.jobs.child`) and never waits on Python's lock. Feature code never sees a
JobContext; job functions unpack it into plain callbacks.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.core.errors import UserError
from engine.jobs.child import run_in_child
from engine.jobs.context import JobContext
from engine.runtime.engine import Engine

JobFn = Callable[[Engine, dict[str, Any], JobContext], Any]


@dataclass(frozen=True)
class JobSpec:
    """A registered job: its function and whether it runs in a child process."""

    name: str
    fn: JobFn
    isolated: bool = False


JOBS: dict[str, JobSpec] = {}

JOB_MODULES = (
    "engine.jobs.model_jobs",
    "engine.jobs.copy_jobs",
    "engine.jobs.bulk_jobs",
    "engine.jobs.finetune_jobs",
    "engine.jobs.store_jobs",
    "engine.jobs.customer_jobs",
    "engine.jobs.faq_jobs",
)
"""The modules that register jobs, imported on first use (a new feature adds its own)."""


def job(name: str, *, isolated: bool = False) -> Callable[[JobFn], JobFn]:
    """Register a job function under ``name``.

    Args:
        name: the job's name (what ``EngineClient.submit`` and the child process use).
        isolated: True when the job imports torch/transformers or builds models: a window
            engine runs it in a child process.

    """

    def register(fn: JobFn) -> JobFn:
        if name in JOBS and JOBS[name].fn is not fn:
            raise ValueError(f"job {name!r} is registered twice")
        JOBS[name] = JobSpec(name, fn, isolated)
        return fn

    return register


def job_spec(name: str) -> JobSpec:
    """The registered job ``name``.

    Raises:
        UserError: for an unknown job name.

    """
    for module in JOB_MODULES:
        importlib.import_module(module)
    try:
        return JOBS[name]
    except KeyError:
        raise UserError(f"unknown job {name!r}") from None


def run_job(engine: Engine, name: str, params: dict[str, Any], ctx: JobContext) -> Any:
    """Run one registered job, in a child process when it is isolated and the engine isolates.

    Raises:
        UserError: for an unknown job name; whatever the job raises otherwise.

    """
    spec = job_spec(name)
    if engine.isolate_jobs and spec.isolated:
        return run_in_child(engine, name, params, ctx)
    return spec.fn(engine, params, ctx)
