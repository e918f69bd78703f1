"""The Finetune tab's settings form: preset, adapter name and the advanced LoRA knobs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.finetune.config import PRESETS
from gui.labels import engine_label


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


class FinetuneSettings(QWidget):
    """Preset + advanced options; ``params()`` gives the job's settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preset = QComboBox()
        for preset in PRESETS:
            self.preset.addItem(engine_label(preset), preset)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("adapter name (default: from the data file)"))
        self.advanced = QGroupBox(self.tr("Advanced"))
        self.advanced.setCheckable(True)
        self.advanced.setChecked(False)
        self.rank = _spin(1, 256, 8)
        self.alpha = _spin(1, 1024, 16)
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.05)
        self.targets = QLineEdit()
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(5)
        self.lr.setRange(0.00001, 0.1)
        self.lr.setSingleStep(0.0001)
        self.epochs = _spin(1, 100, 3)
        self.steps = _spin(0, 1_000_000, 0)
        self.steps.setSpecialValueText(self.tr("whole epochs"))
        self.batch = _spin(1, 256, 4)
        self.max_length = _spin(32, 8192, 384)
        self.eval_every = _spin(1, 100_000, 10)
        form = QFormLayout(self.advanced)
        form.addRow(self.tr("LoRA rank"), self.rank)
        form.addRow(self.tr("LoRA alpha"), self.alpha)
        form.addRow(self.tr("Dropout"), self.dropout)
        form.addRow(self.tr("Target modules"), self.targets)
        form.addRow(self.tr("Learning rate"), self.lr)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Steps"), self.steps)
        form.addRow(self.tr("Batch size"), self.batch)
        form.addRow(self.tr("Max length (tokens)"), self.max_length)
        form.addRow(self.tr("Evaluate every (steps)"), self.eval_every)
        top = QFormLayout()
        top.addRow(self.tr("Preset"), self.preset)
        top.addRow(self.tr("Adapter name"), self.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.advanced)
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.load_preset(str(self.preset.currentData()))

    @Slot(str)
    def _on_preset(self) -> None:
        self.load_preset(str(self.preset.currentData()))

    def load_preset(self, name: str) -> None:
        """Show a preset's values in the advanced fields."""
        config = PRESETS[name]
        self.rank.setValue(config.rank)
        self.alpha.setValue(config.alpha)
        self.dropout.setValue(config.dropout)
        self.targets.setText(", ".join(config.target_modules))
        self.lr.setValue(config.lr)
        self.epochs.setValue(config.epochs)
        self.steps.setValue(config.max_steps)
        self.batch.setValue(config.batch_size)
        self.max_length.setValue(config.max_length)
        self.eval_every.setValue(config.eval_every)

    def params(self) -> dict[str, Any]:
        """``{"preset", "name", "advanced"}`` for the finetune jobs."""
        out: dict[str, Any] = {"preset": str(self.preset.currentData())}
        if self.name.text().strip():
            out["name"] = self.name.text().strip()
        if self.advanced.isChecked():
            out["advanced"] = {
                "rank": self.rank.value(),
                "alpha": self.alpha.value(),
                "dropout": self.dropout.value(),
                "target_modules": [t.strip() for t in self.targets.text().split(",") if t.strip()],
                "lr": self.lr.value(),
                "epochs": self.epochs.value(),
                "max_steps": self.steps.value(),
                "batch_size": self.batch.value(),
                "max_length": self.max_length.value(),
                "eval_every": self.eval_every.value(),
                "save_every": self.eval_every.value(),
            }
        return out
