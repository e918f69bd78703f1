"""The model manager dialog: installed models, the active one, delete, import, the device.

Below them, where writing runs: this computer or a server (:mod:`gui.widgets.backend_box`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from engine.core.paths import Paths
from engine.decoding.devices import DEVICE_PREFERENCES
from engine.models.manager import DEVICE_KEY
from engine.models.memory import GB, available_bytes
from engine.store.connection import Store
from gui.drops import FileDrop, model_source
from gui.theme import colour
from gui.widgets.backend_box import BackendBox
from gui.worker.client import EngineClient, JobFailed, alive

COLUMNS = ("", "Name", "Parameters", "Size on disk", "Languages", "Licence", "Memory needed")
DEVICE_LABELS = {
    "auto": "Automatic (GPU when it works, else CPU)",
    "cuda": "NVIDIA GPU (CUDA)",
    "mps": "Apple GPU (MPS)",
    "cpu": "CPU",
}


def _params_text(params: int) -> str:
    if params >= 1e9:
        return f"{params / 1e9:.1f} B"
    return f"{params / 1e6:.0f} M" if params else "?"


def _size_text(size: int) -> str:
    return f"{size / 1e9:.2f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"


class ModelManagerDialog(QDialog):
    """Lists models and changes them; every folder scan and change runs as an engine job."""

    reload_requested = Signal()
    """The active model or the device changed: the window should load the model again."""
    refreshed = Signal()
    """The table was filled from a fresh scan of the models folder."""
    import_finished = Signal(bool)
    """An import ended (True when a model was added)."""

    def __init__(
        self, paths: Paths, store: Store, client: EngineClient, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.store = store
        self.client = client
        self.import_job = 0
        self.delete_job = 0
        self.rows: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("Models"))
        self.resize(980, 640)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(self._on_double_click)

        self.use_button = QPushButton(self.tr("Use this model"))
        self.use_button.clicked.connect(self.activate_selected)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.use_button)
        row_buttons.addWidget(self.delete_button)
        row_buttons.addStretch(1)

        self.device_combo = QComboBox()
        for key in DEVICE_PREFERENCES:
            self.device_combo.addItem(DEVICE_LABELS[key], key)
        current = str(store.get_setting(DEVICE_KEY, "auto"))
        index = self.device_combo.findData(current)
        self.device_combo.setCurrentIndex(max(index, 0))
        self.device_combo.currentIndexChanged.connect(self._on_device_changed)
        self.free_label = QLabel()
        device_row = QHBoxLayout()
        device_row.addWidget(QLabel(self.tr("Run models on:")))
        device_row.addWidget(self.device_combo)
        device_row.addStretch(1)
        device_row.addWidget(self.free_label)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("name (default: from the folder or file)"))
        self.lang_edit = QLineEdit("en")
        self.lang_edit.setToolTip(self.tr("Languages the model writes, comma-separated (en, zh)"))
        self.lang_edit.setMaximumWidth(80)
        self.import_folder_button = QPushButton(self.tr("Import folder…"))
        self.import_folder_button.setToolTip(
            self.tr("A Hugging Face model folder with .safetensors weights and a chat template")
        )
        self.import_folder_button.clicked.connect(self.choose_folder)
        self.import_gguf_button = QPushButton(self.tr("Import .gguf…"))
        self.import_gguf_button.setToolTip(
            self.tr("A GGUF file, converted once into your data folder")
        )
        self.import_gguf_button.clicked.connect(self.choose_gguf)
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.clicked.connect(self.cancel_import)
        self.cancel_button.hide()
        import_row = QHBoxLayout()
        import_row.addWidget(QLabel(self.tr("Import as:")))
        import_row.addWidget(self.name_edit, 1)
        import_row.addWidget(QLabel(self.tr("Languages:")))
        import_row.addWidget(self.lang_edit)
        import_row.addWidget(self.import_folder_button)
        import_row.addWidget(self.import_gguf_button)
        import_row.addWidget(self.cancel_button)

        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(colour("error_bar") + "padding:6px;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.backend_box = BackendBox(client)
        self.backend_box.changed.connect(self.reload_requested)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addLayout(device_row)
        layout.addLayout(import_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error_label)
        layout.addWidget(self.backend_box)
        layout.addWidget(close)
        # A model folder or a .gguf dropped on the dialog is imported (gui/drops.py).
        self.drop = FileDrop(self, model_source, lambda path: self.start_import(str(path)))
        self.import_folder_button.setToolTip(
            self.import_folder_button.toolTip() + self.tr(" (or drop it here)")
        )

        self.refresh()

    # -- list ---------------------------------------------------------------------------------
    @asyncSlot()
    async def refresh(self) -> None:
        """Re-read the registry (a folder scan, on the engine thread) and the free memory."""
        selected = self.selected_name()
        try:
            self.rows = list(await self.client.run("list_models"))
        except JobFailed as exc:
            self.show_error(str(exc))
            return
        if not alive(self):
            return
        free = available_bytes("cpu")
        self.free_label.setText(f"Free memory now: {free / GB:.1f} GB")
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            needed = float(row["ram_gb"])
            cells = (
                "★" if row["active"] else "",
                str(row["display"])
                if row["display"] == row["name"]
                else f"{row['display']} ({row['name']})",
                _params_text(int(row["params"])),
                _size_text(int(row["bytes"])),
                ", ".join(row["languages"]),
                str(row["licence"] or "unknown"),
                f"≈ {needed:.1f} GB" + ("  (more than is free)" if needed * GB > free else ""),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row["name"])
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setToolTip("the active model" if row["active"] else "")
                if c == 6 and needed * GB > free:
                    item.setForeground(QBrush(QColor(colour("error"))))
                self.table.setItem(r, c, item)
        if not self.rows:
            self.status.setText(self.tr("No model is installed. Import a folder or a .gguf file."))
        names = [row["name"] for row in self.rows]
        keep = (
            selected
            if selected in names
            else next((row["name"] for row in self.rows if row["active"]), None)
        )
        if keep is not None:
            self.table.selectRow(names.index(keep))
        self._update_buttons()
        self.refreshed.emit()

    def selected_name(self) -> str | None:
        """The model name of the selected row."""
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def active_name(self) -> str | None:
        """The active model's name."""
        return next((str(row["name"]) for row in self.rows if row["active"]), None)

    @Slot()
    def _update_buttons(self) -> None:
        name = self.selected_name()
        importing = bool(self.import_job)
        self.use_button.setEnabled(name is not None and name != self.active_name())
        self.delete_button.setEnabled(name is not None and not self.delete_job)
        self.import_folder_button.setEnabled(not importing)
        self.import_gguf_button.setEnabled(not importing)

    def show_error(self, text: str) -> None:
        """An error a merchant can act on, inside the dialog."""
        self.error_label.setText(text)
        self.error_label.show()

    # -- actions ------------------------------------------------------------------------------
    @asyncSlot()
    async def activate_selected(self) -> None:
        """Make the selected model the active one (saved) and ask the window to load it."""
        name = self.selected_name()
        if name is None:
            return
        self.error_label.hide()
        if not await self._act("use_model", {"name": name}, "Activate"):
            return
        self.status.setText(f"{name} is now the active model; loading it…")
        await self.refresh()
        self.reload_requested.emit()

    async def _act(self, job: str, params: dict[str, Any], action: str) -> dict[str, Any] | None:
        """Run one model job; a failure shows in the dialog (None then)."""
        try:
            result = dict(await self.client.run(job, params))
        except JobFailed as exc:
            if alive(self):
                self._show_failure(action, str(exc), exc.kind)
            return None
        return result if alive(self) else None

    def _show_failure(self, action: str, message: str, kind: str) -> None:
        self.status.setText("")
        if kind == "cancelled":
            self.status.setText(self.tr("Import stopped; nothing was added."))
        elif kind == "user":
            self.show_error(f"{action} failed: {message}")
        else:
            self.show_error(
                f"{action} failed: something went wrong ({message}). "
                f"Details are in {self.paths.log_file}"
            )

    @Slot(QTableWidgetItem)
    def _on_double_click(self, item: QTableWidgetItem) -> None:
        self.activate_selected()

    @asyncSlot()
    async def delete_selected(self) -> None:
        """Delete the selected model after confirmation (an engine job)."""
        name = self.selected_name()
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete model"),
            f"Delete the model {name!r} and its files from {self.paths.models}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.error_label.hide()
        self.status.setText(f"Deleting {name}…")
        was_active = self.active_name() == name
        self.delete_job = -1
        self._update_buttons()
        result = await self._act("delete_model", {"name": name}, "Delete")
        self.delete_job = 0
        if result is not None:
            self.status.setText(f"Deleted {result['deleted']}.")
        await self.refresh()
        if result is not None and was_active:
            self.reload_requested.emit()

    @asyncSlot(int)
    async def _on_device_changed(self, index: int) -> None:
        device = str(self.device_combo.itemData(index))
        if await self._act("set_device", {"device": device}, "Device") is None:
            return
        self.status.setText(f"Device set to {DEVICE_LABELS[device]}; reloading the model…")
        self.reload_requested.emit()

    @Slot()
    def choose_folder(self) -> None:
        """Pick a Hugging Face model folder and import it."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a model folder"))
        if folder:
            self.start_import(folder)

    @Slot()
    def choose_gguf(self) -> None:
        """Pick a .gguf file and import it."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a GGUF model"), "", self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.start_import(path)

    @asyncSlot(str)
    async def start_import(self, path: str) -> None:
        """Run the ``import_model`` job for ``path``; progress and errors show here."""
        languages = [x.strip() for x in self.lang_edit.text().split(",") if x.strip()]
        params = {"path": path, "name": self.name_edit.text().strip(), "languages": languages}
        self.error_label.hide()
        self.status.setText(f"Importing {path}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.import_job, future = self.client.start(
            "import_model", params, on_progress=self._on_progress
        )
        self._update_buttons()
        try:
            result = await future
        except JobFailed as exc:
            if not alive(self):
                return
            self._import_done()
            self._show_failure("Import", str(exc), exc.kind)
            await self.refresh()
            self.import_finished.emit(False)
            return
        if not alive(self):
            return
        self._import_done()
        self.status.setText(
            f"Imported {result['name']}. Select it and press “Use this model” to write with it."
        )
        await self.refresh()
        self.import_finished.emit(True)

    @Slot()
    def cancel_import(self) -> None:
        """Stop the running import at its next step."""
        if self.import_job:
            self.client.stop(self.import_job)

    # -- engine progress ----------------------------------------------------------------------
    def _on_progress(self, step: int, total: int, info: str) -> None:
        self.status.setText(info[:1].upper() + info[1:] + "…")
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(step)

    def _import_done(self) -> None:
        self.import_job = 0
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()
