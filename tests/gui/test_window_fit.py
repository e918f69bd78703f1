"""The window fits a 1366×768 laptop screen with five variants and long strings, and comes back
with its size, position and tab."""

import pytest

from gui.app import create_window
from tests.gui.test_i18n import chinese  # noqa: F401  (the zh_CN translation fixture)

LONG_EN = "An exceptionally long unbroken product statement " * 12
LONG_ZH = "这款保温杯采用双层不锈钢真空结构长效保温保冷适合户外旅行办公室使用" * 8


@pytest.fixture
def window(qtbot, data_paths):
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def _minimum(window):
    """The window's own minimum (the layout's, before any clamping to the test screen)."""
    window.layout().activate()
    return window.layout().totalMinimumSize()


def _fill_long(window):
    tab = window.copy_tab
    tab._make_cards(5)
    for n, card in enumerate(tab.cards):
        text = LONG_ZH if n % 2 else LONG_EN
        card.set_result(text, [{"span": text[:40], "reason": text, "start": 0}], 0)
        card.set_check({"coverage": {"used": [text], "missing": [text, text]}, "flags": []})
    tab.state_label.setText(LONG_EN + LONG_ZH)
    window.state_label.setText(LONG_EN)
    window.model_label.setText(LONG_ZH)
    window.show_message(LONG_EN + LONG_ZH, "warning")


def test_five_variants_and_long_strings_fit_1366x768(qtbot, window):
    _fill_long(window)
    qtbot.wait(1)  # one event-loop turn (layouts settle), no sleeping on time
    size = _minimum(window)
    assert size.width() <= 1366, size
    assert size.height() <= 768, size
    assert window.copy_tab.minimumSizeHint().width() <= 1366 - 40
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        assert page.minimumSizeHint().width() <= 1366 - 20, window.tabs.tabText(index)
        assert page.minimumSizeHint().height() <= 768 - 140, window.tabs.tabText(index)


def test_at_150_percent_scaling_the_pages_scroll_instead(qtbot, window):
    # 1366×768 at 150 % is 910×512 logical pixels: the window still fits, its pages scroll
    _fill_long(window)
    qtbot.wait(1)
    size = _minimum(window)
    assert size.width() <= 1366 * 2 // 3 and size.height() <= 768 * 2 // 3, size
    window.resize(900, 500)
    window.tabs.setCurrentWidget(window.faq_tab)
    area = window.faq_tab.parentWidget().parentWidget()  # viewport, then the scroll area
    qtbot.waitUntil(lambda: area.horizontalScrollBar().maximum() > 0)
    assert window.tabs.currentWidget() is window.faq_tab


def test_it_fits_in_chinese_too(qtbot, data_paths, chinese):  # noqa: F811
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    _fill_long(window)
    qtbot.wait(1)
    size = _minimum(window)
    assert size.width() <= 1366 and size.height() <= 768, size
    assert window.tabs.tabText(0) == "文案"
    window.close()


def test_variants_scroll_instead_of_widening(qtbot, window):
    window.resize(1366, 740)
    tab = window.copy_tab
    tab._make_cards(5)
    qtbot.waitUntil(lambda: tab.cards_scroll.horizontalScrollBar().maximum() > 0)
    assert window.width() <= 1366
    assert all(card.width() >= 240 for card in tab.cards)


def test_size_position_and_tab_are_remembered(qtbot, data_paths, monkeypatch):
    # The test screen is 800×800: keep the saved size as it is (fit_screen has its own test).
    monkeypatch.setattr("gui.window_state.fit_screen", lambda window: None)
    first = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(first)
    first.show()
    first.resize(1300, 700)
    first.move(40, 30)
    first.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: first.width() == 1300)
    first.close()
    again = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(again)
    again.show()
    assert again.tabs.currentIndex() == 3
    # restoreGeometry keeps a window on its screen, and the test screen is only 800 px wide:
    # the width and x are pulled in, the height and y come back as saved
    assert (again.y(), again.height()) == (30, 700)
    again.close()


def test_a_saved_size_larger_than_the_screen_is_shrunk(qtbot, window):
    from gui.window_state import fit_screen

    window.setMinimumSize(100, 100)
    window.resize(3000, 2000)
    fit_screen(window)
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
