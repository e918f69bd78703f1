"""The Copy tab's studio features with the tiny model: regenerate one, edits, favourites,
brand voice presets, per-line limits, flags on history items, export."""

import asyncio
import json

import pytest
from PySide6.QtCore import Qt

from engine.history.store import History
from engine.listing.prompts import get_channel
from engine.listing.voice import BrandVoice, list_voices, save_voice
from gui.app import create_window
from gui.dialogs.brand_voice_dialog import BrandVoiceDialog
from gui.widgets.variant_card import VariantCard, limit_report


@pytest.fixture
def window(qtbot, tiny_paths):
    window = create_window(str(tiny_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def _generate(qtbot, tab, variants=3):
    tab.form.title.setText("Insulated Steel Bottle")
    tab.form.facts.setPlainText("capacity: 750 ml\nmaterial: stainless steel")
    tab.form.channel.setCurrentIndex(tab.form.channel.findData("title"))
    tab.form.variants.setValue(variants)
    with qtbot.waitSignal(tab.generation_done, timeout=120_000):
        qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)


def test_regenerate_one_replaces_only_that_card(qtbot, window):
    tab = window.copy_tab
    _generate(qtbot, tab)
    before = [(c.text(), c.history_id) for c in tab.cards]
    assert all(text and hid for text, hid in before)
    cards = list(tab.cards)
    with qtbot.waitSignal(tab.generation_done, timeout=120_000) as blocker:
        qtbot.mouseClick(tab.cards[1].regen_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.busy, timeout=5_000)
        assert tab.cards[1].text() == ""
    assert tab.cards == cards  # the same three cards, not a new set
    assert [(c.text(), c.history_id) for c in (tab.cards[0], tab.cards[2])] == [
        before[0],
        before[2],
    ]
    new_id = tab.cards[1].history_id
    assert new_id not in (before[0][1], before[1][1], before[2][1])
    assert tab.cards[1].text() == blocker.args[0]["variants"][0]["text"]
    old = History(window.store).get(before[1][1])
    new = History(window.store).get(new_id)
    assert new is not None and old is not None
    assert new.facts == old.facts and new.channel == old.channel and new.model == old.model
    assert new.settings["regenerated_variant"] == 1 and new.settings["length"] == "medium"
    assert tab.history.count() == 4


def test_edit_in_place_saves_to_history_and_rechecks(qtbot, window):
    tab = window.copy_tab
    _generate(qtbot, tab, variants=1)
    card = tab.cards[0]
    card.editor.setPlainText("Steel bottle, 750ml, now dishwasher safe.")
    qtbot.waitUntil(
        lambda: (
            History(window.store).get(card.history_id).text
            == "Steel bottle, 750ml, now dishwasher safe."
        ),
        timeout=5_000,
    )
    # checked again on the engine thread, against the same facts as the first check
    qtbot.waitUntil(lambda: [f["span"] for f in card.flags] == ["dishwasher safe"], timeout=30_000)
    assert "saved" in tab.state_label.text()
    assert card.coverage_label.text().startswith("Uses 2 of 2 facts")


def test_pick_one_marks_only_that_card(qtbot, window):
    tab = window.copy_tab
    _generate(qtbot, tab, variants=2)
    qtbot.mouseClick(tab.cards[1].choose_button, Qt.MouseButton.LeftButton)
    assert tab.chosen_index() == 1 and tab.cards[1].choose_button.text() == "✓ Chosen"
    qtbot.mouseClick(tab.cards[0].choose_button, Qt.MouseButton.LeftButton)
    assert tab.chosen_index() == 0 and not tab.cards[1].is_chosen()


def test_favourites_filter_and_export(qtbot, window, tmp_path):
    store, panel = window.store, window.copy_tab.history
    ids = [History(store).add(f"Mug text {i}", title=f"Mug {i}") for i in range(3)]
    History(store).add("保温杯文案", title="保温杯")
    History(store).set_favourite(ids[1], True)
    panel.refresh()
    assert panel.count() == 4
    panel.favourites_only.setChecked(True)
    assert panel.items() == [ids[1]]
    panel.search.setText("保温")
    qtbot.waitUntil(lambda: panel.count() == 0, timeout=2_000)
    panel.favourites_only.setChecked(False)
    assert panel.count() == 1
    out = tmp_path / "shown.json"
    with qtbot.waitSignal(panel.exported, timeout=30_000) as done:
        task = asyncio.ensure_future(panel.export_to(out, "json"))
    assert done.args == [1] and task.result() == 1
    assert json.loads(out.read_text())["items"][0]["text"] == "保温杯文案"
    assert "Exported 1" in window.message_bar.text()
    with qtbot.waitSignal(panel.exported, timeout=30_000) as done:
        task = asyncio.ensure_future(panel.export_to(tmp_path, "csv"))
    assert done.args == [-1] and task.result() == -1
    assert "folder" in window.message_bar.text()


def test_preset_picker_fills_avoid_words_tone_and_keywords(qtbot, window):
    save_voice(
        window.store,
        BrandVoice(
            name="Cosy", tone="warm", words_to_use=["cosy"], words_to_avoid=["cheap", "deal"]
        ),
    )
    tab = window.copy_tab
    tab.reload_voices()
    tab.form.avoid.setText("Cheap, plastic")
    tab.form.voice.setCurrentIndex(tab.form.voice.findText("Cosy"))
    assert tab.form.avoid.text() == "Cheap, plastic, deal"
    assert tab.form.keywords.text() == "cosy" and tab.form.tone.currentText() == "warm"
    assert tab.form.voice_id() == list_voices(window.store)[0].id


def test_brand_voice_dialog_saves_a_preset_with_a_favourite_example(qtbot, window):
    store = window.store
    fav = History(store).add("Made for slow mornings and warm hands.", title="Mug")
    History(store).set_favourite(fav, True)
    dialog = BrandVoiceDialog(store)
    qtbot.addWidget(dialog)
    dialog.new_voice()
    dialog.name.setText("Slow mornings")
    dialog.avoid_words.setText("cheap, bargain")
    dialog.examples.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.save_current()
    [voice] = list_voices(store)
    assert voice.examples == ["Made for slow mornings and warm hands."]
    assert voice.words_to_avoid == ["cheap", "bargain"]
    dialog.new_voice()
    dialog.save_current()
    assert "name" in dialog.error.text()


def test_seo_counts_title_and_meta_description_separately(qtbot):
    card = VariantCard(0, get_channel("seo"))
    qtbot.addWidget(card)
    card.editor.setPlainText("T" * 61 + "\n" + "m" * 150)
    assert (
        "SEO title 61/60" in card.counter.text()
        and "Meta description 150/160" in card.counter.text()
    )
    assert card.over_limit
    card.editor.setPlainText("Short title\n" + "m" * 150)
    assert not card.over_limit
    report, over = limit_report(
        "Headline that is far too long for an ad headline\nBuy it.", get_channel("ad")
    )
    assert over and "Headline 48/40" in report


def test_history_item_shows_its_flags(qtbot, window):
    store = window.store
    item_id = History(store).add(
        "750 ml of cold water, dishwasher safe, 保温12小时。",
        channel="description",
        title="Bottle",
        facts={"title": "Bottle", "attributes": {"capacity": "750 ml"}},
    )
    with qtbot.waitSignal(window.copy_tab.checked, timeout=30_000):
        window.copy_tab.show_history_item(History(store).get(item_id))
    card = window.copy_tab.cards[0]
    # guard v2: "cold water" is a use no fact states (the facts give only the capacity)
    assert [f["span"] for f in card.flags] == ["cold water", "dishwasher safe", "保温", "12小时"]
    assert card.grounding_text(0).startswith("Not in your facts")
    assert card.flags_label.isVisibleTo(card) and "dishwasher safe" in card.flags_label.text()
    assert card.history_id == item_id


def test_html_format_copies_markup(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    card = VariantCard(0, get_channel("description"), "html")
    qtbot.addWidget(card)
    card.set_result("First para.\n\nSecond para.", [], 5)
    card.copy_to_clipboard()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == "<p>First para.</p><p>Second para.</p>" == mime.html()
