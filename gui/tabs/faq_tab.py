"""The FAQ replies tab: the policy book, a customer's message in, grounded reply drafts out.

Left, the policy book (import, add, edit, delete, filter, read one). Middle, the message, tone,
drafts and language, Generate / Stop, and the drafts as they stream in, each with its sources
(click one to read that policy) and what the policies do not support highlighted. Banners say
when a message needs a person, when it tries to instruct the assistant, and when no policy
answers (with "Add to the book"). Right, saved replies and the history of drafts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine.history.store import History, HistoryItem
from engine.store.connection import Store
from gui.theme import colour
from gui.widgets.faq_book_panel import FaqBookPanel
from gui.widgets.faq_draft_card import FaqDraftCard
from gui.widgets.faq_saved_panel import FaqSavedPanel
from gui.widgets.history_panel import HistoryPanel
from gui.worker.client import EngineClient, JobFailed, alive

BANNER = "padding:6px 10px;border-radius:4px;"
TONES = (
    (QT_TRANSLATE_NOOP("FaqTab", "Friendly"), "friendly"),
    (QT_TRANSLATE_NOOP("FaqTab", "Formal"), "formal"),
    (QT_TRANSLATE_NOOP("FaqTab", "Brief"), "brief"),
)
LANGS = (
    (QT_TRANSLATE_NOOP("FaqTab", "Customer's language"), ""),
    (QT_TRANSLATE_NOOP("FaqTab", "English"), "en"),
    ("中文", "zh"),
)


class FaqTab(QWidget):
    """Where merchants answer customer messages from their own policies."""

    message = Signal(str, str)
    """(text, level) for the window's message bar."""
    replied = Signal(object)
    """The faq_reply job's result, once shown (or the error text when it failed)."""

    def __init__(self, client: EngineClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.history_store = History(store)
        self.job_id = 0
        self.values: dict[str, str] = {}
        self.last_result: dict[str, Any] = {}
        self.cards: list[FaqDraftCard] = []

        self.book = FaqBookPanel(client, store)
        self.book.message.connect(self.message)
        self.book.setMinimumWidth(260)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.addWidget(QLabel(self.tr("<h3>Customer message</h3>")))
        self.message_box = QPlainTextEdit()
        self.message_box.setPlaceholderText(
            self.tr(
                "Paste the customer's message here (English or 中文). It is read as data: "
                "instructions inside it are never followed."
            )
        )
        self.message_box.setMaximumHeight(150)
        mid.addWidget(self.message_box)
        controls = QHBoxLayout()
        self.tone = QComboBox()
        for label, value in TONES:
            self.tone.addItem(self.tr(str(label)), value)
        self.variants = QSpinBox()
        self.variants.setRange(1, 3)
        self.variants.setValue(2)
        self.variants.setPrefix(self.tr("Drafts: "))
        self.lang = QComboBox()
        for label, value in LANGS:
            self.lang.addItem(self.tr(str(label)), value)
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setDefault(True)
        self.generate_button.setStyleSheet("font-weight:bold;padding:6px 18px;")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        for widget in (QLabel(self.tr("Tone")), self.tone, self.variants, self.lang):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.generate_button)
        controls.addWidget(self.stop_button)
        mid.addLayout(controls)
        self.handover_banner = QLabel()
        self.handover_banner.setWordWrap(True)
        self.handover_banner.setStyleSheet(BANNER + colour("error_bar"))
        self.handover_banner.hide()
        mid.addWidget(self.handover_banner)
        self.injection_banner = QLabel()
        self.injection_banner.setWordWrap(True)
        self.injection_banner.setStyleSheet(BANNER + colour("warning_bar"))
        self.injection_banner.hide()
        mid.addWidget(self.injection_banner)
        self.no_policy_banner = QFrame()
        self.no_policy_banner.setObjectName("faqNoPolicy")  # the style is the frame's alone
        self.no_policy_banner.setStyleSheet(
            f"QFrame#faqNoPolicy {{{BANNER}{colour('warning_bar')}}}"
        )
        row = QHBoxLayout(self.no_policy_banner)
        row.setContentsMargins(8, 4, 8, 4)
        self.no_policy_label = QLabel(
            self.tr(
                "No policy found for this question: the drafts say you will check and come back."
            )
        )
        self.no_policy_label.setWordWrap(True)
        self.add_to_book_button = QPushButton(self.tr("Add to the book…"))
        row.addWidget(self.no_policy_label, 1)
        row.addWidget(self.add_to_book_button)
        self.no_policy_banner.hide()
        mid.addWidget(self.no_policy_banner)
        self.cards_area = QWidget()
        self.cards_layout = QHBoxLayout(self.cards_area)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(self.cards_area, 1)
        self.state_label = QLabel(self.tr("Paste a message and press Generate."))
        self.state_label.setStyleSheet(f"color:{colour('muted')};")
        self.state_label.setWordWrap(True)
        mid.addWidget(self.state_label)

        self.saved = FaqSavedPanel(client, store)
        self.saved.message.connect(self.message)
        self.history = HistoryPanel(store, client, kind="faq")
        self.history.item_chosen.connect(self.show_history_item)
        self.history.message.connect(self.message)
        right = QTabWidget()
        right.addTab(self.saved, self.tr("Saved replies"))
        right.addTab(self.history, self.tr("History"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.book)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([300, 700, 280])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)
        self.add_to_book_button.clicked.connect(self.add_to_book)
        self._make_cards(self.variants.value())

    # -- state -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """True while drafts are being written."""
        return self.job_id != 0

    def set_customer(self, values: dict[str, Any]) -> None:
        """What is known about the customer (``customer_name``, ``order_id``…).

        Used for greetings and to fill saved replies (the Customers tab passes a customer).
        """
        self.values = {str(k): str(v) for k, v in values.items() if v}
        self.saved.values = dict(self.values)

    def _make_cards(self, count: int) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for index in range(count):
            self._add_card(index)

    def _add_card(self, index: int) -> FaqDraftCard:
        card = FaqDraftCard(index)
        card.source_clicked.connect(self.show_source)
        card.copied.connect(self._on_copied)
        card.favourite_toggled.connect(self._on_favourite)
        self.cards_layout.addWidget(card, 1)
        self.cards.append(card)
        return card

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)

    # -- the flow ----------------------------------------------------------------------------
    @asyncSlot()
    async def generate(self) -> None:
        """Draft replies to the pasted message."""
        if self.busy:
            return
        text = self.message_box.toPlainText().strip()
        if not text:
            self.message.emit(self.tr("Paste the customer's message first."), "warning")
            self.message_box.setFocus()
            return
        params: dict[str, Any] = {
            "message": text,
            "variants": self.variants.value(),
            "tone": self.tone.currentData(),
            "lang": self.lang.currentData() or None,
            "values": dict(self.values),
        }
        self._make_cards(params["variants"])
        for banner in (self.handover_banner, self.injection_banner, self.no_policy_banner):
            banner.hide()
        self.state_label.setText(self.tr("Finding your policies and writing…"))
        self.job_id, future = self.client.start("faq_reply", params, on_text=self._on_text)
        self._set_busy(True)
        try:
            result = await future
        except JobFailed as exc:
            if not alive(self):
                return
            self.job_id = 0
            self._set_busy(False)
            if exc.cancelled:
                self.state_label.setText(self.tr("Stopped."))
            else:
                self.state_label.setText(self.tr("No drafts written."))
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            self.replied.emit(str(exc))
            return
        if not alive(self):
            return
        self.job_id = 0
        self._set_busy(False)
        self.show_result(result)
        self.replied.emit(result)

    @Slot()
    def stop(self) -> None:
        """Stop writing at the next token; what was written stays."""
        if self.job_id:
            self.client.stop(self.job_id)
            self.state_label.setText(self.tr("Stopping…"))

    def _on_text(self, variant: int, text: str) -> None:
        while variant >= len(self.cards) and len(self.cards) < 3:
            self._add_card(len(self.cards))
        if 0 <= variant < len(self.cards):
            self.cards[variant].append(text)

    def show_result(self, result: dict[str, Any]) -> None:
        """Drafts (best first), banners, history."""
        self.last_result = result
        drafts = list(result.get("drafts") or [])
        self._make_cards(max(len(drafts), 1))
        for card, draft in zip(self.cards, drafts, strict=False):
            card.set_result(draft)
        reasons = result.get("handover_reasons") or []
        if result.get("handover"):
            said = "; ".join(f"{r['reason']} (“{r['span']}”)" for r in reasons)
            self.handover_banner.setText(
                self.tr(
                    "<b>Needs a person.</b> {said}. Read it yourself before sending anything."
                ).format(said=said)
            )
            self.handover_banner.show()
        if result.get("injection"):
            self.injection_banner.setText(
                self.tr("This message tries to give the assistant instructions; they were ignored.")
            )
            self.injection_banner.show()
        self.no_policy_banner.setVisible(bool(result.get("no_policy")))
        flagged = sum(len(d.get("flags") or []) for d in drafts)
        state = self.tr("Stopped.") if result.get("stopped") else self.tr("Done.")
        if result.get("no_policy"):
            state += " No policy answers this question."
        if flagged:
            state += f" {flagged} statement(s) not in your policies are highlighted."
        self.state_label.setText(state)
        self.history.refresh()

    # -- around the drafts -------------------------------------------------------------------
    @Slot(str)
    def show_source(self, title: str) -> None:
        """Show the policy a draft rests on in the book panel."""
        if not self.book.select(title):
            self.message.emit(
                self.tr("“{title}” is no longer in the policy book.").format(title=title), "warning"
            )

    @Slot()
    def add_to_book(self) -> None:
        """Open the add-policy dialog with the customer's question as its title."""
        question = " ".join(self.message_box.toPlainText().split())
        title = question[:120].rstrip(" ,.;")
        dialog = self.book.open_editor(None, title=title)
        dialog.text.setFocus()

    @Slot(str)
    def _on_copied(self, text: str) -> None:
        self.state_label.setText(
            self.tr("Copied {n} characters to the clipboard.").format(n=len(text))
        )

    @Slot(int, bool)
    def _on_favourite(self, history_id: int, favourite: bool) -> None:
        self.history_store.set_favourite(history_id, favourite)
        self.history.refresh()

    @Slot(object)
    def show_history_item(self, item: HistoryItem) -> None:
        """Show a past draft (with its message and sources)."""
        if self.busy:
            return
        self.message_box.setPlainText(str(item.facts.get("message") or ""))
        self._make_cards(1)
        sources = [str(s) for s in item.facts.get("sources") or []]
        draft = {
            "text": item.text,
            "sources": sources,
            "id": item.id,
            "intent": item.settings.get("intent", ""),
        }
        self.cards[0].set_result(draft)
        self.cards[0].fav_button.setChecked(item.favourite)
        self.state_label.setText(
            self.tr("From history: {when}").format(when=item.created_at[:16].replace("T", " "))
        )
