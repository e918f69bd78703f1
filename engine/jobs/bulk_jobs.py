"""Jobs of the Bulk tab: open a product CSV as a run, write it (or resume), export it."""

from __future__ import annotations

from typing import Any

from engine.bulk.runner import check_options, export_run, get_run, open_run, run_bulk, summary
from engine.bulk.runs import BulkRuns
from engine.core.errors import UserError
from engine.jobs.registry import JobContext, job
from engine.runtime.engine import Engine


@job("bulk_open")
def bulk_open_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Read a product CSV and create a run: ``{"path", "channel"?, "options"?, "limit"?}``."""
    ctx.on_progress(0, 1, "reading the CSV")
    run, catalog = open_run(
        engine.store,
        str(params["path"]),
        str(params.get("channel") or "description"),
        dict(params.get("options") or {}),
        params.get("limit"),
    )
    ctx.on_progress(1, 1, "CSV read")
    return summary(run, catalog)


@job("bulk")
def bulk_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Write (or resume) a run: ``{"run_id", "channel"?, "options"?}``.

    The channel and options may change only while nothing has been written yet.
    """
    run = get_run(engine.store, int(params["run_id"]))
    channel = str(params.get("channel") or run.channel)
    options = {**run.options, **dict(params.get("options") or {})}
    if (channel, options) != (run.channel, run.options):
        if run.written or run.counts.get("failed"):
            raise UserError("this run has already started; its channel can no longer change")
        check_options(run.kind, channel, options)
        BulkRuns(engine.store).set_options(run.id, channel, options)
    return run_bulk(engine, run.id, ctx.on_progress, ctx.stop, ctx.on_text)


@job("bulk_export")
def bulk_export_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Export a run: ``{"run_id", "out", "only_accepted"?}``."""
    return export_run(
        engine.store,
        int(params["run_id"]),
        str(params["out"]),
        only_accepted=bool(params.get("only_accepted", True)),
    )
