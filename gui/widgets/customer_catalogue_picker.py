"""Pick a product from the shop's catalogue (the Copy tab's "Pick from catalogue…")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.catalog.store import Catalogue, ShopProduct
from engine.store.connection import Store


class CataloguePicker(QDialog):
    """A searchable list of the catalogue's products; ``chosen()`` after it is accepted."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = Catalogue(store)
        self.setWindowTitle(self.tr("Pick from catalogue"))
        self.resize(460, 520)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search products…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.itemActivated.connect(self.accept)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(
            self.tr(
                "The catalogue is empty: import your product CSV in the Customers tab (Catalogue…)."
            )
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """List the products matching the search."""
        query = self.search.text().strip()
        products = self.catalogue.search(query) if query else self.catalogue.products()
        self.list.clear()
        for product in products:
            mark = "" if product.available else f"  ({product.status})"
            item = QListWidgetItem(f"{product.title}{mark}\n{product.category} · {product.handle}")
            item.setData(Qt.ItemDataRole.UserRole, product.handle)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(self.catalogue.count() == 0)

    def chosen(self) -> ShopProduct | None:
        """The selected product."""
        item = self.list.currentItem()
        if item is None:
            return None
        return self.catalogue.get(str(item.data(Qt.ItemDataRole.UserRole)))
