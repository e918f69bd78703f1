"""The app's decode loop: the prompt prefilled once, its KV cache shared by every variant.

``transformers.generate(num_return_sequences=N)`` copies the prompt N times and prefills all
of them. Here the prompt runs once at batch 1; its cache is then repeated to N rows and the N
variants decode together, one batched step per token. Rows that finish are dropped from the
batch. Sampling follows ``generate()``'s order (banned words, temperature, top-p), and greedy
decoding (``temperature == 0``) picks the same tokens as ``generate()`` on the same weights.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class TokenSink(Protocol):
    """Receives the prompt once, then one token per variant per step (like a HF streamer)."""

    def put(self, value: Any) -> None:
        """Take a tensor of token ids."""


@dataclass
class DecodeSettings:
    """How to pick tokens."""

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
    """Words also refused on the decoded text (see engine.np_sampling.TextBan)."""


def penalise_repeats(
    scores: Any, history: list[list[int]], penalty: float, exempt: frozenset[int] = frozenset()
) -> Any:
    """Divide positive (multiply negative) scores of already generated tokens by ``penalty``.

    The same rule as transformers' repetition penalty, applied to each row's own generated
    tokens only, so words from the product facts stay free to use, and never to ``exempt``
    tokens (numbers: a penalised "2" turns a second "24 hours" into "two4 hours").
    """
    import torch

    if penalty == 1.0:
        return scores
    for row, ids in enumerate(history):
        used = set(ids) - exempt
        if not used:
            continue
        index = torch.tensor(sorted(used), dtype=torch.long, device=scores.device)
        index = index[index < scores.shape[-1]]
        values = scores[row, index]
        scores[row, index] = torch.where(values < 0, values * penalty, values / penalty)
    return scores


def _ban_mask(
    rows: list[list[int]], bad: Sequence[Sequence[int]], vocab: int, device: Any = "cpu"
) -> Any:
    """Boolean [rows, vocab]: tokens that would complete a banned sequence in each row."""
    import torch

    mask = torch.zeros(len(rows), vocab, dtype=torch.bool, device=device)
    for seq in bad:
        *prefix, last = seq
        if last >= vocab:
            continue
        for r, ids in enumerate(rows):
            if not prefix or (len(ids) >= len(prefix) and ids[-len(prefix) :] == list(prefix)):
                mask[r, last] = True
    return mask


def pick_tokens(logits: Any, settings: DecodeSettings, history: list[list[int]]) -> Any:
    """Next token per row from float logits [rows, vocab]."""
    import torch

    scores = penalise_repeats(
        logits.float().clone(), history, settings.repetition_penalty, settings.penalty_exempt
    )
    if settings.bad_words_ids:
        scores = scores.masked_fill(
            _ban_mask(history, settings.bad_words_ids, scores.shape[-1], scores.device),
            float("-inf"),
        )
    if settings.temperature <= 0:
        return scores.argmax(dim=-1)
    scores = scores / settings.temperature
    if settings.top_p < 1.0:
        ordered, index = torch.sort(scores, descending=False)
        cumulative = ordered.softmax(dim=-1).cumsum(dim=-1)
        remove = cumulative <= (1 - settings.top_p)
        remove[..., -1:] = False
        scores = scores.masked_fill(remove.scatter(1, index, remove), float("-inf"))
    probs = scores.softmax(dim=-1)
    return torch.multinomial(probs, num_samples=1).squeeze(1)


def _forward(model: Any, ids: Any, cache: Any) -> tuple[Any, Any]:
    """One model call that keeps only the last position's logits."""
    out = model(input_ids=ids, cache=cache, use_cache=True, logits_to_keep=1)
    return out.logits[:, -1, :], out.cache


