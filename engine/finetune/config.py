"""Training settings: the presets a shop owner picks from and the advanced knobs behind them."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from engine.core.errors import UserError

ATTENTION = ["q_proj", "k_proj", "v_proj", "o_proj"]
ALL_LINEAR = [*ATTENTION, "gate_proj", "up_proj", "down_proj"]


@dataclass
class TrainConfig:
    """Everything that shapes one LoRA run."""

    rank: int = 8
    alpha: int = 16
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: list(ATTENTION))
    top_layers: int = 0
    """Adapt only the last N transformer blocks (0: all). Back-propagation then stops at the
    lowest adapted block, so a step costs about a third less with half the blocks."""
    lr: float = 1e-3
    epochs: int = 3
    max_steps: int = 0
    """0 means ``epochs`` passes over the training pairs."""
    batch_size: int = 4
    max_length: int = 384
    warmup_steps: int = 5
    eval_every: int = 10
    save_every: int = 10
    patience: int = 3
    """Evaluations without improvement before early stop (0: never stop early)."""
    seed: int = 1234
    weight_decay: float = 0.0
    grad_clip: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (run state, adapter manifest)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Build from a dict, ignoring unknown keys and validating the rest.

        Raises:
            UserError: for settings out of range.

        """
        known = {f.name for f in fields(cls)}
        config = cls(**{k: v for k, v in data.items() if k in known and v is not None})
        config.validate()
        return config

    def validate(self) -> None:
        """Check ranges.

        Raises:
            UserError: naming the setting that is out of range.

        """
        checks = [
            (1 <= self.rank <= 256, "rank must be between 1 and 256"),
            (1 <= self.alpha <= 1024, "alpha must be between 1 and 1024"),
            (0 <= self.dropout < 1, "dropout must be between 0 and 0.99"),
            (0 < self.lr <= 0.1, "learning rate must be above 0 and at most 0.1"),
            (1 <= self.epochs <= 100, "epochs must be between 1 and 100"),
            (0 <= self.max_steps <= 1_000_000, "steps must be 0 (use epochs) or positive"),
            (1 <= self.batch_size <= 256, "batch size must be between 1 and 256"),
            (32 <= self.max_length <= 8192, "max length must be between 32 and 8192 tokens"),
            (self.eval_every >= 1 and self.save_every >= 1, "eval/save intervals must be ≥ 1"),
            (bool(self.target_modules), "choose at least one target module"),
            (0 <= self.top_layers <= 1024, "top layers must be 0 (all) or positive"),
        ]
        for ok, message in checks:
            if not ok:
                raise UserError(message)
        for name in self.target_modules:
            if not re.fullmatch(r"[A-Za-z0-9_.]+", name):
                raise UserError(f"target module {name!r} is not a module name")


PRESETS: dict[str, TrainConfig] = {
    "quick": TrainConfig(),
    "thorough": TrainConfig(
        rank=16,
        alpha=32,
        target_modules=list(ALL_LINEAR),
        lr=3e-4,
        epochs=6,
        eval_every=20,
        save_every=20,
        patience=4,
        max_length=512,
    ),
}


def preset(name: str, **overrides: Any) -> TrainConfig:
    """A preset with advanced overrides applied (None values keep the preset's).

    Raises:
        UserError: for an unknown preset or a bad override.

    """
    if name not in PRESETS:
        raise UserError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")
    data = PRESETS[name].to_dict()
    data.update({k: v for k, v in overrides.items() if v is not None})
    return TrainConfig.from_dict(data)
