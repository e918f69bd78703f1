"""The torch decoder: a safetensors model folder in transformers, streaming several variants.

It serves GPUs, imported safetensors folders and anything without the 8-bit llama.cpp file;
it is also the reference the llama.cpp decoder is measured against. Decoding goes through
:mod:`engine.decoding.torch_loop` (prompt prefilled once, int8 on CPUs) or, as ``decoder =
"generate"``, through ``transformers.generate()`` itself.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from engine.core.callbacks import TextFn
from engine.core.errors import UserError
from engine.decoding.base import LocalGenerator
from engine.decoding.devices import DeviceChoice, pick_device
from engine.decoding.protocol import (
    AdapterSpec,
    GenerationResult,
    Message,
    StreamSettings,
    cut_short,
    reached_stop,
)

MAX_ADAPTER_SLOTS = 3
"""PEFT adapters kept loaded at once; older ones (and stale retrained copies) are unloaded."""


def _byte_decoder() -> dict[str, int]:
    """GPT-2's byte-level alphabet, inverted: token character → the byte it stands for."""
    printable = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    codes = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
    return {chr(code): byte for byte, code in zip(printable, codes, strict=True)}


_BYTE_DECODER = _byte_decoder()


class _Streamer:
    """A transformers streamer that decodes every row of a batch incrementally.

    ``generate`` calls ``put`` with the prompt first, then with one token per row per step.
    Text is emitted only up to the last complete character, so multi-byte characters
    (Chinese) never arrive half-decoded.
    """

    def __init__(
        self,
        tokenizer: Any,
        rows: int,
        eos_ids: set[int],
        on_text: TextFn,
        stop_at: tuple[str, ...] = (),
    ) -> None:
        self.tokenizer = tokenizer
        self.stop_at = stop_at
        self.ids: list[list[int]] = [[] for _ in range(rows)]
        self.sent: list[str] = ["" for _ in range(rows)]
        self.done = [False] * rows
        self.eos_ids = eos_ids
        self.on_text = on_text
        self.prompt_seen = False
        self.first_token_at: float | None = None

    def put(self, value: Any) -> None:
        if not self.prompt_seen:
            self.prompt_seen = True
            return
        if self.first_token_at is None:
            self.first_token_at = time.perf_counter()
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

    def ended(self, row: int) -> bool:
        if self.stop_at and not self.done[row] and reached_stop(self.sent[row], self.stop_at):
            self.done[row] = True
            return True
        return False


