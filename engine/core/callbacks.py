"""The callback types long operations report through, and their do-nothing defaults.

Long operations take plain callbacks (``on_text(variant, text)``, ``on_progress(step, total,
info)``) and a ``threading.Event`` to stop; they never know who listens (the window's engine
worker, the CLI, a child process or a test).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from engine.core.errors import Cancelled

ProgressFn = Callable[[int, int, str], None]
"""Receives (step, total, a short human line)."""

TextFn = Callable[[int, str], None]
"""Receives (variant index, new text) as it is decoded."""


def no_progress(step: int, total: int, info: str) -> None:
    """Default progress sink: ignores everything."""


def no_text(variant: int, text: str) -> None:
    """Default text sink: ignores everything."""


def raise_if_stopped(stop: threading.Event | None) -> None:
    """Raise :class:`~engine.core.errors.Cancelled` when the stop flag is set.

    Raises:
        Cancelled: when ``stop`` is set.

    """
    if stop is not None and stop.is_set():
        raise Cancelled()
