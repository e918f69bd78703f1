"""Drag and drop of files onto the tabs and the model manager.

- a ``.csv`` onto **Bulk** opens it as a bulk run (like **Open CSV…**); onto **Copy** it opens
  in the Bulk tab too: a product CSV holds many products, and the Bulk tab is where a file of
  products is written (the Copy tab writes the one product in its form);
- a ``.csv`` / ``.jsonl`` onto **Customers** imports contacts or notes (like **Import CSV…**);
- a ``.csv`` / ``.jsonl`` / ``.txt`` onto **Finetune** becomes its texts, previewed at once;
- a ``.md`` / ``.txt`` / ``.csv`` onto **FAQ replies** is imported into the policy book;
- a model folder or ``.gguf`` onto the model manager is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

Accepts = Callable[[Path], bool]


def suffix_in(*suffixes: str) -> Accepts:
    """A test for files whose name ends in one of ``suffixes`` (".csv", …)."""
    wanted = {s.lower() for s in suffixes}
    return lambda path: path.is_file() and path.suffix.lower() in wanted


def model_source(path: Path) -> bool:
    """A ``.gguf`` file or a folder (a Hugging Face model folder)."""
    return path.is_dir() or (path.is_file() and path.suffix.lower() == ".gguf")


def dropped_path(mime: QMimeData, accepts: Accepts) -> Path | None:
    """The first local file of a drag that ``accepts`` takes, if any."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if accepts(path):
                return path
    return None


class FileDrop(QObject):
    """Makes ``widget`` accept dropped files that ``accepts`` takes and hands them to ``handle``.

    It is the widget's child and event filter: no subclassing of the tab is needed.
    """

    def __init__(self, widget: QWidget, accepts: Accepts, handle: Callable[[Path], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.accepts = accepts
        self.handle = handle
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept a drag of a file we take; on the drop, hand the file over."""
        if watched is not self.widget:
            return False
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, (QDragEnterEvent, QDragMoveEvent))
            if dropped_path(event.mimeData(), self.accepts) is not None:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = dropped_path(event.mimeData(), self.accepts)
            if path is None:
                event.ignore()
                return True
            event.acceptProposedAction()
            self.handle(path)
            return True
        return False
