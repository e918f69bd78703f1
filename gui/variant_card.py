"""One generated variant: editable text, live length counters, flags highlighted, its actions.

Actions: pick it (mark chosen), regenerate just this one, favourite, copy (HTML + plain text).
Edits are saved to history a moment after the merchant stops typing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QTimer, Signal, Slot
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

EDIT_SAVE_MS = 700
OK_STYLE = "color:#666;"
OVER_STYLE = "color:#c0392b;font-weight:bold;"


def limit_report(text: str, channel: Channel) -> tuple[str, bool]:
    """The counter line for ``text`` and whether any limit is exceeded.

    Channels with per-line limits (SEO title + meta description, ad headline + text) count
    each line on its own; every channel also shows the whole text's characters and words.
    """
    chars, words = len(text), count_words(text)
    over = bool(
        (channel.max_chars and chars > channel.max_chars)
        or (channel.max_words and words > channel.max_words)
    )
    parts: list[str] = []
    if channel.line_limits:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        for number, (label, limit) in enumerate(channel.line_limits):
            if number == len(channel.line_limits) - 1:
                line = " ".join(lines[number:])
            else:
                line = lines[number] if number < len(lines) else ""
            line_over = len(line) > limit
            over = over or line_over
            colour = "#c0392b" if line_over else "#666"
            parts.append(f"<span style='color:{colour}'>{label} {len(line)}/{limit}</span>")
    cap = f" / {channel.max_chars}" if channel.max_chars else ""
    parts.append(f"{chars}{cap} chars · {words} words")
    return " · ".join(parts), over


class VariantCard(QWidget):
    """A variant's text, editable in place, with its counters and actions."""

    copied = Signal(str)
    favourite_toggled = Signal(int, bool)
    edited = Signal(int, int, str)
    """(card index, history id, new text) after the merchant edited the text."""
    chosen = Signal(int)
    regenerate_requested = Signal(int)

    def __init__(
        self, index: int, channel: Channel, fmt: str = "plain", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("variantCard")
        self.index = index
        self.channel = channel
        self.fmt = fmt
        self.history_id = 0
        self.flags: list[dict[str, Any]] = []
        self._programmatic = False
        self.over_limit = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(EDIT_SAVE_MS)
        self._save_timer.timeout.connect(self.save_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        badge = " <span style='color:#666'>· HTML</span>" if fmt == "html" else ""
        self.title = QLabel(f"<b>Variant {index + 1}</b>{badge}")
        self.counter = QLabel()
        self.counter.setWordWrap(True)
        header.addWidget(self.title)
        header.addStretch(1)
        layout.addLayout(header)
        layout.addWidget(self.counter)
        self.editor = QTextEdit()
        self.editor.setAcceptRichText(False)
        self.editor.setPlaceholderText("The text appears here as it is written…")
        self.editor.textChanged.connect(self._update_counter)
        self.editor.textChanged.connect(self._on_text_changed)
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
        self.choose_button = QPushButton("Use this")
        self.choose_button.setCheckable(True)
        self.choose_button.setEnabled(False)
        self.choose_button.setToolTip("Mark this variant as the one you picked")
        self.choose_button.clicked.connect(self._on_choose)
        self.regen_button = QPushButton("↻ Regenerate")
        self.regen_button.setToolTip("Write this variant again; the others stay")
        self.regen_button.setEnabled(False)
        self.regen_button.clicked.connect(self._on_regenerate)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.fav_button)
        actions.addWidget(self.choose_button)
        actions.addWidget(self.regen_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self._update_counter()

    def text(self) -> str:
        """The current (possibly edited) text."""
        return self.editor.toPlainText()

    def append(self, text: str) -> None:
        """Add streamed text at the end without disturbing the merchant's scroll position."""
        self._programmatic = True
        try:
            cursor = QTextCursor(self.editor.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(text)
        finally:
            self._programmatic = False

    def clear_for_regeneration(self) -> None:
        """Empty the card while its new text streams in."""
        self._save_timer.stop()
        self._programmatic = True
        try:
            self.editor.clear()
        finally:
            self._programmatic = False
        self.history_id = 0
        self.set_flags([])
        self.set_actions_enabled(False)
        self.set_chosen(False)
        self.fav_button.setChecked(False)

    def set_result(self, text: str, flags: list[dict[str, Any]], history_id: int) -> None:
        """Show the final text, its fact-guard flags, and link it to its history row."""
        if self.editor.toPlainText() != text:
            self._programmatic = True
            try:
                self.editor.setPlainText(text)
            finally:
                self._programmatic = False
        self.history_id = history_id
        self.set_actions_enabled(True)
        self.set_flags(flags)

    def set_actions_enabled(self, enabled: bool) -> None:
        """Favourite, pick and regenerate need a finished, saved text."""
        saved = enabled and self.history_id > 0
        self.fav_button.setEnabled(saved)
        self.choose_button.setEnabled(saved)
        self.regen_button.setEnabled(enabled)

    def set_chosen(self, chosen: bool) -> None:
        """Show (or clear) the 'picked' mark."""
        self.choose_button.setChecked(chosen)
        self.choose_button.setText("✓ Chosen" if chosen else "Use this")
        self.setStyleSheet(
            "QWidget#variantCard QTextEdit{border:2px solid #2e8b57;}" if chosen else ""
        )

    def is_chosen(self) -> bool:
        """True when this variant is the picked one."""
        return self.choose_button.isChecked()

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
            items = "; ".join(f"“{f['span']}”: {f['reason']}" for f in flags[:6])
            if len(flags) > 6:
                items += f"; and {len(flags) - 6} more"
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
        markup = to_html(text)
        # With the HTML format the plain-text flavour is the markup too, for HTML editors.
        mime.setText(markup if self.fmt == "html" else text)
        mime.setHtml(markup)
        QGuiApplication.clipboard().setMimeData(mime)
        self.copied.emit(text)

    @Slot()
    def _update_counter(self) -> None:
        report, over = limit_report(self.text(), self.channel)
        self.over_limit = over
        self.counter.setText(report)
        self.counter.setStyleSheet(OVER_STYLE if over else OK_STYLE)

    @Slot()
    def _on_text_changed(self) -> None:
        if not self._programmatic and self.history_id:
            self._save_timer.start()

    @Slot()
    def save_edit(self) -> None:
        """Send the edited text to be saved (and re-checked) now."""
        self._save_timer.stop()
        if self.history_id:
            self.edited.emit(self.index, self.history_id, self.text().strip())

    @Slot()
    def _on_choose(self) -> None:
        self.chosen.emit(self.index)

    @Slot()
    def _on_regenerate(self) -> None:
        self.regenerate_requested.emit(self.index)

    @Slot(bool)
    def _on_favourite(self, checked: bool) -> None:
        self.fav_button.setText("★ Favourite" if checked else "☆ Favourite")
        if self.history_id:
            self.favourite_toggled.emit(self.history_id, checked)
