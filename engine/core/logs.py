"""Logging to the data folder's log file (tracebacks of bugs go there, never to a merchant)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from engine.core.paths import Paths

FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def setup_logging(paths: Paths, *, verbose: bool = False) -> Path:
    """Send log records to ``<data>/logs/shopscribe.log`` (rotated); returns its path."""
    root = logging.getLogger()
    target = paths.log_file
    for handler in list(root.handlers):
        if getattr(handler, "_shopscribe", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = RotatingFileHandler(target, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    file_handler._shopscribe = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(FORMAT))
        stream._shopscribe = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.INFO)
    return target
