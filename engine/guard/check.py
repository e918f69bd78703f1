"""Fact guard: find spans of a text that state facts the product facts do not support.

Three kinds of statement are checked, in English and Chinese:

- **amounts**: a number with or without a unit (``750 ml``, ``0.75 L``, ``24小时``, ``二十四小时``,
  ``百分之百``, ``two years``). Units are normalised (``0.75 L`` = ``750ml`` = ``750 毫升``;
  ``1 day`` = ``24 hours``), so a restated fact is supported; a bare number is supported when the
  facts hold the same number anywhere.
- **materials** (``stainless steel``, ``纯棉``) and **claims** (``dishwasher safe``, ``BPA-free``,
  ``防水``, ``certified``, ``made in Italy``) from :mod:`engine.guard.terms`. A concept is supported
  when the facts name it in either language, or a stronger one that implies it (facts
  ``stainless steel`` support ``steel``).

The guard is pure Python and cheap (milliseconds per text), so the GUI runs it on the
GUI thread whenever a text is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.catalog.facts import ProductFacts
from engine.guard.amounts import Known, facts_text, find_amounts
from engine.guard.evidence import EvidenceSet
from engine.guard.terms import COMPILED, KIND_REASON


@dataclass(frozen=True)
class Flag:
    """One unsupported statement: where it is and why it was flagged."""

    start: int
    end: int
    span: str
    reason: str
    kind: str = "amount"

    def to_json(self) -> dict[str, object]:
        """The CLI contract's shape (``span``, ``reason``), plus offsets and kind."""
        return {
            "span": self.span,
            "reason": self.reason,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
        }


def evidence_text(evidence: ProductFacts | EvidenceSet) -> str:
    """The text amounts and vocabulary are looked up in."""
    if isinstance(evidence, EvidenceSet):
        return evidence.all_text()
    return facts_text(evidence)


def check_text(text: str, facts: ProductFacts | EvidenceSet) -> list[Flag]:
    """Flag amounts, materials and claims in ``text`` that the evidence does not support.

    Returns flags in text order; where finds overlap the longest span is kept.
    """
    known = Known(evidence_text(facts))
    flags: list[Flag] = []
    for amount in find_amounts(text):
        if not known.supports(amount):
            span = text[amount.start : amount.end]
            reason = "number not in the facts" + known.said(amount.dimension)
            flags.append(Flag(amount.start, amount.end, span, reason, "amount"))
    for concept, pattern in COMPILED:
        if concept.key in known.concepts:
            continue
        for m in pattern.finditer(text):
            if m.end() > m.start():
                reason = KIND_REASON.get(concept.kind, "claim not in the facts")
                flags.append(Flag(m.start(), m.end(), m.group(0), reason, concept.kind))
    return _join_amounts(_drop_overlaps(flags), text)


def _joins(prev: Flag, flag: Flag, text: str) -> bool:
    gap = text[prev.end : flag.start]
    if prev.kind == "amount" and flag.kind in ("material", "offer"):
        return not gap.strip(" -")
    return not gap and "certification" in (prev.kind, flag.kind)


def _join_amounts(flags: list[Flag], text: str) -> list[Flag]:
    """One statement, one flag: ``2-year warranty``, ``百分之百纯棉``, ``FDA认证``, ``IPX5防水``."""
    out: list[Flag] = []
    for flag in flags:
        prev = out[-1] if out else None
        if prev is not None and _joins(prev, flag, text):
            out[-1] = Flag(
                prev.start, flag.end, text[prev.start : flag.end], flag.reason, flag.kind
            )
        else:
            out.append(flag)
    return out


def _drop_overlaps(flags: list[Flag]) -> list[Flag]:
    kept: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and flag.start < kept[-1].end:
            if flag.end > kept[-1].end and flag.kind == kept[-1].kind:
                last = kept.pop()
                merged_span = last.span + flag.span[last.end - flag.start :]
                kept.append(Flag(last.start, flag.end, merged_span, last.reason, last.kind))
            continue
        kept.append(flag)
    return kept
