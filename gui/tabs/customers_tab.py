"""The Customers tab: contacts, notes timelines, grounded profiles, catalogue recommendations.

Left: the customer list with search (names, e-mails, phones, tags and every note, English and
Chinese) and a tag filter, and the imports (contacts CSV or notes JSONL, the catalogue).
Middle: the chosen customer's details and notes timeline, with "Add note", "Export…" and
"Forget…". Right: "Summarise" (streamed; each sentence hovers to its notes) and "Recommend"
(three catalogue products with reasons and a draft message). Reads go through the GUI
thread's store; imports, generation, forgetting and exports run as engine jobs.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine.core.errors import UserError
from engine.customers.store import Customer, CustomerBook
from engine.store.connection import Store
from gui.theme import colour
from gui.widgets.customer_actions import CustomerActions
from gui.widgets.customer_list import CustomerList, customer_html
from gui.widgets.customer_notes import NotesTimeline
from gui.widgets.customer_recommendations import RecommendationsView
from gui.widgets.customer_summary import SummaryView
from gui.worker.client import EngineClient, JobFailed, alive


class CustomersTab(CustomerActions, QWidget):
    """Where merchants keep their customers and ask what fits them."""

    message = Signal(str, str)
    """(text, level) for the window's message bar."""
    imported = Signal(object)
    catalogue_imported = Signal(object)
    summarised = Signal(object)
    recommended = Signal(object)
    forgotten = Signal(object)
    exported = Signal(object)
    """Each flow's result (an empty dict when it failed or was stopped)."""

    def __init__(self, client: EngineClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.book = CustomerBook(store)
        self.current: Customer | None = None
        self.job_id = 0
        self.dialog: QDialog | None = None
        self._tasks: set[asyncio.Future[None]] = set()

        self.customers = CustomerList(store)
        self.import_button = self.customers.import_button
        self.catalogue_button = self.customers.catalogue_button
        self.search, self.tag, self.list = (
            self.customers.search,
            self.customers.tag,
            self.customers.list,
        )
        self.count_label = self.customers.count_label
        left = self.customers

        self.header = QLabel(self.tr("<h3>No customer chosen</h3>"))
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setToolTip(self.tr("Name, e-mail, phone, tags and your own fields"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Everything about this customer as one JSON file"))
        self.forget_button = QPushButton(self.tr("Forget…"))
        self.forget_button.setToolTip(
            self.tr("Erase this customer everywhere in ShopScribe's data")
        )
        self.timeline = NotesTimeline()
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(self.header)
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.forget_button)
        actions.addStretch(1)
        middle_layout.addLayout(actions)
        middle_layout.addWidget(QLabel(self.tr("<b>Notes</b> (newest first)")))
        middle_layout.addWidget(self.timeline, 1)

        self.summarise_button = QPushButton(self.tr("Summarise"))
        self.summarise_button.setStyleSheet("font-weight:bold;padding:4px 14px;")
        self.recommend_button = QPushButton(self.tr("Recommend"))
        self.recommend_button.setStyleSheet("font-weight:bold;padding:4px 14px;")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.state_label = QLabel("")
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet(f"color:{colour('muted')};")
        self.summary = SummaryView()
        self.recommendations = RecommendationsView()
        profile_box = QGroupBox(self.tr("Profile"))
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(self.summary)
        recs_box = QGroupBox(self.tr("Recommendations from the catalogue"))
        recs_layout = QVBoxLayout(recs_box)
        recs_layout.addWidget(self.recommendations)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summarise_button)
        buttons.addWidget(self.recommend_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.state_label)
        right_layout.addWidget(profile_box, 4)
        right_layout.addWidget(recs_box, 5)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, right):
            splitter.addWidget(widget)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([280, 420, 560])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        self.customers.chosen.connect(self._on_chosen)
        self.import_button.clicked.connect(self.choose_import)
        self.customers.export_csv_button.clicked.connect(self.choose_export_csv)
        self.customers.new_button.clicked.connect(self.new_customer)
        menu = QMenu(self.catalogue_button)
        menu.addAction("Import product CSV…", self.choose_catalogue)
        menu.addAction("Add a product…", self.add_product)
        self.catalogue_button.setMenu(menu)
        self.edit_button.clicked.connect(self.edit_customer)
        self.timeline.add_requested.connect(self.add_note)
        self.summary.notes_pointed.connect(self.timeline.point_at)
        self.summarise_button.clicked.connect(self.summarise)
        self.recommend_button.clicked.connect(self.recommend)
        self.stop_button.clicked.connect(self.stop)
        self.export_button.clicked.connect(self.choose_export)
        self.forget_button.clicked.connect(self.confirm_forget)
        self.recommendations.copied.connect(self._on_copied)
        self.reload_tags()
        self.refresh()
        self._set_busy(False)

    # -- the list ---------------------------------------------------------------------------
    def reload_tags(self) -> None:
        """Refill the tag filter."""
        self.customers.reload_tags()

    def refresh(self) -> None:
        """List the customers again (after an import or a forget)."""
        self.customers.refresh()

    def choose(self, customer_id: int) -> None:
        """Select one customer in the list."""
        self.customers.choose(customer_id)

    @Slot(object)
    def _on_chosen(self, customer_id: int | None) -> None:
        self.show_customer(self.book.get(customer_id) if customer_id is not None else None)

    def show_customer(self, customer: Customer | None) -> None:
        """Show one customer's details, notes and saved profile."""
        self.current = customer
        self.summary.clear()
        self.recommendations.clear()
        self.state_label.clear()
        self.header.setText(customer_html(customer))
        if customer is None:
            self.timeline.show_notes([])
            self._set_busy(False)
            return
        self.timeline.show_notes(self.book.notes(customer.id))
        saved = self.book.latest_profile(customer.id, "summary")
        if saved:
            self.summary.show_result(saved)
        recs = self.book.latest_profile(customer.id, "recommendations")
        if recs:
            self.recommendations.show_result(recs)
        self._set_busy(False)

    # -- notes --------------------------------------------------------------------------------
    @Slot(str, str, str)
    def add_note(self, text: str, kind: str, day: str) -> None:
        """Add a note to the chosen customer (saved at once)."""
        if self.current is None:
            return
        try:
            self.book.add_note(self.current.id, text, kind, day, source="window")
        except UserError as exc:
            self.message.emit(str(exc), "warning")
            return
        self.timeline.clear_editor()
        self.timeline.show_notes(self.book.notes(self.current.id))
        self.state_label.setText(self.tr("Note added. Summarise again to include it."))

    # -- generation -------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        has = self.current is not None
        for button in (
            self.summarise_button,
            self.recommend_button,
            self.export_button,
            self.edit_button,
        ):
            button.setEnabled(has and not busy)
        self.forget_button.setEnabled(has and not busy)
        self.import_button.setEnabled(not busy)
        self.catalogue_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)

    async def _job(self, name: str, params: dict[str, Any], state: str, **kw: Any) -> Any:
        """Run one job with the buttons held; None when it failed (already reported)."""
        self._set_busy(True)
        self.state_label.setText(state)
        self.job_id, future = self.client.start(name, params, **kw)
        try:
            result = await future
            if alive(self) and self.state_label.text() == state:  # no "Importing…" left over
                self.state_label.setText(self.tr("Done."))
            return result
        except JobFailed as exc:
            if not alive(self):
                return None
            if exc.cancelled:
                self.state_label.setText(self.tr("Stopped."))
            else:
                self.state_label.setText(self.tr("Not done."))
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return None
        finally:
            self.job_id = 0
            if alive(self):
                self._set_busy(False)

    @Slot()
    def stop(self) -> None:
        """Stop the running summary or recommendation at the next token."""
        if self.job_id:
            self.client.stop(self.job_id)
            self.state_label.setText(self.tr("Stopping…"))

    @asyncSlot()
    async def summarise(self) -> None:
        """Write the chosen customer's profile from their notes (streamed, then checked)."""
        if self.current is None or self.job_id:
            return
        customer = self.current
        self.summary.clear()
        result = await self._job(
            "customer_summary",
            {"customer_id": customer.id},
            f"Summarising {customer.label}'s notes…",
            on_text=lambda _v, chunk: self.summary.append(chunk),
        )
        if result is not None and self.current is not None and self.current.id == customer.id:
            saved = self.book.latest_profile(customer.id, "summary") or result
            self.summary.show_result(saved)
            left = len(result.get("dropped") or [])
            self.state_label.setText(
                "Profile written; every sentence rests on their notes."
                + (f" {left} unsupported sentence(s) were left out." if left else "")
            )
        self.summarised.emit(result or {})

    @asyncSlot()
    async def recommend(self) -> None:
        """Three catalogue products for the chosen customer, with reasons and a message."""
        if self.current is None or self.job_id:
            return
        customer = self.current
        self.recommendations.clear()
        result = await self._job(
            "customer_recommend",
            {"customer_id": customer.id, "k": 3},
            f"Matching {customer.label}'s notes to the catalogue…",
            on_text=lambda _v, chunk: self.recommendations.append(chunk),
            on_progress=lambda step, total, info: self.state_label.setText(info.capitalize() + "…"),
        )
        if result is not None and self.current is not None and self.current.id == customer.id:
            saved = self.book.latest_profile(customer.id, "recommendations") or result
            self.recommendations.show_result(saved)
            count = len(result.get("items") or [])
            self.state_label.setText(
                f"{count} product(s) from the catalogue." if count else "Nothing fits yet."
            )
        self.recommended.emit(result or {})

    @Slot(str)
    def _on_copied(self, text: str) -> None:
        self.state_label.setText(f"Copied the message ({len(text)} characters).")
