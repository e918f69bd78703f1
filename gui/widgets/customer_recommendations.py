"""Recommendations for one customer: products with reasons and notes, and a draft message.

The message can be edited before it is copied.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, Signal, Slot
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.theme import colour


class ProductCard(QFrame):
    """One recommended product: title, handle, the reason and the note behind it."""

    def __init__(self, item: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("productCard")
        self.setStyleSheet(
            "QFrame#productCard{border:1px solid palette(mid);border-radius:6px;"
            "background:palette(base);}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel(
            f"<b>{item['title']}</b> "
            f"<span style='color:{colour('muted')}'>· {item['handle']}</span>"
        )
        self.title.setWordWrap(True)
        self.reason = QLabel(str(item["reason"]))
        self.reason.setWordWrap(True)
        self.reason.setToolTip(f"Note {item['note_id']} of {item['note_date']}")
        layout.addWidget(self.title)
        layout.addWidget(self.reason)


class RecommendationsView(QWidget):
    """The products, what was rejected and why, and the draft message."""

    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[ProductCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(6)
        layout.addLayout(self.cards_box)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color:{colour('muted')};")
        layout.addWidget(self.note)
        layout.addWidget(QLabel(self.tr("<b>Draft message</b>")))
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText(self.tr("A short message to the customer appears here."))
        self.message.setMinimumHeight(90)
        layout.addWidget(self.message, 1)
        row = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy message"))
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_message)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        layout.addLayout(row)

    def clear(self) -> None:
        """Empty, for another customer or a new set."""
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        self.note.clear()
        self.message.clear()
        self.copy_button.setEnabled(False)

    def append(self, chunk: str) -> None:
        """Streamed message text (replaced by the checked message at the end)."""
        cursor = QTextCursor(self.message.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(chunk)

    def show_result(self, result: dict[str, Any]) -> None:
        """Show a finished (or saved) recommendation set."""
        self.clear()
        for item in result.get("items") or []:
            card = ProductCard(item)
            self.cards.append(card)
            self.cards_box.addWidget(card)
        lines = []
        if not result.get("items"):
            lines.append(str(result.get("note") or "Nothing in the catalogue fits their notes."))
        rejected = result.get("rejected") or []
        if rejected:
            shown = "; ".join(f"{r['name']} ({r['why']})" for r in rejected[:4])
            lines.append(f"Left out of the model's picks: {shown}.")
        when = str(result.get("created_at") or "")[:16].replace("T", " ")
        if when:
            lines.append(f"Suggested {when}.")
        self.note.setText(" ".join(lines))
        self.message.setPlainText(str(result.get("message") or ""))
        self.copy_button.setEnabled(bool(result.get("message")))

    def handles(self) -> list[str]:
        """The products shown, in order."""
        return [card.item["handle"] for card in self.cards]

    @Slot()
    def copy_message(self) -> None:
        """Put the (possibly edited) message on the clipboard."""
        text = self.message.toPlainText().strip()
        mime = QMimeData()
        mime.setText(text)
        QGuiApplication.clipboard().setMimeData(mime)
        self.copied.emit(text)
