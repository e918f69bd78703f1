"""The first-run guide: not shown by create_window (tests, benches), shown by main until
dismissed for good; it names the model, the tabs and the data folder, and loads samples."""

import asyncio

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import create_window
from gui.dialogs.first_run import ENV_NO_GUIDE, FirstRunGuide, should_show
from gui.settings import UiSettings


@pytest.fixture
def window(qtbot, tiny_paths):
    window = create_window(str(tiny_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def test_windows_made_for_tests_never_show_it(window):
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstRunGuide)]


def test_main_shows_it_until_dismissed_or_switched_off(data_paths):
    settings = UiSettings(data_paths)
    assert should_show(settings, {})
    assert not should_show(settings, {ENV_NO_GUIDE: "1"})
    settings.set_guide_dismissed(True)
    assert not should_show(UiSettings(data_paths), {})


def test_it_says_which_model_what_each_tab_does_and_where_data_lives(qtbot, window, tiny_paths):
    guide = window.guide_menu.open()
    qtbot.addWidget(guide)
    text = guide.text.text()
    assert "tiny" in text  # the installed model's name
    assert str(tiny_paths.root) in text
    for tab in ("Copy", "Bulk", "FAQ replies", "Customers", "Finetune"):
        assert f"<b>{tab}</b>" in text
    guide.dont_show.setChecked(True)
    assert UiSettings(tiny_paths).guide_dismissed()
    guide.close()


def test_the_sample_product_fills_the_copy_form(qtbot, window):
    guide = window.guide_menu.open()
    qtbot.addWidget(guide)
    guide.product_button.click()
    assert window.copy_tab.form.title.text() == "Speckled Stoneware Mug"
    assert "capacity: 350 ml" in window.copy_tab.form.facts.toPlainText()
    assert window.tabs.currentWidget() is window.copy_tab
    guide.close()


def test_sample_customers_are_imported(qtbot, window):
    guide = window.guide_menu.open()
    qtbot.addWidget(guide)
    with qtbot.waitSignal(window.customers_tab.imported, timeout=30_000):
        guide.customer_button.click()
    assert window.customers_tab.book.count() == 2
    guide.close()


def test_sample_policies_go_into_the_book(qtbot, window):
    calls = []

    def start(name, params=None, **kw):
        calls.append((name, params))
        future = asyncio.get_event_loop().create_future()
        future.set_result({"file": "p.md", "added": [], "updated": [], "unchanged": 0})
        return len(calls), future

    window.client.start = start
    guide = window.guide_menu.open()
    qtbot.addWidget(guide)
    guide.policies_button.click()
    qtbot.waitUntil(lambda: len([c for c in calls if c[0] == "faq_import"]) == 2)
    paths = [p["path"] for n, p in calls if n == "faq_import"]
    assert paths[0].endswith("policies.md") and paths[1].endswith("policies_zh.md")
    del window.client.start
    guide.close()
