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
from qasync import asyncSlot

from engine.history.store import History, HistoryItem
from engine.store.connection import Store
from gui.worker.client import EngineClient, JobFailed

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

    exported = Signal(int)
    """How many items an export wrote (-1 when it failed)."""

    def __init__(
        self,
        store: Store,
        client: EngineClient,
        kind: str = "copy",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.history = History(store)
        self.client = client
        self.kind = kind
        self.shown: list[HistoryItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("<b>History</b>")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search history (English or 中文)…"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.favourites_only = QCheckBox(self.tr("★ Favourites only"))
        self.favourites_only.setAccessibleName(self.tr("Show favourites only"))
        self.favourites_only.toggled.connect(self.refresh)
        layout.addWidget(self.favourites_only)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemClicked.connect(self._on_activated)
        layout.addWidget(self.list, 1)
        export_row = QHBoxLayout()
        export_row.addWidget(QLabel(self.tr("Export:")))
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
            items = self.history.search(query, 200, kind=self.kind)
            if favourites:
                items = [i for i in items if i.favourite]
        else:
            items = self.history.recent(200, kind=self.kind, favourites_only=favourites)
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

    async def export_to(self, path: Path | str, fmt: str) -> int:
        """Write the items shown (search and favourites filter applied) to ``path``.

        The file is written on the engine thread. Returns the number written; a failure is
        shown on the message bar and returns -1. :attr:`exported` says the same.
        """
        params = {"ids": [item.id for item in self.shown], "format": fmt, "out": str(path)}
        try:
            result = await self.client.run("history_export", params)
        except JobFailed as exc:
            self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            self.exported.emit(-1)
            return -1
        count = int(result["count"])
        self.message.emit(f"Exported {count} item(s) to {path}", "info")
        self.exported.emit(count)
        return count

    @asyncSlot()
    async def _on_export_clicked(self) -> None:
        button = self.sender()
        fmt = str(button.property("format")) if button is not None else "csv"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export history"),
            str(Path.home() / f"shopscribe-history.{fmt}"),
            EXPORT_FILTERS[fmt],
        )
        if path:
            if not path.lower().endswith("." + fmt):
                path += "." + fmt
            await self.export_to(path, fmt)

    @Slot(QListWidgetItem)
    def _on_activated(self, widget_item: QListWidgetItem) -> None:
        item: HistoryItem | None = self.history.get(int(widget_item.data(Qt.ItemDataRole.UserRole)))
        if item is not None:
            self.item_chosen.emit(item)
