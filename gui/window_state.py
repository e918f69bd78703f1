"""The window comes back where it was: size, position and tab, saved when it closes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QTabWidget

from gui.settings import UiSettings


class WindowState(QObject):
    """Restores a window's geometry and tab now and saves them at its close (child of it)."""

    def __init__(self, window: QMainWindow, tabs: QTabWidget, settings: UiSettings) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.settings = settings
        geometry = settings.geometry()
        if geometry is not None:
            window.restoreGeometry(geometry)
        fit_screen(window)
        tab = settings.tab()
        if 0 <= tab < tabs.count():
            tabs.setCurrentIndex(tab)
        window.installEventFilter(self)

    def save(self) -> None:
        """Remember the window's geometry and current tab now."""
        self.settings.set_geometry(self.window.saveGeometry())
        self.settings.set_tab(self.tabs.currentIndex())
        self.settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Save on close (the event goes on to the window)."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.save()
        return False


def fit_screen(window: QMainWindow) -> None:
    """Shrink the window to its screen's free area (a saved size from a larger screen)."""
    screen = window.screen()
    if screen is None:
        return
    free = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.size()
    width = min(window.width(), free.width() - frame.width())
    height = min(window.height(), free.height() - frame.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 1), max(height, 1))
