"""Tabs whose pages scroll when the window is smaller than a page's minimum (150 % scaling).

Each page sits in a scroll area; ``widget``, ``currentWidget``, ``indexOf`` and
``setCurrentWidget`` speak of the pages themselves, so callers never see the scroll areas.
At full size the scroll area is invisible: it hands the page all of its room.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from gui.widgets.scrolled import scrolled


class PageTabs(QTabWidget):
    """A ``QTabWidget`` that wraps each page in a scroll area (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QWidget] = []

    def addTab(self, page: QWidget, title: str) -> int:  # type: ignore[override]
        """Add ``page`` (in its scroll area) under ``title``; returns its index."""
        area = scrolled(page, horizontal=True)
        area.setObjectName("pageScroll")
        self._pages.append(page)
        return super().addTab(area, title)

    def widget(self, index: int) -> QWidget | None:
        """The page at ``index`` (not its scroll area)."""
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def currentWidget(self) -> QWidget | None:  # type: ignore[override]
        """The current page."""
        return self.widget(self.currentIndex())

    def indexOf(self, page: QWidget) -> int:
        """The index of ``page`` (-1 when it is not one of the pages)."""
        return self._pages.index(page) if page in self._pages else -1

    def setCurrentWidget(self, page: QWidget) -> None:
        """Show ``page``."""
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)
