"""How often an 8-bit path picks the reference's next token (teacher-forced greedy agreement).

Free-running greedy texts part ways at the first near-tie and never meet again, so "tokens until
the first difference" says little about quality. Here every path is fed the reference's own
greedy continuation (bf16 ``generate()``), and at each position we count whether its top-1
token is the reference's: the 8-bit decoders are judged on the same contexts.
"""

from __future__ import annotations

from typing import Any


def torch_agreement(gen: Any, prompt: list[int], reference: list[int], int8: bool) -> float:
    """Share of positions where the torch model (bf16, or its int8 layers) picks the reference."""
    import torch

    from engine.decoding.quant import int8_swapped

    ids = torch.tensor([prompt + reference])
    plan = gen.int8_plan() if int8 else None
    with torch.inference_mode(), int8_swapped(plan):
        logits = gen.model(input_ids=ids).logits[0]
    picks = logits[len(prompt) - 1 : -1].argmax(dim=-1).tolist()
    return _share(picks, reference)


def llama_agreement(llama: Any, prompt: list[int], reference: list[int]) -> float:
    """The same for the llama.cpp decoder, one step per reference token."""
    runtime = llama.runtime
    picks = [int(runtime.prefill(prompt, 1).argmax())]
    for offset, token in enumerate(reference[:-1]):
        picks.append(int(runtime.step([token], [0], len(prompt) + offset)[0].argmax()))
    return _share(picks, reference)


def _share(picks: list[int], reference: list[int]) -> float:
    same = sum(1 for a, b in zip(picks, reference, strict=False) if a == b)
    return round(same / max(1, len(reference)), 3)
