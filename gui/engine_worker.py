"""The corridor to the engine: one EngineWorker on one long-lived QThread, and its GUI-side client.

Requests go in as a queued signal; text, progress, results and errors come out as signals that
the client re-emits on the GUI thread. Stopping sets a ``threading.Event`` directly from the GUI
thread (a queued "cancel" would wait until the running job returned); the engine checks it every
token or step.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from engine.errors import Cancelled, UserError
from engine.jobs import JobContext, run_job
from engine.paths import Paths

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
        self._engine: Any = None

    def engine(self) -> Any:
        """The engine, created on first use in this (the engine) thread."""
        if self._engine is None:
            from engine.service import Engine

            self._engine = Engine(self.paths, threads=self.threads)
            # Training imports torch and builds models: in a child process the window never
            # waits on that (engine.child_jobs). SHOPSCRIBE_INLINE_JOBS=1 keeps it in-process.
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
            self.progress.emit(job_id, step, total, info)

        ctx = JobContext(on_text=on_text, on_progress=on_progress, stop=stop)
        try:
            if stop.is_set():
                raise Cancelled()
            result = run_job(self.engine(), name, dict(params or {}), ctx)  # type: ignore[call-overload]
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


class EngineClient(QObject):
    """GUI-thread handle on the engine thread: submit jobs, stop them, hear back."""

    text_chunk = Signal(int, int, str)
    progress = Signal(int, int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, str, str)
    busy_changed = Signal(bool)

    _request = Signal(int, str, object, object)

    def __init__(self, paths: Paths, threads: int | None = None) -> None:
        super().__init__()
        self._ids = itertools.count(1)
        self._stops: dict[int, threading.Event] = {}
        self.engine_thread = QThread()
        self.engine_thread.setObjectName("engine")
        self.worker = EngineWorker(paths, threads)
        self.worker.moveToThread(self.engine_thread)
        self._request.connect(self.worker.run)
        self.worker.text_chunk.connect(self._on_text)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.engine_thread.start()

    @property
    def busy(self) -> bool:
        """True while any job is queued or running."""
        return bool(self._stops)

    def submit(self, name: str, params: dict[str, Any] | None = None) -> int:
        """Queue a job on the engine thread; returns its id."""
        job_id = next(self._ids)
        stop = threading.Event()
        was_busy = self.busy
        self._stops[job_id] = stop
        self._request.emit(job_id, name, dict(params or {}), stop)
        if not was_busy:
            self.busy_changed.emit(True)
        return job_id

    def stop(self, job_id: int | None = None) -> None:
        """Ask one job (or all) to stop at its next token or step."""
        for jid, event in list(self._stops.items()):
            if job_id is None or jid == job_id:
                event.set()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop everything, release the engine and end the thread."""
        self.stop()
        if self.engine_thread.isRunning():
            # Blocking: the model and the engine's SQLite connection are released on their own
            # thread before it ends (a running job ends first: its stop flag is set).
            QMetaObject.invokeMethod(
                self.worker, "close", Qt.ConnectionType.BlockingQueuedConnection
            )
        self.engine_thread.quit()
        self.engine_thread.wait(timeout_ms)

    def _done(self, job_id: int) -> None:
        self._stops.pop(job_id, None)
        if not self.busy:
            self.busy_changed.emit(False)

    @Slot(int, int, str)
    def _on_text(self, job_id: int, variant: int, text: str) -> None:
        self.text_chunk.emit(job_id, variant, text)

    @Slot(int, int, int, str)
    def _on_progress(self, job_id: int, step: int, total: int, info: str) -> None:
        self.progress.emit(job_id, step, total, info)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        self._done(job_id)
        self.finished.emit(job_id, result)

    @Slot(int, str, str)
    def _on_failed(self, job_id: int, message: str, kind: str) -> None:
        self._done(job_id)
        self.failed.emit(job_id, message, kind)
