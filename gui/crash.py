"""Unexpected errors in the window: logged with their traceback, shown once, the app lives on.

``sys.excepthook`` (which Qt calls for an exception raised in a slot, and qasync for a failed
coroutine slot) writes the traceback to the log folder and shows one dialog with the log path;
a burst of the same error shows one dialog, not fifty. A :class:`UserError` raised on the
GUI thread (a full disk while saving an edit) shows its own message instead.
``faulthandler`` writes hard crashes (a segfault in a native library) to ``logs/faults.log``.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from engine.core.errors import UserError

log = logging.getLogger("shopscribe.crash")

QUIET_S = 5.0
"""After a dialog, the same error type stays quiet this long (logged, not shown again)."""

_state: dict[str, object] = {"last": ("", 0.0), "fault_file": None}


def install(log_dir: Path, parent: QWidget | None = None) -> None:
    """Route uncaught exceptions to the log and one dialog; hard crashes to faults.log."""
    log_dir.mkdir(parents=True, exist_ok=True)
    fault_file: IO[str] = (log_dir / "faults.log").open("a", encoding="utf-8")
    _state["fault_file"] = fault_file
    faulthandler.enable(file=fault_file, all_threads=True)
    log_path = log_dir / "shopscribe.log"

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if issubclass(kind, UserError):  # e.g. a full disk while the window saved an edit
            log.warning("%s: %s", kind.__name__, error)
            QTimer.singleShot(0, lambda: _show_user_error(str(error), parent))
            return
        log.error("uncaught exception", exc_info=(kind, error, tb))
        last = _state["last"]
        assert isinstance(last, tuple)
        name, at = last
        now = time.monotonic()
        if name == kind.__name__ and now - float(at) < QUIET_S:
            return
        _state["last"] = (kind.__name__, now)
        QTimer.singleShot(0, lambda: _show(kind.__name__, str(error), log_path, parent))

    sys.excepthook = hook


def _show_user_error(message: str, parent: QWidget | None) -> None:
    """Something the merchant can act on (a full disk…): the message itself, no log path."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("ShopScribe")
    box.setText(message[:1].upper() + message[1:])
    box.setModal(False)
    box.show()
    _state["user_box"] = box


def _show(kind: str, message: str, log_path: Path, parent: QWidget | None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QApplication.translate("crash", "Something went wrong"))
    box.setText(
        QApplication.translate(
            "crash", "Something went wrong ({kind}). Your work is saved; you can carry on."
        ).format(kind=kind)
    )
    box.setInformativeText(
        QApplication.translate("crash", "Details are in {path}").format(path=log_path)
    )
    box.setDetailedText(message[:2000])
    box.setModal(False)
    box.show()


def uninstall() -> None:
    """Restore the default hooks (tests)."""
    sys.excepthook = sys.__excepthook__
    if faulthandler.is_enabled():
        faulthandler.disable()
    fault_file = _state.get("fault_file")
    if fault_file is not None:
        fault_file.close()  # type: ignore[attr-defined]
        _state["fault_file"] = None
