"""Streaming generation: prompt → text pieces, several variants at once, stop by a flag."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.devices import DeviceChoice, pick_device
from engine.errors import Cancelled, UserError

WRITING_REPETITION_PENALTY = 1.1
"""What the app writes with: enough to stop small models looping, not enough to derail them
(SmolLM2 at 1.2 drifts into nonsense; at 1.0 it repeats whole sentences)."""

TextFn = Callable[[int, str], None]
"""Receives (variant index, new text) as it is decoded."""


def _ignore_text(variant: int, text: str) -> None:
    """Default text sink."""


@dataclass
class GenerationResult:
    """What one generation call produced."""

    texts: list[str]
    new_tokens: int
    seconds: float
    first_token_s: float
    stopped: bool = False
    finished_rows: list[bool] = field(default_factory=list)

    @property
    def tokens_per_s(self) -> float:
        """Generated tokens (all variants together) per second of decoding."""
        decode = self.seconds - self.first_token_s
        return self.new_tokens / decode if decode > 0 else 0.0


class _Streamer:
    """A transformers streamer that decodes every row of a batch incrementally.

    ``generate`` calls ``put`` with the prompt first, then with one token per row per step.
    Text is emitted only up to the last complete character, so multi-byte characters
    (Chinese) never arrive half-decoded.
    """

    def __init__(self, tokenizer: Any, rows: int, eos_ids: set[int], on_text: TextFn) -> None:
        self.tokenizer = tokenizer
        self.ids: list[list[int]] = [[] for _ in range(rows)]
        self.sent: list[str] = ["" for _ in range(rows)]
        self.done = [False] * rows
        self.eos_ids = eos_ids
        self.on_text = on_text
        self.prompt_seen = False
        self.first_token_at: float | None = None
        self.steps = 0

    def put(self, value: Any) -> None:
        if not self.prompt_seen:
            self.prompt_seen = True
            return
        if self.first_token_at is None:
            self.first_token_at = time.perf_counter()
        self.steps += 1
        tokens = value.reshape(-1).tolist()
        for row, token in enumerate(tokens[: len(self.ids)]):
            if self.done[row]:
                continue
            if token in self.eos_ids:
                self.done[row] = True
                continue
            self.ids[row].append(int(token))
            text = self.tokenizer.decode(self.ids[row], skip_special_tokens=True)
            if text.endswith("\ufffd"):
                continue
            if len(text) > len(self.sent[row]) and text.startswith(self.sent[row]):
                self.on_text(row, text[len(self.sent[row]) :])
                self.sent[row] = text

    def end(self) -> None:
        for row, ids in enumerate(self.ids):
            text = self.tokenizer.decode(ids, skip_special_tokens=True)
            if text != self.sent[row] and text.startswith(self.sent[row]):
                self.on_text(row, text[len(self.sent[row]) :])
            self.sent[row] = text

    def new_tokens(self) -> int:
        return sum(len(ids) for ids in self.ids)


def _stop_criteria(stop: threading.Event) -> Any:
    """A StoppingCriteria that ends generation at the next token once ``stop`` is set."""
    import torch
    from transformers import StoppingCriteria

    class _StopFlag(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            flag = stop.is_set()
            return torch.full(
                (input_ids.shape[0],), flag, dtype=torch.bool, device=input_ids.device
            )

    return _StopFlag()


def banned_sequences(words: Sequence[str], encode: Callable[[str], list[int]]) -> list[list[int]]:
    """Token sequences for each banned word in its common spellings, for decoding.

    Each word in four cases, with and without a leading space; ``encode`` is the tokenizer's,
    without special tokens.
    """
    out: list[list[int]] = []
    for word in (w.strip() for w in words):
        if not word:
            continue
        for form in {word, word.lower(), word.capitalize(), word.upper()}:
            for text in (form, " " + form):
                ids = encode(text)
                if ids and ids not in out:
                    out.append(ids)
    return out


def penalty_free_tokens(encode: Callable[[str], list[int]]) -> frozenset[int]:
    """Ids of tokens the repetition penalty leaves alone: numbers, and the lone space.

    Whole numbers 0–999 with or without a leading space, when the vocabulary has them as one
    token, and a single space (SmolLM2 writes " 24" as " ", "2", "4"): a penalised space or
    digit turns a second "24 hours" into "two4 hours". Line breaks stay penalised: small models
    loop on them. ``encode`` is the tokenizer's, without special tokens.
    """
    texts = [t for n in range(1000) for t in (str(n), f" {n}")] + [" "]
    out: set[int] = set()
    for text in texts:
        ids = encode(text)
        if len(ids) == 1:
            out.add(ids[0])
    return frozenset(out)


def _generated_repeats_penalty(
    prompt_length: int, penalty: float, exempt: frozenset[int] = frozenset()
) -> Any:
    """A LogitsProcessor applying :func:`engine.fast_decode.penalise_repeats` in generate()."""
    from transformers import LogitsProcessor

    from engine.fast_decode import penalise_repeats

    class _GeneratedRepeatsPenalty(LogitsProcessor):
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            history = input_ids[:, prompt_length:].tolist()
            return penalise_repeats(scores.clone(), history, penalty, exempt)

    return _GeneratedRepeatsPenalty()


def check_stream_settings(variants: int, max_new_tokens: int, repetition_penalty: float) -> None:
    """The limits every decoder's ``stream()`` shares.

    Raises:
        UserError: for a setting out of range.

    """
    if not 1 <= variants <= 8:
        raise UserError("variants must be between 1 and 8")
    if not 1 <= max_new_tokens <= 4096:
        raise UserError("max new tokens must be between 1 and 4096")
    if not 1.0 <= repetition_penalty <= 2.0:
        raise UserError("repetition penalty must be between 1.0 and 2.0")


class Generator:
    """A loaded causal LM and its tokenizer, ready to stream text."""

    def __init__(
        self, model: Any, tokenizer: Any, choice: DeviceChoice, name: str, precision: str = "auto"
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.choice = choice
        self.name = name
        self.lock = threading.Lock()
        self.precision = precision
        """Decode precision setting: auto, bf16 or int8 (see engine.quant)."""
        self.decoder = "fast"
        """``fast`` (engine.fast_decode: prefill once, int8) or ``generate`` (reference)."""
        self._int8: Any = None
        self._numbers: frozenset[int] | None = None

    def decode_precision(self) -> str:
        """The precision decoding uses now: ``int8`` or ``bf16`` (the model's own dtype)."""
        from engine.quant import can_quantise, resolve_precision

        wanted = resolve_precision(self.precision, self.choice.device, self.choice.dtype_name)
        return "int8" if wanted == "int8" and can_quantise(self.model) else "bf16"

    def int8_plan(self) -> Any:
        """The int8 layers to swap in while decoding, or None when decoding in bf16."""
        if self.decode_precision() != "int8":
            return None
        if self._int8 is None:
            from engine.quant import Int8Plan

            self._int8 = Int8Plan(self.model)
        return self._int8

    @classmethod
    def load(
        cls,
        model_dir: Path,
        *,
        name: str | None = None,
        device: str = "auto",
        threads: int | None = None,
        precision: str = "auto",
    ) -> Generator:
        """Load a safetensors model folder onto the best device.

        Raises:
            UserError: when the folder cannot be loaded as a causal LM.

        """
        from engine.hf import offline_quiet

        offline_quiet()
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if threads:
            torch.set_num_threads(threads)
        choice = pick_device(device)
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(model_dir), trust_remote_code=False)
            model: Any = AutoModelForCausalLM.from_pretrained(
                str(model_dir),
                dtype=choice.dtype,
                trust_remote_code=False,
                use_safetensors=True,
            )
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot load the model in {model_dir}: {exc}") from exc
        model.to(choice.device)
        model.eval()
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        generator = cls(model, tokenizer, choice, name or model_dir.name, precision)
        generator.int8_plan()  # quantise now, not on the first click
        return generator

    def eos_ids(self) -> set[int]:
        """Token ids that end a reply (the tokenizer's and the generation config's)."""
        ids: set[int] = set()
        for source in (self.model.generation_config.eos_token_id, self.tokenizer.eos_token_id):
            if isinstance(source, int):
                ids.add(source)
            elif isinstance(source, list | tuple):
                ids.update(int(i) for i in source)
        return ids

    def encode_chat(self, messages: Sequence[dict[str, str]]) -> Any:
        """Token ids of a chat, with the model's own template and the assistant turn open."""
        encoded = self.tokenizer.apply_chat_template(
            list(messages), add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        return encoded["input_ids"].to(self.choice.device)

    def penalty_free_ids(self) -> frozenset[int]:
        """Number tokens, exempt from the repetition penalty (computed once)."""
        if self._numbers is None:
            self._numbers = penalty_free_tokens(
                lambda text: self.tokenizer.encode(text, add_special_tokens=False)
            )
        return self._numbers

    def bad_words_ids(self, words: Sequence[str]) -> list[list[int]]:
        """Token sequences for each banned word in its common spellings, for decoding."""
        return banned_sequences(
            words, lambda text: self.tokenizer.encode(text, add_special_tokens=False)
        )

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
        """Generate ``variants`` replies to one chat together, streaming each as it grows.

        With one variant and ``temperature == 0`` decoding is greedy. Stopping takes effect at
        the next token; the text so far is returned with ``stopped=True``.
        ``repetition_penalty`` > 1 discourages repeating what this reply already said (small
        models loop otherwise); both decode paths apply it to generated tokens only.

        Raises:
            UserError: for out-of-range settings or when the device runs out of memory.

        """
        import torch

        check_stream_settings(variants, max_new_tokens, repetition_penalty)
        stop = stop or threading.Event()
        input_ids = self.encode_chat(messages)
        streamer = _Streamer(self.tokenizer, variants, self.eos_ids(), on_text)
        sample = temperature > 0
        kwargs: dict[str, Any] = {
            "max_new_tokens": max_new_tokens,
            "do_sample": sample,
            "num_return_sequences": variants,
            "streamer": streamer,
            "stopping_criteria": [_stop_criteria(stop)],
            "pad_token_id": self.tokenizer.pad_token_id,
            "attention_mask": torch.ones_like(input_ids),
        }
        if sample:
            kwargs.update(temperature=temperature, top_p=top_p)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)
        bad = self.bad_words_ids(banned_words)
        if bad:
            kwargs["bad_words_ids"] = bad
        if seed is not None:
            torch.manual_seed(seed)
        start = time.perf_counter()
        with self.lock, torch.inference_mode():
            try:
                if self.decoder == "generate":
                    if repetition_penalty != 1.0:
                        kwargs["logits_processor"] = [
                            _generated_repeats_penalty(
                                input_ids.shape[1], repetition_penalty, self.penalty_free_ids()
                            )
                        ]
                    self.model.generate(input_ids, **kwargs)
                else:
                    from engine.fast_decode import run_fast

                    run_fast(
                        self, input_ids, kwargs, streamer, stop, repetition_penalty, banned_words
                    )
            except torch.OutOfMemoryError:
                if self.choice.device == "cuda":
                    torch.cuda.empty_cache()
                raise UserError(
                    "the GPU ran out of memory; try fewer variants or a shorter text"
                ) from None
        streamer.end()
        seconds = time.perf_counter() - start
        first = (streamer.first_token_at or time.perf_counter()) - start
        return GenerationResult(
            texts=[s.strip() for s in streamer.sent],
            new_tokens=streamer.new_tokens(),
            seconds=seconds,
            first_token_s=first,
            stopped=stop.is_set(),
            finished_rows=list(streamer.done),
        )


def raise_if_stopped(stop: threading.Event | None) -> None:
    """Raise :class:`Cancelled` when the stop flag is set."""
    if stop is not None and stop.is_set():
        raise Cancelled()
