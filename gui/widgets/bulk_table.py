"""The review table of a bulk run: one row per product, status with an accept box, editable text."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from engine.bulk.runs import BulkItem, BulkRuns
from engine.store.connection import Store
from gui.theme import colour

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("BulkTableModel", "Product"),
    QT_TRANSLATE_NOOP("BulkTableModel", "Status"),
    QT_TRANSLATE_NOOP("BulkTableModel", "Text"),
    QT_TRANSLATE_NOOP("BulkTableModel", "Facts check"),
)
PRODUCT, STATUS, TEXT, CHECK = range(4)
STATUSES = ("pending", "running", "done", "failed", "accepted")
"""Each status has its colour pair in :mod:`gui.theme` (``status_<name>``)."""
_STATUS_LABELS = {
    "pending": QT_TRANSLATE_NOOP("BulkTableModel", "waiting"),
    "running": QT_TRANSLATE_NOOP("BulkTableModel", "writing…"),
    "done": QT_TRANSLATE_NOOP("BulkTableModel", "written"),
    "failed": QT_TRANSLATE_NOOP("BulkTableModel", "failed"),
    "accepted": QT_TRANSLATE_NOOP("BulkTableModel", "accepted"),
}


class BulkTableModel(QAbstractTableModel):
    """A run's products as read from the GUI thread's store; edits and accepts are saved there."""

    reviewed = Signal()
    """The merchant accepted or edited products (the tab updates its buttons)."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.runs = BulkRuns(store)
        self.run_id = 0
        self.items: list[BulkItem] = []
        self.rows: dict[int, int] = {}
        """Item id → row."""
        self.live_item = 0
        self.live_text = ""
        """Text streamed so far for the product being written (``live_item``)."""

    # -- loading ------------------------------------------------------------------------------
    def load(self, run_id: int) -> None:
        """Show another run."""
        self.beginResetModel()
        self.run_id = run_id
        self.items = self.runs.items(run_id) if run_id else []
        self.rows = {item.id: row for row, item in enumerate(self.items)}
        self.live_item, self.live_text = 0, ""
        self.endResetModel()

    def update_item(self, item_id: int, status: str = "") -> None:
        """Re-read one product (a progress event named it) and repaint only its row."""
        row = self.rows.get(item_id)
        fresh = self.runs.item(item_id)
        if row is None or fresh is None:
            return
        self.items[row] = fresh
        if status == "running":
            self.live_item, self.live_text = item_id, ""
        elif self.live_item == item_id:
            self.live_item, self.live_text = 0, ""
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def refresh(self) -> None:
        """Re-read the run from the store, repainting only the rows that changed."""
        fresh = self.runs.items(self.run_id) if self.run_id else []
        if [i.id for i in fresh] != [i.id for i in self.items]:
            self.load(self.run_id)
            return
        for row, (old, new) in enumerate(zip(self.items, fresh, strict=True)):
            if old != new:
                self.items[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def running_row(self) -> int:
        """The row being written now, or -1."""
        return self.rows.get(self.live_item, -1)

    def append_live(self, text: str) -> None:
        """Streamed text for the product being written."""
        row = self.running_row()
        if row >= 0:
            self.live_text += text
            self.dataChanged.emit(self.index(row, TEXT), self.index(row, TEXT))

    # -- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Products in the run."""
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Product, status, text, fact check."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles and row numbers."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(str(COLUMNS[section]))
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Written rows can be accepted (status box) and edited (text)."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        written = self.items[index.row()].status in ("done", "accepted")
        if written and index.column() == STATUS:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if written and index.column() == TEXT:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cells: product title, status, the text (edited one first), fact-check flags."""
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.status == "failed":
                return item.error
            if column == CHECK and (item.flags or item.coverage.get("missing")):
                lines = [f"“{f['span']}”: {f['reason']}" for f in item.flags]
                if item.coverage.get("missing"):
                    lines.append("Facts not used: " + "; ".join(item.coverage["missing"]))
                return "\n".join(lines)
            if column == TEXT and item.text:
                return item.text
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == STATUS:
            if item.status in ("done", "accepted"):
                accepted = item.status == "accepted"
                return Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS:
                return QColor(colour(f"status_{item.status}")) if item.status in STATUSES else None
            if column == CHECK and item.flags:
                return QColor(colour("review"))
        return None

    def _display(self, item: BulkItem, column: int) -> str:
        if column == PRODUCT:
            return item.title
        if column == STATUS:
            label = self.tr(str(_STATUS_LABELS.get(item.status, item.status)))
            return label + (self.tr(" (edited)") if item.edited is not None else "")
        if column == TEXT:
            if item.status == "running":
                return self.live_text if item.id == self.live_item else ""
            if item.status == "failed":
                return item.error
            return item.text
        if column == CHECK:
            if item.status in ("pending", "running", "failed"):
                return ""
            parts = [self.tr("{n} to check").format(n=len(item.flags))] if item.flags else []
            used, missing = item.coverage.get("used", []), item.coverage.get("missing", [])
            if used or missing:
                parts.append(
                    self.tr("uses {used} of {total} facts").format(
                        used=len(used), total=len(used) + len(missing)
                    )
                )
            return (
                " · ".join(parts)
                if item.needs_review
                else self.tr("ok") + (f" · {parts[-1]}" if parts else "")
            )
        return ""

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Accept (status box) or edit (text) a product; saved to the store at once."""
        if not index.isValid():
            return False
        item = self.items[index.row()]
        if index.column() == STATUS and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.runs.set_accepted(item.id, checked)
        elif index.column() == TEXT and role == Qt.ItemDataRole.EditRole:
            text = str(value)
            self.runs.set_edit(item.id, None if text == item.generated else text)
        else:
            return False
        self.refresh()
        self.reviewed.emit()
        return True

    def accept_rows(self, rows: list[int]) -> int:
        """Accept the written products among ``rows``; returns how many were accepted."""
        count = 0
        for row in rows:
            item = self.items[row]
            if item.status == "done":
                self.runs.set_accepted(item.id, True)
                count += 1
        self.refresh()
        self.reviewed.emit()
        return count

    def accept_all(self) -> int:
        """Accept every written product; returns how many changed."""
        count = self.runs.accept_all(self.run_id) if self.run_id else 0
        self.refresh()
        self.reviewed.emit()
        return count
