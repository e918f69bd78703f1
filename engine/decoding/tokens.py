"""Token rules both local decoders share: banned-word sequences and penalty-free numbers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Encode = Callable[[str], list[int]]
"""A tokenizer's encode, without special tokens."""


def banned_sequences(words: Sequence[str], encode: Encode) -> list[list[int]]:
    """Token sequences for each banned word in its common spellings, for decoding.

    Each word in four cases, with and without a leading space.
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


def penalty_free_tokens(encode: Encode) -> frozenset[int]:
    """Ids of tokens the repetition penalty leaves alone: numbers, and the lone space.

    Whole numbers 0–999 with or without a leading space, when the vocabulary has them as one
    token, and a single space (SmolLM2 writes " 24" as " ", "2", "4"): a penalised space or
    digit turns a second "24 hours" into "two4 hours". Line breaks stay penalised: small models
    loop on them.
    """
    texts = [t for n in range(1000) for t in (str(n), f" {n}")] + [" "]
    out: set[int] = set()
    for text in texts:
        ids = encode(text)
        if len(ids) == 1:
            out.add(ids[0])
    return frozenset(out)
