"""The torch decode loop: the prompt prefilled once, its KV cache shared by every variant.

``transformers.generate(num_return_sequences=N)`` copies the prompt N times and prefills all
of them. Here the prompt runs once at batch 1; its cache is then repeated to N rows and the N
variants decode together, one batched step per token. Rows that finish are dropped from the
batch. Sampling follows ``generate()``'s order (banned words, temperature, top-p), and greedy
decoding (``temperature == 0``) picks the same tokens as ``generate()`` on the same weights.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from engine.decoding.protocol import DecodeSettings
from engine.decoding.sampling import TextBan, respect_ban


class TokenSink(Protocol):
    """Receives the prompt once, then one token per variant per step (like a HF streamer).

    A sink may also have ``ended(row) -> bool``: True ends that row now (a stop text).
    """

    def put(self, value: Any) -> None:
        """Take a tensor of token ids."""


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
        ended = getattr(sink, "ended", None)
        if ended is not None:  # a stop text ends a row like an end token
            for pos in reversed(range(len(still))):
                if ended(still[pos]):
                    del still[pos], keep[pos]
        steps += 1
        if not still or steps >= settings.max_new_tokens or stop.is_set():
            break
        if len(keep) < len(active):
            cache.batch_select_indices(torch.tensor(keep, device=input_ids.device))
        active = still
        step_ids = torch.tensor([[history[r][-1]] for r in active], device=input_ids.device)
        logits, cache = _forward(model, step_ids, cache)
    return steps
