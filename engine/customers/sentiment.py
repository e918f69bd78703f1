"""Mood over time: each message and note read as happy, unhappy or neither, by cue words.

A small bilingual lexicon, not a model: it is quick, explainable (the cue is shown) and never
invents anything, since every point of the timeline is one dated note. Order remarks only count
when they complain. Negated praise ("not happy", "不满意") counts as unhappy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.customers.store import Note

_POSITIVE = re.compile(
    r"\b(?:perfect|(?<!'d )(?<!would )love[sd]?|lovely|thank(?:s| you)|great|wonderful|"
    r"beautiful|delighted|happy|"
    r"gorgeous|amazing|brilliant|fantastic|glad|pleased|excellent|nicer|resolved|"
    r"cheerful|back to (?:her|his|their) usual|calm(?:er)? again|grateful|will order again)\b"
    r"|太好了|谢谢|感谢|喜欢|很舒服|刚好|满意|开心|高兴|很好|完美|还会再买|漂亮|放心",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"\b(?:annoyed|disappointed|disappointing|upset|angry|frustrat\w*|complain\w*|complaint|"
    r"unacceptable|broke\w*|crack\w*|chip(?:ped|s)?|damaged|wrong|missing|still waiting|"
    r"never answered|send (?:it|them) back|than (?:in )?the photos?|"
    r"no reply|not happy|unhappy|worried|concerned|refund|return(?:ed)?|late|delay(?:ed)?|"
    r"stuck|handover|safety|unanswered|haven't heard)\b"
    r"|着急|生气|失望|不满|投诉|破了|碎了|坏了|裂|还没收到|没有回复|没人回复|太慢|担心|退货|"
    r"退款|错了|不高兴",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:not|never|no longer|isn't|wasn't)\s+(?:\w+\s+)?(?:happy|pleased|great)\b|不满意|不喜欢",
    re.I,
)


@dataclass(frozen=True)
class Mood:
    """One point of a customer's mood timeline."""

    note_id: int
    date: str
    mood: str
    """``positive``, ``negative`` or ``neutral``."""
    cue: str
    """The words it was read from (empty for neutral)."""

    def to_json(self) -> dict[str, str | int]:
        """For the CLI and the window."""
        return {"note_id": self.note_id, "date": self.date, "mood": self.mood, "cue": self.cue}


def read_mood(note: Note) -> Mood:
    """How one note sounds."""
    text = note.text
    negated = _NEGATED.search(text)
    negative = [m.group(0) for m in _NEGATIVE.finditer(text)]
    positive = [m.group(0) for m in _POSITIVE.finditer(text)] if not negated else []
    if negated:
        negative.insert(0, negated.group(0))
    if note.kind == "order_remark" and not negative:
        return Mood(note.id, note.date, "neutral", "")
    if len(negative) > len(positive):
        return Mood(note.id, note.date, "negative", ", ".join(dict.fromkeys(negative)))
    if positive:
        return Mood(note.id, note.date, "positive", ", ".join(dict.fromkeys(positive)))
    if negative:
        return Mood(note.id, note.date, "negative", ", ".join(dict.fromkeys(negative)))
    return Mood(note.id, note.date, "neutral", "")


def mood_timeline(notes: Sequence[Note]) -> list[Mood]:
    """The customer's mood, oldest first: only notes that sound happy or unhappy."""
    return [m for m in (read_mood(n) for n in notes) if m.mood != "neutral"]
