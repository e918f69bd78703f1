"""Which files each tab of the main window takes when dropped (see :mod:`gui.drops`)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from gui.drops import FileDrop, suffix_in
from gui.main_window import MainWindow


class WindowDrops(QObject):
    """The drop targets of a main window's tabs (owned by the window)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        csv = suffix_in(".csv")
        self.targets = [
            FileDrop(window.copy_tab, csv, self.copy_csv),
            FileDrop(window.bulk_tab, csv, self.bulk_csv),
            FileDrop(window.customers_tab, suffix_in(".csv", ".jsonl"), self.customers_file),
            FileDrop(window.finetune_panel, suffix_in(".csv", ".jsonl", ".txt"), self.texts),
        ]
        self._tasks: set[asyncio.Future[Any]] = set()
        if callable(getattr(getattr(window.faq_tab, "book", None), "import_path", None)):
            self.targets.append(
                FileDrop(window.faq_tab, suffix_in(".md", ".txt", ".csv"), self.policies)
            )

    def copy_csv(self, path: Path) -> None:
        """A product CSV dropped on Copy opens in the Bulk tab (it holds many products)."""
        self.window.tabs.setCurrentWidget(self.window.bulk_tab)
        self.window.show_message(
            self.tr("{name} opened in the Bulk tab: a CSV of products is written there.").format(
                name=path.name
            ),
            "info",
        )
        self.bulk_csv(path)

    def bulk_csv(self, path: Path) -> None:
        """Open ``path`` as a bulk run, as Open CSV… does."""
        self.window.bulk_tab.open_csv(str(path))

    def customers_file(self, path: Path) -> None:
        """Import contacts (.csv) or notes (.jsonl), as Import CSV… does."""
        self.window.customers_tab._spawn(self.window.customers_tab.import_file(str(path)))

    def texts(self, path: Path) -> None:
        """Make ``path`` the Finetune tab's texts and preview them."""
        panel = self.window.finetune_panel
        panel.data.setText(str(path))
        panel.preview()

    def policies(self, path: Path) -> None:
        """Import a policy file into the FAQ tab's policy book (as its Import… does)."""
        task = asyncio.ensure_future(self.window.faq_tab.book.import_path(path))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
