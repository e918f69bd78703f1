"""The remote decoder: an OpenAI-compatible server (vLLM, llama-server, Ollama, LM Studio).

One more :class:`~engine.decoding.protocol.Generator`. Each variant is its own streamed
request to ``/v1/chat/completions`` (servers that ignore ``n`` still give every variant), run
in a thread; their text reaches ``on_text`` on the calling thread, which also watches the stop
flag and closes every connection the moment it is set (stop within one chunk).

**Nothing leaves unredacted.** Every message and the reply prefix pass through
:func:`engine.core.redact.redact` here, the one place text is sent out, so no feature can
forget it: e-mails, phones, order numbers and addresses reach the server as placeholders.

Sampling is the server's; the app's rules that need the tokenizer act on the text instead:
``stop_at`` ends a variant as soon as its text holds a stop text, and a banned word ends it
before the word (the last few characters wait, so a banned word is never shown).
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.core.callbacks import TextFn, no_text
from engine.core.errors import UserError
from engine.core.redact import redact
from engine.decoding.devices import DeviceChoice
from engine.decoding.protocol import (
    SPECIAL_TOKEN,
    AdapterSpec,
    GenerationResult,
    Message,
    StreamSettings,
    reached_stop,
    sanitise,
)
from engine.decoding.sse import ChatStream, Endpoint, Retryable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RemoteConfig:
    """How to reach one server: address, model name, key, timeouts and retries."""

    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    connect_s: float = 10.0
    """Connecting (and the TLS handshake) must take less."""
    read_s: float = 120.0
    """The longest wait for the next bytes (the first token may need the whole prompt read)."""
    retries: int = 2
    """Further attempts after a passing failure, before any text arrived."""
    backoff_s: float = 0.5
    """The first wait between attempts; it doubles each time."""

    def endpoint(self) -> Endpoint:
        """The parsed chat-completions endpoint.

        Raises:
            UserError: for a malformed address.

        """
        return Endpoint.parse(self.base_url)


def redact_for_remote(messages: Sequence[Message]) -> list[Message]:
    """Messages as they may leave the machine: control strings out, PII as placeholders."""
    return [
        {"role": m.get("role", "user"), "content": redact(m.get("content", ""))[0]}
        for m in sanitise(messages)
    ]


class _Variant:
    """What one variant's request has produced so far (written by its thread only)."""

    def __init__(self) -> None:
        self.text = ""
        self.pending = ""
        self.chunks = 0
        self.finished = False
        self.error: BaseException | None = None
        self.stream: ChatStream | None = None


