"""The fast CPU decoder: llama.cpp at 8 bits behind the same :class:`Generator` API.

It imports neither torch nor transformers: the chat template is rendered with jinja2 as
transformers renders it (:mod:`engine.decoding.chat_template`), tokens come from the GGUF's own
vocabulary (the one the torch tokenizer was built from), and sampling follows the torch loop's
order (repetition penalty, banned words, temperature, top-p) in numpy. LoRA adapters are
converted once to GGUF (:mod:`engine.decoding.lora_gguf`).
"""

from __future__ import annotations

import codecs
import threading
import time
from pathlib import Path
from typing import Any

from engine.core.callbacks import TextFn
from engine.core.errors import UserError
from engine.decoding.base import LocalGenerator
from engine.decoding.chat_template import config_eos, read_template, render_chat, special_tokens
from engine.decoding.devices import DeviceChoice
from engine.decoding.gguf_requant import Q8_FILE
from engine.decoding.llama_runtime import LlamaRuntime
from engine.decoding.protocol import (
    AdapterSpec,
    DecodeSettings,
    GenerationResult,
    Message,
    StreamSettings,
    cut_short,
    reached_stop,
)
from engine.decoding.sampling import TextBan, pick_tokens_np, respect_ban


class _ByteStreamer:
    """Turns each row's token bytes into text, never splitting a multi-byte character."""

    def __init__(self, runtime: LlamaRuntime, rows: int, on_text: TextFn) -> None:
        self.runtime = runtime
        self.decoders = [codecs.getincrementaldecoder("utf-8")("replace") for _ in range(rows)]
        self.sent = ["" for _ in range(rows)]
        self.counts = [0] * rows
        self.on_text = on_text
        self.first_token_at: float | None = None

    def put(self, row: int, token: int) -> None:
        if self.first_token_at is None:
            self.first_token_at = time.perf_counter()
        self.counts[row] += 1
        text = self.decoders[row].decode(self.runtime.piece(token))
        if text:
            self.sent[row] += text
            self.on_text(row, text)

    def end(self) -> None:
        for row, decoder in enumerate(self.decoders):
            tail = decoder.decode(b"", final=True)
            if tail:
                self.sent[row] += tail
                self.on_text(row, tail)


