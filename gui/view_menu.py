"""The View menu: the UI language (applied at the next start)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from gui.settings import UiSettings


class ViewMenu(QObject):
    """Adds View → Language to a window's menu bar (owned by the window)."""

    def __init__(self, window: QMainWindow, settings: UiSettings, show_message: object) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.show_message = show_message
        self.menu = QMenu(self.tr("&View"), window)
        self.menu.setObjectName("viewMenu")
        bar = window.menuBar()
        actions = bar.actions()
        # after File, before Help
        bar.insertMenu(actions[-1] if actions else None, self.menu)  # type: ignore[arg-type]
        self.language_menu = self.menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        current = settings.language()
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("en", "English"), ("zh_CN", "中文（简体）")):
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            action.triggered.connect(self._choose)
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_menu.setToolTip(self.tr("Applies when ShopScribe starts again"))

    @Slot()
    def _choose(self) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self.choose(str(action.data()))

    def choose(self, language: str) -> None:
        """Remember ``language`` and say that it applies at the next start."""
        if language == self.settings.language():
            return
        self.settings.set_language(language)
        self.language_actions[language].setChecked(True)
        note = self.tr("The language changes when you restart ShopScribe.")
        if language == "zh_CN":
            note += " 重新启动 ShopScribe 后界面改为中文。"
        elif note != "The language changes when you restart ShopScribe.":
            note += " Restart ShopScribe to use English."
        if callable(self.show_message):
            self.show_message(note, "info")
