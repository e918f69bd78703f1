"""The history list: past generations, newest first, full-text search, favourites, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import UserError
from engine.history_export import export_history
from engine.store import HistoryItem, Store

EXPORT_FILTERS = {
    "csv": "CSV spreadsheet (*.csv)",
    "json": "JSON (*.json)",
    "md": "Markdown (*.md)",
}


class HistoryPanel(QWidget):
    """Lists history rows from the GUI thread's own store connection."""

    item_chosen = Signal(object)
    message = Signal(str, str)
    """(text, level) for the window's message bar (export results and errors)."""

    def __init__(self, store: Store, kind: str = "copy", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.shown: list[HistoryItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>History</b>"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search history (English or 中文)…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.favourites_only = QCheckBox("★ Favourites only")
        self.favourites_only.toggled.connect(self.refresh)
        layout.addWidget(self.favourites_only)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemClicked.connect(self._on_activated)
        layout.addWidget(self.list, 1)
        export_row = QHBoxLayout()
        export_row.addWidget(QLabel("Export:"))
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, label in (("csv", "CSV"), ("json", "JSON"), ("md", "Markdown")):
            button = QPushButton(label)
            button.setToolTip(f"Save the items shown as {EXPORT_FILTERS[fmt]}")
            button.setProperty("format", fmt)
            button.clicked.connect(self._on_export_clicked)
            export_row.addWidget(button)
            self.export_buttons[fmt] = button
        export_row.addStretch(1)
        layout.addLayout(export_row)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the list (search results when a query is typed; favourites when ticked)."""
        query = self.search.text().strip()
        favourites = self.favourites_only.isChecked()
        if query:
            items = [i for i in self.store.search_generations(query) if i.kind == self.kind]
            if favourites:
                items = [i for i in items if i.favourite]
        else:
            items = self.store.recent_generations(200, kind=self.kind, favourites_only=favourites)
        self.shown = items
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

    def export_to(self, path: Path | str, fmt: str) -> int:
        """Write the items shown (search and favourites filter applied) to ``path``.

        Returns the number written; a failure is shown on the message bar and returns -1.
        """
        try:
            count = export_history(self.shown, fmt, path)
        except UserError as exc:
            self.message.emit(str(exc), "error")
            return -1
        self.message.emit(f"Exported {count} item(s) to {path}", "info")
        return count

    @Slot()
    def _on_export_clicked(self) -> None:
        button = self.sender()
        fmt = str(button.property("format")) if button is not None else "csv"
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export history",
            str(Path.home() / f"shopscribe-history.{fmt}"),
            EXPORT_FILTERS[fmt],
        )
        if path:
            if not path.lower().endswith("." + fmt):
                path += "." + fmt
            self.export_to(path, fmt)

    @Slot(QListWidgetItem)
    def _on_activated(self, widget_item: QListWidgetItem) -> None:
        item: HistoryItem | None = self.store.get_generation(
            int(widget_item.data(Qt.ItemDataRole.UserRole))
        )
        if item is not None:
            self.item_chosen.emit(item)