class LlamaGenerator(LocalGenerator):
    """A model folder's 8-bit GGUF loaded in llama.cpp, ready to stream text."""

    backend = "llama"

    def __init__(self, runtime: LlamaRuntime, model_dir: Path, name: str) -> None:
        super().__init__(name, DeviceChoice("cpu", "q8_0"))
        self.runtime = runtime
        self.model_dir = model_dir
        self.base_template = read_template(model_dir)
        self.chat_template = self.base_template
        self.special = special_tokens(model_dir)
        self._eos = config_eos(model_dir) | runtime.end_tokens()

    @classmethod
    def load(
        cls,
        model_dir: Path,
        *,
        name: str | None = None,
        threads: int = 1,
        stop: threading.Event | None = None,
    ) -> LlamaGenerator:
        """Load ``model_dir/model-q8_0.gguf``; ``stop`` set while it loads abandons the load.

        Raises:
            UserError: when the file is missing or llama.cpp cannot load it.
            Cancelled: when ``stop`` was set during the load.

        """
        gguf = model_dir / Q8_FILE
        if not gguf.is_file():
            raise UserError(f"{model_dir.name} has no 8-bit llama.cpp file; run: make setup")
        runtime = LlamaRuntime(gguf, threads, stop=stop)
        return cls(runtime, model_dir, name or model_dir.name)

    def decode_precision(self) -> str:
        """Always ``int8`` (q8_0)."""
        return "int8"

    def eos_ids(self) -> set[int]:
        """Token ids that end a reply."""
        return set(self._eos)

    def encode_text(self, text: str) -> list[int]:
        """Token ids of plain text, without special tokens."""
        return self.runtime.tokenize(text, special=False)

    def encode_chat(self, messages: list[Message], prefix: str = "") -> list[int]:
        """Token ids of a chat with the assistant turn open (as the torch path makes them).

        ``prefix`` (plain text, no control tokens) begins the assistant's reply.

        Raises:
            UserError: when the model's chat template fails.

        """
        try:
            text = render_chat(self.chat_template, messages, **self.special)
        except Exception as exc:  # jinja2 raises many kinds
            raise UserError(f"the model's chat template failed: {exc}") from exc
        ids = self.runtime.tokenize(text, special=True)
        return ids + self.runtime.tokenize(prefix, special=False) if prefix else ids

    def _apply_adapter(self, adapter: AdapterSpec | None) -> None:
        """Convert the adapter once to a LoRA GGUF and hot-swap it (older copies freed)."""
        if adapter is None:
            self.runtime.use_lora(None)
            self.chat_template = self.base_template
            return
        from engine.decoding.lora_gguf import convert_adapter

        arch = self.runtime.meta("general.architecture")
        gguf = convert_adapter(adapter.path, self.model_dir, arch)
        key = f"{adapter.name}@{gguf.stat().st_mtime_ns}"
        self.runtime.use_lora(key, gguf)
        self.runtime.forget_loras(keep=key, prefix=f"{adapter.name}@")
        self.chat_template = adapter.chat_template or self.base_template

    def _stream(
        self,
        messages: list[Message],
        settings: StreamSettings,
        on_text: TextFn,
        stop: threading.Event,
        prefix: str = "",
    ) -> GenerationResult:
        import numpy as np

        rules = self.decode_settings(settings)
        rng = np.random.default_rng(settings.seed)
        streamer = _ByteStreamer(self.runtime, settings.variants, on_text)
        start = time.perf_counter()
        with self.lock:
            prompt = self.encode_chat(messages, prefix)
            ban = TextBan(settings.banned_words, settings.variants)
            done = _decode_rows(
                self.runtime, prompt, rules, streamer, stop, rng, ban, settings.stop_at
            )
        streamer.end()
        seconds = time.perf_counter() - start
        first = (streamer.first_token_at or time.perf_counter()) - start
        return GenerationResult(
            texts=[s.strip() for s in streamer.sent],
            new_tokens=sum(streamer.counts),
            seconds=seconds,
            first_token_s=first,
            stopped=cut_short(stop, done, streamer.counts, settings),
            finished_rows=done,
        )

    def close(self) -> None:
        """Free llama.cpp's memory."""
        self.runtime.close()


def _decode_rows(
    runtime: LlamaRuntime,
    prompt: list[int],
    settings: DecodeSettings,
    streamer: _ByteStreamer,
    stop: threading.Event,
    rng: Any,
    ban: TextBan | None = None,
    stop_at: tuple[str, ...] = (),
) -> list[bool]:
    """The decode loop: prefill once, then one batched step per token; returns finished rows."""
    import numpy as np

    n = settings.variants
    runtime.ensure_room(len(prompt) + n * settings.max_new_tokens + 8)
    logits = np.broadcast_to(runtime.prefill(prompt, n), (n, runtime.n_vocab))
    active = list(range(n))
    history: list[list[int]] = [[] for _ in range(n)]
    done = [False] * n
    position = len(prompt)
    steps = 0
    while active and not stop.is_set():
        chosen = pick_tokens_np(logits, settings, [history[r] for r in active], rng)
        if ban:

            def repick(
                index: int, refused: list[int], rows: list[int] = active, logits: Any = logits
            ) -> int:
                scores = np.array(logits[index : index + 1], dtype=np.float32, copy=True)
                scores[0, refused] = -np.inf
                return pick_tokens_np(scores, settings, [history[rows[index]]], rng)[0]

            chosen = respect_ban(chosen, active, settings.eos_ids, ban, runtime.piece, repick)
        still: list[int] = []
        for row, token in zip(active, chosen, strict=True):
            if token in settings.eos_ids:
                done[row] = True
                runtime.drop_row(row)
                continue
            history[row].append(token)
            streamer.put(row, token)
            if stop_at and reached_stop(streamer.sent[row], stop_at):
                done[row] = True  # a stop text ends a row like an end token
                runtime.drop_row(row)
                continue
            still.append(row)
        steps += 1
        active = still
        if not active or steps >= settings.max_new_tokens or stop.is_set():
            break
        logits = runtime.step([history[r][-1] for r in active], active, position)
        position += 1
    return done
