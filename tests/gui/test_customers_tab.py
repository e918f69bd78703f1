"""The Customers tab with the tiny model: list, search, tags, notes, summarise, recommend,
forget (with its confirmation), export, imports; and the Copy tab's catalogue picker."""

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from engine.app import open_store
from engine.catalog.store import Catalogue
from engine.customers.forgotten import forgotten_at
from engine.customers.imports import import_contacts, import_notes
from engine.customers.store import CustomerBook
from gui.app import create_window

DATA = Path(__file__).resolve().parents[1] / "data" / "customers"
TIMEOUT = 180_000


@pytest.fixture
def filled(tiny_paths):
    store = open_store(tiny_paths)
    import_contacts(store, DATA / "customers.csv")
    import_notes(store, DATA / "notes.jsonl")
    Catalogue(store).import_file(DATA / "catalog.csv")
    store.close()
    return tiny_paths


@pytest.fixture
def window(qtbot, filled):
    window = create_window(str(filled.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.customers_tab)
    yield window
    window.close()


def _choose(tab, email):
    tab.choose(CustomerBook(tab.store).by_email(email).id)


def test_list_search_tags_and_details(qtbot, window):
    tab = window.customers_tab
    assert tab.list.count() == 30 and "30 of 30 customers · 65 products" in tab.count_label.text()
    tab.search.setText("无香")
    qtbot.waitUntil(lambda: tab.list.count() == 1, timeout=3_000)
    assert tab.list.item(0).text().startswith("王芳")
    tab.search.clear()
    tab.tag.setCurrentIndex(tab.tag.findData("unscented"))
    assert tab.list.count() == 1 and "Sophie" in tab.list.item(0).text()
    tab.tag.setCurrentIndex(0)
    _choose(tab, "wangfang88@mail.example.cn")
    assert "王芳" in tab.header.text() and "wholesale-lead" in tab.header.text()
    assert "other names: Wang Fang 王芳" in tab.header.text()
    assert tab.timeline.list.count() == 16
    newest = tab.timeline.list.item(0).text()
    assert newest.startswith(date.today().isoformat())  # the CSV's notes are dated on import
    assert tab.timeline.list.item(2).text().startswith("2024-12-01 · order remark")


def test_add_a_note_shows_it_at_the_top(qtbot, window):
    tab = window.customers_tab
    _choose(tab, "harriet.lowe@example.com")
    before = tab.timeline.list.count()
    tab.timeline.editor.setPlainText("Pasted: could the bowl come before the 15th?")
    tab.timeline.kind.setCurrentIndex(tab.timeline.kind.findData("message"))
    qtbot.mouseClick(tab.timeline.add_button, Qt.MouseButton.LeftButton)
    assert tab.timeline.list.count() == before + 1
    assert "could the bowl come" in tab.timeline.list.item(0).text()
    assert tab.timeline.editor.toPlainText() == ""


def test_summarise_streams_then_sentences_hover_to_their_notes(qtbot, window):
    tab = window.customers_tab
    _choose(tab, "harriet.lowe@example.com")
    with qtbot.waitSignal(tab.summarised, timeout=TIMEOUT) as done:
        qtbot.mouseClick(tab.summarise_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not tab.summarise_button.isEnabled(), timeout=5_000)
    result = done.args[0]
    assert result["customer_id"] == tab.current.id
    saved = CustomerBook(window.store).latest_profile(tab.current.id, "summary")
    assert saved["summary"] == result["summary"] == tab.summary.text.toPlainText() or (
        not result["summary"] and result["empty_reason"] in tab.summary.text.toPlainText()
    )
    assert "Written" in tab.summary.meta.text() and "Mood:" in tab.summary.mood.text()
    # the random tiny model rarely writes a sentence the notes support: show a saved one
    note = CustomerBook(window.store).notes(tab.current.id)[2]
    tab.summary.show_result(
        {
            "summary": "Harriet loves the speckled glaze mugs.",
            "sentences": [
                {
                    "text": "Harriet loves the speckled glaze mugs.",
                    "start": 0,
                    "end": 38,
                    "evidence": [note.id],
                    "labels": [note.label],
                }
            ],
            "created_at": "2026-12-02T10:00:00+00:00",
            "notes_used": [note.id],
            "sources": [note.id],
            "sentiment": [
                {"note_id": note.id, "date": note.date, "mood": "positive", "cue": "loves"}
            ],
        }
    )
    assert tab.summary.grounding_text(5) == f"From the notes:\n• {note.label}"
    with qtbot.waitSignal(tab.summary.notes_pointed) as pointed:
        rect = tab.summary.text.cursorRect(tab.summary.text.textCursor())
        qtbot.mouseClick(
            tab.summary.text.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(rect.x() + 4, rect.center().y()),
        )
    assert pointed.args == [[note.id]]
    assert tab.timeline.selected_ids() == [note.id]


def test_recommend_shows_only_catalogue_products(qtbot, window):
    tab = window.customers_tab
    _choose(tab, "sophie.laurent@example.net")
    with qtbot.waitSignal(tab.recommended, timeout=TIMEOUT) as done:
        qtbot.mouseClick(tab.recommend_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    handles = tab.recommendations.handles()
    assert handles == [i["handle"] for i in result["items"]] and 1 <= len(handles) <= 3
    catalogue = {p.handle for p in Catalogue(window.store).products(available_only=True)}
    assert set(handles) <= catalogue
    assert not {"fig-soy-candle", "lavender-soy-candle", "candle-discovery-set"} & set(handles)
    for card in tab.recommendations.cards:
        assert card.reason.text() and card.item["note_date"] in card.reason.toolTip()


def test_forget_names_the_adapters_and_erases_the_customer(qtbot, window, tmp_path):
    tab = window.customers_tab
    _choose(tab, "oliver@grant.example.com")
    adapter = window.paths.adapters / "own-voice"
    adapter.mkdir(parents=True)
    (adapter / "adapter_config.json").write_text("{}")
    (adapter / "adapter_model.safetensors").write_bytes(b"\0")
    (adapter / "shopscribe_adapter.json").write_text(
        json.dumps({"base_model": "x", "data": "mine.csv"})
    )
    with qtbot.waitSignal(tab.forgotten, timeout=TIMEOUT) as cancelled:
        qtbot.mouseClick(tab.forget_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.dialog is not None, timeout=30_000)
        assert "Forget Oliver Grant" in tab.dialog.text.text()
        assert "own-voice" in tab.dialog.text.text() and "cannot know" in tab.dialog.text.text()
        tab.dialog.reject()
    assert cancelled.args == [{}] and CustomerBook(window.store).by_email(
        "oliver@grant.example.com"
    )
    with qtbot.waitSignal(tab.forgotten, timeout=TIMEOUT) as done:
        qtbot.mouseClick(tab.forget_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.dialog is not None, timeout=30_000)
        qtbot.mouseClick(tab.dialog.forget_button, Qt.MouseButton.LeftButton)
    assert done.args[0]["still_found"] == []
    assert CustomerBook(window.store).by_email("oliver@grant.example.com") is None
    assert tab.list.count() == 29 and tab.current is None
    assert forgotten_at(window.store, "Oliver@Grant.example.com")
    assert "forgotten everywhere" in window.message_bar.text()


def test_import_asks_before_adding_a_forgotten_customer_again(qtbot, window, tmp_path):
    tab = window.customers_tab
    from engine.customers.privacy import forget

    store = open_store(window.paths)
    forget(store, window.paths, CustomerBook(store).by_email("tom.brennan@example.org").id)
    store.close()
    tab.refresh()
    with qtbot.waitSignal(tab.imported, timeout=TIMEOUT) as done:
        tab._spawn(tab.import_file(str(DATA / "customers.csv")))
        qtbot.waitUntil(lambda: tab.dialog is not None, timeout=30_000)
        assert "tom.brennan@example.org" in tab.dialog.findChild(type(tab.header)).text()
        qtbot.mouseClick(tab.dialog.add_button, Qt.MouseButton.LeftButton)
    assert done.args[0]["added"] == 1 and tab.list.count() == 30
    assert "1 new customer" in window.message_bar.text()


def test_export_writes_one_json_document(qtbot, window, tmp_path):
    tab = window.customers_tab
    _choose(tab, "aiko.tanaka@example.net")
    out = tmp_path / "aiko.json"
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT):
        tab._spawn(tab.export_to(str(out)))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["customer"]["name"] == "Aiko Tanaka" and data["notes"]


def test_copy_tab_picks_a_catalogue_product(qtbot, window):
    copy = window.copy_tab
    copy.pick_from_catalogue()
    picker = copy.picker
    picker.search.setText("curtain panel")
    assert picker.list.count() == 1
    picker.accept()
    assert copy.form.title.text() == "Linen Curtain Panel"
    facts = copy.form.facts.toPlainText()
    assert "Drop: 220 cm, 250 cm" in facts and "Colour: Oat, Flax" in facts
    assert "linen" in copy.form.keywords.text()
    assert picker.result() == QDialog.DialogCode.Accepted


def test_new_and_edited_customers_and_a_hand_added_product(qtbot, window, tmp_path):
    tab = window.customers_tab
    tab.new_customer()
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=5_000)
    tab.dialog.name.setText("Pat Doe")
    tab.dialog.email.setText("pat@example.com")
    tab.dialog.tags.setText("trade; vip")
    tab.dialog.fields.setPlainText("city: Bend")
    tab.dialog.accept()
    qtbot.waitUntil(
        lambda: tab.current is not None and tab.current.name == "Pat Doe", timeout=5_000
    )
    assert tab.list.count() == 31 and "city: Bend" in tab.header.text()
    tab.edit_customer()
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=5_000)
    tab.dialog.tags.setText("trade")
    tab.dialog.accept()
    qtbot.waitUntil(lambda: CustomerBook(window.store).get(tab.current.id).tags == ["trade"])
    tab.add_product()
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=5_000)
    tab.dialog.title.setText("Hand-bound Sketchbook")
    tab.dialog.facts.setPlainText("paper: 120 gsm\nlies flat")
    tab.dialog.accept()
    qtbot.waitUntil(
        lambda: Catalogue(window.store).get("hand-bound-sketchbook") is not None, timeout=30_000
    )
    book = Catalogue(window.store).get("hand-bound-sketchbook")
    assert book.facts["attributes"] == {"paper": "120 gsm"} and book.source == "manual"
    out = tmp_path / "contacts.csv"
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT) as done:
        tab._spawn(tab.export_csv(str(out)))
    assert done.args[0]["count"] == 31 and "pat@example.com" in out.read_text(encoding="utf-8-sig")
