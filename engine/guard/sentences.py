"""Sentences with their offsets, in English and Chinese, for sentence-level checking.

A sentence ends at ``. ! ?`` followed by a space or the end (not inside "0.75", "18/8",
"e.g."), at ``。！？；`` in Chinese, or at a line break; each bullet line is a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "approx.", "incl.", "no.", "vs.", "dr.", "mr.", "ms.")
_END = re.compile(r"(?<=[.!?])[\"')\]]*(?=\s)|(?<=[。！？；!?])[”’」』)）]*|\n+")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: ``text == source[start:end]`` (trimmed)."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, trimmed, with their offsets."""
    out: list[Sentence] = []
    begin = 0
    for match in _END.finditer(text):
        cut = match.end()
        piece = text[begin:cut]
        if match.group(0).strip() == "" and "\n" not in match.group(0):
            lowered = piece.rstrip().lower()
            if lowered.endswith(_ABBREVIATIONS):
                continue
        _add(out, text, begin, cut)
        begin = cut
    _add(out, text, begin, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = start + lead
    out.append(Sentence(begin, begin + len(stripped), stripped))


def is_chinese(text: str) -> bool:
    """True when the text is mostly Chinese characters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if _CJK.match(c)) >= 0.3 * len(letters)


def ends_complete(text: str) -> bool:
    """True when ``text`` ends on a full sentence (terminal punctuation, quotes allowed)."""
    tail = text.rstrip().rstrip("\"'”’)）]」』*")
    return bool(tail) and tail[-1] in ".!?。！？…"
