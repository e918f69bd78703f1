"""Logging to the data folder's log file (tracebacks of bugs go there, never to a merchant).

Every record is redacted before it is written: e-mail addresses, phone and order numbers and
street addresses in the message and in any traceback become ``[email]``, ``[phone]``, … (the
rules of :mod:`engine.core.redact`), so a customer's details never reach a log file through an
error message. Debug logging (``SHOPSCRIBE_DEBUG_LOG=1``) keeps records as they are, for a
developer chasing a bug on their own data, and says so at the top of the log.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from engine.core.paths import Paths
from engine.core.redact import redact

FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
DEBUG_ENV = "SHOPSCRIBE_DEBUG_LOG"
"""Set to 1 to log at DEBUG level, unredacted (never the default)."""


def debug_logging() -> bool:
    """True when the developer asked for debug logging (unredacted)."""
    return os.environ.get(DEBUG_ENV) == "1"


class RedactingFilter(logging.Filter):
    """Replaces customer details in a record's message and traceback before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; always lets it through."""
        message = record.getMessage()
        clean, found = redact(message)
        if found:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)[0]
        if record.stack_info:
            record.stack_info = redact(record.stack_info)[0]
        return True


def file_handler(target: Path, max_bytes: int, backups: int, fmt: str) -> logging.Handler:
    """A rotating log file handler that redacts (unless debug logging is on)."""
    handler = RotatingFileHandler(target, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(fmt))
    if not debug_logging():
        handler.addFilter(RedactingFilter())
    return handler


def setup_logging(paths: Paths, *, verbose: bool = False) -> Path:
    """Send log records to ``<data>/logs/shopscribe.log`` (rotated); returns its path."""
    root = logging.getLogger()
    target = paths.log_file
    for handler in list(root.handlers):
        if getattr(handler, "_shopscribe", False):
            root.removeHandler(handler)
            handler.close()
    handlers = [file_handler(target, 2_000_000, 3, FORMAT)]
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(FORMAT))
        if not debug_logging():
            stream.addFilter(RedactingFilter())
        handlers.append(stream)
    for handler in handlers:
        handler._shopscribe = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug_logging() else logging.INFO)
    if debug_logging():
        logging.getLogger(__name__).warning("debug logging: records are not redacted")
    return target
