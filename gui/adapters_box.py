"""The adapters manager: list, activate, deactivate, rename, delete and export LoRA adapters.

File operations run here on the GUI thread (they are quick); the active adapter is a setting
that the engine applies (hot-swap) at its next generation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
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

from engine.adapters import (
    active_adapter_name,
    delete_adapter,
    export_adapter,
    list_adapters,
    rename_adapter,
    set_active_adapter,
)
from engine.errors import UserError
from engine.paths import Paths
from engine.store import Store


class AdaptersBox(QGroupBox):
    """Saved adapters with their base model and perplexities."""

    message = Signal(str, str)

    def __init__(self, paths: Paths, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Adapters", parent)
        self.paths = paths
        self.store = store
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for label, slot in (
            ("Activate", self.activate),
            ("Deactivate", self.deactivate),
            ("Rename…", self.rename),
            ("Delete", self.delete),
            ("Export…", self.export),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[label] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list from the adapters folder."""
        active = active_adapter_name(self.paths, self.store)
        self.list.clear()
        for info in list_adapters(self.paths):
            ppl = ""
            if info.eval_ppl_before and info.eval_ppl_after:
                ppl = f" · perplexity {info.eval_ppl_before:.1f} → {info.eval_ppl_after:.1f}"
            mark = "● " if info.name == active else "   "
            item = QListWidgetItem(f"{mark}{info.name} (on {info.base_model}{ppl})")
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            self.list.addItem(item)
            if info.name == active:
                font = item.font()
                font.setBold(True)
                item.setFont(font)

    def selected(self) -> str | None:
        """The selected adapter's name."""
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _run(self, action: str, name: str | None, fn: object) -> None:
        if not name:
            self.message.emit(f"Choose an adapter to {action}.", "warning")
            return
        try:
            assert callable(fn)
            fn(name)
        except (UserError, OSError) as exc:
            self.message.emit(str(exc), "error")
        self.refresh()

    @Slot()
    def activate(self) -> None:
        """Use the selected adapter for generation from now on."""

        def go(name: str) -> None:
            set_active_adapter(self.paths, self.store, name)
            self.message.emit(f"Adapter {name!r} is active: the next copy uses it.", "info")

        self._run("activate", self.selected(), go)

    @Slot()
    def deactivate(self) -> None:
        """Back to the plain base model."""
        set_active_adapter(self.paths, self.store, None)
        self.message.emit("No adapter active: the base model writes.", "info")
        self.refresh()

    @Slot()
    def rename(self) -> None:
        """Ask for a new name."""

        def go(name: str) -> None:
            new, ok = QInputDialog.getText(self, "Rename adapter", "New name:", text=name)
            if ok and new.strip() and new.strip() != name:
                rename_adapter(self.paths, self.store, name, new.strip())

        self._run("rename", self.selected(), go)

    @Slot()
    def delete(self) -> None:
        """Delete after confirmation."""

        def go(name: str) -> None:
            answer = QMessageBox.question(self, "Delete adapter", f"Delete adapter {name!r}?")
            if answer == QMessageBox.StandardButton.Yes:
                delete_adapter(self.paths, self.store, name)

        self._run("delete", self.selected(), go)

    @Slot()
    def export(self) -> None:
        """Export to a .zip (or a folder when the name has no .zip)."""

        def go(name: str) -> None:
            target, _ = QFileDialog.getSaveFileName(
                self, "Export adapter", str(Path.home() / f"{name}.zip"), "Zip (*.zip)"
            )
            if target:
                out = export_adapter(self.paths, name, Path(target))
                self.message.emit(f"Exported to {out}", "info")

        self._run("export", self.selected(), go)
