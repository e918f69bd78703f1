"""A dismissable bar at the top of the window for errors and notices a merchant can act on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

_STYLES = {
    "error": "background:#fde8e8;border:1px solid #f5a3a3;color:#7a1212;",
    "warning": "background:#fff6db;border:1px solid #f0d27a;color:#6b4e00;",
    "info": "background:#e8f1fd;border:1px solid #a3c4f5;color:#12397a;",
}


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
        self.setStyleSheet(
            f"QFrame#messageBar {{{_STYLES.get(level, _STYLES['info'])}border-radius:4px;}}"
        )
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        """The message shown (empty when hidden)."""
        return self.label.text() if self.isVisible() else ""
