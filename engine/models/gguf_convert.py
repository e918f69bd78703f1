"""GGUF → bf16 safetensors conversion with transformers (pack preparation and GGUF import)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.core.callbacks import ProgressFn, no_progress, raise_if_stopped
from engine.core.errors import UserError

END_TOKENS = ("<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|end_of_text|>", "<|end|>", "</s>")
"""Tokens that end a chat reply in the common templates; each one present stops generation."""


def end_token_ids(tokenizer: Any, eos_token_id: Any) -> list[int]:
    """The model's own eos ids plus every known end-of-reply token in its vocabulary.

    A GGUF file names only one eos token (Qwen2.5: ``<|im_end|>``) while the upstream
    generation config also stops at ``<|endoftext|>``; without both a reply can run on.
    """
    ids: list[int] = []
    if isinstance(eos_token_id, int):
        ids.append(eos_token_id)
    elif isinstance(eos_token_id, list | tuple):
        ids.extend(int(i) for i in eos_token_id)
    # Only special (added) tokens count: in Qwen's vocabulary "</s>" is ordinary text.
    special = {
        str(added.content): int(token_id)
        for token_id, added in tokenizer.added_tokens_decoder.items()
        if getattr(added, "special", False)
    }
    for token in END_TOKENS:
        token_id = special.get(token)
        if token_id is not None and token_id not in ids:
            ids.append(token_id)
    return ids


@contextmanager
def _dequant_progress(
    on_progress: ProgressFn, stop: threading.Event | None = None
) -> Iterator[None]:
    """Route transformers' per-tensor GGUF progress (a tqdm bar on stderr) to ``on_progress``.

    The bar is module-level in a private transformers module; when that ever moves, the
    conversion still works and only the finer progress is lost.
    """
    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:  # pragma: no cover - transformers layout changed
        yield
        return
    original = getattr(gguf_utils, "tqdm", None)

    def report(items: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        items = list(items)
        for index, item in enumerate(items):
            raise_if_stopped(stop)  # checked between tensors: a cancel ends within one
            on_progress(index, len(items), "dequantising weights")
            yield item
        on_progress(len(items), len(items), "dequantising weights")

    if original is not None:
        gguf_utils.tqdm = report
    try:
        yield
    finally:
        if original is not None:
            gguf_utils.tqdm = original


def convert_gguf(
    gguf: Path,
    out_dir: Path,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
) -> str:
    """Dequantise a GGUF file into a bf16 safetensors folder with its tokenizer.

    transformers refuses ``save_pretrained`` on a GGUF-loaded model, so the weights move into
    a fresh model built from the same config, which then saves normally. Rotary inverse
    frequencies are computed buffers, not weights; tied embeddings stay tied when the config
    says so (Qwen2.5-Coder-0.5B's GGUF carries its own ``output.weight``, so it is untied).

    Returns:
        The architecture name (e.g. ``LlamaForCausalLM``).

    Raises:
        UserError: when the file is not a GGUF model transformers can read.
        Cancelled: when ``stop`` is set (checked between tensors).

    """
    from engine.decoding.hf import offline_quiet

    offline_quiet()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    on_progress(0, 4, "reading GGUF tokenizer")
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        on_progress(1, 4, "dequantising weights")
        with _dequant_progress(on_progress, stop):
            loaded = AutoModelForCausalLM.from_pretrained(
                str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
            )
    except (OSError, ValueError, KeyError, NotImplementedError) as exc:
        raise UserError(f"{gguf.name} cannot be read as a GGUF language model: {exc}") from exc
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    on_progress(2, 4, "building bf16 model")
    fresh = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    state = {k: v.to(torch.bfloat16) for k, v in loaded.state_dict().items()}
    del loaded
    result = fresh.load_state_dict(state, strict=False)
    del state
    missing = [k for k in result.missing_keys if "rotary" not in k]
    if missing:
        raise UserError(f"GGUF conversion left weights unset: {', '.join(missing[:5])}")
    on_progress(3, 4, "writing safetensors")
    fresh.config.dtype = torch.bfloat16
    fresh.generation_config.eos_token_id = end_token_ids(
        tokenizer, fresh.generation_config.eos_token_id
    )
    fresh.save_pretrained(str(out_dir), safe_serialization=True)
    tokenizer.save_pretrained(str(out_dir))
    on_progress(4, 4, "done")
    architectures = getattr(config, "architectures", None) or [type(fresh).__name__]
    return str(architectures[0])
