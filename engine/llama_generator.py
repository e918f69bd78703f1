"""The fast CPU decoder: llama.cpp at 8 bits behind the same ``stream()`` as the torch one.

:class:`LlamaGenerator` has what the copy, bulk and finetune jobs use of
:class:`engine.generate.Generator` (``name``, ``choice``, ``lock``, ``stream``, ``eos_ids``,
``encode_chat``, ``bad_words_ids``) and imports neither torch nor transformers: the chat
template is rendered with jinja2 as transformers renders it, tokens come from the GGUF's own
vocabulary (the same one the torch tokenizer was built from), and sampling follows
:mod:`engine.fast_decode`'s order (repetition penalty, banned words, temperature, top-p) in
numpy. LoRA adapters are converted once to GGUF (:mod:`engine.lora_gguf`).
"""

from __future__ import annotations

import codecs
import json
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.devices import DeviceChoice
from engine.errors import UserError
from engine.fast_decode import DecodeSettings
from engine.generate import (
    GenerationResult,
    TextFn,
    _ignore_text,
    banned_sequences,
    check_stream_settings,
    penalty_free_tokens,
)
from engine.gguf_requant import Q8_FILE
from engine.llama_runtime import LlamaRuntime
from engine.np_sampling import TextBan, pick_tokens_np, respect_ban


def render_chat(template: str, messages: Sequence[dict[str, str]], **special: str) -> str:
    """Render a chat template the way transformers' ``apply_chat_template`` does."""
    from jinja2.ext import loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str) -> None:
        from jinja2.exceptions import TemplateError

        raise TemplateError(message)

    def tojson(x: Any, ensure_ascii: bool = False, indent: Any = None, **kw: Any) -> str:
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, **kw)

    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols]
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    return env.from_string(template).render(
        messages=list(messages), add_generation_prompt=True, **special
    )


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


class LlamaGenerator:
    """A model folder's 8-bit GGUF loaded in llama.cpp, ready to stream text."""

    backend = "llama"

    def __init__(self, runtime: LlamaRuntime, model_dir: Path, name: str) -> None:
        self.runtime = runtime
        self.model_dir = model_dir
        self.name = name
        self.lock = threading.Lock()
        self.choice = DeviceChoice("cpu", "q8_0")
        self.base_template = _read_template(model_dir)
        self.chat_template = self.base_template
        self.special = _special_tokens(model_dir)
        self._eos = _config_eos(model_dir) | runtime.end_tokens()
        self._numbers: frozenset[int] | None = None

    @classmethod
    def load(cls, model_dir: Path, *, name: str | None = None, threads: int = 1) -> LlamaGenerator:
        """Load ``model_dir/model-q8_0.gguf``.

        Raises:
            UserError: when the file is missing or llama.cpp cannot load it.

        """
        gguf = model_dir / Q8_FILE
        if not gguf.is_file():
            raise UserError(f"{model_dir.name} has no 8-bit llama.cpp file; run: make setup")
        return cls(LlamaRuntime(gguf, threads), model_dir, name or model_dir.name)

    def decode_precision(self) -> str:
        """Always ``int8`` (q8_0)."""
        return "int8"

    def eos_ids(self) -> set[int]:
        """Token ids that end a reply."""
        return set(self._eos)

    def encode_chat(self, messages: Sequence[dict[str, str]]) -> list[int]:
        """Token ids of a chat with the assistant turn open (as the torch path makes them)."""
        try:
            text = render_chat(self.chat_template, messages, **self.special)
        except Exception as exc:  # jinja2 raises many kinds
            raise UserError(f"the model's chat template failed: {exc}") from exc
        return self.runtime.tokenize(text, special=True)

    def penalty_free_ids(self) -> frozenset[int]:
        """Number tokens, exempt from the repetition penalty (computed once)."""
        if self._numbers is None:
            self._numbers = penalty_free_tokens(lambda t: self.runtime.tokenize(t, special=False))
        return self._numbers

    def bad_words_ids(self, words: Sequence[str]) -> list[list[int]]:
        """Token sequences for each banned word in its common spellings."""
        return banned_sequences(words, lambda text: self.runtime.tokenize(text, special=False))

    def use_adapter(self, key: str | None, gguf: Path | None, template: str | None) -> None:
        """Apply a converted LoRA (or none) and its chat template."""
        with self.lock:
            self.runtime.use_lora(key, gguf)
            self.chat_template = template or self.base_template

    def stream(
        self,
        messages: Sequence[dict[str, str]],
        *,
        variants: int = 1,
        max_new_tokens: int = 200,
        temperature: float = 0.8,
        top_p: float = 0.95,
        seed: int | None = None,
        banned_words: Sequence[str] = (),
        repetition_penalty: float = 1.0,
        on_text: TextFn = _ignore_text,
        stop: threading.Event | None = None,
    ) -> GenerationResult:
        """Generate ``variants`` replies together; see :meth:`engine.generate.Generator.stream`.

        Raises:
            UserError: for out-of-range settings or a request longer than the model's context.

        """
        import numpy as np

        check_stream_settings(variants, max_new_tokens, repetition_penalty)
        stop = stop or threading.Event()
        settings = DecodeSettings(
            variants=variants,
            max_new_tokens=max_new_tokens,
            temperature=temperature,
            top_p=top_p if temperature > 0 else 1.0,
            eos_ids=frozenset(self._eos),
            bad_words_ids=self.bad_words_ids(banned_words),
            repetition_penalty=repetition_penalty,
            penalty_exempt=self.penalty_free_ids(),
        )
        rng = np.random.default_rng(seed)
        streamer = _ByteStreamer(self.runtime, variants, on_text)
        start = time.perf_counter()
        with self.lock:
            prompt = self.encode_chat(messages)
            ban = TextBan(banned_words, variants)
            done = _decode_rows(self.runtime, prompt, settings, streamer, stop, rng, ban)
        streamer.end()
        seconds = time.perf_counter() - start
        first = (streamer.first_token_at or time.perf_counter()) - start
        return GenerationResult(
            texts=[s.strip() for s in streamer.sent],
            new_tokens=sum(streamer.counts),
            seconds=seconds,
            first_token_s=first,
            stopped=stop.is_set(),
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
            still.append(row)
        steps += 1
        active = still
        if not active or steps >= settings.max_new_tokens or stop.is_set():
            break
        logits = runtime.step([history[r][-1] for r in active], active, position)
        position += 1
    return done


def _read_template(model_dir: Path) -> str:
    """The model's chat template (``chat_template.jinja`` or ``tokenizer_config.json``)."""
    jinja = model_dir / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8")
    config = _json(model_dir / "tokenizer_config.json")
    template = config.get("chat_template")
    if isinstance(template, str) and template:
        return template
    raise UserError(f"{model_dir.name} has no chat template")


def _special_tokens(model_dir: Path) -> dict[str, str]:
    """bos/eos/pad/unk token texts, passed to the template as transformers passes them."""
    config = _json(model_dir / "tokenizer_config.json")
    keys = ("bos_token", "eos_token", "pad_token", "unk_token")
    return {k: str(config[k]) for k in keys if isinstance(config.get(k), str)}


def _config_eos(model_dir: Path) -> set[int]:
    """End-of-reply ids from ``generation_config.json`` (both of Qwen's, for example)."""
    value = _json(model_dir / "generation_config.json").get("eos_token_id")
    if isinstance(value, int):
        return {value}
    if isinstance(value, list):
        return {int(v) for v in value}
    return set()


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
