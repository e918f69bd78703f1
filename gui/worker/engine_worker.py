"""The EngineWorker: the one QObject living on the one long-lived engine QThread.

Requests come in as a queued signal (``run``); text, progress, results and errors go out as
signals that the GUI-side :class:`gui.worker.client.EngineClient` receives in GUI-thread slots.
Streamed text is coalesced (a repaint per batch, not per token) and always flushed before a
progress event or the end of a job, so no text arrives after the event that follows it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from engine.app import open_engine
from engine.core.errors import Cancelled, UserError
from engine.core.paths import Paths
from engine.jobs.context import JobContext
from engine.jobs.registry import run_job
from engine.runtime.engine import Engine

log = logging.getLogger(__name__)

TEXT_FLUSH_S = 0.04
"""Streamed text is coalesced for ~40 ms: a repaint per batch, not per token."""


class EngineWorker(QObject):
    """Lives on the engine thread; owns the Engine (model, its own SQLite connection)."""

    text_chunk = Signal(int, int, str)
    progress = Signal(int, int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, str, str)

    def __init__(self, paths: Paths, threads: int | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.threads = threads
        self.closing = threading.Event()
        """Set from the GUI thread at shutdown: a model load ends early, a child job is ended."""
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        """The engine, created on first use in this (the engine) thread."""
        if self._engine is None:
            self._engine = open_engine(self.paths, threads=self.threads)
            self._engine.closing = self.closing
            # Torch-heavy jobs run in a child process so the window never waits on them
            # (engine.jobs.child). SHOPSCRIBE_INLINE_JOBS=1 keeps them in this process.
            self._engine.isolate_jobs = os.environ.get("SHOPSCRIBE_INLINE_JOBS") != "1"
        return self._engine

    @Slot(int, str, object, object)
    def run(self, job_id: int, name: str, params: object, stop: object) -> None:
        """Run one job to the end, reporting through signals."""
        assert isinstance(stop, threading.Event)
        pending: dict[int, str] = {}
        last_flush = time.perf_counter()

        def flush() -> None:
            nonlocal last_flush
            for variant, text in pending.items():
                if text:
                    self.text_chunk.emit(job_id, variant, text)
            pending.clear()
            last_flush = time.perf_counter()

        def on_text(variant: int, text: str) -> None:
            pending[variant] = pending.get(variant, "") + text
            if time.perf_counter() - last_flush >= TEXT_FLUSH_S:
                flush()

        def on_progress(step: int, total: int, info: str) -> None:
            flush()  # text written before this event belongs before it
            self.progress.emit(job_id, step, total, info)

        ctx = JobContext(on_text=on_text, on_progress=on_progress, stop=stop)
        try:
            if stop.is_set():
                raise Cancelled()
            assert isinstance(params, dict)
            result: Any = run_job(self.engine(), name, dict(params), ctx)
        except Cancelled:
            flush()
            self.failed.emit(job_id, "stopped", "cancelled")
        except UserError as exc:
            flush()
            self.failed.emit(job_id, str(exc), "user")
        except Exception as exc:
            flush()
            log.exception("job %s failed", name)
            self.failed.emit(job_id, f"{exc.__class__.__name__}: {exc}", "bug")
        else:
            flush()
            self.finished.emit(job_id, result)

    @Slot()
    def close(self) -> None:
        """Release the model and the database (runs on the engine thread)."""
        if self._engine is not None:
            self._engine.close()
            self._engine = None