class RemoteGenerator:
    """A model served elsewhere; implements :class:`~engine.decoding.protocol.Generator`."""

    backend = "remote"

    def __init__(self, config: RemoteConfig) -> None:
        self.config = config
        self.endpoint = config.endpoint()
        self.name = config.model
        self.choice = DeviceChoice(self.endpoint.origin, "remote")

    @property
    def adapter(self) -> str | None:
        """Always None: adapters apply to local models only."""
        return None

    def use_adapter(self, adapter: AdapterSpec | None) -> None:
        """Accept None only.

        Raises:
            UserError: for an adapter (the server owns its weights).

        """
        if adapter is not None:
            raise UserError(
                f"adapter {adapter.name!r} cannot be applied to a remote model; load it into "
                "the server, or switch back with `shopscribe backend set local`"
            )

    def decode_precision(self) -> str:
        """The server's business: ``remote``."""
        return "remote"

    def close(self) -> None:
        """Nothing is held between requests."""

    # -- streaming -------------------------------------------------------------------------
    def body(self, messages: list[Message], settings: StreamSettings, row: int) -> dict[str, Any]:
        """The JSON request for variant ``row`` (already redacted messages)."""
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "stream": True,
            "max_tokens": settings.max_new_tokens,
            "temperature": settings.temperature,
            "top_p": settings.top_p if settings.temperature > 0 else 1.0,
        }
        if settings.seed is not None:
            body["seed"] = settings.seed + row
        if settings.repetition_penalty > 1.0:  # llama.cpp / LM Studio and vLLM spellings
            body["repeat_penalty"] = settings.repetition_penalty
            body["repetition_penalty"] = settings.repetition_penalty
        return body

    def stream(
        self,
        messages: Sequence[Message],
        settings: StreamSettings,
        *,
        on_text: TextFn = no_text,
        stop: threading.Event | None = None,
        prefix: str = "",
    ) -> GenerationResult:
        """See :meth:`engine.decoding.protocol.Generator.stream` (redacted before sending).

        Raises:
            UserError: for out-of-range settings, or when the server is down, too slow,
                refuses the key or returns an error (and no variant produced any text).

        """
        settings = settings.check()
        stop = stop or threading.Event()
        sent = redact_for_remote(messages)
        prefix = redact(SPECIAL_TOKEN.sub("", prefix))[0]
        if prefix:
            sent.append({"role": "assistant", "content": prefix})
        rows = [_Variant() for _ in range(settings.variants)]
        events: queue.Queue[tuple[int, str] | None] = queue.Queue()
        start = time.perf_counter()
        threads = [
            threading.Thread(
                target=self._run_variant,
                args=(row, rows[row], self.body(sent, settings, row), settings, prefix, events),
                kwargs={"stop": stop},
                name=f"remote-variant-{row}",
                daemon=True,
            )
            for row in range(settings.variants)
        ]
        for thread in threads:
            thread.start()
        first_at = self._pump(events, rows, stop, on_text, len(threads))
        for thread in threads:
            thread.join(timeout=1.0)
        seconds = time.perf_counter() - start
        errors = [r.error for r in rows if r.error is not None]
        if errors and not stop.is_set() and not any(r.text for r in rows):
            raise errors[0]
        for number, error in enumerate(errors):
            log.warning("remote variant failed (%d of %d): %s", number + 1, len(rows), error)
        stopped = stop.is_set() and any(not r.finished for r in rows)
        return GenerationResult(
            texts=[r.text.strip() for r in rows],
            new_tokens=sum(r.chunks for r in rows),
            seconds=seconds,
            first_token_s=(first_at or time.perf_counter()) - start,
            stopped=stopped,
            finished_rows=[r.finished for r in rows],
        )

    def _pump(
        self,
        events: queue.Queue[tuple[int, str] | None],
        rows: list[_Variant],
        stop: threading.Event,
        on_text: TextFn,
        running: int,
    ) -> float | None:
        """Deliver text on this thread until every variant ended or ``stop`` was set."""
        first_at: float | None = None
        while running:
            if stop.is_set():
                for row in rows:
                    if row.stream is not None:
                        row.stream.close()
                break
            try:
                event = events.get(timeout=0.05)
            except queue.Empty:
                continue
            if event is None:
                running -= 1
                continue
            if first_at is None:
                first_at = time.perf_counter()
            on_text(*event)
        return first_at

    def _run_variant(
        self,
        index: int,
        row: _Variant,
        body: dict[str, Any],
        settings: StreamSettings,
        prefix: str,
        events: queue.Queue[tuple[int, str] | None],
        *,
        stop: threading.Event,
    ) -> None:
        """One variant's request with retries (its own thread); ends with ``None`` queued."""
        try:
            for attempt in range(self.config.retries + 1):
                try:
                    self._request(index, row, body, settings, prefix, events, stop)
                    return
                except Retryable as exc:
                    if row.chunks or stop.is_set() or attempt == self.config.retries:
                        row.error = UserError(str(exc))
                        return
                    if stop.wait(self.config.backoff_s * 2**attempt):
                        return
        except UserError as exc:
            row.error = exc
        except Exception as exc:  # a bug: keep it for the caller's log
            row.error = exc
        finally:
            events.put(None)

    def _request(
        self,
        index: int,
        row: _Variant,
        body: dict[str, Any],
        settings: StreamSettings,
        prefix: str,
        events: queue.Queue[tuple[int, str] | None],
        stop: threading.Event,
    ) -> None:
        """Post once and read the stream into ``row``."""
        stream = ChatStream(self.endpoint, self.config.connect_s, self.config.read_s)
        row.stream = stream
        try:
            if stop.is_set():
                return
            stream.open(body, self.config.api_key)
            words = _ban_pattern(settings.banned_words)
            for chunk in stream.chunks():
                if stop.is_set():
                    return
                delta, reason = _delta(chunk)
                if delta:
                    if not row.chunks and prefix and delta.startswith(prefix):
                        delta = delta[len(prefix) :]  # a server that echoes the prefix
                    row.chunks += 1
                    if self._take(index, row, delta, settings, words, events):
                        row.finished = True
                        return
                if reason:
                    row.finished = reason != "length"
                    break
            self._flush(index, row, events)
        finally:
            stream.close()

    def _take(
        self,
        index: int,
        row: _Variant,
        delta: str,
        settings: StreamSettings,
        words: re.Pattern[str] | None,
        events: queue.Queue[tuple[int, str] | None],
    ) -> bool:
        """Add ``delta`` to the variant; True when a stop text or a banned word ends it."""
        row.pending += delta
        if words is not None:
            hit = words.search(row.text + row.pending, max(0, len(row.text) - 1))
            if hit:
                keep = hit.start() - len(row.text)
                row.pending = row.pending[: max(0, keep)]
                self._flush(index, row, events)
                return True
        whole = row.text + row.pending
        if settings.stop_at and reached_stop(whole, settings.stop_at):
            end = _stop_end(whole, settings.stop_at)
            row.pending = whole[len(row.text) : max(end, len(row.text))]
            self._flush(index, row, events)
            return True
        if words is not None:  # hold back what a banned word still being written may start
            cut = max(0, len(row.pending) - max(map(len, settings.banned_words)))
            ready, row.pending = row.pending[:cut], row.pending[cut:]
        else:
            ready, row.pending = row.pending, ""
        if ready:
            row.text += ready
            events.put((index, ready))
        return False

    def _flush(
        self, index: int, row: _Variant, events: queue.Queue[tuple[int, str] | None]
    ) -> None:
        """Deliver held-back text."""
        if row.pending:
            row.text += row.pending
            events.put((index, row.pending))
            row.pending = ""


def _delta(chunk: dict[str, Any]) -> tuple[str, str | None]:
    """(new text, finish reason) of one chat-completion chunk.

    Raises:
        UserError: when the chunk has no choices list.

    """
    choices = chunk.get("choices")
    if not isinstance(choices, list):
        raise UserError("the remote server sent a chunk without choices (not a chat stream)")
    if not choices:
        return "", None  # e.g. a usage-only chunk
    choice = choices[0] if isinstance(choices[0], dict) else {}
    delta = choice.get("delta") or {}
    text = delta.get("content") if isinstance(delta, dict) else None
    return (text if isinstance(text, str) else ""), choice.get("finish_reason")


def _stop_end(text: str, stop_at: Sequence[str]) -> int:
    """Where ``text`` ends after its first stop text (as :func:`reached_stop` finds it)."""
    ends = [text.find(m, 1) + len(m) for m in stop_at if text.find(m, 1) != -1]
    return min(ends) if ends else len(text)


def _ban_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern of the banned words, at a word start."""
    cleaned = [w.strip() for w in words if w.strip()]
    if not cleaned:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cleaned)) + ")", re.IGNORECASE)
