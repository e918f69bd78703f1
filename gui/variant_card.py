"""One generated variant: editable text, live length counter, flags highlighted, copy button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from engine.prompts import Channel
from engine.textfmt import count_words, to_html


class VariantCard(QWidget):
    """A variant's text, editable in place, with its counters and actions."""

    copied = Signal(str)
    favourite_toggled = Signal(int, bool)

    def __init__(self, index: int, channel: Channel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.channel = channel
        self.history_id = 0
        self.flags: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.title = QLabel(f"<b>Variant {index + 1}</b>")
        self.counter = QLabel()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.counter)
        layout.addLayout(header)
        self.editor = QTextEdit()
        self.editor.setAcceptRichText(False)
        self.editor.setPlaceholderText("The text appears here as it is written…")
        self.editor.textChanged.connect(self._update_counter)
        layout.addWidget(self.editor, 1)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.hide()
        layout.addWidget(self.flags_label)
        actions = QHBoxLayout()
        self.copy_button = QPushButton("Copy to clipboard")
        self.copy_button.setToolTip("Copies HTML and plain text")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.fav_button = QPushButton("☆ Favourite")
        self.fav_button.setCheckable(True)
        self.fav_button.setEnabled(False)
        self.fav_button.toggled.connect(self._on_favourite)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.fav_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self._update_counter()

    def text(self) -> str:
        """The current (possibly edited) text."""
        return self.editor.toPlainText()

    def append(self, text: str) -> None:
        """Add streamed text at the end without disturbing the merchant's scroll position."""
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)

    def set_result(self, text: str, flags: list[dict[str, Any]], history_id: int) -> None:
        """Show the final text, its fact-guard flags, and link it to its history row."""
        if self.editor.toPlainText().strip() != text:
            self.editor.setPlainText(text)
        self.history_id = history_id
        self.fav_button.setEnabled(history_id > 0)
        self.set_flags(flags)

    def set_flags(self, flags: list[dict[str, Any]]) -> None:
        """Highlight unsupported statements and list them under the text."""
        self.flags = flags
        selections = []
        content = self.editor.toPlainText()
        for flag in flags:
            start = int(flag.get("start", content.find(flag["span"])))
            if start < 0:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe08a"))
            fmt.setToolTip(flag["reason"])
            selection.format = fmt
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(start + len(flag["span"]), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        if flags:
            items = "; ".join(f"“{f['span']}” ({f['reason']})" for f in flags[:6])
            self.flags_label.setText(f"⚠ Check before publishing: {items}")
            self.flags_label.setStyleSheet("color:#8a5a00;")
            self.flags_label.show()
        else:
            self.flags_label.hide()

    @Slot()
    def copy_to_clipboard(self) -> None:
        """Put the text on the clipboard as HTML and as plain text."""
        text = self.text().strip()
        mime = QMimeData()
        mime.setText(text)
        mime.setHtml(to_html(text))
        QGuiApplication.clipboard().setMimeData(mime)
        self.copied.emit(text)

    @Slot()
    def _update_counter(self) -> None:
        text = self.text()
        chars, words = len(text), count_words(text)
        over = (self.channel.max_chars and chars > self.channel.max_chars) or (
            self.channel.max_words and words > self.channel.max_words
        )
        limit = f" / {self.channel.max_chars}" if self.channel.max_chars else ""
        self.counter.setText(f"{chars}{limit} chars · {words} words")
        self.counter.setStyleSheet("color:#c0392b;font-weight:bold;" if over else "color:#666;")

    @Slot(bool)
    def _on_favourite(self, checked: bool) -> None:
        self.fav_button.setText("★ Favourite" if checked else "☆ Favourite")
        if self.history_id:
            self.favourite_toggled.emit(self.history_id, checked)
