"""Jobs of the Copy tab: listing copy for one product."""

from __future__ import annotations

from typing import Any

from engine.catalog.facts import ProductFacts
from engine.jobs.registry import JobContext, job
from engine.listing.copywriter import CopyRequest, check_copy, rewrite_copy_sentence, write_copy
from engine.runtime.engine import Engine


@job("copy")
def copy_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Listing copy for one product (see :func:`engine.listing.copywriter.write_copy`)."""
    request = CopyRequest.from_params(params)
    return write_copy(engine, request, ctx.on_text, ctx.stop, ctx.on_progress)


@job("check_copy")
def check_copy_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Check an edited text against its facts: ``{"facts", "text"}``."""
    return check_copy(ProductFacts.from_dict(params["facts"]), str(params.get("text") or ""))


@job("rewrite_sentence")
def rewrite_sentence_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Rewrite one sentence of a variant: the copy request's params plus text, start, end."""
    request = CopyRequest.from_params(params)
    text = str(params.get("text") or "")
    start, end = int(params["start"]), int(params["end"])
    return rewrite_copy_sentence(engine, request, text, start, end, ctx.stop)
