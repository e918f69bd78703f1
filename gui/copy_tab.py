"""The Copy tab: product facts in, listing copy streamed out, variants side by side, history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.errors import UserError
from engine.facts import ProductFacts
from engine.guard import check_text
from engine.prompts import get_channel
from engine.store import HistoryItem, Store
from engine.voice import list_voices
from gui.engine_worker import EngineClient
from gui.facts_form import FactsForm
from gui.history_panel import HistoryPanel
from gui.variant_card import VariantCard


def guard_flags(text: str, facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Fact-guard flags for a text and a stored facts document (empty if the facts are bad)."""
    try:
        parsed = ProductFacts.from_dict(facts)
    except UserError:
        return []
    return [f.to_json() for f in check_text(text, parsed)]


class CopyTab(QWidget):
    """Where merchants write listing copy."""

    message = Signal(str, str)
    """(text, level) for the window's message bar."""
    generation_done = Signal(object)
    """The copy job's result dict (model, device, tokens_per_s, variants)."""

    def __init__(self, client: EngineClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.job_id = 0
        self.regenerating: int | None = None
        self.last_params: dict[str, Any] = {}
        self.last_batch = ""
        self.cards: list[VariantCard] = []
        self.form = FactsForm()
        self.form.manage_voices.connect(self.manage_voices)
        self.generate_button = QPushButton("Generate")
        self.generate_button.setDefault(True)
        self.generate_button.setStyleSheet("font-weight:bold;padding:6px 18px;")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)

        left_inner = QWidget()
        left_layout = QVBoxLayout(left_inner)
        left_layout.addWidget(QLabel("<h3>Product facts</h3>"))
        left_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addStretch(1)
        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setWidget(left_inner)
        left.setFrameShape(QScrollArea.Shape.NoFrame)
        left.setMinimumWidth(330)
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.cards_area = QWidget()
        self.cards_layout = QHBoxLayout(self.cards_area)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.state_label = QLabel("Fill in a title and press Generate.")
        self.state_label.setStyleSheet("color:#666;")
        self.state_label.setWordWrap(True)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(QLabel("<h3>Copy</h3>"))
        middle_layout.addWidget(self.cards_area, 1)
        middle_layout.addWidget(self.state_label)

        self.history = HistoryPanel(store, kind="copy")
        self.history.item_chosen.connect(self.show_history_item)
        self.history.message.connect(self.message)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([330, 700, 250])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self._make_cards(1)
        self.reload_voices()

        client.text_chunk.connect(self._on_text)
        client.finished.connect(self._on_finished)
        client.failed.connect(self._on_failed)

    def _make_cards(self, count: int, channel: str | None = None, fmt: str = "plain") -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        spec = get_channel(channel or self.form.channel_name())
        self.cards = [VariantCard(i, spec, fmt) for i in range(count)]
        for card in self.cards:
            card.copied.connect(self._on_copied)
            card.favourite_toggled.connect(self._on_favourite)
            card.edited.connect(self._on_edited)
            card.chosen.connect(self._on_chosen)
            card.regenerate_requested.connect(self.regenerate)
            self.cards_layout.addWidget(card, 1)

    @property
    def busy(self) -> bool:
        """True while this tab's generation runs."""
        return self.job_id != 0

    @Slot()
    def reload_voices(self) -> None:
        """Refill the brand voice picker from the store."""
        self.form.set_voices(list_voices(self.store))

    @Slot()
    def manage_voices(self) -> None:
        """Open the brand voice dialog; refresh the picker when it closes."""
        from gui.brand_voice_dialog import BrandVoiceDialog

        dialog = BrandVoiceDialog(self.store, self)
        dialog.finished.connect(self.reload_voices)
        dialog.open()
        self.voice_dialog = dialog

    @Slot()
    def generate(self) -> None:
        """Start a generation from the form (refuses politely without a title)."""
        if self.busy:
            return
        facts = self.form.facts_dict()
        if not facts["title"]:
            self.message.emit("Enter a product title first: it is the one fact we need.", "warning")
            self.form.title.setFocus()
            return
        variants = self.form.variants.value()
        params: dict[str, Any] = {
            "facts": facts,
            "channel": self.form.channel_name(),
            "variants": variants,
            "temperature": 0.7,
            "length": self.form.length_name(),
            "format": self.form.format_name(),
            "voice_id": self.form.voice_id(),
        }
        self._make_cards(variants, params["channel"], params["format"])
        self.last_params = params
        self.last_batch = ""
        self.regenerating = None
        self.job_id = self.client.submit("copy", params)
        self._set_busy(True)
        self.state_label.setText("Writing…")

    @Slot(int)
    def regenerate(self, index: int) -> None:
        """Write one variant again with the same facts and settings; the other cards stay."""
        if self.busy or not self.last_params or not 0 <= index < len(self.cards):
            return
        params = {
            **self.last_params,
            "variants": 1,
            "variant_index": index,
            "batch_id": self.last_batch,
            "seed": None,
        }
        self.regenerating = index
        self.cards[index].clear_for_regeneration()
        self.job_id = self.client.submit("copy", params)
        self._set_busy(True)
        self.state_label.setText(f"Rewriting variant {index + 1}…")

    @Slot()
    def stop(self) -> None:
        """Stop the running generation at the next token; the text so far stays."""
        if self.job_id:
            self.client.stop(self.job_id)
            self.state_label.setText("Stopping…")

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        for card in self.cards:
            card.regen_button.setEnabled(not busy and bool(card.text().strip()))

    @Slot(int, int, str)
    def _on_text(self, job_id: int, variant: int, text: str) -> None:
        if job_id == self.job_id and 0 <= variant < len(self.cards):
            self.cards[variant].append(text)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        if job_id != self.job_id:
            return
        self.job_id = 0
        assert isinstance(result, dict)
        for position, variant in enumerate(result["variants"]):
            index = int(variant.get("variant", position))
            if 0 <= index < len(self.cards):
                self.cards[index].set_result(variant["text"], variant["flags"], variant["id"])
        self.last_batch = str(result.get("batch_id") or self.last_batch)
        self._set_busy(False)
        flagged = sum(len(card.flags) for card in self.cards)
        state = "Stopped." if result.get("stopped") else "Done."
        if self.regenerating is not None:
            state = f"Variant {self.regenerating + 1} rewritten."
        if flagged:
            state += f" {flagged} statement(s) to check are highlighted."
        self.regenerating = None
        self.state_label.setText(state)
        self.history.refresh()
        self.generation_done.emit(result)

    @Slot(int, str, str)
    def _on_failed(self, job_id: int, message: str, kind: str) -> None:
        if job_id != self.job_id:
            return
        self.job_id = 0
        self.regenerating = None
        self._set_busy(False)
        if kind == "cancelled":
            self.state_label.setText("Stopped.")
            return
        self.state_label.setText("Not written.")
        self.message.emit(message, "error" if kind == "user" else "bug")

    @Slot(str)
    def _on_copied(self, text: str) -> None:
        self.state_label.setText(f"Copied {len(text)} characters to the clipboard.")

    @Slot(int, bool)
    def _on_favourite(self, history_id: int, favourite: bool) -> None:
        self.store.set_favourite(history_id, favourite)
        self.history.refresh()

    @Slot(int, int, str)
    def _on_edited(self, index: int, history_id: int, text: str) -> None:
        """Save the edit to history and re-check it against the facts."""
        self.store.update_generation_text(history_id, text)
        item = self.store.get_generation(history_id)
        if item is not None and 0 <= index < len(self.cards):
            self.cards[index].set_flags(guard_flags(self.cards[index].text(), item.facts))
        self.state_label.setText(f"Edit of variant {index + 1} saved.")
        self.history.refresh()

    @Slot(int)
    def _on_chosen(self, index: int) -> None:
        for card in self.cards:
            card.set_chosen(card.index == index)
        self.state_label.setText(f"Variant {index + 1} chosen.")

    def chosen_index(self) -> int | None:
        """The picked variant's card index, if any."""
        return next((c.index for c in self.cards if c.is_chosen()), None)

    @Slot(object)
    def show_history_item(self, item: HistoryItem) -> None:
        """Show a past generation, its facts and its fact-guard flags, ready to copy or edit."""
        if self.busy:
            return
        self.form.load_facts(item.facts)
        index = self.form.channel.findData(item.channel)
        if index >= 0:
            self.form.channel.setCurrentIndex(index)
        fmt = str(item.settings.get("format") or "plain")
        self._make_cards(1, item.channel or None, fmt)
        self.cards[0].set_result(item.text, guard_flags(item.text, item.facts), item.id)
        self.cards[0].fav_button.setChecked(item.favourite)
        self.cards[0].regen_button.setEnabled(False)
        self.last_params = {}
        self.state_label.setText(f"From history: {item.created_at[:16].replace('T', ' ')}")
