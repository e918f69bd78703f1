"""A shop's voice lines: the sentences its own texts keep coming back to.

A merchant's texts repeat shop-level statements ("From our workshop in Porto.", "Made slowly, to
last.") that no product's facts state. A LoRA trained on those texts learns to write them, and
the checker would then flag them as unsupported and cut them, so the learnt voice never reached
the copy. The sentences that recur in several of the training texts are kept with the adapter;
while that adapter writes, they count as evidence (context: they may be said, they are not facts
a text must cover). A sentence about one product (its size, its colour) does not recur, so it
never becomes evidence for another product.
"""

from __future__ import annotations

import re
from collections import Counter

from engine.guard.sentences import split_sentences

MIN_TEXTS = 3
MIN_SHARE = 0.1
MAX_LINES = 24
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def _key(sentence: str) -> str:
    return _PUNCT.sub(" ", sentence.lower()).strip()


def voice_lines(texts: list[str]) -> list[str]:
    """Sentences found in at least :data:`MIN_TEXTS` texts and 10 % of them, most frequent first."""
    counts: Counter[str] = Counter()
    first_form: dict[str, str] = {}
    for text in texts:
        seen: set[str] = set()
        for sentence in split_sentences(text):
            key = _key(sentence.text)
            if len(key) < 6 or key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            first_form.setdefault(key, sentence.text.strip())
    needed = max(MIN_TEXTS, round(MIN_SHARE * len(texts)))
    common = [key for key, n in counts.most_common() if n >= needed]
    return [first_form[key] for key in common[:MAX_LINES]]
