"""The engine facade: one data folder, its store, and the loaded model, for CLI and GUI alike."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.models import ModelInfo, resolve_model
from engine.paths import Paths
from engine.store import Store

if TYPE_CHECKING:
    from engine.generate import Generator

log = logging.getLogger(__name__)
ProgressFn = Callable[[int, int, str], None]


def _no_progress(step: int, total: int, info: str) -> None:
    """Default progress sink."""


class Engine:
    """Everything one session of work needs. Belongs to the thread that uses it.

    The model is loaded on first use and kept; torch is imported only then, so creating an
    Engine is cheap.
    """

    def __init__(
        self,
        paths: Paths,
        *,
        model: str | None = None,
        adapter: str | None = None,
        device: str | None = None,
        threads: int | None = None,
    ) -> None:
        self.paths = paths
        self.model_override = model
        self.adapter_override = adapter
        self.device_override = device
        self.threads = threads
        self._store: Store | None = None
        self._generator: Generator | None = None

    @property
    def store(self) -> Store:
        """The SQLite store, opened on first use in the calling thread."""
        if self._store is None:
            self._store = Store(self.paths.db)
        return self._store

    @property
    def device_preference(self) -> str:
        """The device the merchant asked for (``auto`` unless overridden or saved)."""
        return self.device_override or str(self.store.get_setting("device", "auto"))

    def model_info(self) -> ModelInfo:
        """The model this engine uses: the override or the active one."""
        return resolve_model(self.paths, self.store, self.model_override)

    def loaded(self) -> Generator | None:
        """The loaded generator, if any."""
        return self._generator

    def generator(self, on_progress: ProgressFn = _no_progress) -> Generator:
        """The loaded model, loading (or switching to) the wanted one first if needed."""
        info = self.model_info()
        current = self._generator
        if current is not None and current.name == info.name:
            return current
        self.unload()
        from engine.generate import Generator

        on_progress(0, 1, f"loading {info.display or info.name}")
        log.info("loading model %s from %s", info.name, info.path)
        self._generator = Generator.load(
            info.path,
            name=info.name,
            device=self.device_preference,
            threads=self.threads,
            precision=str(self.store.get_setting("precision", "auto")),
        )
        on_progress(1, 1, "model ready")
        return self._generator

    def unload(self) -> None:
        """Drop the loaded model and free its memory."""
        if self._generator is not None:
            self._generator = None
            import gc

            gc.collect()

    def close(self) -> None:
        """Release the model and the database connection."""
        self.unload()
        if self._store is not None:
            self._store.close()
            self._store = None
