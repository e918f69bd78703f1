"""Making the book's vectors: each entry whole, and in chunks of two sentences, by e5.

Only entries whose text changed since their vectors were made (or that have none) are
embedded; each entry's vectors are committed on their own, so a stopped or crashed indexing
keeps what it did and the next run carries on. Without an embedder nothing is embedded and
retrieval is lexical only.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import numpy as np

from engine.core.callbacks import ProgressFn, no_progress, raise_if_stopped
from engine.faq.book import PolicyBook, PolicyEntry

DIM = 384
BATCH = 16
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def sentences(text: str) -> list[str]:
    """The sentences of a policy text (English or Chinese punctuation)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def passages(entry: PolicyEntry) -> list[str]:
    """What is embedded for one entry: the whole entry, then two-sentence windows."""
    parts = [f"{entry.title}\n{entry.text}"]
    said = sentences(entry.text)
    for start in range(len(said)):
        parts.append(f"{entry.title}: " + " ".join(said[start : start + 2]))
    return parts


def index_pending(
    book: PolicyBook,
    embedder: Any,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Embed every entry whose vectors are missing or stale.

    Returns:
        ``{"indexed": n, "pending": left, "seconds": s, "dense": bool}``.

    Raises:
        Cancelled: when ``stop`` is set (what was embedded so far is kept).

    """
    started = time.perf_counter()
    todo = book.pending()
    if embedder is None:
        return {"indexed": 0, "pending": len(todo), "seconds": 0.0, "dense": False}
    total = len(todo)
    done = 0
    on_progress(0, total, "indexing policies")
    for first in range(0, total, BATCH):
        raise_if_stopped(stop)
        batch = todo[first : first + BATCH]
        texts = [passages(entry) for entry in batch]
        flat = [t for group in texts for t in group]
        vectors = np.asarray(embedder.passages(flat), dtype=np.float32)
        offset = 0
        for entry, group in zip(batch, texts, strict=True):
            rows = vectors[offset : offset + len(group)]
            offset += len(group)
            parts = [(text, row.tobytes()) for text, row in zip(group, rows, strict=True)]
            if book.save_vectors(entry, parts):
                done += 1
        on_progress(min(first + len(batch), total), total, "indexing policies")
    return {
        "indexed": done,
        "pending": len(book.pending()),
        "seconds": round(time.perf_counter() - started, 3),
        "dense": True,
    }
