"""The engine facade: one data folder, its store, and the loaded model, for CLI and GUI alike."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from engine.errors import UserError
from engine.models import ModelInfo, resolve_model
from engine.paths import Paths
from engine.store import Store

if TYPE_CHECKING:
    from engine.generate import Generator
    from engine.llama_generator import LlamaGenerator

    AnyGenerator = Generator | LlamaGenerator

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
        decoder: str | None = None,
    ) -> None:
        self.paths = paths
        self.model_override = model
        self.adapter_override = adapter
        self.device_override = device
        self.threads = threads
        self.decoder_override = decoder
        self.isolate_jobs = False
        """Run torch-heavy jobs in a child process (the window sets this; see child_jobs)."""
        self.decoder_reason = ""
        """Why the loaded model got its decoder (shown in the status bar and logs)."""
        self._store: Store | None = None
        self._generator: AnyGenerator | None = None
        self._loaded_as: tuple[str, str, str] = ("", "", "")

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

    @property
    def decoder_preference(self) -> str:
        """``auto``, ``llama`` or ``torch`` (see :mod:`engine.fast_weights`)."""
        return self.decoder_override or str(self.store.get_setting("decoder", "auto"))

    def loaded(self) -> AnyGenerator | None:
        """The loaded generator, if any."""
        return self._generator

    def generator(self, on_progress: ProgressFn = _no_progress) -> AnyGenerator:
        """The loaded model, loading (or switching to) the wanted one first if needed."""
        info = self.model_info()
        current = self._generator
        wanted = (info.name, self.device_preference, self.decoder_preference)
        if current is not None and self._loaded_as == wanted:
            return self._with_adapter(current)
        self.unload()
        from engine.fast_weights import choose_decoder, decoder_setting

        decoder, self.decoder_reason = choose_decoder(
            self.decoder_preference, self.device_preference, info.path
        )
        if decoder == "llama":
            try:
                return self._load_llama(info, wanted, on_progress)
            except UserError as exc:  # e.g. an imported GGUF llama.cpp cannot run
                if decoder_setting(self.decoder_preference) == "llama":
                    raise
                self.unload()
                self.decoder_reason = f"llama.cpp could not use this model ({exc}); using torch"
                log.warning("%s: %s", info.name, self.decoder_reason)
        from engine.generate import Generator
        from engine.memory import plan_load

        plan = plan_load(info, self.device_preference)  # refuses what will not fit
        on_progress(0, 1, f"loading {info.display or info.name}")
        log.info("loading model %s from %s on %s", info.name, info.path, plan.device)
        generator = Generator.load(
            info.path,
            name=info.name,
            device=plan.device,
            threads=self.threads,
            precision=str(self.store.get_setting("precision", "auto")),
        )
        if plan.note:
            generator.choice = replace(generator.choice, note=plan.note)
        self._generator, self._loaded_as = generator, wanted
        on_progress(1, 1, "model ready")
        return self._with_adapter(generator)

    def _load_llama(
        self, info: ModelInfo, wanted: tuple[str, str, str], on_progress: ProgressFn
    ) -> AnyGenerator:
        """Load the model's 8-bit GGUF in llama.cpp (no torch import)."""
        import os

        from engine.llama_generator import LlamaGenerator
        from engine.memory import check_llama_ram

        check_llama_ram(info)
        on_progress(0, 1, f"loading {info.display or info.name}")
        log.info("loading model %s in llama.cpp (%s)", info.name, self.decoder_reason)
        threads = self.threads or os.cpu_count() or 1
        generator = LlamaGenerator.load(info.path, name=info.name, threads=threads)
        self._generator, self._loaded_as = generator, wanted
        on_progress(1, 1, "model ready")
        return self._with_adapter(generator)

    def adapter_name(self) -> str | None:
        """The LoRA adapter to use: ``--adapter`` for this run, else the active one."""
        from engine.adapters import active_adapter_name

        return self.adapter_override or active_adapter_name(self.paths, self.store)

    def _with_adapter(self, generator: AnyGenerator) -> AnyGenerator:
        """Hot-swap the wanted adapter onto the loaded model (see :mod:`engine.adapters`)."""
        from engine.adapters import apply_adapter, current_adapter, find_adapter

        wanted = self.adapter_name()
        info = find_adapter(self.paths, wanted) if wanted else None
        if info and not self.adapter_override and info.base_model not in ("", generator.name):
            info = None  # the saved active adapter belongs to another model: use the base
        if info is not None or current_adapter(generator) is not None:
            apply_adapter(generator, info)
        return generator

    def unload(self) -> None:
        """Drop the loaded model and free its memory."""
        if self._generator is not None:
            close = getattr(self._generator, "close", None)
            self._generator = None
            if close is not None:
                close()
            import gc

            gc.collect()

    def close(self) -> None:
        """Release the model and the database connection."""
        self.unload()
        if self._store is not None:
            self._store.close()
            self._store = None
