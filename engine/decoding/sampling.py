"""Token choice in numpy for the llama.cpp decoder (no torch), the same rules as the torch loop.

Order: repetition penalty on the row's own generated tokens, banned-word completions masked,
then greedy (``temperature <= 0``) or temperature + nucleus (top-p) sampling. Top-p first looks
at the 1,024 likeliest tokens and sorts the whole vocabulary only when they hold less than
``top_p`` of the probability, so the result is exact and the common case cheap.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from typing import Any

from engine.decoding.protocol import DecodeSettings

TOP_CANDIDATES = 1024


def penalise_repeats_np(
    scores: Any,
    history: Sequence[Sequence[int]],
    penalty: float,
    exempt: frozenset[int] = frozenset(),
) -> None:
    """Divide positive (multiply negative) scores of tokens each row generated, in place.

    ``exempt`` tokens (numbers) are never penalised.
    """
    import numpy as np

    if penalty == 1.0:
        return
    for row, ids in enumerate(history):
        used = set(ids) - exempt
        if not used:
            continue
        index = np.fromiter(used, dtype=np.int64)
        index = index[index < scores.shape[-1]]
        values = scores[row, index]
        scores[row, index] = np.where(values < 0, values * penalty, values / penalty)


def ban_completions_np(
    scores: Any, history: Sequence[Sequence[int]], bad: Sequence[Sequence[int]]
) -> None:
    """Set to -inf every token that would complete a banned sequence in a row, in place."""
    for seq in bad:
        *prefix, last = seq
        if last >= scores.shape[-1]:
            continue
        for row, ids in enumerate(history):
            if not prefix or (len(ids) >= len(prefix) and list(ids[-len(prefix) :]) == prefix):
                scores[row, last] = -float("inf")


def _top_p_row(scores: Any, top_p: float, rng: Any) -> int:
    """Sample one token from a row of tempered scores with nucleus filtering."""
    import numpy as np

    finite = scores - scores.max()
    probs = np.exp(finite, dtype=np.float64)
    probs /= probs.sum()
    k = min(TOP_CANDIDATES, probs.shape[0])
    top = np.argpartition(-probs, k - 1)[:k] if k < probs.shape[0] else np.arange(k)
    if probs[top].sum() < top_p:
        top = np.arange(probs.shape[0])
    order = top[np.argsort(-probs[top], kind="stable")]
    ordered = probs[order]
    cumulative = np.cumsum(ordered)
    keep = int(np.searchsorted(cumulative, top_p, side="left")) + 1
    chosen = ordered[:keep] / ordered[:keep].sum()
    return int(order[rng.choice(keep, p=chosen)])


def pick_tokens_np(
    logits: Any, settings: DecodeSettings, history: Sequence[Sequence[int]], rng: Any
) -> list[int]:
    """Next token per row from float logits [rows, vocab]."""
    import numpy as np

    scores = np.array(logits, dtype=np.float32, copy=True)
    penalise_repeats_np(scores, history, settings.repetition_penalty, settings.penalty_exempt)
    if settings.bad_words_ids:
        ban_completions_np(scores, history, settings.bad_words_ids)
    if settings.temperature <= 0:
        return [int(i) for i in scores.argmax(axis=-1)]
    scores /= settings.temperature
    if settings.top_p >= 1.0:
        out = []
        for row in scores:
            probs = np.exp(row - row.max(), dtype=np.float64)
            out.append(int(rng.choice(row.shape[0], p=probs / probs.sum())))
        return out
    return [_top_p_row(row, settings.top_p, rng) for row in scores]


def respect_ban(
    chosen: list[int],
    active: list[int],
    eos_ids: frozenset[int],
    ban: TextBan,
    piece: Callable[[int], bytes],
    repick: Callable[[int, list[int]], int],
) -> list[int]:
    """Re-pick any row whose token would spell a banned word (up to 64 tries per row).

    ``repick(index, refused)`` draws again for the row at ``index`` of the batch with the
    ``refused`` tokens masked out; each decoder supplies its own (torch or numpy).
    """
    for index, row in enumerate(active):
        token = chosen[index]
        refused: list[int] = []
        while len(refused) < 64 and token not in eos_ids and ban.refuses(row, piece(token)):
            refused.append(token)
            token = repick(index, refused)
        chosen[index] = token
        if token not in eos_ids:
            ban.accept(row, piece(token))
    return chosen


class TextBan:
    """Banned words checked on the decoded text, which token-sequence bans can miss.

    ``bad_words_ids`` only blocks the spellings a word tokenizes to on its own; inside a longer
    run ("ultra-cheaper", 超便宜) other tokens can spell it. Here a token is refused when it
    would make the row's recent text contain a banned word that starts at a word boundary
    (anywhere, for words in scripts without spaces), case-insensitively. Each row decodes its
    bytes incrementally, so a Chinese character split over two byte tokens is seen whole.
    """

    def __init__(self, words: Sequence[str], rows: int) -> None:
        self.words = [w.strip().lower() for w in words if w.strip()]
        self.tails = ["" for _ in range(rows)]
        self.decoders = [codecs.getincrementaldecoder("utf-8")("replace") for _ in range(rows)]
        self.keep = max((len(w) for w in self.words), default=0) + 2

    def __bool__(self) -> bool:
        return bool(self.words)

    def _peek(self, row: int, piece: bytes) -> str:
        """The text ``piece`` would complete in ``row``, leaving the row's decoder as it was."""
        decoder = self.decoders[row]
        state = decoder.getstate()
        text = decoder.decode(piece)
        decoder.setstate(state)
        return text

    def refuses(self, row: int, piece: bytes) -> bool:
        """True when appending ``piece`` to ``row`` would spell a banned word."""
        text = (self.tails[row] + self._peek(row, piece)).lower()
        start_new = len(self.tails[row])
        for word in self.words:
            at = text.find(word)
            while at != -1:
                if at + len(word) > start_new and _starts_word(text, at, word):
                    return True
                at = text.find(word, at + 1)
        return False

    def accept(self, row: int, piece: bytes) -> None:
        """Remember the text a row produced (its tail; incomplete characters wait)."""
        text = self.decoders[row].decode(piece)
        self.tails[row] = (self.tails[row] + text)[-self.keep :]


def _starts_word(text: str, at: int, word: str) -> bool:
    """Latin words must start at a boundary; words in other scripts match anywhere."""
    if not word[0].isascii() or at == 0:
        return True
    return not text[at - 1].isalnum()
