"""Where ShopScribe keeps its files: one data folder holding everything it writes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "ShopScribe"
ENV_DATA_DIR = "SHOPSCRIBE_DATA_DIR"


@dataclass(frozen=True)
class Paths:
    """The layout of one data folder. Two data folders never share state."""

    root: Path

    @property
    def db(self) -> Path:
        """The SQLite database with history, settings and jobs."""
        return self.root / "shopscribe.db"

    @property
    def models(self) -> Path:
        """Prepared and imported model folders, one per model."""
        return self.root / "models"

    @property
    def adapters(self) -> Path:
        """LoRA adapters, one folder each."""
        return self.root / "adapters"

    @property
    def logs(self) -> Path:
        """Log files with tracebacks of unexpected failures."""
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        """The main log file."""
        return self.logs / "shopscribe.log"

    @property
    def runs(self) -> Path:
        """Finetuning runs: checkpoints and run state."""
        return self.root / "runs"

    def ensure(self) -> Paths:
        """Create the folders if needed and return self."""
        for folder in (self.root, self.models, self.adapters, self.logs, self.runs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_root() -> Path:
    """The platform's user data folder for ShopScribe."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Pick the data folder: explicit argument, then $SHOPSCRIBE_DATA_DIR, then the default."""
    chosen = data_dir or os.environ.get(ENV_DATA_DIR) or default_root()
    return Paths(Path(chosen).expanduser().resolve()).ensure()
