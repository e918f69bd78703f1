"""Examples → token ids with the model's own chat template, loss masked to the completion.

The prompt is rendered with ``add_generation_prompt=True`` exactly as at inference and
tokenized on its own; the completion (and the template's end-of-turn) follows. Prompt
positions get label -100 so the loss counts only the owner's text.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from engine.finetune.dataset import Dataset, Example

IGNORE = -100


@dataclass
class Encoded:
    """One tokenized pair."""

    input_ids: list[int]
    labels: list[int]
    truncated: bool = False

    @property
    def completion_tokens(self) -> int:
        """Tokens that count in the loss."""
        return sum(1 for label in self.labels if label != IGNORE)


def render(tokenizer: Any, example: Example) -> tuple[str, str]:
    """(prompt text, completion text incl. end-of-turn) exactly as the model sees them."""
    prompt = tokenizer.apply_chat_template(
        example.prompt, add_generation_prompt=True, tokenize=False
    )
    full = tokenizer.apply_chat_template(
        [*example.prompt, {"role": "assistant", "content": example.completion}], tokenize=False
    )
    if full.startswith(prompt):
        return prompt, full[len(prompt) :]
    eos = tokenizer.eos_token or ""
    return prompt, example.completion + eos


def encode(tokenizer: Any, example: Example, max_length: int) -> Encoded | None:
    """Token ids and labels for one pair; None when no completion token fits in ``max_length``."""
    prompt, completion = render(tokenizer, example)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    completion_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    ids = prompt_ids + completion_ids
    labels = [IGNORE] * len(prompt_ids) + list(completion_ids)
    truncated = len(ids) > max_length
    ids, labels = ids[:max_length], labels[:max_length]
    if all(label == IGNORE for label in labels[1:]):
        return None
    return Encoded(ids, labels, truncated)


def encode_all(tokenizer: Any, examples: list[Example], max_length: int) -> list[Encoded]:
    """Encode every pair, skipping those whose completion does not fit at all."""
    out = []
    for example in examples:
        item = encode(tokenizer, example, max_length)
        if item is not None:
            out.append(item)
    return out


def preview(dataset: Dataset, tokenizer: Any, max_length: int, show: int = 3) -> dict[str, Any]:
    """What the owner sees before training: counts, token lengths, rendered examples, warnings."""
    encoded = encode_all(tokenizer, dataset.train + dataset.eval, max_length)
    lengths = [len(item.input_ids) for item in encoded] or [0]
    truncated = sum(item.truncated for item in encoded)
    skipped = dataset.size - len(encoded)
    warnings = list(dataset.warnings)
    if truncated:
        warnings.append(f"{truncated} texts are longer than {max_length} tokens and were cut")
    if skipped:
        warnings.append(f"{skipped} texts have prompts longer than {max_length} tokens: skipped")
    rendered = []
    for example in (dataset.train + dataset.eval)[:show]:
        prompt, completion = render(tokenizer, example)
        rendered.append({"source": example.source, "prompt": prompt, "completion": completion})
    return {
        "source": dataset.source,
        "loaded": dataset.loaded,
        "kept": dataset.size,
        "train": len(dataset.train),
        "eval": len(dataset.eval),
        "dropped": dict(dataset.dropped),
        "redacted": dataset.redacted,
        "tokens": {
            "min": min(lengths),
            "median": int(statistics.median(lengths)),
            "max": max(lengths),
            "total": sum(lengths),
            "completion": sum(item.completion_tokens for item in encoded),
        },
        "truncated": truncated,
        "examples": rendered,
        "warnings": warnings,
    }
