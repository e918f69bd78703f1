"""A customer's notes timeline (newest first) and the form that adds a note."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.customers.sentiment import read_mood
from engine.customers.store import KIND_LABELS, NOTE_KINDS, Note
from gui.labels import engine_label
from gui.theme import colour

MOOD_COLOURS = {"positive": "mood_positive", "negative": "mood_negative"}
"""Mood → the theme role of its tint (a light/dark pair)."""


class NotesTimeline(QWidget):
    """Dated notes, newest first, with the form to add one."""

    add_requested = Signal(str, str, str)
    """(text, kind, ISO date) of a note to add."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setSpacing(2)
        layout.addWidget(self.list, 1)
        form = QHBoxLayout()
        self.kind = QComboBox()
        for kind in NOTE_KINDS:
            self.kind.addItem(engine_label(KIND_LABELS[kind]).capitalize(), kind)
        self.kind.setToolTip(
            self.tr("A note you type, a message the customer sent, or an order remark")
        )
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form.addWidget(self.kind)
        form.addWidget(self.date)
        form.addStretch(1)
        layout.addLayout(form)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("Type a note or paste the customer's message…"))
        self.editor.setFixedHeight(64)
        layout.addWidget(self.editor)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add note"))
        self.add_button.clicked.connect(self._on_add)
        row.addStretch(1)
        row.addWidget(self.add_button)
        layout.addLayout(row)

    def show_notes(self, notes: list[Note]) -> None:
        """Fill the timeline, newest first; happy/unhappy notes are tinted."""
        self.list.clear()
        for note in reversed(notes):
            label = engine_label(KIND_LABELS.get(note.kind, note.kind))
            item = QListWidgetItem(f"{note.date} · {label}\n{note.text}")
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            mood = read_mood(note)
            if mood.mood in MOOD_COLOURS:
                item.setBackground(QBrush(QColor(colour(MOOD_COLOURS[mood.mood]))))
                item.setToolTip(f"Sounds {mood.mood}: {mood.cue}")
            self.list.addItem(item)

    def note_ids(self) -> list[int]:
        """The notes shown, newest first."""
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def point_at(self, note_ids: list[int]) -> None:
        """Select these notes and scroll to the first."""
        self.list.clearSelection()
        first = None
        for index in range(self.list.count()):
            item = self.list.item(index)
            if int(item.data(Qt.ItemDataRole.UserRole)) in note_ids:
                item.setSelected(True)
                first = first or item
        if first is not None:
            self.list.scrollToItem(first)

    def selected_ids(self) -> list[int]:
        """The selected notes' ids."""
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()]

    @Slot()
    def _on_add(self) -> None:
        text = self.editor.toPlainText().strip()
        if text:
            day = self.date.date().toString("yyyy-MM-dd")
            self.add_requested.emit(text, str(self.kind.currentData()), day)

    def clear_editor(self) -> None:
        """After a note was added."""
        self.editor.clear()
        self.kind.setCurrentIndex(0)
        self.date.setDate(QDate.currentDate())
