"""The Bulk tab: open a product CSV, write copy for every product, review, export the same CSV."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine.bulk.runs import BulkRun, BulkRuns
from engine.listing.prompts import CHANNELS
from engine.store.connection import Store
from gui.labels import engine_label
from gui.theme import colour
from gui.widgets.bulk_table import PRODUCT, STATUS, TEXT, BulkTableModel
from gui.worker.client import EngineClient, JobFailed

KIND_LABELS = {"shopify": "Shopify", "woocommerce": "WooCommerce"}


class BulkTab(QWidget):
    """Where merchants write copy for a whole catalog."""

    message = Signal(str, str)
    """(text, level) for the window's message bar."""
    opened = Signal(object)
    """A CSV was read into a run (the ``bulk_open`` result)."""
    run_finished = Signal(object)
    """A bulk job ended (its result; empty when it failed or was stopped)."""
    exported = Signal(object)
    """An export ended (its result; empty when it failed)."""

    def __init__(self, client: EngineClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.runs = BulkRuns(store)
        self.run: BulkRun | None = None
        self.open_job = self.run_job = self.export_job = 0
        self.started_at = 0.0
        self.started_done = 0

        self.open_button = QPushButton(self.tr("Open CSV…"))
        self.file_label = QLabel(self.tr("Open a Shopify or WooCommerce product CSV."))
        self.file_label.setStyleSheet(f"color:{colour('muted')};")
        self.channel = QComboBox()
        for name, spec in CHANNELS.items():
            self.channel.addItem(engine_label(spec.label), name)
        self.seo = QCheckBox(self.tr("Also SEO title + description"))
        self.runs_combo = QComboBox()
        self.runs_combo.setMinimumWidth(260)
        self.reopen_button = QPushButton(self.tr("Reopen"))
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(self.tr("Earlier runs:")))
        top.addWidget(self.runs_combo)
        top.addWidget(self.reopen_button)

        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setStyleSheet("font-weight:bold;padding:6px 18px;")
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.retry_button = QPushButton(self.tr("Retry failed"))
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m products"))
        self.eta_label = QLabel("")
        self.eta_label.setStyleSheet(f"color:{colour('muted')};")
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Write:")))
        controls.addWidget(self.channel)
        controls.addWidget(self.seo)
        controls.addWidget(self.start_button)
        controls.addWidget(self.pause_button)
        controls.addWidget(self.resume_button)
        controls.addWidget(self.retry_button)
        controls.addStretch(1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.eta_label, 1)

        self.model = BulkTableModel(store)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PRODUCT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(PRODUCT, 200)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.accept_button = QPushButton(self.tr("Accept selected"))
        self.accept_all_button = QPushButton(self.tr("Accept all"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.hint = QLabel(
            self.tr("Tick a row's status to accept it; double-click a text to edit it.")
        )
        self.review_only = QCheckBox(self.tr("Only rows that need review"))
        self.review_only.setToolTip(
            self.tr(
                "Rows with a statement your facts do not support, or a fact the text leaves out"
            )
        )
        self.review_only.toggled.connect(self.apply_filter)
        self.hint.setStyleSheet(f"color:{colour('muted')};")
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.review_only)
        bottom.addWidget(self.accept_button)
        bottom.addWidget(self.accept_all_button)
        bottom.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addLayout(progress_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.open_button.clicked.connect(self.choose_csv)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(self.start)
        self.retry_button.clicked.connect(self.retry_failed)
        self.accept_button.clicked.connect(self.accept_selected)
        self.accept_all_button.clicked.connect(self.accept_all)
        self.export_button.clicked.connect(self.choose_export)
        self.model.reviewed.connect(self._on_reviewed)
        self.refresh_runs()
        self._update_buttons()

    # -- state --------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while this tab's bulk job runs."""
        return bool(self.run_job)

    def _reload_run(self) -> None:
        if self.run is not None:
            self.run = self.runs.get(self.run.id)

    def _update_buttons(self) -> None:
        run, busy = self.run, self.running or bool(self.open_job) or bool(self.export_job)
        counts = run.counts if run else {}
        started = bool(run and (run.written or counts.get("failed")))
        pending = bool(counts.get("pending") or counts.get("running"))
        self.open_button.setEnabled(not busy)
        self.reopen_button.setEnabled(not busy and self.runs_combo.count() > 0)
        self.runs_combo.setEnabled(not busy)
        self.channel.setEnabled(bool(run) and not started and not busy)
        self.seo.setEnabled(run is not None and run.kind == "shopify" and not started and not busy)
        self.start_button.setEnabled(bool(run) and not started and not busy)
        self.pause_button.setEnabled(self.running)
        self.resume_button.setEnabled(bool(run) and started and pending and not busy)
        self.retry_button.setEnabled(bool(counts.get("failed")) and not busy)
        written = bool(run and run.written)
        self.accept_button.setEnabled(written)
        self.accept_all_button.setEnabled(written)
        self.export_button.setEnabled(bool(counts.get("accepted")) and not busy)

    def _show_run(self, run: BulkRun, rows: int | None = None) -> None:
        self.run = run
        self.model.load(run.id)
        self.apply_filter()
        kind = KIND_LABELS.get(run.kind, run.kind)
        in_rows = f" in {rows} rows" if rows else ""
        self.file_label.setText(
            f"<b>{Path(run.input_path).name}</b> · {kind} · {run.total} products{in_rows}"
        )
        self.file_label.setToolTip(run.input_path)
        index = self.channel.findData(run.channel)
        if index >= 0:
            self.channel.setCurrentIndex(index)
        self.seo.setChecked(bool(run.options.get("seo")))
        self._show_progress()
        self._update_buttons()

    def _show_progress(self, info: str = "") -> None:
        run = self.run
        if run is None:
            return
        finished = run.written + run.counts.get("failed", 0)
        self.progress.setRange(0, max(run.total, 1))
        self.progress.setValue(finished)
        parts = []
        if info:
            parts.append(f"writing {info}")
        done_now = finished - self.started_done
        if self.running and done_now > 0:
            per = (time.monotonic() - self.started_at) / done_now
            left = per * (run.total - finished)
            parts.append(f"~{per:.0f} s per product, about {_duration(left)} left")
        elif not self.running and run.counts.get("failed"):
            parts.append(f"{run.counts['failed']} failed")
        self.eta_label.setText(" · ".join(parts))

    def refresh_runs(self) -> None:
        """List earlier runs (unfinished ones first) for reopening."""
        self.runs_combo.clear()
        runs = self.runs.runs(limit=30)
        for run in sorted(runs, key=lambda r: (r.finished, -r.id)):
            state = "unfinished" if not run.finished else f"{run.written} written"
            self.runs_combo.addItem(
                f"#{run.id} {Path(run.input_path).name} · {run.total} products · {state}", run.id
            )

    # -- actions ------------------------------------------------------------------------------
    @Slot()
    def choose_csv(self) -> None:
        """Ask for a product CSV and open it."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open product CSV"),
            str(Path.home()),
            self.tr("CSV files (*.csv);;All files (*)"),
        )
        if path:
            self.open_csv(path)

    @asyncSlot(str)
    async def open_csv(self, path: str) -> None:
        """Read a CSV in the engine thread and make a new run of its products."""
        params = {"path": path, "channel": self.channel.currentData(), "options": self._options()}
        self.file_label.setText(f"Reading {Path(path).name}…")
        self.open_job, future = self.client.start("bulk_open", params)
        self._update_buttons()
        try:
            result = await future
        except JobFailed as exc:
            self.file_label.setText(self.tr("Open a Shopify or WooCommerce product CSV."))
            if self.run is not None:
                self._show_run(self.run)
            self._report(exc)
            return
        finally:
            self.open_job = 0
            self._update_buttons()
        run = self.runs.get(int(result["run"]))
        if run is not None:
            self._show_run(run, result.get("rows"))
        self.refresh_runs()
        self.opened.emit(result)

    def _options(self) -> dict[str, Any]:
        return {"seo": self.seo.isChecked() and self.seo.isEnabled()}

    @Slot()
    def reopen_selected(self) -> None:
        """Show the run chosen in the list of earlier runs."""
        run_id = self.runs_combo.currentData()
        if run_id is not None:
            self.reopen(int(run_id))

    def reopen(self, run_id: int) -> None:
        """Show an earlier run (e.g. one a crash interrupted) so it can be resumed."""
        run = self.runs.get(run_id)
        if run is None:
            self.message.emit(f"Run {run_id} is gone.", "error")
            return
        self._show_run(run)
        if not run.finished:
            self.message.emit(
                f"Run #{run.id} has {run.total - run.written} products still to write;"
                " press Resume to continue.",
                "info",
            )

    @asyncSlot()
    async def start(self) -> None:
        """Start (or resume) writing the run's pending products."""
        if self.run is None or self.running:
            return
        self.started_at = time.monotonic()
        self.started_done = self.run.written + self.run.counts.get("failed", 0)
        params: dict[str, Any] = {"run_id": self.run.id}
        if not (self.run.written or self.run.counts.get("failed")):  # a first start
            params.update(channel=self.channel.currentData(), options=self._options())
        self.run_job, future = self.client.start(
            "bulk", params, on_text=self._on_text, on_progress=self._on_progress
        )
        self.eta_label.setText(self.tr("starting…"))
        self._update_buttons()
        try:
            result = await future
        except JobFailed as exc:
            self._finish_run()
            self._report(exc)
            self.run_finished.emit({})
            return
        self._finish_run()
        text = f"Wrote {result['done']} of {result['products']} products"
        if result.get("paused"):
            text += f"; paused with {result['pending']} to go (press Resume)"
        if result.get("failed"):
            text += f"; {result['failed']} failed (hover a row for the reason)"
        self.message.emit(text + ".", "warning" if result.get("failed") else "info")
        self.run_finished.emit(result)

    def _finish_run(self) -> None:
        self.run_job = 0
        self._reload_run()
        self.model.refresh()
        self.apply_filter()
        self._show_progress()
        self.refresh_runs()
        self._update_buttons()

    def _report(self, exc: JobFailed) -> None:
        if not exc.cancelled:
            self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")

    @Slot()
    def pause(self) -> None:
        """Stop at the next token; the product being written goes back to waiting."""
        if self.run_job:
            self.client.stop(self.run_job)
            self.eta_label.setText(self.tr("pausing…"))

    @Slot()
    def retry_failed(self) -> None:
        """Failed products go back to waiting, then the run resumes."""
        if self.run is None:
            return
        self.runs.retry_failed(self.run.id)
        self._reload_run()
        self.model.refresh()
        self.start()  # an asyncSlot: schedules the run

    @Slot()
    def accept_selected(self) -> None:
        """Accept the selected written products."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        self.model.accept_rows(rows)

    @Slot()
    def accept_all(self) -> None:
        """Accept every written product."""
        self.model.accept_all()

    @Slot()
    def _on_reviewed(self) -> None:
        self._reload_run()
        self._update_buttons()

    @Slot()
    def choose_export(self) -> None:
        """Ask where to save, then export the accepted products."""
        if self.run is None:
            return
        source = Path(self.run.input_path)
        default = source.with_name(f"{source.stem}-shopscribe.csv")
        out, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export product CSV"), str(default), self.tr("CSV files (*.csv)")
        )
        if out:
            self.export_csv(out)

    @asyncSlot(str)
    async def export_csv(self, out: str) -> None:
        """Write the CSV with the accepted products' new cells (atomically, in the engine)."""
        if self.run is None:
            return
        params = {"run_id": self.run.id, "out": out, "only_accepted": True}
        self.export_job, future = self.client.start("bulk_export", params)
        self._update_buttons()
        try:
            result = await future
        except JobFailed as exc:
            self._report(exc)
            self.exported.emit({})
            return
        finally:
            self.export_job = 0
            self._update_buttons()
        self.message.emit(f"Exported {result['changed']} products to {result['out']}.", "info")
        self.exported.emit(result)

    # -- engine replies -----------------------------------------------------------------------
    def _on_progress(self, step: int, total: int, info: str) -> None:
        title, _, event_json = info.partition("\t")
        event = json.loads(event_json) if event_json else {}
        if event.get("item"):
            self.model.update_item(int(event["item"]), str(event.get("status") or ""))
            row = self.model.rows.get(int(event["item"]), -1)
            if row >= 0 and self.review_only.isChecked():
                self.table.setRowHidden(row, not self.model.items[row].needs_review)
        self._reload_run()
        self._show_progress(title if event.get("status") == "running" else "")
        if info.startswith("loading") or info == "model ready":
            self.eta_label.setText(info)
        row = self.model.running_row()
        if row >= 0:
            self.table.scrollTo(self.model.index(row, 0))

    def _on_text(self, variant: int, text: str) -> None:
        self.model.append_live(text)

    @Slot()
    def apply_filter(self) -> None:
        """Hide the rows that need no review when "only rows that need review" is ticked."""
        only = self.review_only.isChecked()
        for row, item in enumerate(self.model.items):
            self.table.setRowHidden(row, only and not item.needs_review)

    def shown_rows(self) -> list[int]:
        """Rows the table shows now (for tests)."""
        return [r for r in range(self.model.rowCount()) if not self.table.isRowHidden(r)]


def _duration(seconds: float) -> str:
    """A rough duration for the ETA text."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
