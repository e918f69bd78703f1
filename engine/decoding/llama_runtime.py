"""llama.cpp through llama-cpp-python's low-level ctypes API: one model, one context, N rows.

The optional fast CPU decoder. It needs only ``llama_cpp`` and numpy (no torch), and every
call into the library releases the GIL, so loading and decoding never stall the window. The
prompt is decoded once as sequence 0; its KV cells are then shared with sequences 1..N-1
(``llama_memory_seq_cp`` adds sequence ids to the same cells, it copies nothing), and each step
decodes one token for every unfinished row in one batch.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import importlib.util
import logging
import threading
from pathlib import Path
from typing import Any

from engine.core.errors import Cancelled, UserError

log = logging.getLogger(__name__)

MAX_ROWS = 8
CACHE_SEQ = MAX_ROWS
"""The sequence that keeps the last prompt's cells: rows copy it, the next prompt reuses it."""
PREFILL_CHUNK = 512
_init_lock = threading.Lock()
_initialised = False
_log_callback: Any = None  # kept alive: llama.cpp holds a pointer to it


def available() -> bool:
    """True when llama-cpp-python is installed (checked without importing it)."""
    try:
        return importlib.util.find_spec("llama_cpp") is not None
    except (ImportError, ValueError):
        return False


def extra_buffers_safe(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """False on a CPU with AMX tiles, where ggml's AMX weight buffers crash ``llama_decode``.

    llama.cpp repacks weights into "extra" buffer types for the CPU it finds; on an Intel Xeon
    with AMX (flag ``amx_tile``) the 8-bit model then segfaults in its first decode (found by
    CI on such a machine with llama-cpp-python 0.3.36). Elsewhere (AVX2, AVX512 without AMX,
    other systems) the repacked buffers are kept. ``SHOPSCRIBE_LLAMA_EXTRA_BUFFERS=0/1``
    overrides the check.
    """
    import os

    forced = os.environ.get("SHOPSCRIBE_LLAMA_EXTRA_BUFFERS")
    if forced in {"0", "1"}:
        return forced == "1"
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    for line in text.splitlines():
        if line.startswith("flags"):
            return "amx_tile" not in line.split(":", 1)[-1].split()
    return True


def _lib() -> Any:
    """The ``llama_cpp`` module, with the backend initialised and its logging routed to ours."""
    global _initialised, _log_callback
    import llama_cpp

    with _init_lock:
        if not _initialised:
            llama_cpp.llama_backend_init()

            @llama_cpp.llama_log_callback
            def _to_log(level: int, text: bytes, user_data: Any) -> None:
                if level == 4:  # GGML_LOG_LEVEL_ERROR
                    log.warning("llama.cpp: %s", text.decode("utf-8", "replace").rstrip())

            _log_callback = _to_log
            llama_cpp.llama_log_set(_log_callback, ctypes.c_void_p(0))
            atexit.register(_close_devnull_files)
            _initialised = True
    return llama_cpp


def _close_devnull_files() -> None:
    """Close the two /dev/null files llama-cpp-python opens at import and never closes.

    They serve its high-level API, unused here; left open, Python warns at exit.
    """
    with contextlib.suppress(Exception):
        from llama_cpp import _utils

        _utils.outnull_file.close()
        _utils.errnull_file.close()


class LlamaRuntime:
    """A GGUF model loaded by llama.cpp, with a context sized for several variants."""

    def __init__(
        self,
        gguf: Path,
        threads: int,
        n_ctx: int = 4096,
        stop: threading.Event | None = None,
    ) -> None:
        """Load ``gguf`` on the CPU; setting ``stop`` while it loads abandons the load.

        Raises:
            UserError: when llama.cpp cannot read the file.
            Cancelled: when ``stop`` was set during the load.

        """
        self.lib = lib = _lib()
        self.path = gguf
        self.threads = max(1, threads)
        params = lib.llama_model_default_params()
        params.n_gpu_layers = 0
        # ggml's AMX weight buffers crash llama_decode (SIGSEGV) on Xeons with AMX tiles:
        # the plain CPU buffers give the same logits there.
        params.use_extra_bufts = extra_buffers_safe()
        if stop is not None:

            @lib.llama_progress_callback
            def _keep_loading(progress: float, user_data: Any) -> bool:
                return not stop.is_set()

            params.progress_callback = _keep_loading  # kept alive by this frame during load
        self.model = lib.llama_model_load_from_file(str(gguf).encode(), params)
        if not self.model:
            if stop is not None and stop.is_set():
                raise Cancelled()
            raise UserError(f"llama.cpp could not load {gguf.name}; prepare the model again")
        self.vocab = lib.llama_model_get_vocab(self.model)
        self.n_vocab = int(lib.llama_vocab_n_tokens(self.vocab))
        self.train_ctx = int(lib.llama_model_n_ctx_train(self.model)) or n_ctx
        self.ctx: Any = None
        self.n_ctx = 0
        self._batch: Any = None
        self._adapters: dict[str, Any] = {}
        self.lora: tuple[str, float] | None = None
        """The adapter in use: (key, scale), or None for the base model."""
        self._context(min(n_ctx, self.train_ctx))

    # -- context ---------------------------------------------------------------------------
    def _context(self, n_ctx: int) -> None:
        """(Re)create the context with room for ``n_ctx`` KV cells shared by all rows."""
        lib = self.lib
        self._free_context()
        params = lib.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = PREFILL_CHUNK
        params.n_ubatch = PREFILL_CHUNK
        params.n_seq_max = MAX_ROWS + 1  # the rows and the prompt cache
        params.n_threads = self.threads
        params.n_threads_batch = self.threads
        params.kv_unified = True
        params.no_perf = True
        self.ctx = lib.llama_init_from_model(self.model, params)
        if not self.ctx:
            raise UserError("llama.cpp could not create a context (out of memory?)")
        self.n_ctx = n_ctx
        self.mem = lib.llama_get_memory(self.ctx)
        self.cached: list[int] = []
        """The prompt tokens whose cells the cache sequence holds (a new context: none)."""
        self.reused = 0
        """Prompt tokens the last prefill did not decode again."""
        self._batch = lib.llama_batch_init(PREFILL_CHUNK, 0, MAX_ROWS + 1)
        if self.lora is not None:  # a new context starts without adapters
            key, scale = self.lora
            self.use_lora(key, scale=scale)

    def ensure_room(self, cells: int) -> None:
        """Grow the context when a request needs more KV cells than it has.

        Raises:
            UserError: when the model's trained context is too short for the request.

        """
        if cells <= self.n_ctx:
            return
        if cells > self.train_ctx:
            raise UserError(
                f"this request needs {cells} tokens of context and the model has "
                f"{self.train_ctx}; ask for fewer variants or shorter text"
            )
        self._context(min(self.train_ctx, max(cells, 2 * self.n_ctx)))

    def set_threads(self, threads: int) -> None:
        """Threads for decoding and prefill."""
        self.threads = max(1, threads)
        self.lib.llama_set_n_threads(self.ctx, self.threads, self.threads)

    # -- text ------------------------------------------------------------------------------
    def tokenize(self, text: str, special: bool = True) -> list[int]:
        """Token ids of ``text``; ``special`` parses control tokens such as ``<|im_start|>``."""
        data = text.encode("utf-8")
        room = len(data) + 8
        buf = (ctypes.c_int32 * room)()
        n = self.lib.llama_tokenize(self.vocab, data, len(data), buf, room, False, special)
        if n < 0:
            room = -n
            buf = (ctypes.c_int32 * room)()
            n = self.lib.llama_tokenize(self.vocab, data, len(data), buf, room, False, special)
        return list(buf[:n])

    def piece(self, token: int) -> bytes:
        """The bytes a token stands for (control tokens give nothing)."""
        buf = ctypes.create_string_buffer(64)
        n = self.lib.llama_token_to_piece(self.vocab, token, buf, 64, 0, False)
        if n < 0:
            buf = ctypes.create_string_buffer(-n)
            n = self.lib.llama_token_to_piece(self.vocab, token, buf, -n, 0, False)
        return buf.raw[:n]

    def meta(self, key: str) -> str:
        """A metadata value of the model file, as text ('' when absent)."""
        buf = ctypes.create_string_buffer(256)
        n = self.lib.llama_model_meta_val_str(self.model, key.encode(), buf, 256)
        return buf.value.decode("utf-8", "replace") if n >= 0 else ""

    def end_tokens(self) -> set[int]:
        """Tokens llama.cpp marks as end of generation."""
        return {t for t in range(self.n_vocab) if self.lib.llama_vocab_is_eog(self.vocab, t)}

    # -- decoding --------------------------------------------------------------------------
    def _decode(
        self, tokens: list[int], positions: list[int], seqs: list[int], outputs: int
    ) -> None:
        """Decode one batch; the last ``outputs`` entries produce logits."""
        batch = self._batch
        n = len(tokens)
        batch.n_tokens = n
        for i, (token, pos, seq) in enumerate(zip(tokens, positions, seqs, strict=True)):
            batch.token[i] = token
            batch.pos[i] = pos
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = seq
            batch.logits[i] = 1 if i >= n - outputs else 0
        code = self.lib.llama_decode(self.ctx, batch)
        if code != 0:
            raise UserError(f"llama.cpp could not decode (code {code}); try a shorter text")

    def prefill(self, prompt: list[int], rows: int) -> Any:
        """Decode ``prompt`` once and share it with ``rows`` rows; the last request's rows go.

        The cache sequence keeps the last prompt: the part a new prompt shares with it is not
        decoded again (rewriting one sentence continues the same chat with a longer reply
        prefix, so only the prefix's new tokens cost anything).

        Returns:
            The last prompt position's logits, float32 [n_vocab] (a copy).

        """
        import numpy as np

        lib = self.lib
        for row in range(MAX_ROWS):
            lib.llama_memory_seq_rm(self.mem, row, -1, -1)
        common = 0
        for old, new in zip(self.cached, prompt, strict=False):
            if old != new:
                break
            common += 1
        common = min(common, len(prompt) - 1)  # the last token is decoded again: its logits
        lib.llama_memory_seq_rm(self.mem, CACHE_SEQ, common, -1)
        self.cached = prompt[:common]
        for start in range(common, len(prompt), PREFILL_CHUNK):
            chunk = prompt[start : start + PREFILL_CHUNK]
            positions = list(range(start, start + len(chunk)))
            last = start + len(chunk) >= len(prompt)
            self._decode(chunk, positions, [CACHE_SEQ] * len(chunk), 1 if last else 0)
        self.cached = list(prompt)
        self.reused = common
        for row in range(rows):
            lib.llama_memory_seq_cp(self.mem, CACHE_SEQ, row, -1, -1)
        pointer = lib.llama_get_logits_ith(self.ctx, -1)
        return np.ctypeslib.as_array(pointer, shape=(self.n_vocab,)).copy()

    def forget_prompt(self) -> None:
        """Drop the cached prompt (its cells are stale once an adapter changes the model)."""
        self.lib.llama_memory_clear(self.mem, True)
        self.cached = []

    def step(self, tokens: list[int], rows: list[int], position: int) -> Any:
        """Decode one token for each row in ``rows`` at ``position``.

        Returns:
            float32 logits [len(rows), n_vocab], valid until the next call.

        """
        import numpy as np

        self._decode(tokens, [position] * len(tokens), rows, len(tokens))
        pointer = self.lib.llama_get_logits(self.ctx)
        return np.ctypeslib.as_array(pointer, shape=(len(tokens), self.n_vocab))

    def drop_row(self, row: int) -> None:
        """Free a finished row's KV cells."""
        self.lib.llama_memory_seq_rm(self.mem, row, -1, -1)

    # -- LoRA ------------------------------------------------------------------------------
    def use_lora(self, key: str | None, path: Path | None = None, scale: float = 1.0) -> None:
        """Apply the GGUF LoRA ``path`` (cached under ``key``), or none with ``key=None``."""
        lib = self.lib
        self.forget_prompt()  # cells computed with other weights
        if key is None:
            lib.llama_set_adapters_lora(self.ctx, None, 0, None)
            self.lora = None
            return
        adapter = self._adapters.get(key)
        if adapter is None:
            if path is None:
                raise UserError(f"adapter {key!r} has no llama.cpp file")
            adapter = lib.llama_adapter_lora_init(self.model, str(path).encode())
            if not adapter:
                raise UserError(f"llama.cpp could not load the adapter in {path}")
            self._adapters[key] = adapter
        adapters = (lib.llama_adapter_lora_p_ctypes * 1)(adapter)
        scales = (ctypes.c_float * 1)(scale)
        lib.llama_set_adapters_lora(self.ctx, adapters, 1, scales)
        self.lora = (key, scale)

    def forget_loras(self, keep: str, prefix: str) -> None:
        """Free cached adapters whose key starts with ``prefix`` (older copies), except ``keep``."""
        for key in [k for k in self._adapters if k.startswith(prefix) and k != keep]:
            self.lib.llama_adapter_lora_free(self._adapters.pop(key))

    def loaded_loras(self) -> list[str]:
        """Keys of the adapters loaded now."""
        return list(self._adapters)

    # -- lifetime --------------------------------------------------------------------------
    def _free_context(self) -> None:
        if self._batch is not None:
            self.lib.llama_batch_free(self._batch)
            self._batch = None
        if self.ctx:
            self.lib.llama_free(self.ctx)
            self.ctx = None

    def close(self) -> None:
        """Free the context, the adapters and the model."""
        self._free_context()
        for adapter in self._adapters.values():
            self.lib.llama_adapter_lora_free(adapter)
        self._adapters.clear()
        if self.model:
            self.lib.llama_model_free(self.model)
            self.model = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # interpreter shutdown
            self.close()
