"""The dialog to add or edit one policy entry (a title and its text)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from engine.faq.book import PolicyEntry


class FaqEntryDialog(QDialog):
    """Title and text of a policy; OK is enabled once both are filled in."""

    def __init__(
        self,
        entry: PolicyEntry | None,
        parent: QWidget | None = None,
        *,
        title: str = "",
        text: str = "",
    ) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(self.tr("Edit policy") if entry else self.tr("Add a policy"))
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(entry.title if entry else title)
        self.title.setPlaceholderText(
            self.tr("e.g. Returns and refunds, or the customer's question")
        )
        self.text = QPlainTextEdit(entry.text if entry else text)
        self.text.setPlaceholderText(
            self.tr("The policy, in your words: what the customer can rely on.")
        )
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Policy"), self.text)
        layout.addLayout(form, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.title.textChanged.connect(self._check)
        self.text.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = bool(self.title.text().strip() and self.text.toPlainText().strip())
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if button is not None:
            button.setEnabled(ok)

    def values(self) -> dict[str, Any]:
        """The job's params: ``{"key"?, "title", "text"}``."""
        out: dict[str, Any] = {
            "title": self.title.text().strip(),
            "text": self.text.toPlainText().strip(),
        }
        if self.entry is not None:
            out["key"] = self.entry.key
        return out
