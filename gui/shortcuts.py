"""Keyboard shortcuts, in the Actions and View menus and in the buttons' tooltips.

Ctrl+Enter generates (Copy, FAQ; starts a Bulk run), Esc stops, Ctrl+Shift+C copies the
chosen variant (or the best one), Ctrl+1…5 switch tabs, Ctrl+F searches the tab's history
(the customer list on the Customers tab).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QMenu, QWidget

from gui.main_window import MainWindow

GENERATE = QKeySequence("Ctrl+Return")
GENERATE_ALT = QKeySequence("Ctrl+Enter")  # the keypad's Enter
STOP = QKeySequence("Esc")
COPY_RESULT = QKeySequence("Ctrl+Shift+C")
SEARCH = QKeySequence("Ctrl+F")


def with_key(text: str, key: QKeySequence) -> str:
    """``text`` followed by the shortcut as the platform writes it: "Generate (Ctrl+Return)"."""
    return f"{text} ({key.toString(QKeySequence.SequenceFormat.NativeText)})"


class Shortcuts(QObject):
    """The window's shortcuts (owned by the window); each acts on the current tab."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = QMenu(self.tr("&Actions"), window)
        menu.setObjectName("actionsMenu")
        bar = window.menuBar()
        bar.insertMenu(bar.actions()[-1], menu)  # before Help
        self.generate_action = self._add(menu, self.tr("&Generate"), self.generate, GENERATE)
        self.generate_action.setShortcuts([GENERATE, GENERATE_ALT])
        self.stop_action = self._add(menu, self.tr("&Stop"), self.stop, STOP)
        self.copy_action = self._add(
            menu, self.tr("&Copy the chosen or best result"), self.copy_result, COPY_RESULT
        )
        self.search_action = self._add(menu, self.tr("Search &history"), self.search, SEARCH)
        view = window.findChild(QMenu, "viewMenu")
        tabs_menu = (view or menu).addMenu(self.tr("&Tabs"))
        self.tab_actions: list[QAction] = []
        for index in range(min(window.tabs.count(), 9)):
            title = window.tabs.tabText(index).replace("&", "")
            action = self._add(
                tabs_menu,
                title,
                lambda _=False, i=index: window.tabs.setCurrentIndex(i),
                QKeySequence(f"Ctrl+{index + 1}"),
            )
            self.tab_actions.append(action)
            window.tabs.setTabToolTip(index, with_key(title, action.shortcut()))
        self._tooltips()

    def _add(self, menu: QMenu, text: str, slot: object, key: QKeySequence) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.window.addAction(action)
        return action

    def _tooltips(self) -> None:
        """Say the shortcut on the buttons it presses."""
        for button in self._buttons("generate_button", "start_button"):
            button.setToolTip(with_key(button.text(), GENERATE))
        for button in self._buttons("stop_button", "pause_button"):
            button.setToolTip(with_key(button.text(), STOP))
        for history in self._tabs_with("history"):
            search = getattr(history, "search", None)
            if isinstance(search, QLineEdit):
                search.setToolTip(with_key(search.placeholderText(), SEARCH))

    def _tabs_with(self, name: str) -> list[object]:
        tabs = self.window.tabs
        return [getattr(tabs.widget(i), name) for i in range(tabs.count()) if _has(tabs, i, name)]

    def _buttons(self, *names: str) -> list[QAbstractButton]:
        found = []
        for name in names:
            found += [b for b in self._tabs_with(name) if isinstance(b, QAbstractButton)]
        return found

    def _press(self, *names: str) -> bool:
        """Click the current tab's first enabled button among ``names``."""
        page = self.window.tabs.currentWidget()
        for name in names:
            button = getattr(page, name, None)
            if isinstance(button, QAbstractButton) and button.isEnabled():
                button.click()
                return True
        return False

    @Slot()
    def generate(self) -> None:
        """Generate on the Copy or FAQ tab, start a Bulk run."""
        self._press("generate_button", "start_button")

    @Slot()
    def stop(self) -> None:
        """Stop what the current tab is writing (a Bulk run pauses)."""
        self._press("stop_button", "pause_button")

    @Slot()
    def copy_result(self) -> None:
        """Copy the chosen variant, or the best one, to the clipboard (Copy tab)."""
        page = self.window.tabs.currentWidget()
        if page is not self.window.copy_tab:
            return
        cards = [c for c in self.window.copy_tab.cards if c.text().strip()]
        if not cards:
            return
        chosen = [c for c in cards if c.is_chosen()]
        best = sorted(cards, key=lambda c: c.rank)[0]
        (chosen[0] if chosen else best).copy_to_clipboard()

    @Slot()
    def search(self) -> None:
        """Focus the current tab's history search (the customer search on Customers)."""
        page = self.window.tabs.currentWidget()
        history = getattr(page, "history", None)
        field = getattr(history, "search", None) or getattr(page, "search", None)
        if isinstance(field, QLineEdit):
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            field.selectAll()


def _has(tabs: object, index: int, name: str) -> bool:
    page = tabs.widget(index)  # type: ignore[attr-defined]
    return isinstance(page, QWidget) and hasattr(page, name)
