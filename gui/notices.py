"""A notice when a long job ends while the window is in the background.

A bulk run, a finetune run or a policy import ("indexing") that finishes while the merchant
works in another window shows a system tray message where the desktop has a tray, otherwise a
notice in the window's message bar (seen on return). Jobs that end while the window is active
need no notice: their tab shows the result.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from gui.main_window import MainWindow
from gui.resources import app_icon

LONG_JOBS = ("bulk", "finetune", "faq_import")


class BackgroundNotices(QObject):
    """Watches the window's engine client for long jobs ending (owned by the window)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.names: dict[int, str] = {}
        self.tray: QSystemTrayIcon | None = None
        self.shown: list[tuple[str, str]] = []
        """(title, text) of every notice given, newest last (for tests and the log)."""
        client = window.client
        client.submitted.connect(self._on_submitted)
        client.finished.connect(self._on_finished)
        client.failed.connect(self._on_failed)

    def _titles(self) -> dict[str, str]:
        return {
            "bulk": self.tr("The bulk run has finished"),
            "finetune": self.tr("Training has finished"),
            "faq_import": self.tr("The policies are indexed"),
        }

    @Slot(int, str)
    def _on_submitted(self, job_id: int, name: str) -> None:
        if name in LONG_JOBS:
            self.names[job_id] = name

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        name = self.names.pop(job_id, "")
        if name:
            self.job_ended(name, self.tr("Open ShopScribe to review the result."))

    @Slot(int, str, str)
    def _on_failed(self, job_id: int, message: str, kind: str) -> None:
        name = self.names.pop(job_id, "")
        if name and kind != "cancelled":
            self.job_ended(name, self.tr("It stopped with a problem: {why}").format(why=message))

    def job_ended(self, name: str, text: str) -> None:
        """Tell the merchant a long job ended, unless they are looking at the window."""
        if self.window.isActiveWindow():
            return
        title = self._titles().get(name, name)
        self.shown.append((title, text))
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self.tray is None:
                self.tray = QSystemTrayIcon(app_icon(), self)
                self.tray.setToolTip("ShopScribe")
                self.tray.messageClicked.connect(self._bring_back)
            self.tray.show()
            self.tray.showMessage(title, text, app_icon(), 10_000)
        else:
            self.window.show_message(f"{title}. {text}", "info")
        QApplication.alert(self.window, 0)  # the task bar entry asks for attention too

    @Slot()
    def _bring_back(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
