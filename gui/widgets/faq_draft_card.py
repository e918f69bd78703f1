"""One reply draft: streamed text, editable, flags highlighted, its sources as buttons.

Clicking a source shows that policy in the book panel. Copy puts the plain text on the
clipboard; Favourite marks its history item.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal, Slot
from PySide6.QtGui import QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.theme import colour, qcolour

INTENT_LABELS = {
    "answer": "",
    "accept": QT_TRANSLATE_NOOP("FaqDraftCard", "accept"),
    "details": QT_TRANSLATE_NOOP("FaqDraftCard", "ask for details"),
    "decline": QT_TRANSLATE_NOOP("FaqDraftCard", "decline politely"),
    "check": QT_TRANSLATE_NOOP("FaqDraftCard", "we'll check"),
}


class FaqDraftCard(QFrame):
    """A reply draft and what it rests on."""

    copied = Signal(str)
    source_clicked = Signal(str)
    """The title (id) of a policy the draft used."""
    favourite_toggled = Signal(int, bool)

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faqDraftCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.index = index
        self.history_id = 0
        self.sources: list[str] = []
        self.flags: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel(self.tr("<b>Draft {n}</b>").format(n=index + 1))
        layout.addWidget(self.title)
        self.editor = QTextEdit()
        self.editor.setAcceptRichText(False)
        self.editor.setPlaceholderText(self.tr("The draft appears here as it is written…"))
        self.editor.setMinimumHeight(110)
        layout.addWidget(self.editor, 1)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet(f"color:{colour('warning')};")
        self.flags_label.hide()
        layout.addWidget(self.flags_label)
        self.sources_row = QHBoxLayout()
        self.sources_row.setContentsMargins(0, 0, 0, 0)
        self.sources_label = QLabel(self.tr("Sources:"))
        self.sources_label.setStyleSheet(f"color:{colour('muted')};")
        self.sources_row.addWidget(self.sources_label)
        self.sources_row.addStretch(1)
        layout.addLayout(self.sources_row)
        actions = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy to clipboard"))
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.fav_button = QPushButton(self.tr("☆ Favourite"))
        self.fav_button.setCheckable(True)
        self.fav_button.setAccessibleName(self.tr("Favourite this draft"))
        self.fav_button.setEnabled(False)
        self.fav_button.toggled.connect(self._on_favourite)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.fav_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.source_buttons: list[QPushButton] = []

    def text(self) -> str:
        """The draft as it stands (the merchant may have edited it)."""
        return self.editor.toPlainText()

    def append(self, text: str) -> None:
        """Streamed text, added at the end."""
        cursor = QTextCursor(self.editor.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)

    def set_result(self, draft: dict[str, Any]) -> None:
        """The final draft: text, flags, sources, history id."""
        self.editor.setPlainText(str(draft["text"]))
        self.history_id = int(draft.get("id") or 0)
        intent = str(INTENT_LABELS.get(str(draft.get("intent") or ""), ""))
        intent = self.tr(intent) if intent else ""
        muted = colour("muted")
        badge = f" <span style='color:{muted}'>· {intent}</span>" if intent else ""
        self.title.setText(self.tr("<b>Draft {n}</b>").format(n=self.index + 1) + badge)
        self.set_flags(list(draft.get("flags") or []))
        self.set_sources(list(draft.get("sources") or []))
        self.copy_button.setEnabled(bool(self.text().strip()))
        self.fav_button.setEnabled(self.history_id > 0)

    def set_sources(self, sources: list[str]) -> None:
        """One button per policy the draft rests on."""
        self.sources = sources
        for button in self.source_buttons:
            button.setParent(None)
            button.deleteLater()
        self.source_buttons = []
        self.sources_label.setText(self.tr("Sources:") if sources else self.tr("Sources: none"))
        for position, title in enumerate(sources):
            shown = title if len(title) <= 34 else title[:31] + "…"
            button = QPushButton(f"▸ {shown}")  # an emoji shows as a box without an emoji font
            button.setFlat(True)
            button.setToolTip(self.tr("Show “{title}”").format(title=title))
            button.setStyleSheet("color:palette(link);text-align:left;padding:0 4px;")
            button.setAccessibleName(self.tr("Source: {title}").format(title=title))
            button.clicked.connect(lambda _=False, t=title: self.source_clicked.emit(t))
            self.sources_row.insertWidget(1 + position, button)
            self.source_buttons.append(button)

    def set_flags(self, flags: list[dict[str, Any]]) -> None:
        """Highlight what the policies do not support, and list it under the text."""
        self.flags = flags
        content = self.editor.toPlainText()
        selections = []
        for flag in flags:
            span = str(flag["span"])
            start = int(flag.get("start", -1))
            if content[start : start + len(span)] != span or start < 0:
                start = content.find(span)  # the text was edited or cut after the check
            if start < 0 or not span:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(qcolour("flag_bg"))
            fmt.setForeground(qcolour("flag_fg"))
            fmt.setToolTip(str(flag["reason"]).replace("the facts", "your policies"))
            selection.format = fmt
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(start + len(span), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        if flags:
            said = "; ".join(f"“{f['span']}”" for f in flags[:5])
            more = self.tr(" and {n} more").format(n=len(flags) - 5) if len(flags) > 5 else ""
            self.flags_label.setText(
                self.tr("⚠ Not in your policies, check before sending: {said}").format(said=said)
                + more
            )
            self.flags_label.show()
        else:
            self.flags_label.hide()

    @Slot()
    def copy_to_clipboard(self) -> None:
        """Put the draft's plain text on the clipboard."""
        text = self.text().strip()
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)

    @Slot(bool)
    def _on_favourite(self, checked: bool) -> None:
        self.fav_button.setText(self.tr("★ Favourite") if checked else self.tr("☆ Favourite"))
        if self.history_id:
            self.favourite_toggled.emit(self.history_id, checked)
