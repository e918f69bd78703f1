"""Guard v2: a text checked sentence by sentence against its evidence set.

Three checks, each naming the unsupported phrase: amounts (numbers with units, equal after
conversion), vocabulary (materials, care, certifications, origins, offers) and semantic
content (phrases whose content words the evidence lacks and that are not a close paraphrase
of one item). Each sentence carries the evidence items it rests on; coverage says which facts
the text uses and which it leaves out. Used by copy, bulk, FAQ replies and customer profiles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.guard.amounts import Known, find_amounts
from engine.guard.check import Flag, check_text
from engine.guard.claims import ClaimRules, EvidenceIndex, judge, phrases
from engine.guard.evidence import EvidenceSet
from engine.guard.sentences import Sentence, split_sentences

_KIND_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "price_offer",
        re.compile(
            r"[$€£¥￥]|\d\s*(?:usd|eur|元|块)|\b(?:price|priced|discount|sale|deal|offer|"
            r"coupon|free|shipping|delivery|buy|purchase|pack of|minimum)\b|优惠|折|包邮|促销|价",
            re.I,
        ),
    ),
    (
        "care",
        re.compile(
            r"\b(?:clean|cleaning|wash|washable|care|maintain|maintenance|wipe|dry|iron|"
            r"stain)\w*|清洁|清洗|洗|打理|保养|擦",
            re.I,
        ),
    ),
    (
        "accessory",
        re.compile(
            r"\b(?:comes with|includes?|included|set of|bundle|kit)\b|附带|配有|赠|套装", re.I
        ),
    ),
    (
        "origin",
        re.compile(r"\b(?:made in|from|imported|origin|sourced)\b|产地|产自|来自|进口", re.I),
    ),
    (
        "use",
        re.compile(
            r"\b(?:for|use|used|using|perfect for|ideal for|helps?|lets? you|allows?)\b|"
            r"用于|用来|适合|适用|可以用|帮助",
            re.I,
        ),
    ),
)


def claim_kind(text: str) -> str:
    """A rough type for a semantic flag (the window words its reason from it)."""
    for kind, cue in _KIND_CUES:
        if cue.search(text):
            return kind
    return "claim"


_REASONS = {
    "price_offer": "price or offer not in the facts",
    "care": "care claim not in the facts",
    "accessory": "not in the facts: what comes with it",
    "origin": "origin not in the facts",
    "use": "use not in the facts",
    "claim": "not in the facts",
}


@dataclass
class SentenceCheck:
    """One sentence: is every statement in it supported, by which evidence, and what is not."""

    sentence: Sentence
    evidence: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        """True when nothing in the sentence is flagged."""
        return not self.flags

    def to_json(self) -> dict[str, Any]:
        """The CLI contract's ``{"text", "supported", "evidence"}`` (plus offsets)."""
        return {
            "text": self.sentence.text,
            "supported": self.supported,
            "evidence": list(self.evidence),
            "start": self.sentence.start,
            "end": self.sentence.end,
        }


@dataclass
class GuardReport:
    """A text's check: flags, sentences with their evidence, and fact coverage."""

    text: str
    flags: list[Flag]
    sentences: list[SentenceCheck]
    used: list[str]
    missing: list[str]

    @property
    def unsupported(self) -> int:
        """How many statements the evidence does not support."""
        return len(self.flags)

    def coverage_json(self, evidence: EvidenceSet) -> dict[str, list[str]]:
        """``{"used": [...], "missing": [...]}`` as labels the merchant recognises."""
        label = {item.id: item.shown for item in evidence.items}
        return {"used": [label[i] for i in self.used], "missing": [label[i] for i in self.missing]}


def _runs(phrase: Any, verdict: Any) -> list[tuple[int, int]]:
    """Spans of consecutive unknown words; a known word in between splits them."""
    unknown = {(s, e) for s, e, _ in verdict.unknown}
    runs: list[list[int]] = []
    previous_unknown = False
    for start, end, _ in phrase.words:
        if (start, end) in unknown:
            if previous_unknown:
                runs[-1][1] = end
            else:
                runs.append([start, end])
            previous_unknown = True
        else:
            previous_unknown = False
    return [(a, b) for a, b in runs]


def _amount_evidence(sentence: str, evidence: EvidenceSet) -> list[str]:
    """Items whose amounts the sentence restates (750 ml → "capacity: 750 ml")."""
    found = find_amounts(sentence)
    if not found:
        return []
    out = []
    for item in evidence.items:
        known = Known(item.text)
        if any(a.dimension and known.supports(a) for a in found):
            out.append(item.id)
    return out


def _vocabulary_evidence(sentence: str, evidence: EvidenceSet) -> list[str]:
    """Items that state a concept the sentence names (stainless steel → 不锈钢)."""
    from engine.guard.terms import COMPILED, supported_concepts

    named = {c.key for c, pattern in COMPILED if pattern.search(sentence)}
    if not named:
        return []
    return [i.id for i in evidence.items if named & supported_concepts(i.text.lower())]


def check(
    text: str,
    evidence: EvidenceSet,
    *,
    rules: ClaimRules | None = None,
    embedder: Any = None,
    index: EvidenceIndex | None = None,
) -> GuardReport:
    """Check ``text`` against ``evidence``, sentence by sentence.

    Args:
        text: the text to check (as shown to the merchant).
        evidence: what it may rest on.
        rules: the semantic check's thresholds (the tuned defaults when None).
        embedder: an :class:`engine.models.embedder.Embedder` for paraphrases (lexical only
            when None).
        index: a prepared index of ``evidence`` (reused across variants).

    """
    rules = rules or ClaimRules()
    index = index or EvidenceIndex(evidence, embedder)
    exact = check_text(text, evidence)  # amounts and vocabulary, with their reasons
    results: list[SentenceCheck] = []
    for sentence in split_sentences(text):
        result = SentenceCheck(sentence)
        result.flags = [f for f in exact if sentence.start <= f.start < sentence.end]
        taken = [(f.start, f.end) for f in result.flags]
        for phrase in phrases(text, sentence.start, sentence.end):
            verdict = judge(phrase, index, rules)
            result.evidence.extend(e for e in verdict.evidence if e not in result.evidence)
            if verdict.supported:
                continue
            kind = claim_kind(phrase.text)
            for start, end in _runs(phrase, verdict):
                if any(a < end and start < b for a, b in taken):
                    continue  # already flagged by the exact checks, with a better reason
                result.flags.append(Flag(start, end, text[start:end], _REASONS[kind], kind))
        for item_id in [
            *_amount_evidence(sentence.text, evidence),
            *_vocabulary_evidence(sentence.text, evidence),
        ]:
            if item_id not in result.evidence:
                result.evidence.append(item_id)
        result.flags.sort(key=lambda f: f.start)
        results.append(result)
    flags = sorted((f for r in results for f in r.flags), key=lambda f: f.start)
    used_ids = {e for r in results for e in r.evidence}
    facts = [item.id for item in evidence.facts]
    used = [i for i in facts if i in used_ids]
    missing = [i for i in facts if i not in used_ids]
    return GuardReport(text, flags, results, used, missing)
