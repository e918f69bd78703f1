"""Keyboard shortcuts: Ctrl+Enter generates, Esc stops, Ctrl+Shift+C copies the chosen or best
variant, Ctrl+1…5 switch tabs, Ctrl+F searches history; the menus and tooltips show them."""

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from gui.app import create_window
from gui.worker.client import JobFailed


@pytest.fixture
def window(qtbot, data_paths):
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    window.close()


def _key(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.tabs.currentWidget(), key, modifiers)


def test_ctrl_digits_switch_tabs(qtbot, window):
    for index in (4, 1, 3, 0, 2):
        _key(qtbot, window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
    assert "Ctrl+2" in window.tabs.tabToolTip(1)


def test_ctrl_enter_generates_and_esc_stops(qtbot, window):
    tab = window.copy_tab
    tab.form.title.setText("Insulated Steel Bottle")
    future = asyncio.get_event_loop().create_future()
    started, stopped = [], []

    def start(name, params=None, **kw):
        started.append(name)
        return 7, future

    def stop(job_id):  # the engine ends a stopped job as "cancelled"
        stopped.append(job_id)
        future.set_exception(JobFailed("stopped", "cancelled"))

    window.client.start = start
    window.client.stop = stop
    tab.form.title.setFocus()
    _key(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: started == ["copy"])
    assert tab.stop_button.isEnabled()
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert stopped == [7]
    qtbot.waitUntil(lambda: tab.generate_button.isEnabled())
    assert "Ctrl+Return" in tab.generate_button.toolTip()
    assert "Esc" in tab.stop_button.toolTip()
    del window.client.start, window.client.stop  # the real ones again for the shutdown


def test_ctrl_shift_c_copies_the_chosen_or_else_the_best(qtbot, window):
    tab = window.copy_tab
    tab._make_cards(3)
    for index, card in enumerate(tab.cards):
        card.set_result(f"text of variant {index + 1}", [], 0)
    tab.cards[0].set_rank(2)
    tab.cards[1].set_rank(0)
    tab.cards[2].set_rank(1)
    clipboard = QGuiApplication.clipboard()
    _key(
        qtbot,
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert clipboard.text() == "text of variant 2"  # the best
    tab.cards[2].set_chosen(True)
    _key(
        qtbot,
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert clipboard.text() == "text of variant 3"  # the chosen one
    clipboard.clear()


def test_ctrl_f_focuses_the_history_search(qtbot, window):
    _key(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.copy_tab.history.search)
    window.tabs.setCurrentWidget(window.customers_tab)
    _key(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.customers_tab.search)


def test_the_menus_list_the_shortcuts(window):
    actions = window.findChild(QMenu, "actionsMenu").actions()
    keys = {a.shortcut().toString() for a in actions}
    assert {"Ctrl+Return", "Esc", "Ctrl+Shift+C", "Ctrl+F"} <= keys
    tabs = [a for a in window.findChild(QMenu, "viewMenu").actions() if a.menu()]
    tab_keys = [a.shortcut() for m in tabs for a in m.menu().actions()]
    assert QKeySequence("Ctrl+5") in tab_keys
