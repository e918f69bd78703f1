"""The one decoder interface: ``Generator.stream()``, its settings, its result, its adapters.

Every decoder (the torch loop, llama.cpp, a remote server) implements :class:`Generator`;
everything that writes (copy, bulk, FAQ replies, summaries, the finetune comparison) talks to
it and to nothing else, so a decoder can be swapped without touching a feature.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from engine.core.callbacks import TextFn
from engine.core.errors import UserError
from engine.decoding.devices import DeviceChoice

WRITING_REPETITION_PENALTY = 1.1
"""What the app writes with: enough to stop small models looping, not enough to derail them
(SmolLM2 at 1.2 drifts into nonsense; at 1.0 it repeats whole sentences)."""

Message = dict[str, str]
"""One chat turn: ``{"role": "system"|"user"|"assistant", "content": ...}``."""


@dataclass(frozen=True)
class StreamSettings:
    """How one ``stream()`` call samples: defined once for every decoder.

    With one variant and ``temperature == 0`` decoding is greedy. ``repetition_penalty`` > 1
    discourages repeating what a reply already said (small models loop otherwise); it applies
    to generated tokens only, never to numbers. ``banned_words`` are never generated, checked
    both as token sequences and on the decoded text.
    """

    variants: int = 1
    max_new_tokens: int = 200
    temperature: float = 0.8
    top_p: float = 0.95
    seed: int | None = None
    banned_words: tuple[str, ...] = ()
    repetition_penalty: float = 1.0
    stop_at: tuple[str, ...] = ()
    """A variant ends once its text contains one of these (e.g. a sentence end)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "banned_words", tuple(self.banned_words))
        object.__setattr__(self, "stop_at", tuple(self.stop_at))

    def check(self) -> StreamSettings:
        """Return self after checking the ranges every decoder shares.

        Raises:
            UserError: for a setting out of range.

        """
        if not 1 <= self.variants <= 8:
            raise UserError("variants must be between 1 and 8")
        if not 1 <= self.max_new_tokens <= 4096:
            raise UserError("max new tokens must be between 1 and 4096")
        if not 1.0 <= self.repetition_penalty <= 2.0:
            raise UserError("repetition penalty must be between 1.0 and 2.0")
        if not 0.0 <= self.temperature <= 5.0:
            raise UserError("temperature must be between 0 and 5")
        if not 0.0 < self.top_p <= 1.0:
            raise UserError("top-p must be above 0 and at most 1")
        return self


@dataclass
class GenerationResult:
    """What one ``stream()`` call produced."""

    texts: list[str]
    new_tokens: int
    seconds: float
    first_token_s: float
    stopped: bool = False
    """True when the stop flag cut a variant short (not set by a flag raised afterwards)."""
    finished_rows: list[bool] = field(default_factory=list)
    """Per variant: True when it ended by itself (end token), False when cut by the budget."""

    @property
    def tokens_per_s(self) -> float:
        """Generated tokens (all variants together) per second of decoding."""
        decode = self.seconds - self.first_token_s
        return self.new_tokens / decode if decode > 0 else 0.0


SENTENCE_ENDS = (". ", "! ", "? ", ".\n", "!\n", "?\n", "。", "！", "？", "\n")
"""Stop texts that end a variant after one sentence (rewriting one sentence)."""

SPECIAL_TOKEN = re.compile(r"<\|[^|<>\n]{1,40}\|>|</?s>|\[/?INST\]|<<SYS>>|<</SYS>>")
"""Chat-template control strings: never allowed inside a message's text."""


def reached_stop(text: str, stop_at: Sequence[str]) -> bool:
    """True when ``text`` contains one of the stop texts (after its first character)."""
    return any(marker in text[1:] for marker in stop_at)


def sanitise(messages: Sequence[Message]) -> list[Message]:
    """Messages with chat-template control strings taken out of their text.

    A customer's note or a pasted message may contain ``<|im_start|>system …``: as text it
    would be parsed as a control token and could open a turn of its own. Data stays data.
    """
    return [{**m, "content": SPECIAL_TOKEN.sub("", m.get("content", ""))} for m in messages]


def cut_short(
    stop: threading.Event,
    finished: Sequence[bool],
    lengths: Sequence[int],
    settings: StreamSettings,
) -> bool:
    """True when the stop flag, not an end token or the budget, ended some variant."""
    return stop.is_set() and any(
        not done and length < settings.max_new_tokens
        for done, length in zip(finished, lengths, strict=True)
    )


@dataclass(frozen=True)
class AdapterSpec:
    """A LoRA adapter to apply on a loaded model (built from the adapter registry)."""

    name: str
    path: Path
    base_model: str = ""
    chat_template: str = ""

    @property
    def weights(self) -> Path:
        """The PEFT weights file."""
        return self.path / "adapter_model.safetensors"

    def key(self) -> str:
        """Changes when the adapter is retrained under the same name."""
        try:
            stamp = self.weights.stat().st_mtime_ns
        except OSError:
            stamp = 0
        return f"{self.name}@{stamp}"


@runtime_checkable
class Generator(Protocol):
    """A loaded model that streams text; every decoder implements exactly this."""

    name: str
    """The model's name in the registry."""
    choice: DeviceChoice
    """Where it runs and in which precision."""
    backend: str
    """``torch``, ``llama`` or ``remote``: shown in the status bar."""

    @property
    def adapter(self) -> str | None:
        """The name of the LoRA adapter applied now (None: the base model)."""
        ...

    def stream(
        self,
        messages: Sequence[Message],
        settings: StreamSettings,
        *,
        on_text: TextFn = ...,
        stop: threading.Event | None = None,
        prefix: str = "",
    ) -> GenerationResult:
        """Generate ``settings.variants`` replies to one chat together, streaming each.

        Stopping takes effect at the next token; the text so far is returned with
        ``stopped=True``. ``prefix`` begins the reply (the model continues it; it is not part
        of the returned texts): rewriting one sentence of a text continues its first part.

        Raises:
            UserError: for out-of-range settings, a request longer than the model's context,
                or a device out of memory.

        """
        ...

    def use_adapter(self, adapter: AdapterSpec | None) -> None:
        """Apply ``adapter`` in place (hot-swap), or go back to the base model with None.

        Raises:
            UserError: when the adapter was trained on another base model or cannot load.

        """
        ...

    def decode_precision(self) -> str:
        """The precision decoding uses now (``int8``, ``bf16``…)."""
        ...

    def close(self) -> None:
        """Free the model's memory."""
        ...


@dataclass
class DecodeSettings:
    """The token-level rules the decode loops share (built from :class:`StreamSettings`)."""

    variants: int = 1
    max_new_tokens: int = 200
    temperature: float = 0.0
    top_p: float = 1.0
    eos_ids: frozenset[int] = frozenset()
    pad_id: int = 0
    bad_words_ids: Sequence[Sequence[int]] = ()
    repetition_penalty: float = 1.0
    """Above 1 discourages tokens this row already generated (the prompt is not penalised)."""
    penalty_exempt: frozenset[int] = frozenset()
    """Tokens the penalty never touches: numbers, so "24 hours" can be said twice."""
    banned_words: tuple[str, ...] = ()
    """Words also refused on the decoded text (see :class:`engine.decoding.sampling.TextBan`)."""
