"""Saved replies: the merchant's templates, filled in and copied; missing values are asked for.

Known values (the customer's name, an order number: later given by the Customers tab) fill
their placeholders; any still missing are asked for in a small form. The text copied never
contains a raw placeholder: Copy stays off until every value is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine.faq.templates import LABELS, SavedReplies, SavedReply, fill
from engine.store.connection import Store
from gui.labels import engine_label
from gui.theme import colour
from gui.worker.client import EngineClient, JobFailed, alive


class FaqFillDialog(QDialog):
    """Asks for the placeholder values a saved reply still needs; shows the result live."""

    def __init__(
        self, saved: SavedReply, values: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.saved = saved
        self.setWindowTitle(self.tr("Use “{title}”").format(title=saved.title))
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for name in saved.placeholders:
            field = QLineEdit(values.get(name, ""))
            field.setPlaceholderText(f"{{{name}}}")
            field.textChanged.connect(self._update)
            form.addRow(engine_label(LABELS.get(name, name.replace("_", " ").capitalize())), field)
            self.fields[name] = field
        layout.addLayout(form)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        layout.addWidget(self.preview, 1)
        self.missing_label = QLabel()
        self.missing_label.setStyleSheet(f"color:{colour('warning')};")
        layout.addWidget(self.missing_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = self.buttons.addButton(
            self.tr("Copy to clipboard"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def values(self) -> dict[str, str]:
        """What was typed, by placeholder name."""
        return {name: field.text() for name, field in self.fields.items()}

    def result_text(self) -> str:
        """The filled reply ("" while a value is missing)."""
        return fill(self.saved.text, self.values()).text

    def _update(self) -> None:
        filled = fill(self.saved.text, self.values())
        self.preview.setPlainText(filled.text or filled.preview)
        if filled.missing:
            needed = ", ".join(engine_label(LABELS.get(n, n)) for n in filled.missing)
            self.missing_label.setText(self.tr("Still needed: {needed}").format(needed=needed))
        else:
            self.missing_label.setText("")
        self.copy_button.setEnabled(not filled.missing)


class FaqSavedPanel(QWidget):
    """The saved replies list, with Import and Use."""

    message = Signal(str, str)
    used = Signal(str)
    """A saved reply's filled text, copied to the clipboard."""

    def __init__(self, client: EngineClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.replies = SavedReplies(store)
        self.values: dict[str, str] = {}
        """Known placeholder values (set by the tab, e.g. from a customer)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.use_selected())
        self.list.currentItemChanged.connect(self._on_current)
        layout.addWidget(self.list, 1)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(150)
        layout.addWidget(self.preview)
        row = QHBoxLayout()
        self.use_button = QPushButton(self.tr("Use…"))
        self.use_button.setToolTip(self.tr("Fill in the placeholders and copy the reply"))
        self.use_button.clicked.connect(self.use_selected)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr('A JSON file: [{"title": …, "text": …, "lang": …}]'))
        self.import_button.clicked.connect(self.choose_import)
        row.addWidget(self.use_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.dialog: FaqFillDialog | None = None
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the list."""
        self.list.clear()
        for saved in self.replies.all():
            item = QListWidgetItem(f"{saved.title} · {saved.lang}")
            item.setData(Qt.ItemDataRole.UserRole, saved.id)
            self.list.addItem(item)
        self.use_button.setEnabled(self.list.count() > 0)

    def current(self) -> SavedReply | None:
        """The selected saved reply."""
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() else None)
        return self.replies.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current(self, item: QListWidgetItem | None, _old: Any) -> None:
        saved = self.replies.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None
        self.preview.setPlainText(saved.text if saved else "")

    @Slot()
    def use_selected(self) -> FaqFillDialog | None:
        """Fill the selected reply: copied at once when nothing is missing, else asked for."""
        saved = self.current()
        if saved is None:
            return None
        filled = fill(saved.text, self.values)
        if not filled.missing:
            self._copy(filled.text)
            return None
        dialog = FaqFillDialog(saved, self.values, self)
        dialog.accepted.connect(lambda: self._copy(dialog.result_text()))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _copy(self, text: str) -> None:
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self.message.emit(self.tr("Saved reply copied to the clipboard."), "info")
        self.used.emit(text)

    @asyncSlot()
    async def choose_import(self) -> None:
        """Pick a JSON file of saved replies and add them."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import saved replies"), str(Path.home()), self.tr("JSON (*.json)")
        )
        if path:
            await self.import_path(path)

    async def import_path(self, path: str | Path) -> int:
        """Add the saved replies of ``path`` (an engine job); returns how many."""
        try:
            saved = await self.client.run("faq_saved_import", {"path": str(path)})
        except JobFailed as exc:
            if alive(self) and not exc.cancelled:
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return 0
        if alive(self):
            self.refresh()
            self.message.emit(self.tr("{n} saved replies imported.").format(n=len(saved)), "info")
        return len(saved)
