"""The Engine: one data folder, its store and the loaded model, for CLI, window and tests alike."""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import replace

from engine.core.callbacks import ProgressFn, no_progress, raise_if_stopped
from engine.core.errors import NoModelError, UserError
from engine.core.paths import Paths
from engine.decoding.choice import choose_decoder, decoder_setting
from engine.decoding.protocol import Generator
from engine.models.adapters import active_adapter_name, find_adapter
from engine.models.registry import ModelInfo, resolve_model
from engine.runtime.backend import BackendChoice, load_backend, remote_config
from engine.store.connection import Store
from engine.store.migrations import MigrationSet

log = logging.getLogger(__name__)


class Engine:
    """Everything one session of work needs. Belongs to the thread that uses it.

    The model is loaded on first use and kept; torch is imported only then (and not at all on
    the llama.cpp path), so creating an Engine is cheap. ``closing`` is set by whoever
    shuts the engine down from another thread: a load in progress ends early and an isolated
    job's child process is ended (see :mod:`engine.jobs.child`).
    """

    def __init__(
        self,
        paths: Paths,
        *,
        schema: Sequence[MigrationSet] = (),
        model: str | None = None,
        adapter: str | None = None,
        device: str | None = None,
        threads: int | None = None,
        decoder: str | None = None,
        backend: BackendChoice | None = None,
    ) -> None:
        self.paths = paths
        self.schema = tuple(schema)
        self.model_override = model
        self.adapter_override = adapter
        self.device_override = device
        self.threads = threads
        self.decoder_override = decoder
        self.backend_override = backend
        """``--backend`` for this run; None: the saved setting (see engine.runtime.backend)."""
        self.isolate_jobs = False
        """Run torch-heavy jobs in a child process (the window sets this; see engine.jobs)."""
        self.decoder_reason = ""
        """Why the loaded model got its decoder (shown in the status bar and logs)."""
        self.closing = threading.Event()
        self._store: Store | None = None
        self._generator: Generator | None = None
        self._loaded_as: tuple[str, str, str] = ("", "", "")

    @property
    def store(self) -> Store:
        """The SQLite store, opened (and migrated) on first use in the calling thread."""
        if self._store is None:
            self._store = Store(self.paths.db, self.schema)
        return self._store

    @property
    def device_preference(self) -> str:
        """The device the merchant asked for (``auto`` unless overridden or saved)."""
        return self.device_override or str(self.store.get_setting("device", "auto"))

    @property
    def decoder_preference(self) -> str:
        """``auto``, ``llama`` or ``torch`` (see :mod:`engine.decoding.choice`)."""
        return self.decoder_override or str(self.store.get_setting("decoder", "auto"))

    def backend_choice(self) -> BackendChoice:
        """Where generation runs: the override, else the saved setting (local by default)."""
        if self.backend_override is not None:
            return self.backend_override.checked()
        return load_backend(self.store)

    def model_info(self) -> ModelInfo:
        """The model this engine uses: the override or the active one."""
        return resolve_model(self.paths, self.store, self.model_override)

    def prompt_style(self) -> str:
        """The prompts the writing model was trained on: ``house`` for the house writer.

        ``classic`` for a remote backend (any server's model) and when no model is installed.
        """
        if self.backend_choice().remote:
            return "classic"
        try:
            return self.model_info().prompt_style
        except NoModelError:
            return "classic"

    def loaded(self) -> Generator | None:
        """The loaded generator, if any."""
        return self._generator

    def generator(self, on_progress: ProgressFn = no_progress) -> Generator:
        """The loaded model, loading (or switching to) the wanted one first if needed.

        Raises:
            NoModelError: when no model is installed.
            UserError: when the model cannot be loaded or will not fit.
            Cancelled: when :attr:`closing` was set during the load.

        """
        backend = self.backend_choice()
        if backend.remote:  # no local model is loaded, nothing is sent until a request
            return self._remote(backend)
        info = self.model_info()
        current = self._generator
        wanted = (info.name, self.device_preference, self.decoder_preference)
        if current is not None and self._loaded_as == wanted:
            return self._with_adapter(current)
        self.unload()
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
        return self._load_torch(info, wanted, on_progress)

    def _remote(self, backend: BackendChoice) -> Generator:
        """The remote generator for ``backend`` (the local model, if any, is unloaded)."""
        from engine.decoding.remote import RemoteGenerator

        config = remote_config(backend)
        wanted = ("remote", backend.base_url, backend.model)
        current = self._generator
        if isinstance(current, RemoteGenerator) and current.config == config:
            return current
        self.unload()
        generator = RemoteGenerator(config)
        self._generator, self._loaded_as = generator, wanted
        self.decoder_reason = f"remote server {generator.endpoint.origin}"
        return generator

    def _load_torch(
        self, info: ModelInfo, wanted: tuple[str, str, str], on_progress: ProgressFn
    ) -> Generator:
        """Load a safetensors folder with transformers on the planned device."""
        from engine.decoding.torch_generator import TorchGenerator
        from engine.models.memory import plan_load

        plan = plan_load(info, self.device_preference)  # refuses what will not fit
        raise_if_stopped(self.closing)
        on_progress(0, 1, f"loading {info.display or info.name}")
        log.info("loading model %s from %s on %s", info.name, info.path, plan.device)
        generator = TorchGenerator.load(
            info.path,
            name=info.name,
            device=plan.device,
            threads=self.threads,
            precision=str(self.store.get_setting("precision", "auto")),
        )
        raise_if_stopped(self.closing)
        if plan.note:
            generator.choice = replace(generator.choice, note=plan.note)
        self._generator, self._loaded_as = generator, wanted
        on_progress(1, 1, "model ready")
        return self._with_adapter(generator)

    def _load_llama(
        self, info: ModelInfo, wanted: tuple[str, str, str], on_progress: ProgressFn
    ) -> Generator:
        """Load the model's 8-bit GGUF in llama.cpp (no torch import)."""
        from engine.decoding.llama_generator import LlamaGenerator
        from engine.models.memory import check_llama_ram

        check_llama_ram(info)
        on_progress(0, 1, f"loading {info.display or info.name}")
        log.info("loading model %s in llama.cpp (%s)", info.name, self.decoder_reason)
        threads = self.threads or os.cpu_count() or 1
        generator = LlamaGenerator.load(
            info.path, name=info.name, threads=threads, stop=self.closing
        )
        self._generator, self._loaded_as = generator, wanted
        on_progress(1, 1, "model ready")
        return self._with_adapter(generator)

    def adapter_name(self) -> str | None:
        """The LoRA adapter to use: ``--adapter`` for this run, else the active one."""
        return self.adapter_override or active_adapter_name(self.paths, self.store)

    def _with_adapter(self, generator: Generator) -> Generator:
        """Hot-swap the wanted adapter onto the loaded model (or back to the base)."""
        wanted = self.adapter_name()
        info = find_adapter(self.paths, wanted) if wanted else None
        if info and not self.adapter_override and info.base_model not in ("", generator.name):
            info = None  # the saved active adapter belongs to another model: use the base
        generator.use_adapter(info.spec() if info else None)
        return generator

    def unload(self) -> None:
        """Drop the loaded model and free its memory."""
        if self._generator is not None:
            generator, self._generator = self._generator, None
            self._loaded_as = ("", "", "")
            generator.close()
            gc.collect()

    def close(self) -> None:
        """Release the model and the database connection."""
        self.unload()
        if self._store is not None:
            self._store.close()
            self._store = None
