"""Repeated sentences: a sentence that says nothing the text has not already said goes.

Small models restate: "It holds 6 cards. … The wallet is made from leather, and it holds 6
cards." A sentence whose content words and numbers all appeared in the sentences before it
adds no fact, only length, and reads as filler to a customer. The first sentence always stays.
"""

from __future__ import annotations

import re

from engine.grounding.shape import tidy
from engine.guard.claims import phrases
from engine.guard.sentences import split_sentences

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _content(text: str, start: int, end: int) -> set[str]:
    words = {w for p in phrases(text, start, end) for _, _, w in p.words}
    return words | set(_NUMBER.findall(text[start:end]))


def drop_repeats(text: str) -> tuple[str, list[str]]:
    """``text`` without its sentences that repeat earlier ones, and those sentences.

    A sentence is a repeat when it has content (words or numbers) and every piece of it was
    already said; paragraph breaks are kept around what stays.
    """
    sentences = split_sentences(text)
    said: set[str] = set()
    cut: list[tuple[int, int]] = []
    dropped: list[str] = []
    for index, sentence in enumerate(sentences):
        content = _content(text, sentence.start, sentence.end)
        if index and content and content <= said:
            cut.append((sentence.start, sentence.end))
            dropped.append(sentence.text)
        said |= content
    for start, end in reversed(cut):
        text = text[:start] + text[end:]
    return tidy(text), dropped
