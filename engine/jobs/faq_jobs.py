"""Jobs of the FAQ tab: import and index the policy book, edit it, search it, draft replies.

Writes to the book run here, on the engine thread's own connection; the tab reads the book
from its GUI-thread store afterwards. Embedding is the slow part (about 20 ms a passage), so
importing or indexing hundreds of entries runs as a job with progress, never on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.faq.book import PolicyBook
from engine.faq.importer import import_file
from engine.faq.indexer import index_pending
from engine.faq.replies import ReplyRequest, write_reply
from engine.faq.retrieval import retrieve_policies
from engine.faq.templates import SavedReplies
from engine.jobs.registry import JobContext, job
from engine.models.embedder import get_embedder
from engine.runtime.engine import Engine


@job("faq_import")
def faq_import_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Import one policy file (``{"path"}``) and index what changed."""
    return import_file(
        engine.store,
        Path(str(params["path"])),
        embedder=get_embedder(),
        on_progress=ctx.on_progress,
        stop=ctx.stop,
    )


@job("faq_index")
def faq_index_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Embed every entry not indexed yet (after edits, or a stopped import)."""
    return index_pending(PolicyBook(engine.store), get_embedder(), ctx.on_progress, ctx.stop)


@job("faq_save_entry")
def faq_save_entry_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Add (``{"title", "text"}``) or edit (``{"key", "title", "text"}``) one entry, then index."""
    book = PolicyBook(engine.store)
    key = params.get("key")
    if key:
        entry = book.edit(int(key), str(params["title"]), str(params["text"]))
    else:
        entry = book.add(str(params["title"]), str(params["text"]))
    index_pending(book, get_embedder(), ctx.on_progress, ctx.stop)
    return entry.to_json()


@job("faq_delete_entry")
def faq_delete_entry_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Remove one entry (``{"key"}``)."""
    return PolicyBook(engine.store).delete(int(params["key"])).to_json()


@job("faq_search")
def faq_search_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Retrieval only: ``{"question", "k"?}``."""
    found = retrieve_policies(
        engine.store,
        str(params.get("question") or ""),
        int(params.get("k") or 3),
        embedder=get_embedder(),
    )
    return found.to_json()


@job("faq_reply")
def faq_reply_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Reply drafts for one customer message (see :func:`engine.faq.replies.write_reply`)."""
    return write_reply(
        engine, ReplyRequest.from_params(params), ctx.on_text, ctx.stop, ctx.on_progress
    )


@job("faq_saved_import")
def faq_saved_import_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> list[Any]:
    """Add saved replies from a JSON file (``{"path"}``)."""
    return [s.to_json() for s in SavedReplies(engine.store).import_json(str(params["path"]))]
