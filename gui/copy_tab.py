"""The Copy tab: product facts in, listing copy streamed out, variants side by side, history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.prompts import get_channel
from engine.store import HistoryItem, Store
from gui.engine_worker import EngineClient
from gui.facts_form import FactsForm
from gui.history_panel import HistoryPanel
from gui.variant_card import VariantCard


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
        self.cards: list[VariantCard] = []
        self.form = FactsForm()
        self.generate_button = QPushButton("Generate")
        self.generate_button.setDefault(True)
        self.generate_button.setStyleSheet("font-weight:bold;padding:6px 18px;")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("<h3>Product facts</h3>"))
        left_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addStretch(1)

        self.cards_area = QWidget()
        self.cards_layout = QHBoxLayout(self.cards_area)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.state_label = QLabel("Fill in a title and press Generate.")
        self.state_label.setStyleSheet("color:#666;")
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(QLabel("<h3>Copy</h3>"))
        middle_layout.addWidget(self.cards_area, 1)
        middle_layout.addWidget(self.state_label)

        self.history = HistoryPanel(store, kind="copy")
        self.history.item_chosen.connect(self.show_history_item)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 2)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self._make_cards(1)

        client.text_chunk.connect(self._on_text)
        client.finished.connect(self._on_finished)
        client.failed.connect(self._on_failed)

    def _make_cards(self, count: int) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        channel = get_channel(self.form.channel_name())
        self.cards = [VariantCard(i, channel) for i in range(count)]
        for card in self.cards:
            card.copied.connect(self._on_copied)
            card.favourite_toggled.connect(self._on_favourite)
            self.cards_layout.addWidget(card, 1)

    @property
    def busy(self) -> bool:
        """True while this tab's generation runs."""
        return self.job_id != 0

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
        self._make_cards(variants)
        params: dict[str, Any] = {
            "facts": facts,
            "channel": self.form.channel_name(),
            "variants": variants,
            "temperature": 0.7,
        }
        self.job_id = self.client.submit("copy", params)
        self._set_busy(True)
        self.state_label.setText("Writing…")

    @Slot()
    def stop(self) -> None:
        """Stop the running generation at the next token; the text so far stays."""
        if self.job_id:
            self.client.stop(self.job_id)
            self.state_label.setText("Stopping…")

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)

    @Slot(int, int, str)
    def _on_text(self, job_id: int, variant: int, text: str) -> None:
        if job_id == self.job_id and 0 <= variant < len(self.cards):
            self.cards[variant].append(text)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        if job_id != self.job_id:
            return
        self.job_id = 0
        self._set_busy(False)
        assert isinstance(result, dict)
        for card, variant in zip(self.cards, result["variants"], strict=False):
            card.set_result(variant["text"], variant["flags"], variant["id"])
        flagged = sum(len(v["flags"]) for v in result["variants"])
        state = "Stopped." if result.get("stopped") else "Done."
        if flagged:
            state += f" {flagged} statement(s) to check are highlighted."
        self.state_label.setText(state)
        self.history.refresh()
        self.generation_done.emit(result)

    @Slot(int, str, str)
    def _on_failed(self, job_id: int, message: str, kind: str) -> None:
        if job_id != self.job_id:
            return
        self.job_id = 0
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

    @Slot(object)
    def show_history_item(self, item: HistoryItem) -> None:
        """Show a past generation and its facts, ready to copy or regenerate."""
        if self.busy:
            return
        self.form.load_facts(item.facts)
        index = self.form.channel.findData(item.channel)
        if index >= 0:
            self.form.channel.setCurrentIndex(index)
        self._make_cards(1)
        self.cards[0].set_result(item.text, [], item.id)
        self.cards[0].fav_button.setChecked(item.favourite)
        self.state_label.setText(f"From history: {item.created_at[:16].replace('T', ' ')}")
