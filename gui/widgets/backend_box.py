"""The model manager's "Where writing runs" box: this computer, or an OpenAI-compatible server.

Everything goes through engine jobs (``backend_show``, ``backend_set``, ``backend_check``);
the API key typed here is handed to the engine once, which keeps it in the OS keyring, and the
field is cleared: the window never stores it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from gui.worker.client import EngineClient, JobFailed, alive


class BackendBox(QGroupBox):
    """Choose local or remote generation; emits :attr:`changed` after a save."""

    changed = Signal()
    """The backend setting was saved (the window reloads the model)."""
    loaded = Signal()
    """The current setting was read into the fields."""
    checked = Signal(bool)
    """A connection check ended (True when the server answered)."""

    def __init__(self, client: EngineClient, parent: QWidget | None = None) -> None:
        super().__init__("Where writing runs", parent)
        self.client = client
        self.local_radio = QRadioButton(self.tr("On this computer (nothing leaves it)"))
        self.remote_radio = QRadioButton(
            self.tr("On a server (OpenAI-compatible: vLLM, llama.cpp, Ollama, LM Studio)")
        )
        self.local_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.local_radio)
        group.addButton(self.remote_radio)
        self.remote_radio.toggled.connect(self._update_fields)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(self.tr("http://192.168.1.20:8000/v1"))
        self.model_edit = QLineEdit()
        self.model_edit.setPlaceholderText(self.tr("the model's name on the server"))
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("optional; kept in the system keyring"))
        form = QFormLayout()
        form.addRow(self.tr("Server address:"), self.url_edit)
        form.addRow(self.tr("Model:"), self.model_edit)
        form.addRow(self.tr("API key:"), self.key_edit)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.check_button = QPushButton(self.tr("Test connection"))
        self.check_button.clicked.connect(self.check)
        self.status = QLabel(
            self.tr(
                "Customer e-mails, phones, order numbers and addresses are replaced by "
                "placeholders before any text goes to a server."
            )
        )
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.local_radio)
        layout.addWidget(self.remote_radio)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_fields()
        self.load()

    def _update_fields(self) -> None:
        remote = self.remote_radio.isChecked()
        for widget in (self.url_edit, self.model_edit, self.key_edit, self.check_button):
            widget.setEnabled(remote)

    def _show(self, info: dict[str, Any]) -> None:
        self.remote_radio.setChecked(info.get("kind") == "remote")
        self.local_radio.setChecked(info.get("kind") != "remote")
        self.url_edit.setText(str(info.get("base_url", "")))
        self.model_edit.setText(str(info.get("model", "")))
        self.key_edit.clear()
        self.key_edit.setPlaceholderText(
            "a key is stored in the system keyring (type to replace it)"
            if info.get("has_key")
            else "optional; kept in the system keyring"
        )
        self._update_fields()

    @asyncSlot()
    async def load(self) -> None:
        """Read the saved choice (an engine job)."""
        try:
            info = dict(await self.client.run("backend_show"))
        except JobFailed as exc:
            if alive(self):
                self.status.setText(str(exc))
            return
        if alive(self):
            self._show(info)
            self.loaded.emit()

    @asyncSlot()
    async def save(self) -> None:
        """Save the choice; the key (if typed) goes to the keyring through the engine."""
        params = {
            "kind": "remote" if self.remote_radio.isChecked() else "local",
            "base_url": self.url_edit.text().strip(),
            "model": self.model_edit.text().strip(),
            "api_key": self.key_edit.text().strip(),
        }
        self.key_edit.clear()
        try:
            info = dict(await self.client.run("backend_set", params))
        except JobFailed as exc:
            if alive(self):
                self.status.setText(f"Not saved: {exc}")
            return
        if not alive(self):
            return
        self._show(info)
        where = f"{info['model']} at {info['base_url']}" if info["kind"] == "remote" else ""
        self.status.setText(
            f"Writing now runs on {where}." if where else "Writing now runs on this computer."
        )
        self.changed.emit()

    @asyncSlot()
    async def check(self) -> None:
        """Ask the saved server for a few words and say how it went."""
        self.check_button.setEnabled(False)
        try:
            result = dict(await self.client.run("backend_check"))
        except JobFailed as exc:
            if alive(self):
                self.status.setText(f"Connection failed: {exc}")
                self.check_button.setEnabled(True)
                self.checked.emit(False)
            return
        if alive(self):
            self.status.setText(
                f"The server answered {result['text']!r} (first words after "
                f"{result['ttft_ms']:.0f} ms)."
            )
            self.check_button.setEnabled(True)
            self.checked.emit(True)
