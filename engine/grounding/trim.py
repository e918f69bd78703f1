"""Clause trimming: keep the supported start of a sentence whose tail invents something.

Small models state a fact and then embroider it: "It is made from vegetable-tanned leather,
making it durable and fashionable." Dropping the sentence loses the fact; rewriting costs a
model call and often invents again. When the first unsupported phrase comes after a clause
boundary (a comma, "and", "which", "making", "，", "、", "并且"…), the sentence is cut there
and closed, and the cut version is kept when the guard passes it and it is still a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from engine.guard.report import GuardReport
from engine.guard.sentences import is_chinese

_EN_BOUNDARY = re.compile(
    r"(?:,|;|\s[-–—]\s|\s(?:and|which|while|so|making|ensuring|perfect|ideal|great|"
    r"allowing|giving|so that|that makes|for|with a|with an)\b)",
    re.IGNORECASE,
)
_ZH_BOUNDARY = re.compile(r"[，,；;、]|并且|而且|让您|使您|让你|使你|使其|让它|从而|以便")
_CONNECTOR_TAIL = re.compile(r"[\s,;:，；、：—–-]+$")
_OPEN_NOUN_PHRASE = re.compile(
    r"\b(?:a|an|the|its|your|our|this|these|their|is|are|very|so|more|most)\s+\S+$|"
    r"\b(?:a|an|the|is|are|and|or|of|to|for|with|very)$",
    re.IGNORECASE,
)
"""A head ending like "is a fun" or "made of the" cut a noun phrase in half: not a sentence."""
MIN_EN_WORDS = 4
MIN_ZH_CHARS = 6


def trim_sentence(
    sentence: str, first_flag: int, check: Callable[[str], GuardReport]
) -> str | None:
    """The sentence cut before its first unsupported phrase, closed, or None.

    Args:
        sentence: one sentence as written.
        first_flag: where its first unsupported phrase starts (offset in ``sentence``).
        check: the request's guard.

    Returns:
        The shorter sentence when one clause boundary before ``first_flag`` leaves a real
        sentence the guard fully supports; None otherwise.

    """
    zh = is_chinese(sentence)
    boundary = _ZH_BOUNDARY if zh else _EN_BOUNDARY
    cuts = [m.start() for m in boundary.finditer(sentence, 0, max(first_flag, 0))]
    for cut in reversed(cuts):  # the longest supported start wins
        head = _CONNECTOR_TAIL.sub("", sentence[:cut]).strip()
        if not _long_enough(head, zh):
            continue
        closed = head + ("。" if zh else ".")
        if check(closed).unsupported == 0:
            return closed
    return None


def _long_enough(head: str, zh: bool) -> bool:
    if zh:
        return len(head) >= MIN_ZH_CHARS
    return len(head.split()) >= MIN_EN_WORDS and not _OPEN_NOUN_PHRASE.search(head)
