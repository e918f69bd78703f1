"""File → Restore from backup…: the kept backups with their dates and sizes, one to restore.

The dialog only chooses and confirms; :class:`gui.backups.BackupController` asks the engine
thread to restore, so the window never waits on the copy.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def size_text(size: int) -> str:
    """A file size for people: ``84 KB``, ``12.3 MB``."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1e6:.1f} MB"


class RestoreDialog(QDialog):
    """Lists backups (``store_backups`` job rows); emits ``restore_requested`` once confirmed."""

    restore_requested = Signal(str, str)
    """The chosen backup's path and label."""

    def __init__(self, backups: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(520, 360)
        intro = QLabel(
            self.tr(
                "ShopScribe keeps the last 7 backups of its database (history, bulk runs, brand "
                "voices, customers, FAQ). Restoring one replaces everything saved since; the "
                "current database is kept beside it, never deleted."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for row in backups:
            item = QListWidgetItem(f"{row['label']} · {size_text(int(row['size']))}")
            item.setData(Qt.ItemDataRole.UserRole, (str(row["path"]), str(row["label"])))
            item.setToolTip(str(row["path"]))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        else:
            self.list.addItem(self.tr("No backups yet: the first is made within a day of use."))
            self.list.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setEnabled(bool(backups))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.list.itemDoubleClicked.connect(self.restore_chosen)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def confirm(self, label: str) -> bool:
        """Ask before replacing the database (tests replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Restore from backup"),
            f"Replace the current database with the backup from {label}?\n\n"
            "Everything saved after it is replaced; the current database is kept in the "
            "data folder.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def restore_chosen(self) -> None:
        """Confirm, then ask for the chosen backup to be restored."""
        item = self.list.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not chosen or not self.confirm(chosen[1]):
            return
        self.restore_requested.emit(chosen[0], chosen[1])
        self.accept()
