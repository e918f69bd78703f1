"""The customer list: search (names, e-mails, phones, tags, every note), a tag filter, imports.

Also the details header of one customer (:func:`customer_html`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.catalog.store import Catalogue
from engine.customers.store import Customer, CustomerBook
from engine.store.connection import Store
from gui.theme import colour


def customer_html(customer: Customer | None) -> str:
    """The details header: name, e-mail, phones, tags and free fields."""
    if customer is None:
        return "<h3>No customer chosen</h3>"
    phones = ", ".join(html.escape(p) for p in [customer.phone, *customer.other_phones] if p)
    tags = " ".join(
        f"<span style='background:{colour('tag_bg')}'>&nbsp;{html.escape(t)}&nbsp;</span>"
        for t in customer.tags
    )
    fields = "".join(
        f"<br><span style='color:{colour('muted')}'>{html.escape(k)}: {html.escape(v)}</span>"
        for k, v in customer.fields.items()
    )
    return (
        f"<h3>{html.escape(customer.label)}</h3>{html.escape(customer.email)}"
        f"<br>{phones}<br>{tags}{fields}"
    )


class CustomerList(QWidget):
    """Customers matching the search and tag; ``chosen`` says who is selected."""

    chosen = Signal(object)
    """The selected customer's id (None when nobody is)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.book = CustomerBook(store)
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.setToolTip(
            self.tr("Contacts (name,email,phone,tags,notes) or notes (.jsonl)")
        )
        self.export_csv_button = QPushButton(self.tr("Export CSV…"))
        self.export_csv_button.setToolTip(
            self.tr("Every customer and their notes, in the import's format")
        )
        self.new_button = QPushButton(self.tr("New customer…"))
        self.catalogue_button = QPushButton(self.tr("Catalogue"))
        self.catalogue_button.setToolTip(
            self.tr("The shop's products from a Shopify/WooCommerce CSV")
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search names, e-mails, notes (English or 中文)…"))
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color:{colour('muted')};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.export_csv_button)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.catalogue_button)
        layout.addLayout(row)
        layout.addWidget(self.search)
        layout.addWidget(self.tag)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.timer.start)
        self.tag.currentIndexChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(self._on_current)

    def hideEvent(self, event: QHideEvent) -> None:
        """A search typed just before the window closed is not run on a closed store."""
        self.timer.stop()
        super().hideEvent(event)

    def reload_tags(self) -> None:
        """Refill the tag filter, keeping the current choice."""
        current = str(self.tag.currentData() or "")
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("All tags"), "")
        for tag, count in self.book.all_tags():
            self.tag.addItem(f"{tag} ({count})", tag)
        self.tag.setCurrentIndex(max(self.tag.findData(current), 0))
        self.tag.blockSignals(False)

    def current_id(self) -> int | None:
        """The selected customer's id."""
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    @Slot()
    def refresh(self) -> None:
        """List the customers matching the search and tag, keeping the selection if listed."""
        chosen = self.current_id()
        found = self.book.search(self.search.text(), tag=str(self.tag.currentData() or ""))
        self.list.blockSignals(True)
        self.list.clear()
        row_height = two_line_height(self.list.font())
        for customer in found:
            item = QListWidgetItem(f"{customer.label}\n{customer.email}")
            item.setData(Qt.ItemDataRole.UserRole, customer.id)
            item.setSizeHint(QSize(0, row_height))  # two lines, even in a taller CJK font
            self.list.addItem(item)
            if customer.id == chosen:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        products = Catalogue(self.store).count()
        self.count_label.setText(
            self.tr("{found} of {total} customers · {products} products").format(
                found=len(found), total=self.book.count(), products=products
            )
        )
        if self.current_id() != chosen:
            self.chosen.emit(self.current_id())

    def shown_ids(self) -> list[int]:
        """The customers listed, in order."""
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def choose(self, customer_id: int) -> None:
        """Select one customer (clears a search or filter that hides them)."""
        if customer_id not in self.shown_ids():
            self.search.clear()
            self.tag.setCurrentIndex(0)
            self.refresh()
        self.list.setCurrentRow(self.shown_ids().index(customer_id))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None)


def two_line_height(font: QFont) -> int:
    """The height of a two-line list row in ``font`` or in the CJK font that stands in for it."""
    cjk = QFont(font)
    cjk.setFamilies(["Noto Sans CJK SC", *font.families()])
    spacing = max(QFontMetrics(font).lineSpacing(), QFontMetrics(cjk).lineSpacing())
    return 2 * spacing + 6
