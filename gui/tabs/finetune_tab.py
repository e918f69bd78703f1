"""The Finetune tab: choose data, preview it, train a LoRA adapter live, judge and manage it.

Training runs as the ``finetune`` job on the engine thread; its progress info is a human line,
a TAB, then the event as JSON (see :mod:`engine.jobs.finetune_jobs`), which feeds the chart.
"""

from __future__ import annotations

import json
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine.core.paths import Paths
from engine.store.connection import Store
from gui.theme import colour
from gui.widgets.adapters_box import AdaptersBox
from gui.widgets.finetune_settings import FinetuneSettings
from gui.widgets.scrolled import scrolled
from gui.worker.client import EngineClient, JobFailed


def _eta(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class FinetunePanel(QWidget):
    """Everything about teaching the model the shop's own voice."""

    message = Signal(str, str)
    job_done = Signal(str, object)
    """(job name, its result or None when it failed or was stopped), after the tab showed it."""

    def __init__(
        self, client: EngineClient, store: Store, paths: Paths, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.paths = paths
        self.jobs: dict[int, str] = {}
        self.train_job = 0
        self.last_result: dict[str, Any] | None = None
        self.train_x: list[int] = []
        self.train_y: list[float] = []
        self.eval_x: list[int] = []
        self.eval_y: list[float] = []

        self.data = QLineEdit()
        self.data.setPlaceholderText(
            self.tr("your products: Shopify/WooCommerce .csv, .jsonl or .txt")
        )
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        self.favourites = QCheckBox(self.tr("Include my starred history items"))
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.clicked.connect(self.preview)
        self.preview_label = QLabel(self.tr("Choose your texts, then Preview."))
        self.preview_label.setWordWrap(True)
        self.examples = QPlainTextEdit()
        self.examples.setReadOnly(True)
        self.examples.setPlaceholderText(self.tr("Examples exactly as the model will see them"))
        data_box = QGroupBox(self.tr("1 · Your texts"))
        data_layout = QVBoxLayout(data_box)
        row = QHBoxLayout()
        row.addWidget(self.data, 1)
        row.addWidget(browse)
        data_layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.favourites, 1)
        row.addWidget(self.preview_button)
        data_layout.addLayout(row)
        data_layout.addWidget(self.preview_label)
        data_layout.addWidget(self.examples, 1)

        self.settings = FinetuneSettings()
        self.estimate_button = QPushButton(self.tr("Estimate"))
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setStyleSheet("font-weight:bold;padding:6px 18px;")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.cancel_button.setEnabled(False)
        self.estimate_button.clicked.connect(self.estimate)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.resume_button.clicked.connect(self.resume)
        self.estimate_label = QLabel("")
        self.estimate_label.setWordWrap(True)
        train_box = QGroupBox(self.tr("2 · Train"))
        train_layout = QVBoxLayout(train_box)
        train_layout.addWidget(self.settings)
        row = QHBoxLayout()
        for button in (self.estimate_button, self.start_button, self.cancel_button):
            row.addWidget(button)
        row.addWidget(self.resume_button)
        train_layout.addLayout(row)
        train_layout.addWidget(self.estimate_label)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(data_box, 1)
        left_layout.addWidget(train_box)

        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m steps"))
        self.speed_label = QLabel("")
        self.chart = pg.PlotWidget(background=colour("chart_bg"))
        self.chart.setMinimumHeight(200)
        self.chart.addLegend()
        self.chart.setLabel("bottom", self.tr("step"))
        self.chart.setLabel("left", self.tr("loss"))
        for axis in ("bottom", "left"):
            self.chart.getAxis(axis).setTextPen(colour("chart_fg"))
        self.train_curve = self.chart.plot(
            [], [], pen=pg.mkPen(colour("train"), width=2), name=self.tr("train")
        )
        self.eval_curve = self.chart.plot(
            [],
            [],
            pen=pg.mkPen(colour("held_out"), width=2),
            symbol="o",
            symbolSize=6,
            symbolBrush=colour("held_out"),
            name=self.tr("held-out"),
        )
        self.judge_label = QLabel(
            self.tr("Perplexity on held-out texts appears here after training.")
        )
        self.judge_label.setWordWrap(True)
        self.compare_button = QPushButton(self.tr("Write held-out products: base | adapted"))
        self.compare_button.setEnabled(False)
        self.compare_button.clicked.connect(self.compare)
        self.compare_table = QTableWidget(0, 3)
        self.compare_table.setHorizontalHeaderLabels(
            [self.tr("Your text"), self.tr("Base model"), self.tr("With adapter")]
        )
        self.compare_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare_table.verticalHeader().setVisible(False)
        self.compare_table.setWordWrap(True)
        self.adapters = AdaptersBox(client)
        self.adapters.message.connect(self.message)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(QLabel(self.tr("<b>3 · Watch</b>")))
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.speed_label)
        right_layout.addWidget(self.chart, 2)
        right_layout.addWidget(QLabel(self.tr("<b>4 · Judge</b>")))
        right_layout.addWidget(self.judge_label)
        right_layout.addWidget(self.compare_button)
        right_layout.addWidget(self.compare_table, 2)
        right_layout.addWidget(self.adapters)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        # Each side scrolls on a short screen (768 px laptops) instead of growing the window.
        splitter.addWidget(scrolled(left))
        splitter.addWidget(scrolled(right))
        splitter.setSizes([480, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.adapters.refresh()

    # -- requests ------------------------------------------------------------------------------
    def data_params(self) -> dict[str, Any]:
        """Data choice + settings, as the finetune jobs take them."""
        return {
            "data": self.data.text().strip(),
            "favourites": self.favourites.isChecked(),
            **self.settings.params(),
        }

    def _has_data(self, params: dict[str, Any]) -> bool:
        if params.get("data") or params.get("favourites"):
            return True
        self.message.emit(
            self.tr("Choose a file with your texts or include your favourites."), "warning"
        )
        return False

    async def _run(
        self, name: str, params: dict[str, Any], on_progress: Any = None
    ) -> dict[str, Any] | None:
        """Run one finetune job; its failure goes to the message bar (None then)."""
        job_id, future = self.client.start(name, params, on_progress=on_progress)
        self.jobs[job_id] = name
        if name == "finetune":
            self.train_job = job_id
        try:
            result = await future
        except JobFailed as exc:
            if name == "finetune" and exc.cancelled:
                self.speed_label.setText(
                    self.tr("Stopped. Resume continues from the last checkpoint.")
                )
            elif not exc.cancelled:
                self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return None
        finally:
            self.jobs.pop(job_id, None)
        return dict(result)

    @Slot()
    def browse(self) -> None:
        """Pick the data file."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Your product texts"),
            "",
            self.tr("Texts (*.csv *.jsonl *.txt);;All files (*)"),
        )
        if path:
            self.data.setText(path)

    @asyncSlot()
    async def preview(self) -> None:
        """Counts, token lengths and rendered examples."""
        params = self.data_params()
        if not self._has_data(params):
            return
        self.preview_label.setText(self.tr("Reading your texts…"))
        result = await self._run("finetune_preview", params)
        if result is not None:
            self._show_preview(result)
        self.job_done.emit("finetune_preview", result)

    @asyncSlot()
    async def estimate(self) -> None:
        """Pre-flight: a few measured steps → time per epoch and peak memory."""
        params = self.data_params()
        if not self._has_data(params):
            return
        self.estimate_label.setText(self.tr("Measuring a few steps…"))
        result = await self._run("finetune_preflight", params)
        if result is not None:
            self._show_estimate(result)
        self.job_done.emit("finetune_preflight", result)

    @asyncSlot()
    async def start(self) -> None:
        """Start a fresh run."""
        await self._train(resume=False)

    @asyncSlot()
    async def resume(self) -> None:
        """Continue the newest checkpoint of this run."""
        await self._train(resume=True)

    async def _train(self, resume: bool) -> None:
        params = {**self.data_params(), "resume": resume}
        if self.train_job or not self._has_data(params):
            return
        if not resume:
            self.train_x, self.train_y, self.eval_x, self.eval_y = [], [], [], []
            self._redraw()
        self._set_training(True)
        self.speed_label.setText(self.tr("Loading the model for training…"))
        self.train_job = -1  # busy until the job has its id (set in _run)
        try:
            result = await self._run("finetune", params, on_progress=self._on_train_progress)
        finally:
            self.train_job = 0
            self._set_training(False)
        if result is not None:
            self._show_result(result)
        self.job_done.emit("finetune", result)

    @Slot()
    def cancel(self) -> None:
        """Stop at the end of the current step (a checkpoint is kept for Resume)."""
        if self.train_job > 0:
            self.client.stop(self.train_job)
            self.speed_label.setText(self.tr("Stopping after this step…"))

    @asyncSlot()
    async def compare(self) -> None:
        """Write held-out products with the base and with the new adapter."""
        if not self.last_result:
            return
        params = {**self.data_params(), "adapter": self.last_result["adapter"], "count": 2}
        self.compare_button.setEnabled(False)
        self.judge_label.setText(self.judge_label.text() + "  Writing…")
        result = await self._run("finetune_compare", params)
        self.compare_button.setEnabled(True)
        self.judge_label.setText(self.judge_label.text().replace("  Writing…", ""))
        if result is not None:
            self._show_compare(result)
        self.job_done.emit("finetune_compare", result)

    def _set_training(self, on: bool) -> None:
        for button in (self.start_button, self.resume_button, self.estimate_button):
            button.setEnabled(not on)
        self.cancel_button.setEnabled(on)

    # -- results -------------------------------------------------------------------------------
    def _redraw(self) -> None:
        self.train_curve.setData(self.train_x, self.train_y)
        self.eval_curve.setData(self.eval_x, self.eval_y)

    def _on_train_progress(self, step: int, total: int, info: str) -> None:
        if "\t" not in info:
            return
        event = json.loads(info.split("\t", 1)[1])
        kind = event.get("kind")
        if kind == "step":
            self.progress.setRange(0, int(event["total"]))
            self.progress.setValue(int(event["step"]))
            self.train_x.append(int(event["step"]))
            self.train_y.append(float(event["loss"] or 0.0))
            self.speed_label.setText(
                f"step {event['step']}/{event['total']} · loss {event['loss']:.3f} · "
                f"{event['steps_per_s']:.2f} step/s · {event['tokens_per_s']:.0f} tok/s · "
                f"ETA {_eta(event['eta_s'])}"
            )
        if kind in ("step", "eval") and event.get("eval_loss") is not None:
            self.eval_x.append(int(event["step"]))
            self.eval_y.append(float(event["eval_loss"]))
        if kind == "resume":
            self.speed_label.setText(f"Resuming at step {event['step']}…")
        if kind == "warning":
            self.message.emit(str(event["text"]), "warning")
        self._redraw()

    def _show_preview(self, info: dict[str, Any]) -> None:
        dropped = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in info["dropped"].items() if v)
        tokens = info["tokens"]
        text = (
            f"<b>{info['kept']}</b> texts from {info['source']} ({info['loaded']} read"
            f"{'; dropped ' + dropped if dropped else ''}; {info['redacted']} contact details or "
            f"order numbers hidden). <b>{info['train']}</b> for training, "
            f"<b>{info['eval']}</b> held back to judge. Tokens per example: "
            f"{tokens['min']}–{tokens['max']} (median {tokens['median']})."
        )
        for warning in info["warnings"]:
            text += f"<br><span style='color:{colour('warning')}'>⚠ {warning}</span>"
        self.preview_label.setText(text)
        shown = [f"── {e['source']} ──\n{e['prompt']}{e['completion']}" for e in info["examples"]]
        self.examples.setPlainText("\n\n".join(shown))

    def _show_estimate(self, info: dict[str, Any]) -> None:
        memory = f"peak memory ≈ {info['peak_ram_gb']} GB of {info['available_ram_gb']} GB free"
        if info.get("peak_vram_gb") is not None:
            memory += f", GPU ≈ {info['peak_vram_gb']} GB"
        text = (
            f"≈ {info['step_s']} s per step · {_eta(info['epoch_s'])} per epoch · "
            f"{_eta(info['total_s'])} for {info['total_steps']} steps on {info['device']}; "
            f"{memory}."
        )
        if info["suggestion"]:
            text += f" <b>{info['suggestion']}</b>"
        self.estimate_label.setText(text)

    def _show_result(self, result: dict[str, Any]) -> None:
        self.last_result = result
        status = {
            "done": "finished",
            "early_stop": "stopped early (no more improvement)",
            "nan": "stopped: the loss became NaN; the last good adapter was kept",
        }
        self.judge_label.setText(
            f"Adapter <b>{result['adapter']}</b> {status.get(result['status'], result['status'])} "
            f"after {result['steps']} steps (best at step {result['best_step']}). Perplexity on "
            f"held-out texts: base <b>{result['eval_ppl_before']}</b> → adapted "
            f"<b>{result['eval_ppl_after']}</b> (lower is better)."
            + (f"<br><b>{result['advice']}</b>" if result.get("worse_than_base") else "")
        )
        self.speed_label.setText(
            f"Done in {_eta(result['seconds'])} · {result['tokens_per_s']} train tok/s"
        )
        self.compare_button.setEnabled(True)
        self.adapters.refresh()

    def _show_compare(self, result: dict[str, Any]) -> None:
        rows = result["rows"]
        self.compare_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, key in enumerate(("owner", "base", "adapted")):
                self.compare_table.setItem(r, c, QTableWidgetItem(row[key]))
        self.compare_table.resizeRowsToContents()
