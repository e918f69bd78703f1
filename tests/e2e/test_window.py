"""The window end to end with the real default model: type, generate, history, clipboard."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from engine.app import open_store
from engine.history.store import History
from gui.app import create_window


@pytest.mark.slow
def test_generate_in_the_window(qtbot, default_paths, qasync_loop):
    window = create_window(str(default_paths.root))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model_label.text().startswith("smollm2"), timeout=120_000)
    assert "cpu" in window.model_label.text()

    tab = window.copy_tab
    qtbot.keyClicks(tab.form.title, "Insulated Steel Bottle")
    tab.form.facts.setPlainText("capacity: 750 ml\nmaterial: stainless steel\nleak-proof lid")
    tab.form.avoid.setText("cheap")
    chunks: list[str] = []
    window.client.text_chunk.connect(lambda job, variant, text: chunks.append(text))
    with qtbot.waitSignal(tab.generation_done, timeout=180_000):
        qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(tab.stop_button.isEnabled, timeout=10_000)
    text = tab.cards[0].text().strip()
    assert text and len(chunks) >= 2  # streamed in pieces, not at the end
    assert "cheap" not in text.lower()
    assert tab.generate_button.isEnabled() and not tab.stop_button.isEnabled()
    assert tab.history.count() == 1
    assert "tok/s" in window.speed_label.text()

    qtbot.mouseClick(tab.cards[0].copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == text
    assert mime.html().startswith("<p>") or "<p>" in mime.html()
    window.close()


@pytest.mark.slow
def test_history_survives_restart(qtbot, default_paths, qasync_loop):
    store = open_store(default_paths)
    History(store).add("An earlier description.", title="Old Mug")
    History(store).add("A newer description.", title="New Mug")
    store.close()
    window = create_window(str(default_paths.root), load_model=False)
    qtbot.addWidget(window)
    assert window.copy_tab.history.count() == 2
    assert "New Mug" in window.copy_tab.history.list.item(0).text()
    window.close()


def test_generate_without_title_shows_a_message(qtbot, tiny_paths, qasync_loop):
    window = create_window(str(tiny_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.copy_tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "title" in window.message_bar.text(), timeout=5_000)
    assert not window.copy_tab.busy
    window.close()
