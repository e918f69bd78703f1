"""The main window: tabs, the message bar, and a status bar with model, device and speed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine import __version__
from engine.app import open_store
from engine.core.paths import Paths
from gui.resources import about_html, app_icon
from gui.tabs.bulk_tab import BulkTab
from gui.tabs.copy_tab import CopyTab
from gui.tabs.customers_tab import CustomersTab
from gui.tabs.faq_tab import FaqTab
from gui.tabs.finetune_tab import FinetunePanel
from gui.widgets.elided_label import ElidedLabel
from gui.widgets.message_bar import MessageBar
from gui.widgets.page_tabs import PageTabs
from gui.worker.client import EngineClient, JobFailed


class MainWindow(QMainWindow):
    """Owns the engine client, the GUI thread's store and the tabs."""

    model_loaded = Signal(object)
    """The ``load_model`` job's result (model, device, decoder…), after a load succeeded."""
    model_failed = Signal(str)
    """Why no model could be loaded."""

    def __init__(self, paths: Paths, client: EngineClient) -> None:
        super().__init__()
        self.paths = paths
        self.client = client
        self.store = open_store(paths)
        self.load_job = 0
        self.notes_shown: set[str] = set()
        self.progress_shown = False
        """True while the state line shows a job's progress."""
        self.setWindowTitle(self.tr("ShopScribe"))
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)

        self.message_bar = MessageBar()
        self.tabs = PageTabs()  # pages scroll on a small screen or at 150 % scaling
        self.copy_tab = CopyTab(client, self.store)
        self.tabs.addTab(self.copy_tab, self.tr("Copy"))
        self.bulk_tab = BulkTab(client, self.store)
        self.tabs.addTab(self.bulk_tab, self.tr("Bulk"))
        self.faq_tab = FaqTab(client, self.store)
        self.faq_tab.message.connect(self.show_message)
        self.tabs.addTab(self.faq_tab, self.tr("FAQ replies"))
        self.customers_tab = CustomersTab(client, self.store)
        self.customers_tab.message.connect(self.show_message)
        self.tabs.addTab(self.customers_tab, self.tr("Customers"))
        self.finetune_panel = FinetunePanel(client, self.store, paths)
        self.finetune_panel.message.connect(self.show_message)
        self.tabs.addTab(self.finetune_panel, self.tr("Finetune"))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        # Elided: a long model or state line never widens the window (hover shows it all).
        self.model_label = ElidedLabel(self.tr("model: loading…"))
        self.speed_label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.state_label = ElidedLabel(self.tr("Starting…"))
        bar = self.statusBar()
        bar.addWidget(self.state_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.speed_label)
        bar.addPermanentWidget(self.model_label)

        self._build_menu()
        self.copy_tab.message.connect(self.show_message)
        self.bulk_tab.message.connect(self.show_message)
        self.copy_tab.generation_done.connect(self._on_generation_done)
        client.progress.connect(self._on_progress)
        client.busy_changed.connect(self._on_busy)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        models_action = QAction(self.tr("&Models…"), self)
        models_action.setShortcut(QKeySequence("Ctrl+M"))
        models_action.triggered.connect(self.open_model_manager)
        file_menu.addAction(models_action)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About ShopScribe"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    @asyncSlot()
    async def load_model(self) -> None:
        """Load the active model on the engine thread (the window is already up)."""
        self.state_label.setText(self.tr("Loading model…"))
        self.model_label.setText(self.tr("model: loading…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.load_job, future = self.client.start("load_model")
        try:
            result = await future
        except JobFailed as exc:
            self.progress.hide()
            self.model_label.setText(self.tr("model: none"))
            self.state_label.setText(self.tr("No model loaded."))
            if not exc.cancelled:
                self.show_message(str(exc), "error" if exc.kind == "user" else "bug")
            self.model_failed.emit(str(exc))
            return
        finally:
            self.load_job = 0
        self.progress.hide()
        self._show_model(result)
        self.state_label.setText(self.tr("Ready."))
        note = str(result.get("note") or "")
        if note and note not in self.notes_shown:  # said loudly, once per reason
            self.notes_shown.add(note)
            self.show_message(note, "warning")
        self.model_loaded.emit(result)

    @Slot()
    def open_model_manager(self) -> None:
        """The model manager dialog; choosing a model or device reloads the model."""
        from gui.dialogs.model_manager import ModelManagerDialog

        self.model_manager = ModelManagerDialog(self.paths, self.store, self.client, self)
        self.model_manager.reload_requested.connect(self.load_model)
        self.model_manager.open()

    @Slot(str, str)
    def show_message(self, text: str, level: str) -> None:
        """Errors and notices; a bug shows where its details are, never a traceback."""
        if level == "bug":
            text = self.tr("Something went wrong ({text}). Details are in {log}").format(
                text=text, log=self.paths.log_file
            )
            level = "error"
        self.message_bar.show_message(text, level)

    @Slot()
    def show_about(self) -> None:
        """The About box with model credits."""
        QMessageBox.about(
            self,
            self.tr("About ShopScribe"),
            about_html(version=__version__, data=str(self.paths.root)),
        )

    @Slot(int, int, int, str)
    def _on_progress(self, job_id: int, step: int, total: int, info: str) -> None:
        info = info.split("\t", 1)[0]  # finetune events carry JSON after a TAB
        self.state_label.setText(info[:1].upper() + info[1:] + "…")
        self.progress_shown = True
        if total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(step)

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        if not busy and not self.progress.isHidden():
            self.progress.hide()
        if not busy and self.progress_shown:  # a job's "Indexing…" does not outlive the job
            self.progress_shown = False
            self.state_label.setText(self.tr("Ready."))

    def _show_model(self, result: dict[str, Any]) -> None:
        label = f"{result['model']} · {result['device']} · {result['dtype']}"
        if result.get("decoder") == "llama":
            label += " · llama.cpp"
        if result.get("adapter"):
            label += f" · {result['adapter']}"
        self.model_label.setText(label)
        if result.get("decoder_reason"):
            self.model_label.setToolTip(
                self.tr("Decoder: {why}").format(why=result["decoder_reason"])
            )

    @Slot(object)
    def _on_generation_done(self, result: object) -> None:
        assert isinstance(result, dict)
        self._show_model(result)
        self.speed_label.setText(f"{result['tokens_per_s']:.1f} tok/s")
        self.state_label.setText(self.tr("Ready."))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the engine thread cleanly before the window goes."""
        self.client.shutdown()
        self.store.close()
        super().closeEvent(event)
