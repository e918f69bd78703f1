"""What the two local decoders (torch and llama.cpp) share behind the :class:`Generator` API."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence

from engine.core.callbacks import TextFn, no_text
from engine.core.errors import UserError
from engine.decoding.devices import DeviceChoice
from engine.decoding.protocol import (
    SPECIAL_TOKEN,
    AdapterSpec,
    DecodeSettings,
    GenerationResult,
    Message,
    StreamSettings,
    sanitise,
)
from engine.decoding.tokens import banned_sequences, penalty_free_tokens


class LocalGenerator(ABC):
    """A model loaded in this process: settings checked once, token rules, adapter bookkeeping.

    Subclasses implement :meth:`encode_text`, :meth:`_stream` and :meth:`_apply_adapter`;
    :meth:`stream` and :meth:`use_adapter` are the public, shared entry points.
    """

    backend = "local"

    def __init__(self, name: str, choice: DeviceChoice) -> None:
        self.name = name
        self.choice = choice
        self.lock = threading.Lock()
        """Held while decoding or swapping adapters: one request at a time per model."""
        self._adapter: str | None = None
        self._numbers: frozenset[int] | None = None

    @property
    def adapter(self) -> str | None:
        """The name of the LoRA adapter applied now (None: the base model)."""
        return self._adapter

    # -- tokens ----------------------------------------------------------------------------
    @abstractmethod
    def encode_text(self, text: str) -> list[int]:
        """Token ids of plain text, without special tokens."""

    @abstractmethod
    def eos_ids(self) -> set[int]:
        """Token ids that end a reply."""

    def penalty_free_ids(self) -> frozenset[int]:
        """Number tokens, exempt from the repetition penalty (computed once)."""
        if self._numbers is None:
            self._numbers = penalty_free_tokens(self.encode_text)
        return self._numbers

    def bad_words_ids(self, words: Sequence[str]) -> list[list[int]]:
        """Token sequences for each banned word in its common spellings."""
        return banned_sequences(words, self.encode_text)

    def decode_settings(self, settings: StreamSettings, pad_id: int = 0) -> DecodeSettings:
        """The token-level rules for one request."""
        sample = settings.temperature > 0
        return DecodeSettings(
            variants=settings.variants,
            max_new_tokens=settings.max_new_tokens,
            temperature=settings.temperature if sample else 0.0,
            top_p=settings.top_p if sample else 1.0,
            eos_ids=frozenset(self.eos_ids()),
            pad_id=pad_id,
            bad_words_ids=self.bad_words_ids(settings.banned_words),
            repetition_penalty=settings.repetition_penalty,
            penalty_exempt=self.penalty_free_ids(),
            banned_words=tuple(settings.banned_words),
        )

    # -- the Generator API -----------------------------------------------------------------
    def stream(
        self,
        messages: Sequence[Message],
        settings: StreamSettings,
        *,
        on_text: TextFn = no_text,
        stop: threading.Event | None = None,
        prefix: str = "",
    ) -> GenerationResult:
        """See :meth:`engine.decoding.protocol.Generator.stream`.

        Message texts lose any chat-template control strings first (:func:`sanitise`).

        Raises:
            UserError: for out-of-range settings or what the decoder refuses.

        """
        return self._stream(
            sanitise(messages),
            settings.check(),
            on_text,
            stop or threading.Event(),
            SPECIAL_TOKEN.sub("", prefix),
        )

    @abstractmethod
    def _stream(
        self,
        messages: list[Message],
        settings: StreamSettings,
        on_text: TextFn,
        stop: threading.Event,
        prefix: str = "",
    ) -> GenerationResult:
        """Decode with checked settings, the reply begun with ``prefix``."""

    def use_adapter(self, adapter: AdapterSpec | None) -> None:
        """See :meth:`engine.decoding.protocol.Generator.use_adapter`.

        Raises:
            UserError: when the adapter belongs to another base model or cannot load.

        """
        if adapter is None and self._adapter is None:
            return
        if adapter is not None and adapter.base_model and adapter.base_model != self.name:
            raise UserError(
                f"adapter {adapter.name!r} was trained on {adapter.base_model!r}, not on "
                f"{self.name!r}; switch the model first"
            )
        with self.lock:
            self._apply_adapter(adapter)
            self._adapter = adapter.name if adapter else None

    @abstractmethod
    def _apply_adapter(self, adapter: AdapterSpec | None) -> None:
        """Swap the adapter (called with :attr:`lock` held)."""

    @abstractmethod
    def decode_precision(self) -> str:
        """The precision decoding uses now."""

    @abstractmethod
    def close(self) -> None:
        """Free the model's memory."""