def decode(
    model: Any,
    input_ids: Any,
    settings: DecodeSettings,
    sink: TokenSink,
    stop: threading.Event,
    piece: Callable[[int], bytes] | None = None,
) -> int:
    """Decode ``settings.variants`` continuations of one prompt, feeding ``sink`` as it goes.

    Args:
        model: a causal LM (transformers, with a KV cache).
        input_ids: the prompt, shape [1, length].
        settings: variants, lengths and sampling.
        sink: gets the prompt first, then a [variants] tensor of tokens each step (finished
            rows get ``settings.pad_id``); the caller ends it.
        stop: checked before every step; once set, decoding ends.
        piece: a token's text as bytes, for the text-level word ban (none without it).

    Returns:
        The number of decode steps taken.

    """
    import torch

    n = settings.variants
    sink.put(input_ids)
    logits, cache = _forward(model, input_ids, None)
    logits = logits.expand(n, -1)
    if n > 1:
        cache.batch_repeat_interleave(n)
    active = list(range(n))
    history: list[list[int]] = [[] for _ in range(n)]
    from engine.np_sampling import TextBan, respect_ban

    ban = TextBan(settings.banned_words, n) if piece is not None else None
    steps = 0
    while active and steps < settings.max_new_tokens and not stop.is_set():
        chosen = pick_tokens(logits, settings, [history[r] for r in active]).tolist()
        if ban and piece is not None:

            def repick(
                index: int, refused: list[int], rows: list[int] = active, logits: Any = logits
            ) -> int:
                scores = logits[index : index + 1].float().clone()
                scores[0, refused] = float("-inf")
                return int(pick_tokens(scores, settings, [history[rows[index]]])[0])

            chosen = respect_ban(chosen, active, settings.eos_ids, ban, piece, repick)
        row_tokens = [settings.pad_id] * n
        still: list[int] = []
        keep: list[int] = []
        for pos, (row, token) in enumerate(zip(active, chosen, strict=True)):
            row_tokens[row] = int(token)
            history[row].append(int(token))
            if int(token) not in settings.eos_ids:
                still.append(row)
                keep.append(pos)
        sink.put(torch.tensor(row_tokens))
        steps += 1
        if not still or steps >= settings.max_new_tokens or stop.is_set():
            break
        if len(keep) < len(active):
            cache.batch_select_indices(torch.tensor(keep, device=input_ids.device))
        active = still
        step_ids = torch.tensor([[history[r][-1]] for r in active], device=input_ids.device)
        logits, cache = _forward(model, step_ids, cache)
    return steps


def run_fast(
    generator: Any,
    input_ids: Any,
    kwargs: dict[str, Any],
    sink: TokenSink,
    stop: threading.Event,
    repetition_penalty: float = 1.0,
    banned_words: Sequence[str] = (),
) -> int:
    """Decode with the settings ``Generator.stream`` built for ``generate()``.

    Uses the generator's int8 layers when its precision resolves to int8 and no LoRA adapter
    is attached (then the model's own bf16 layers).
    """
    from engine.quant import int8_swapped

    sample = bool(kwargs.get("do_sample"))
    settings = DecodeSettings(
        variants=int(kwargs.get("num_return_sequences") or 1),
        max_new_tokens=int(kwargs["max_new_tokens"]),
        temperature=float(kwargs.get("temperature") or 1.0) if sample else 0.0,
        top_p=float(kwargs.get("top_p") or 1.0) if sample else 1.0,
        eos_ids=frozenset(generator.eos_ids()),
        pad_id=int(kwargs.get("pad_token_id") or 0),
        bad_words_ids=list(kwargs.get("bad_words_ids") or []),
        repetition_penalty=repetition_penalty,
        penalty_exempt=generator.penalty_free_ids(),
        banned_words=tuple(banned_words),
    )
    tokenizer = generator.tokenizer

    def piece(token: int) -> bytes:
        return str(tokenizer.decode([token], skip_special_tokens=True)).encode("utf-8")

    with int8_swapped(generator.int8_plan()):
        return decode(generator.model, input_ids, settings, sink, stop, piece)
