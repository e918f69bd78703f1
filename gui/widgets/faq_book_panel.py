"""The policy book panel: entries listed and filtered, one shown, import / add / edit / delete.

Reads the book from the GUI thread's store; every write runs as an engine job (importing and
indexing hundreds of entries embeds each one, so it reports progress and can be stopped).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine.faq.book import PolicyBook, PolicyEntry
from engine.store.connection import Store
from gui.theme import colour
from gui.widgets.faq_entry_dialog import FaqEntryDialog
from gui.worker.client import EngineClient, JobFailed, alive

FILE_FILTER = "Policies (*.md *.markdown *.txt *.csv);;All files (*)"


class FaqBookPanel(QWidget):
    """The merchant's policy book."""

    message = Signal(str, str)
    changed = Signal()
    """The book changed (an import, an edit, a delete finished)."""
    imported = Signal(object)
    """An import job's result (added, updated, unchanged, indexed…), or its error text."""

    def __init__(self, client: EngineClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.book = PolicyBook(store)
        self.job_id = 0
        self.shown: list[PolicyEntry] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self.tr("<b>Policy book</b>"))
        layout.addWidget(self.heading)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter policies (English or 中文)…"))
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText(self.tr("Pick a policy to read it here."))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.preview)
        split.setSizes([320, 200])
        layout.addWidget(split, 1)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.stop_button = QPushButton(self.tr("Stop indexing"))
        self.stop_button.hide()
        self.stop_button.clicked.connect(self.stop)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(
            self.tr("Add policies from a Markdown, text or CSV (question,answer) file")
        )
        self.add_button = QPushButton(self.tr("Add"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for button in (self.import_button, self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.import_button.clicked.connect(self.choose_import)
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._filter_changed)
        self.filter.textChanged.connect(self._debounce.start)
        self.refresh()

    # -- showing -----------------------------------------------------------------------------
    @Slot()
    def _filter_changed(self) -> None:
        if self.isVisible():  # not after the window closed (its store is closed then)
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the list from the store (filtered), keeping the selection where it can."""
        current = self.current_entry()
        query = self.filter.text().strip()
        self.shown = self.book.search_titles(query) if query else self.book.entries()
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self.shown:
            mark = "" if entry.indexed else " ·"
            item = QListWidgetItem(f"{entry.title}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setToolTip(
                entry.text[:400]
                + ("" if entry.indexed else "\n\n" + self.tr("(not indexed yet: found by words)"))
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        total = self.book.count()
        self.heading.setText(
            self.tr("<b>Policy book</b>")
            + f" <span style='color:{colour('muted')}'>· "
            + self.tr("{n} entries").format(n=total)
            + "</span>"
        )
        if current is not None and not self.select(current.title):
            self.preview.clear()
        has = self.list.currentItem() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def titles(self) -> list[str]:
        """Titles shown, top to bottom."""
        return [e.title for e in self.shown]

    def current_entry(self) -> PolicyEntry | None:
        """The selected entry, if any."""
        item = self.list.currentItem()
        return self.book.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def select(self, title: str) -> bool:
        """Select and show the entry titled ``title`` (clears a filter hiding it)."""
        entry = self.book.get(title)
        if entry is None:
            return False
        if entry.key not in {e.key for e in self.shown}:
            self.filter.clear()
            self.refresh()
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == entry.key:
                self.list.setCurrentRow(row)
                self._show(entry)
                return True
        return False

    def _show(self, entry: PolicyEntry) -> None:
        from html import escape

        warning, muted = colour("warning"), colour("muted")
        note = "" if entry.indexed else f"<p style='color:{warning}'>Not indexed yet.</p>"
        self.preview.setHtml(
            f"<h3>{escape(entry.title)}</h3><p>{escape(entry.text).replace(chr(10), '<br>')}</p>"
            f"<p style='color:{muted}'>{entry.lang} · {escape(entry.source or 'typed')}</p>{note}"
        )

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current(self, item: QListWidgetItem | None, _old: QListWidgetItem | None) -> None:
        entry = self.book.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None
        if entry is not None:
            self._show(entry)
        self.edit_button.setEnabled(entry is not None)
        self.delete_button.setEnabled(entry is not None)

    # -- writing (engine jobs) ---------------------------------------------------------------
    def _busy(self, busy: bool, text: str = "") -> None:
        for button in (self.import_button, self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.stop_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.progress.setFormat(text)
        else:
            self.refresh()

    def _on_progress(self, step: int, total: int, info: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(step)
            self.progress.setFormat(f"{info}: {step}/{total}")

    @asyncSlot()
    async def choose_import(self) -> None:
        """Pick a file and import it."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import policies"), str(Path.home()), FILE_FILTER
        )
        if path:
            await self.import_path(path)

    async def import_path(self, path: str | Path) -> dict[str, object] | None:
        """Import one file as a job (progress shown, Stop keeps what was indexed)."""
        if self.job_id:
            return None
        self._busy(True, f"importing {Path(path).name}")
        self.job_id, future = self.client.start(
            "faq_import", {"path": str(path)}, on_progress=self._on_progress
        )
        try:
            result: dict[str, object] = await future
        except JobFailed as exc:
            if not alive(self):
                return None
            self.job_id = 0
            self._busy(False)
            if exc.cancelled:
                self.message.emit(
                    self.tr("Indexing stopped; the rest is indexed next time."), "warning"
                )
            else:
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            self.changed.emit()
            self.imported.emit(str(exc))
            return None
        if not alive(self):
            return None
        self.job_id = 0
        self._busy(False)
        added, updated = result["added"], result["updated"]
        assert isinstance(added, list) and isinstance(updated, list)
        self.message.emit(
            self.tr("{file}: {added} added, {updated} updated, {unchanged} unchanged.").format(
                file=result["file"],
                added=len(added),
                updated=len(updated),
                unchanged=result["unchanged"],
            ),
            "info",
        )
        self.changed.emit()
        self.imported.emit(result)
        return result

    @Slot()
    def stop(self) -> None:
        """Stop the running import or indexing (entries stay; vectors are made next time)."""
        if self.job_id:
            self.client.stop(self.job_id)

    @Slot()
    def edit_selected(self) -> None:
        """Edit the selected entry."""
        entry = self.current_entry()
        if entry is not None:
            self.open_editor(entry)

    def open_editor(
        self, entry: PolicyEntry | None, title: str = "", text: str = ""
    ) -> FaqEntryDialog:
        """The add/edit dialog (pre-filled with ``title``/``text`` when adding)."""
        dialog = FaqEntryDialog(entry, self, title=title, text=text)
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.open()
        self.editor = dialog
        return dialog

    @asyncSlot()
    async def _save(self, dialog: FaqEntryDialog) -> None:
        params = dialog.values()
        self._busy(True, "saving")
        self.job_id, future = self.client.start(
            "faq_save_entry", params, on_progress=self._on_progress
        )
        try:
            saved = await future
        except JobFailed as exc:
            if alive(self):
                self.job_id = 0
                self._busy(False)
                if not exc.cancelled:
                    self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return
        if not alive(self):
            return
        self.job_id = 0
        self._busy(False)
        self.select(str(saved["title"]))
        self.changed.emit()

    @asyncSlot()
    async def delete_selected(self, confirm: bool = True) -> None:
        """Delete the selected entry (after asking)."""
        entry = self.current_entry()
        if entry is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete policy"),
                self.tr("Delete “{title}”?").format(title=entry.title),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            await self.client.run("faq_delete_entry", {"key": entry.key})
        except JobFailed as exc:
            if alive(self) and not exc.cancelled:
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return
        if alive(self):
            self.preview.clear()
            self.refresh()
            self.changed.emit()
