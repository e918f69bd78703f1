"""The adapters manager: list, activate, deactivate, rename, delete and export LoRA adapters.

Every file operation (the folder scan, rename, delete, the zip export) runs on the engine
thread as a job; the active adapter is a setting the engine applies (hot-swap) at its next
generation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from gui.worker.client import EngineClient, JobFailed, alive


class AdaptersBox(QGroupBox):
    """Saved adapters with their base model and perplexities."""

    message = Signal(str, str)
    refreshed = Signal()
    """The list was re-read (after start-up, training or any action)."""

    def __init__(self, client: EngineClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Adapters"))
        self.client = client
        self.rows: list[dict[str, Any]] = []
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for label, text, slot in (
            ("Activate", self.tr("Activate"), self.activate),
            ("Deactivate", self.tr("Deactivate"), self.deactivate),
            ("Rename…", self.tr("Rename…"), self.rename),
            ("Delete", self.tr("Delete"), self.delete),
            ("Export…", self.tr("Export…"), self.export),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[label] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    @asyncSlot()
    async def refresh(self) -> None:
        """Reload the list from the adapters folder (read on the engine thread)."""
        try:
            self.rows = list(await self.client.run("list_adapters"))
        except JobFailed as exc:
            self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            return
        if not alive(self):
            return
        self.list.clear()
        for info in self.rows:
            ppl = ""
            if info.get("eval_ppl_before") and info.get("eval_ppl_after"):
                ppl = f" · perplexity {info['eval_ppl_before']:.1f} → {info['eval_ppl_after']:.1f}"
            mark = "● " if info["active"] else "   "
            worse = " · worse than the base" if info.get("worse_than_base") else ""
            item = QListWidgetItem(f"{mark}{info['name']} (on {info['base_model']}{ppl}{worse})")
            if worse:
                item.setToolTip(
                    self.tr(
                        "No checkpoint of this run beat the base model on your held-out texts, so "
                        "it is not used unless you activate it and confirm."
                    )
                )
            item.setData(Qt.ItemDataRole.UserRole, info["name"])
            self.list.addItem(item)
            if info["active"]:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        self.refreshed.emit()

    def selected(self) -> str | None:
        """The selected adapter's name."""
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    async def _act(self, action: str, name: str | None, done: str, **extra: Any) -> bool:
        """Run one adapter action on the engine thread, then refresh the list."""
        if action != "deactivate" and not name:
            self.message.emit(f"Choose an adapter to {action}.", "warning")
            return False
        try:
            await self.client.run("adapter", {"action": action, "name": name or "", **extra})
        except JobFailed as exc:
            self.message.emit(str(exc), "error" if exc.kind == "user" else "bug")
            ok = False
        else:
            if done:
                self.message.emit(done, "info")
            ok = True
        await self.refresh()
        return ok

    @asyncSlot()
    async def activate(self) -> None:
        """Use the selected adapter for generation from now on."""
        name = self.selected()
        row = next((r for r in self.rows if r["name"] == name), {})
        force = False
        if row.get("worse_than_base"):
            answer = QMessageBox.question(
                self,
                self.tr("Adapter worse than the base model"),
                f"Adapter {name!r} wrote your held-out texts worse than the base model "
                f"(perplexity {row.get('eval_ppl_before')} → {row.get('eval_ppl_after')}).\n\n"
                "Use it anyway? Check its copy with Compare first.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            force = True
        await self._act(
            "activate", name, f"Adapter {name!r} is active: the next copy uses it.", force=force
        )

    @asyncSlot()
    async def deactivate(self) -> None:
        """Back to the plain base model."""
        await self._act("deactivate", None, "No adapter active: the base model writes.")

    @asyncSlot()
    async def rename(self) -> None:
        """Ask for a new name."""
        name = self.selected()
        if not name:
            self.message.emit(self.tr("Choose an adapter to rename."), "warning")
            return
        new, ok = QInputDialog.getText(
            self, self.tr("Rename adapter"), self.tr("New name:"), text=name
        )
        if ok and new.strip() and new.strip() != name:
            await self._act("rename", name, "", new=new.strip())

    @asyncSlot()
    async def delete(self) -> None:
        """Delete after confirmation."""
        name = self.selected()
        if not name:
            self.message.emit(self.tr("Choose an adapter to delete."), "warning")
            return
        answer = QMessageBox.question(self, self.tr("Delete adapter"), f"Delete adapter {name!r}?")
        if answer == QMessageBox.StandardButton.Yes:
            await self._act("delete", name, f"Adapter {name!r} deleted.")

    @asyncSlot()
    async def export(self) -> None:
        """Export to a .zip (written on the engine thread)."""
        name = self.selected()
        if not name:
            self.message.emit(self.tr("Choose an adapter to export."), "warning")
            return
        target, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export adapter"),
            str(Path.home() / f"{name}.zip"),
            self.tr("Zip (*.zip)"),
        )
        if target:
            await self.export_to(name, target)

    async def export_to(self, name: str, target: str) -> bool:
        """Export ``name`` to ``target`` (the save dialog already confirmed an overwrite)."""
        return await self._act("export", name, f"Exported to {target}", out=target, overwrite=True)
