"""A UserError on the GUI thread (a full disk while the window saves) shows its message."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from engine.core.files import disk_full
from gui import crash


def test_a_full_disk_on_the_gui_thread_is_a_message_not_something_went_wrong(qtbot, tmp_path):
    crash.install(tmp_path / "logs")
    try:
        error = disk_full(tmp_path / "shopscribe.db")
        sys.excepthook(type(error), error, None)
        qtbot.waitUntil(lambda: isinstance(crash._state.get("user_box"), QMessageBox))
        box = crash._state["user_box"]
        assert isinstance(box, QMessageBox)
        assert box.text().startswith("The disk is full")
        assert "Something went wrong" not in box.text()
        box.close()
    finally:
        crash.uninstall()
        crash._state.pop("user_box", None)
