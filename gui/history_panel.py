"""The history list: past generations, newest first, with full-text search."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.store import HistoryItem, Store


class HistoryPanel(QWidget):
    """Lists history rows from the GUI thread's own store connection."""

    item_chosen = Signal(object)

    def __init__(self, store: Store, kind: str = "copy", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>History</b>"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search history (English or 中文)…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemClicked.connect(self._on_activated)
        layout.addWidget(self.list, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the list (search results when a query is typed)."""
        query = self.search.text().strip()
        if query:
            items = [i for i in self.store.search_generations(query) if i.kind == self.kind]
        else:
            items = self.store.recent_generations(200, kind=self.kind)
        self.list.clear()
        for item in items:
            star = "★ " if item.favourite else ""
            first = " ".join(item.text.split())[:90]
            widget_item = QListWidgetItem(
                f"{star}{item.title} · {item.channel} · {item.created_at[:16].replace('T', ' ')}"
                f"\n{first}"
            )
            widget_item.setData(Qt.ItemDataRole.UserRole, item.id)
            widget_item.setToolTip(item.text[:600])
            self.list.addItem(widget_item)

    def count(self) -> int:
        """Rows shown."""
        return self.list.count()

    def items(self) -> list[int]:
        """History ids shown, top to bottom."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    @Slot(QListWidgetItem)
    def _on_activated(self, widget_item: QListWidgetItem) -> None:
        item: HistoryItem | None = self.store.get_generation(
            int(widget_item.data(Qt.ItemDataRole.UserRole))
        )
        if item is not None:
            self.item_chosen.emit(item)
