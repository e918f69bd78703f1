"""The Copy tab: facts in, grounded copy streamed out, variants best first, history."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
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
from qasync import asyncSlot

from engine.history.store import History, HistoryItem
from engine.listing.prompts import get_channel
from engine.listing.voice import list_voices
from engine.store.connection import Store
from gui.theme import colour
from gui.widgets.facts_form import FactsForm
from gui.widgets.history_panel import HistoryPanel
from gui.widgets.variant_card import CARD_MIN_WIDTH, VariantCard
from gui.worker.client import EngineClient, JobFailed


class CopyTab(QWidget):
    """Where merchants write listing copy."""

    message = Signal(str, str)
    """(text, level) for the window's message bar."""
    generation_done = Signal(object)
    """The copy job's result dict (model, device, tokens_per_s, variants)."""
    checked = Signal(int)
    """A card's text was checked again (after an edit, a removal or a rewrite)."""

    def __init__(self, client: EngineClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.history_store = History(store)
        self._tasks: set[asyncio.Future[None]] = set()
        self.job_id = 0
        self.regenerating: int | None = None
        self.last_params: dict[str, Any] = {}
        self.last_batch = ""
        self.cards: list[VariantCard] = []
        self.form = FactsForm()
        self.form.manage_voices.connect(self.manage_voices)
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setDefault(True)
        self.generate_button.setStyleSheet("font-weight:bold;padding:6px 18px;")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)

        left_inner = QWidget()
        left_layout = QVBoxLayout(left_inner)
        left_layout.addWidget(QLabel(self.tr("<h3>Product facts</h3>")))
        self.pick_button = QPushButton(self.tr("Pick from catalogue…"))
        self.pick_button.setToolTip(self.tr("Fill the form from a product of the shop's catalogue"))
        self.pick_button.clicked.connect(self.pick_from_catalogue)
        left_layout.addWidget(self.pick_button)
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
        # Never narrower than the form (the form does not scroll sideways, so it would be cut).
        left.setMinimumWidth(
            left_inner.minimumSizeHint().width() + left.verticalScrollBar().sizeHint().width()
        )
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # Variants side by side; more than fit scroll sideways, never widening the window.
        self.cards_area = QWidget()
        self.cards_layout = QHBoxLayout(self.cards_area)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_scroll = QScrollArea()
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.cards_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards_scroll.setWidget(self.cards_area)
        self.cards_scroll.setMinimumWidth(CARD_MIN_WIDTH + 20)
        self.state_label = QLabel(self.tr("Fill in a title and press Generate."))
        self.state_label.setStyleSheet(f"color:{colour('muted')};")
        self.state_label.setWordWrap(True)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(QLabel(self.tr("<h3>Copy</h3>")))
        middle_layout.addWidget(self.cards_scroll, 1)
        middle_layout.addWidget(self.state_label)

        self.history = HistoryPanel(store, client, kind="copy")
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
            card.remove_requested.connect(self.remove_sentence)
            card.rewrite_requested.connect(self.rewrite_sentence)
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
        from gui.dialogs.brand_voice_dialog import BrandVoiceDialog

        dialog = BrandVoiceDialog(self.store, self)
        dialog.finished.connect(self.reload_voices)
        dialog.open()
        self.voice_dialog = dialog

    @asyncSlot()
    async def generate(self) -> None:
        """Write copy from the form (refuses politely without a title)."""
        if self.busy:
            return
        facts = self.form.facts_dict()
        if not facts["title"]:
            self.message.emit(
                self.tr("Enter a product title first: it is the one fact we need."), "warning"
            )
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
            "grounded": self.form.grounded(),
        }
        self._make_cards(variants, params["channel"], params["format"])
        self.last_params = params
        self.last_batch = ""
        await self._write(params, None, self.tr("Writing…"))

    @asyncSlot(int)
    async def regenerate(self, index: int) -> None:
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
        self.cards[index].clear_for_regeneration()
        await self._write(params, index, self.tr("Rewriting variant {n}…").format(n=index + 1))

    async def _write(self, params: dict[str, Any], regenerating: int | None, state: str) -> None:
        """Run one copy job, streaming into the cards, and show its outcome."""
        self.regenerating = regenerating
        self.job_id, future = self.client.start("copy", params, on_text=self._on_text)
        self._set_busy(True)
        self.state_label.setText(state)
        try:
            result = await future
        except JobFailed as exc:
            self.job_id = 0
            self.regenerating = None
            self._set_busy(False)
            if exc.cancelled:
                self.state_label.setText(self.tr("Stopped."))
                return
            self.state_label.setText(self.tr("Not written."))
            self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return
        self.job_id = 0
        self._show_result(result)

    @Slot()
    def stop(self) -> None:
        """Stop the running generation at the next token; the text so far stays."""
        if self.job_id:
            self.client.stop(self.job_id)
            self.state_label.setText(self.tr("Stopping…"))

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        for card in self.cards:
            card.regen_button.setEnabled(not busy and bool(card.text().strip()))

    def _on_text(self, variant: int, text: str) -> None:
        if 0 <= variant < len(self.cards):
            self.cards[variant].append(text)

    def _show_result(self, result: dict[str, Any]) -> None:
        """Each card gets its variant (best first), with its grounding and coverage."""
        for position, variant in enumerate(result["variants"]):
            index = int(variant.get("variant", position))
            if 0 <= index < len(self.cards):
                card = self.cards[index]
                card.set_result(variant["text"], variant["flags"], variant["id"], variant)
                if self.regenerating is None:
                    card.set_rank(int(variant.get("rank", position)))
        self.last_batch = str(result.get("batch_id") or self.last_batch)
        self._set_busy(False)
        flagged = sum(len(card.flags) for card in self.cards)
        state = self.tr("Stopped.") if result.get("stopped") else self.tr("Done, best first.")
        if self.regenerating is not None:
            state = self.tr("Variant {n} rewritten.").format(n=self.regenerating + 1)
        if flagged:
            state += self.tr(" {n} statement(s) to check are highlighted.").format(n=flagged)
        self.regenerating = None
        self.state_label.setText(state)
        self.history.refresh()
        self.generation_done.emit(result)

    @Slot(str)
    def _on_copied(self, text: str) -> None:
        self.state_label.setText(
            self.tr("Copied {n} characters to the clipboard.").format(n=len(text))
        )

    @Slot(int, bool)
    def _on_favourite(self, history_id: int, favourite: bool) -> None:
        self.history_store.set_favourite(history_id, favourite)
        self.history.refresh()

    @asyncSlot(int, int, str)
    async def _on_edited(self, index: int, history_id: int, text: str) -> None:
        """Save the edit to history and check it again against the same facts."""
        self.history_store.update_text(history_id, text)
        self.state_label.setText(self.tr("Edit of variant {n} saved.").format(n=index + 1))
        self.history.refresh()
        await self.recheck(index)

    async def recheck(self, index: int) -> None:
        """Check card ``index``'s text against its history item's facts (engine thread)."""
        if not 0 <= index < len(self.cards):
            return
        card = self.cards[index]
        item = self.history_store.get(card.history_id) if card.history_id else None
        if item is None:
            return
        try:
            check = await self.client.run("check_copy", {"facts": item.facts, "text": card.text()})
        except JobFailed as exc:
            if not exc.cancelled:
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return
        if card.text() == check["text"]:  # not typed over meanwhile
            card.set_check(check)
        self.checked.emit(index)

    @asyncSlot(int, int, int)
    async def remove_sentence(self, index: int, start: int, end: int) -> None:
        """Drop one unsupported sentence of a card (saved and checked again)."""
        from engine.grounding.writer import remove_sentence

        card = self.cards[index]
        card.set_text(remove_sentence(card.text(), start, end))
        card.save_edit()

    @asyncSlot(int, int, int)
    async def rewrite_sentence(self, index: int, start: int, end: int) -> None:
        """Write one sentence of a card again, grounded in the facts."""
        card = self.cards[index]
        item = self.history_store.get(card.history_id) if card.history_id else None
        if item is None or self.busy:
            return
        params = {
            **self.last_params,
            "facts": item.facts,
            "channel": item.channel or "description",
            "text": card.text(),
            "start": start,
            "end": end,
        }
        self.state_label.setText(
            self.tr("Rewriting a sentence of variant {n}…").format(n=index + 1)
        )
        self.job_id, future = self.client.start("rewrite_sentence", params)
        self._set_busy(True)
        try:
            result = await future
        except JobFailed as exc:
            self.state_label.setText(self.tr("Not rewritten."))
            if not exc.cancelled:
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return
        finally:
            self.job_id = 0
            self._set_busy(False)
        if not result["rewritten"]:
            self.state_label.setText(
                self.tr("No rewrite the facts support was found; remove it instead.")
            )
            return
        card.set_text(result["text"])
        card.set_check(result)
        self.history_store.update_text(card.history_id, result["text"])
        self.history.refresh()
        self.state_label.setText(self.tr("Sentence of variant {n} rewritten.").format(n=index + 1))
        self.checked.emit(index)

    @Slot(int)
    def _on_chosen(self, index: int) -> None:
        for card in self.cards:
            card.set_chosen(card.index == index)
        self.state_label.setText(self.tr("Variant {n} chosen.").format(n=index + 1))

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
        self.cards[0].set_result(item.text, [], item.id)
        self.cards[0].fav_button.setChecked(item.favourite)
        self.cards[0].regen_button.setEnabled(False)
        self.last_params = {}
        self.state_label.setText(
            self.tr("From history: {when}").format(when=item.created_at[:16].replace("T", " "))
        )
        self._spawn(self.recheck(0))  # its flags, grounding and coverage

    @Slot()
    def pick_from_catalogue(self) -> None:
        """Choose a catalogue product; its facts fill the form (see fill_from_product)."""
        from gui.widgets.customer_catalogue_picker import CataloguePicker

        self.picker = CataloguePicker(self.store, self)
        self.picker.accepted.connect(lambda: self.fill_from_product(self.picker.chosen()))
        self.picker.open()

    def fill_from_product(self, product: Any) -> None:
        """Fill the facts form from one catalogue product (``ShopProduct``; None does nothing)."""
        if product is not None:
            lang = str(self.form.lang.currentData() or "en")
            self.form.load_facts(product.product_facts(lang).to_dict())
            self.state_label.setText(
                self.tr("Facts of {title} from the catalogue.").format(title=product.title)
            )

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """Run a flow in the background, keeping a reference until it ends."""
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
