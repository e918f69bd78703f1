"""A customer's profile summary: streamed in, then every sentence hovers to its notes.

Hovering a sentence shows the dated notes it rests on; clicking it selects those notes in the
timeline (``notes_pointed``). Under the text: when it was written, from how many notes, and
the mood over time (one dot per dated note that sounds happy or unhappy).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QTextEdit, QToolTip, QVBoxLayout, QWidget

from gui.theme import colour

MOOD_DOTS = {"positive": ("●", "ok"), "negative": ("●", "error"), "neutral": ("●", "muted")}
"""Mood → (dot, theme colour role)."""


class SummaryView(QWidget):
    """The summary text with its grounding, its date and the mood timeline."""

    notes_pointed = Signal(list)
    """Note ids of the sentence the merchant clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentences: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(
            self.tr("Press Summarise: a short profile written from the notes.")
        )
        self.text.setMinimumHeight(110)
        self.text.viewport().installEventFilter(self)
        self.text.viewport().setMouseTracking(True)
        layout.addWidget(self.text, 1)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet(f"color:{colour('muted')};")
        layout.addWidget(self.meta)
        self.mood = QLabel()
        self.mood.setWordWrap(True)
        layout.addWidget(self.mood)

    def clear(self) -> None:
        """Empty, for another customer or a new summary."""
        self.sentences = []
        self.text.clear()
        self.text.setExtraSelections([])
        self.meta.clear()
        self.mood.clear()

    def append(self, chunk: str) -> None:
        """Streamed text (replaced by the checked text when the summary is done)."""
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(chunk)

    def show_result(self, result: dict[str, Any]) -> None:
        """Show a finished (or saved) summary with its sentences' notes."""
        self.sentences = list(result.get("sentences") or [])
        text = str(result.get("summary") or "")
        self.text.setPlainText(text or str(result.get("empty_reason") or ""))
        selections = []
        for number, sentence in enumerate(self.sentences):
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colour("evidence_a" if number % 2 == 0 else "evidence_b")))
            selection.format = fmt
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(int(sentence["start"]))
            cursor.setPosition(int(sentence["end"]), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.text.setExtraSelections(selections)
        when = str(result.get("created_at") or "")[:16].replace("T", " ")
        used = len(result.get("notes_used") or [])
        sources = len(result.get("sources") or [])
        dropped = len(result.get("dropped") or [])
        line = f"Written {when} from {used} note(s); rests on {sources}." if when else ""
        if dropped:
            line += f" {dropped} sentence(s) no note supports were left out."
        self.meta.setText(line + " Hover a sentence to see its notes.")
        self.show_mood(list(result.get("sentiment") or []))

    def show_mood(self, moods: list[dict[str, Any]]) -> None:
        """The mood over time: a coloured dot per happy or unhappy note, with its date."""
        if not moods:
            self.mood.setText(
                f"<span style='color:{colour('muted')}'>"
                + self.tr("Mood: no note sounds happy or unhappy.")
                + "</span>"
            )
            return
        parts = []
        for mood in moods[-12:]:
            dot, role = MOOD_DOTS.get(str(mood["mood"]), MOOD_DOTS["neutral"])
            parts.append(
                f"<span style='color:{colour(role)}' title='{mood['cue']}'>{dot}</span>"
                f"<span style='color:{colour('muted')}'>&nbsp;{str(mood['date'])[:7]}</span>"
            )
        self.mood.setText("Mood: " + " &nbsp; ".join(parts))

    def sentence_at(self, offset: int) -> dict[str, Any] | None:
        """The summary sentence covering character ``offset``."""
        return next((s for s in self.sentences if s["start"] <= offset < s["end"]), None)

    def grounding_text(self, offset: int) -> str:
        """What hovering character ``offset`` shows: the notes its sentence rests on."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return ""
        labels = sentence.get("labels") or []
        return "From the notes:\n" + "\n".join(f"• {label}" for label in labels)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hover shows a sentence's notes; a click points at them in the timeline."""
        if watched is self.text.viewport():
            if event.type() == QEvent.Type.ToolTip:
                assert isinstance(event, QHelpEvent)
                offset = self.text.cursorForPosition(event.pos()).position()
                tip = self.grounding_text(offset)
                if tip:
                    QToolTip.showText(event.globalPos(), tip, self.text)
                else:
                    QToolTip.hideText()
                return True
            if event.type() == QEvent.Type.MouseButtonRelease:
                assert isinstance(event, QMouseEvent)
                offset = self.text.cursorForPosition(event.position().toPoint()).position()
                sentence = self.sentence_at(offset)
                if sentence is not None:
                    self.notes_pointed.emit([int(i) for i in sentence["evidence"]])
        return super().eventFilter(watched, event)
