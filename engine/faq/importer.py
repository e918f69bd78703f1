"""Importing policy files into the book: read everything first, write in one go, then index.

Re-import is incremental: entries are matched by title; unchanged ones are left alone, changed
ones updated (and re-embedded), new ones added, and entries missing from the file stay in the
book (nothing already there is lost). A file that cannot be read changes nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from engine.core.callbacks import ProgressFn, no_progress
from engine.faq.book import PolicyBook
from engine.faq.indexer import index_pending
from engine.faq.sources import read_source
from engine.store.connection import Store


def import_file(
    store: Store,
    path: Path | str,
    *,
    embedder: Any = None,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Import one ``.md``/``.txt``/``.csv`` file and index what changed.

    Returns:
        ``{"file", "added": [titles], "updated": [titles], "unchanged": n, "indexed": n,
        "pending": n, "entries": total}``.

    Raises:
        UserError: for a file that cannot be imported (the book is then unchanged).
        Cancelled: when stopped while indexing (the entries are saved; the vectors of
            the rest are made next time).

    """
    path = Path(path)
    items = read_source(path)
    book = PolicyBook(store)
    report = book.upsert(items, source=path.name)
    indexed = index_pending(book, embedder, on_progress, stop)
    return {
        "file": path.name,
        **report.to_json(),
        "indexed": indexed["indexed"],
        "pending": indexed["pending"],
        "index_seconds": indexed["seconds"],
        "entries": book.count(),
    }
