"""A dismissable bar at the top of the window for errors and notices a merchant can act on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from gui.theme import colour

LEVELS = ("error", "warning", "info")
"""Each level's colours are a light/dark pair in :mod:`gui.theme` (``error_bar``, …)."""


class MessageBar(QFrame):
    """Shows one message at a time; the merchant closes it or the next message replaces it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss the message"))
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.level = ""
        self.hide()

    def show_message(self, text: str, level: str = "error") -> None:
        """Show ``text``; ``level`` is ``error``, ``warning`` or ``info``."""
        self.level = level
        self.setStyleSheet(f"QFrame#messageBar {{{colour(_bar(level))}border-radius:4px;}}")
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        """The message shown (empty when hidden)."""
        return self.label.text() if self.isVisible() else ""


def _bar(level: str) -> str:
    """The theme role of a message level's bar (``info`` for unknown levels)."""
    return f"{level if level in LEVELS else 'info'}_bar"