def _stop_criteria(stop: threading.Event) -> Any:
    """A StoppingCriteria that ends ``generate()`` at the next token once ``stop`` is set."""
    import torch
    from transformers import StoppingCriteria

    class _StopFlag(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            flag = stop.is_set()
            return torch.full(
                (input_ids.shape[0],), flag, dtype=torch.bool, device=input_ids.device
            )

    return _StopFlag()


def _generated_repeats_penalty(
    prompt_length: int, penalty: float, exempt: frozenset[int] = frozenset()
) -> Any:
    """A LogitsProcessor applying :func:`engine.decoding.torch_loop.penalise_repeats`."""
    from transformers import LogitsProcessor

    from engine.decoding.torch_loop import penalise_repeats

    class _GeneratedRepeatsPenalty(LogitsProcessor):
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            history = input_ids[:, prompt_length:].tolist()
            return penalise_repeats(scores.clone(), history, penalty, exempt)

    return _GeneratedRepeatsPenalty()


class TorchGenerator(LocalGenerator):
    """A loaded causal LM and its tokenizer, ready to stream text."""

    backend = "torch"

    def __init__(
        self, model: Any, tokenizer: Any, choice: DeviceChoice, name: str, precision: str = "auto"
    ) -> None:
        super().__init__(name, choice)
        self.model = model
        self.tokenizer = tokenizer
        self.precision = precision
        """Decode precision setting: auto, bf16 or int8 (see engine.decoding.quant)."""
        self.decoder = "fast"
        """``fast`` (engine.decoding.torch_loop: prefill once, int8) or ``generate``."""
        self._int8: Any = None
        self._base_template = tokenizer.chat_template
        self._peft: Any = None
        self._slots: dict[str, str] = {}
        """Adapter key (name@mtime) → PEFT slot name, oldest first."""
        self._slot_ids = 0
        self._special_ids = frozenset(int(i) for i in tokenizer.all_special_ids)

    @classmethod
    def load(
        cls,
        model_dir: Path,
        *,
        name: str | None = None,
        device: str = "auto",
        threads: int | None = None,
        precision: str = "auto",
    ) -> TorchGenerator:
        """Load a safetensors model folder onto the best device.

        Raises:
            UserError: when the folder cannot be loaded as a causal LM.

        """
        from engine.decoding.hf import offline_quiet

        offline_quiet()
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if threads:
            torch.set_num_threads(threads)
        choice = pick_device(device)
        try:
            tokenizer = AutoTokenizer.from_pretrained(
                str(model_dir), trust_remote_code=False, local_files_only=True
            )
            model: Any = AutoModelForCausalLM.from_pretrained(
                str(model_dir),
                dtype=choice.dtype,
                trust_remote_code=False,
                use_safetensors=True,
                local_files_only=True,
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

    # -- precision -------------------------------------------------------------------------
    def decode_precision(self) -> str:
        """The precision decoding uses now: ``int8`` or ``bf16`` (the model's own dtype)."""
        from engine.decoding.quant import can_quantise, resolve_precision

        wanted = resolve_precision(self.precision, self.choice.device, self.choice.dtype_name)
        return "int8" if wanted == "int8" and can_quantise(self.model) else "bf16"

    def int8_plan(self) -> Any:
        """The int8 layers to swap in while decoding, or None when decoding in bf16."""
        if self.decode_precision() != "int8":
            return None
        if self._int8 is None:
            from engine.decoding.quant import Int8Plan

            self._int8 = Int8Plan(self.model)
        return self._int8

    # -- tokens ----------------------------------------------------------------------------
    def eos_ids(self) -> set[int]:
        """Token ids that end a reply (the tokenizer's and the generation config's)."""
        ids: set[int] = set()
        for source in (self.model.generation_config.eos_token_id, self.tokenizer.eos_token_id):
            if isinstance(source, int):
                ids.add(source)
            elif isinstance(source, list | tuple):
                ids.update(int(i) for i in source)
        return ids

    def encode_text(self, text: str) -> list[int]:
        """Token ids of plain text, without special tokens."""
        return list(self.tokenizer.encode(text, add_special_tokens=False))

    def token_bytes(self, token: int) -> bytes:
        """The bytes a token stands for (byte-level BPE tokens exactly; control tokens none).

        Decoding one token to text would turn half a Chinese character into U+FFFD; the
        word ban needs the raw bytes to see the character once its second half arrives.
        """
        if token in self._special_ids:
            return b""
        piece = self.tokenizer.convert_ids_to_tokens(int(token))
        try:
            return bytes(_BYTE_DECODER[char] for char in piece)
        except (KeyError, TypeError):
            text = self.tokenizer.decode([int(token)], skip_special_tokens=True)
            return str(text).encode("utf-8")

    def encode_chat(self, messages: list[Message], prefix: str = "") -> Any:
        """Token ids of a chat, the assistant turn open (and begun with ``prefix``)."""
        import torch

        if not prefix:
            encoded = self.tokenizer.apply_chat_template(
                list(messages), add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
            return encoded["input_ids"].to(self.choice.device)
        rendered = self.tokenizer.apply_chat_template(
            list(messages), add_generation_prompt=True, tokenize=False
        )
        ids = self.tokenizer.encode(rendered, add_special_tokens=False)
        ids += self.tokenizer.encode(prefix, add_special_tokens=False, split_special_tokens=True)
        return torch.tensor([ids], device=self.choice.device)

    # -- decoding --------------------------------------------------------------------------
    def _stream(
        self,
        messages: list[Message],
        settings: StreamSettings,
        on_text: TextFn,
        stop: threading.Event,
        prefix: str = "",
    ) -> GenerationResult:
        import torch

        input_ids = self.encode_chat(messages, prefix)
        streamer = _Streamer(
            self.tokenizer, settings.variants, self.eos_ids(), on_text, settings.stop_at
        )
        rules = self.decode_settings(settings, int(self.tokenizer.pad_token_id or 0))
        if settings.seed is not None:
            torch.manual_seed(settings.seed)
        start = time.perf_counter()
        with self.lock, torch.inference_mode():
            try:
                if self.decoder == "generate":
                    self._generate(input_ids, settings, streamer, stop)
                else:
                    from engine.decoding.quant import int8_swapped
                    from engine.decoding.torch_loop import decode

                    with int8_swapped(self.int8_plan()):
                        decode(self.model, input_ids, rules, streamer, stop, self.token_bytes)
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
            stopped=cut_short(stop, streamer.done, [len(i) for i in streamer.ids], settings),
            finished_rows=list(streamer.done),
        )

    def _generate(
        self, input_ids: Any, settings: StreamSettings, streamer: _Streamer, stop: threading.Event
    ) -> None:
        """The reference path: ``transformers.generate()`` with the same rules."""
        import torch

        sample = settings.temperature > 0
        kwargs: dict[str, Any] = {
            "max_new_tokens": settings.max_new_tokens,
            "do_sample": sample,
            "num_return_sequences": settings.variants,
            "streamer": streamer,
            "stopping_criteria": [_stop_criteria(stop)],
            "pad_token_id": self.tokenizer.pad_token_id,
            "attention_mask": torch.ones_like(input_ids),
        }
        if sample:
            kwargs.update(temperature=settings.temperature, top_p=settings.top_p)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)
        bad = self.bad_words_ids(settings.banned_words)
        if bad:
            kwargs["bad_words_ids"] = bad
        if settings.repetition_penalty != 1.0:
            kwargs["logits_processor"] = [
                _generated_repeats_penalty(
                    input_ids.shape[1], settings.repetition_penalty, self.penalty_free_ids()
                )
            ]
        self.model.generate(input_ids, **kwargs)

    # -- adapters --------------------------------------------------------------------------
    def _apply_adapter(self, adapter: AdapterSpec | None) -> None:
        """Hot-swap with peft: LoRA layers injected into the same modules, base never reloaded.

        The first adapter wraps the model with peft; later ones load into new slots. A
        retrained adapter (same name, new weights) replaces its old slot, and at most
        :data:`MAX_ADAPTER_SLOTS` stay loaded, so slots never pile up.
        """
        if adapter is None:
            if self._peft is not None:
                self._peft.base_model.disable_adapter_layers()
            self.tokenizer.chat_template = self._base_template
            return
        import warnings

        from peft import PeftModel

        key = adapter.key()
        slot = self._slots.pop(key, None)
        if slot is None:
            self._slot_ids += 1
            slot = f"a{self._slot_ids}"
            with warnings.catch_warnings():
                # peft reads a deprecated transformers attribute; not ours to fix.
                warnings.filterwarnings("ignore", ".*is_gradient_checkpointing.*", FutureWarning)
                if self._peft is None:
                    self._peft = PeftModel.from_pretrained(
                        self.model, str(adapter.path), adapter_name=slot
                    )
                else:
                    self._peft.load_adapter(str(adapter.path), adapter_name=slot)
        self._slots[key] = slot  # most recently used last
        self._peft.set_adapter(slot)
        self._peft.base_model.enable_adapter_layers()
        self._peft.eval()
        self._unload_stale(adapter.name, key)
        self.tokenizer.chat_template = adapter.chat_template or self._base_template

    def _unload_stale(self, name: str, keep: str) -> None:
        """Delete older copies of ``name`` and the least recently used slots over the cap."""
        for key in [k for k in self._slots if k != keep and k.rsplit("@", 1)[0] == name]:
            self._peft.delete_adapter(self._slots.pop(key))
        while len(self._slots) > MAX_ADAPTER_SLOTS:
            oldest = next(iter(self._slots))
            self._peft.delete_adapter(self._slots.pop(oldest))

    def loaded_slots(self) -> list[str]:
        """The PEFT slots loaded now (oldest first), for tests and diagnostics."""
        return list(self._slots.values())

    def close(self) -> None:
        """Drop the model (memory is freed when the last reference goes)."""
        self._peft = None
        self._slots.clear()
