"""The GUI-side handle on the engine thread: submit jobs, await them, stop them, hear back.

A tab's flow is a coroutine (run by qasync on the Qt event loop) that reads top to bottom::

    result = await client.run("copy", params, on_text=self.append)

The future behind ``run`` is resolved in a GUI-thread slot of :class:`EngineClient`, never from
the worker thread (an asyncio future set there would break qasync's loop). Stop is
``threading.Event.set()`` called directly from the GUI thread; the engine reads it every token.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from engine.core.paths import Paths
from gui.worker.engine_worker import EngineWorker

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_MS = 1800
"""Closing the window waits this long for the engine thread (a load or job is told to stop)."""


class _Lingering(QObject):
    """Keeps engine threads that outlived the shutdown timeout alive until they end.

    Qt aborts the process when a ``QThread`` is destroyed while it runs, and the Python wrapper
    of a closed window's thread would otherwise be collected with the window. A thread still
    busy after :meth:`EngineClient.shutdown` is parked here (with its worker) and dropped on the
    GUI thread once it has finished.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parked: dict[QThread, QObject] = {}

    def park(self, thread: QThread, worker: QObject) -> None:
        """Hold ``thread`` and ``worker`` until the thread ends."""
        self.parked[thread] = worker
        thread.finished.connect(self._release, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _release(self) -> None:
        for thread in [t for t in self.parked if t.isFinished()]:
            thread.wait()
            self.parked.pop(thread, None)


_LINGERING: _Lingering | None = None


def _lingering() -> _Lingering:
    global _LINGERING  # one per process, made on the GUI thread at first use
    if _LINGERING is None:
        _LINGERING = _Lingering()
    return _LINGERING


def alive(widget: QObject) -> bool:
    """False once Qt deleted ``widget`` (a flow resumed after its dialog closed)."""
    import shiboken6

    return bool(shiboken6.isValid(widget))


class JobFailed(Exception):
    """An engine job ended with an error: ``kind`` is ``user``, ``bug`` or ``cancelled``."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def cancelled(self) -> bool:
        """True when the job was stopped by the merchant."""
        return self.kind == "cancelled"


@dataclass
class _Waiter:
    future: asyncio.Future[Any] | None
    on_text: Callable[[int, str], None] | None
    on_progress: Callable[[int, int, str], None] | None


class EngineClient(QObject):
    """GUI-thread handle on the engine thread: submit jobs, await or stop them, hear back."""

    text_chunk = Signal(int, int, str)
    progress = Signal(int, int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, str, str)
    busy_changed = Signal(bool)
    submitted = Signal(int, str)
    """(job id, job name) when a job is queued (the background notice watches long ones)."""

    _request = Signal(int, str, object, object)
    _close_worker = Signal()

    def __init__(self, paths: Paths, threads: int | None = None) -> None:
        super().__init__()
        self._ids = itertools.count(1)
        self._stops: dict[int, threading.Event] = {}
        self._waiters: dict[int, _Waiter] = {}
        self.engine_thread = QThread()
        self.engine_thread.setObjectName("engine")
        self.worker = EngineWorker(paths, threads)
        self.worker.moveToThread(self.engine_thread)
        self._request.connect(self.worker.run)
        self._close_worker.connect(self.worker.close)
        self.worker.text_chunk.connect(self._on_text)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.engine_thread.start()

    @property
    def busy(self) -> bool:
        """True while any job is queued or running."""
        return bool(self._stops)

    def submit(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        on_text: Callable[[int, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        future: asyncio.Future[Any] | None = None,
    ) -> int:
        """Queue a job on the engine thread; returns its id (results also come as signals)."""
        job_id = next(self._ids)
        stop = threading.Event()
        was_busy = self.busy
        self._stops[job_id] = stop
        self._waiters[job_id] = _Waiter(future, on_text, on_progress)
        self._request.emit(job_id, name, dict(params or {}), stop)
        self.submitted.emit(job_id, name)
        if not was_busy:
            self.busy_changed.emit(True)
        return job_id

    def start(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        on_text: Callable[[int, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> tuple[int, asyncio.Future[Any]]:
        """Queue a job and return its id and a future of its result (for stop buttons)."""
        future: asyncio.Future[Any] = asyncio.get_event_loop().create_future()
        job_id = self.submit(name, params, on_text=on_text, on_progress=on_progress, future=future)
        return job_id, future

    async def run(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        on_text: Callable[[int, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Any:
        """Run a job and return its result.

        Raises:
            JobFailed: when the job fails or is stopped (``kind`` says which).

        """
        _job_id, future = self.start(name, params, on_text=on_text, on_progress=on_progress)
        return await future

    def stop(self, job_id: int | None = None) -> None:
        """Ask one job (or all) to stop at its next token or step."""
        for jid, event in list(self._stops.items()):
            if job_id is None or jid == job_id:
                event.set()

    def shutdown(self, timeout_ms: int = SHUTDOWN_TIMEOUT_MS) -> bool:
        """Stop everything, release the engine and end the thread; True when it ended in time.

        Jobs and a model load in progress are told to stop; the engine closes its model and
        database on its own thread. A thread still busy after ``timeout_ms`` is left to the
        process exit (see :func:`gui.app.main`), so closing the window never hangs.
        """
        self.stop()
        self.worker.closing.set()
        for waiter in self._waiters.values():  # flows awaiting a job end here, not later
            if waiter.future is not None and not waiter.future.done():
                waiter.future.cancel()
        if self.engine_thread.isRunning():
            self._close_worker.emit()
            self.engine_thread.quit()
            if not self.engine_thread.wait(timeout_ms):
                log.warning("engine thread still busy after %d ms at shutdown", timeout_ms)
                _lingering().park(self.engine_thread, self.worker)
                return False
        return True

    def _done(self, job_id: int) -> _Waiter | None:
        self._stops.pop(job_id, None)
        waiter = self._waiters.pop(job_id, None)
        if not self.busy:
            self.busy_changed.emit(False)
        return waiter

    @Slot(int, int, str)
    def _on_text(self, job_id: int, variant: int, text: str) -> None:
        waiter = self._waiters.get(job_id)
        if waiter is not None and waiter.on_text is not None:
            waiter.on_text(variant, text)
        self.text_chunk.emit(job_id, variant, text)

    @Slot(int, int, int, str)
    def _on_progress(self, job_id: int, step: int, total: int, info: str) -> None:
        waiter = self._waiters.get(job_id)
        if waiter is not None and waiter.on_progress is not None:
            waiter.on_progress(step, total, info)
        self.progress.emit(job_id, step, total, info)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        waiter = self._done(job_id)
        if waiter is not None and waiter.future is not None and not waiter.future.done():
            waiter.future.set_result(result)
        self.finished.emit(job_id, result)

    @Slot(int, str, str)
    def _on_failed(self, job_id: int, message: str, kind: str) -> None:
        waiter = self._done(job_id)
        if waiter is not None and waiter.future is not None and not waiter.future.done():
            waiter.future.set_exception(JobFailed(message, kind))
        self.failed.emit(job_id, message, kind)
