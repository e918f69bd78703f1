"""Semantic claims: the content a sentence adds beyond its evidence, found phrase by phrase.

A sentence is cut into phrases at punctuation and joining words ("and", "with", "which",
"，", "并且"). A phrase's content words are its words minus function words and generic
praise (:mod:`engine.guard.lexicon`); a content word is *known* when the evidence has it (same
stem in English; as a substring in Chinese). A phrase with unknown content words is a claim
the evidence may not support: it is supported anyway when its embedding is close enough to one
evidence item (a paraphrase: "won't spill in your bag" for "leak-proof lid"), otherwise its
unknown words are flagged. Thresholds live in :class:`ClaimRules` and are tuned on the tune
split of the labelled real generations only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from engine.guard.amounts import UNIT_WORDS
from engine.guard.evidence import EvidenceItem, EvidenceSet
from engine.guard.lexicon import NUMBER_WORDS, WORD, is_filler_en, is_filler_zh, split_tag, stem

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPLIT_EN = re.compile(
    r"[,;:()\[\]—–]|\s-\s|\b(?:and|but|while|which|that|with|without|so|because|making|"
    r"allowing|ensuring|keeping|perfect for|ideal for|great for|designed for|suitable for)\b",
    re.IGNORECASE,
)
_SPLIT_ZH = re.compile(r"[，,、；;：:（）()]|并且|而且|同时|以及|让|使")


@dataclass(frozen=True)
class ClaimRules:
    """The knobs of the semantic check (tuned on the tune split, frozen for held-out)."""

    support_similarity: float = 0.97
    """A phrase this close (cosine, e5) to one evidence item counts as a paraphrase of it."""
    min_unknown: int = 1
    """Unknown content words a phrase needs before it is a claim at all."""
    use_embeddings: bool = False
    """Off by default: measured on the tune split, the paraphrase rescue cost recall at every
    threshold (e5 puts "drinks warm 24 hours" at 0.93 from "keeps drinks cold 24 hours";
    Chinese phrases sit at 0.90–0.97 from any Chinese fact) and saved no false flag once
    words are compared by stem, spelling and parts."""


@dataclass
class Phrase:
    """A piece of a sentence between joins, with its content words."""

    start: int
    end: int
    text: str
    words: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, normalised form) of each content word, offsets in the whole text."""


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _zh_words(text: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    for word, start, end in _jieba().tokenize(text):
        word = word.strip()
        if not word or is_filler_zh(word) or not (_CJK.search(word) or word.isalnum()):
            continue
        if _CJK.search(word) and len(word) == 1:
            continue  # single characters are mostly particles or measure words
        out.append((offset + start, offset + end, word.lower()))
    return out


def _en_words(text: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    for match in WORD.finditer(text):
        word = match.group(0)
        start = offset + match.start()
        if (start > 0 and text[match.start() - 1 : match.start()] == "#") or (
            any(c.isupper() for c in word[1:]) and word[0].isupper() and "-" not in word
        ):
            parts = split_tag(word)  # a hashtag or CamelCase run: its words, one span
        else:
            parts = [p for p in word.split("-") if p]  # water-resistant: water, resistant
        content = [
            stem(p)
            for p in parts
            if not p[0].isdigit()
            and len(p) > 1
            and not is_filler_en(p)
            and p.lower() not in NUMBER_WORDS
            and p.lower() not in UNIT_WORDS  # "750 ml", "24 hours": the amount check's
        ]
        if content:  # numbers are the amount check's business
            out.append((start, offset + match.end(), " ".join(content)))
    return out


def phrases(text: str, start: int, end: int) -> list[Phrase]:
    """The phrases of ``text[start:end]`` (one sentence), with their content words."""
    piece = text[start:end]
    splitter = _SPLIT_ZH if _CJK.search(piece) else _SPLIT_EN
    cuts = [0, *(p for m in splitter.finditer(piece) for p in (m.start(), m.end())), len(piece)]
    out: list[Phrase] = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        chunk = piece[a:b]
        if not chunk.strip():
            continue
        offset = start + a
        words = _zh_words(chunk, offset) if _CJK.search(chunk) else _en_words(chunk, offset)
        out.append(Phrase(offset, start + b, chunk.strip(), words))
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class EvidenceIndex:
    """An evidence set ready for lookups: stems, Chinese text, item embeddings."""

    def __init__(self, evidence: EvidenceSet, embedder: Any = None) -> None:
        self.evidence = evidence
        self.embedder = embedder
        self.item_words: dict[str, set[str]] = {}
        for item in evidence.items:
            words = {w for _, _, w in _en_words(item.text, 0)}
            words |= {w for _, _, w in _zh_words(item.text, 0)}
            self.item_words[item.id] = words
        self.terms = {w for _, _, w in _en_words(" ".join(evidence.allowed_terms), 0)}
        self.known = {
            part
            for words in (*self.item_words.values(), self.terms)
            for w in words
            for part in w.split()
        }
        self.zh_text = evidence.all_text().lower()
        self._vectors: Any = None

    def knows(self, word: str) -> bool:
        """True when the evidence has this content word (or a Chinese word inside it).

        An English word of several parts (a hashtag, a hyphenated compound) is known when
        each part is; a long word is known when the evidence has a word it shares all but
        its ending with ("Ethiopian" for "Ethiopia").
        """
        if _CJK.search(word):
            return word in self.zh_text or any(w in word for w in self.known if _CJK.search(w))
        return all(self._knows_part(part) for part in word.split())

    def _knows_part(self, part: str) -> bool:
        if part in self.known:
            return True
        if len(part) < 5:
            return False
        return any(
            len(w) >= 5 and _common_prefix(w, part) >= max(5, max(len(w), len(part)) - 3)
            for w in self.known
        )

    def vectors(self) -> Any:
        """Item embeddings, [items, 384] (computed once)."""
        if self._vectors is None and self.embedder is not None:
            self._vectors = self.embedder.passages([i.text for i in self.evidence.items])
        return self._vectors

    def closest(self, text: str) -> tuple[float, EvidenceItem | None]:
        """The evidence item whose embedding is closest to ``text``, and the cosine."""
        vectors = self.vectors()
        if vectors is None or not len(self.evidence.items):
            return 0.0, None
        sims = vectors @ self.embedder.passages([text])[0]
        best = int(sims.argmax())
        return float(sims[best]), self.evidence.items[best]

    def items_sharing(self, words: set[str]) -> list[str]:
        """Ids of the items that share a content word with ``words``, most shared first."""
        scored = [(len(words & w), i) for i, w in self.item_words.items() if words & w]
        return [i for _, i in sorted(scored, key=lambda s: -s[0])]


@dataclass
class PhraseVerdict:
    """What the check concluded about one phrase."""

    phrase: Phrase
    unknown: list[tuple[int, int, str]]
    evidence: list[str]
    similarity: float = 0.0

    @property
    def supported(self) -> bool:
        """No unknown content word left after the paraphrase check."""
        return not self.unknown


def judge(phrase: Phrase, index: EvidenceIndex, rules: ClaimRules) -> PhraseVerdict:
    """Whether this phrase's content is in the evidence or a close paraphrase of one item."""
    known = {w for _, _, w in phrase.words if index.knows(w)}
    unknown = [w for w in phrase.words if w[2] not in known and not index.knows(w[2])]
    evidence = index.items_sharing(known)
    similarity = 0.0
    if len(unknown) >= rules.min_unknown and rules.use_embeddings and index.embedder:
        similarity, item = index.closest(phrase.text)
        if similarity >= rules.support_similarity and item is not None:
            return PhraseVerdict(phrase, [], [item.id, *evidence], similarity)
    if len(unknown) < rules.min_unknown:
        unknown = []
    return PhraseVerdict(phrase, unknown, evidence, similarity)
