"""A scroll area around a page: on a short or narrow screen the page scrolls, never the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget


def scrolled(widget: QWidget, *, horizontal: bool = False) -> QScrollArea:
    """``widget`` in a frameless scroll area that resizes it (vertical scrolling only by default).

    Args:
        widget: the page to wrap.
        horizontal: also scroll sideways instead of squeezing the page below its minimum width.

    """
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if not horizontal:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setMinimumWidth(widget.minimumSizeHint().width())
    area.setWidget(widget)
    return area
