"""Training pairs for the learned checker: corpus sentences with their evidence, and corruptions.

Positives are every sentence the corpus wrote, with the input it rests on (a fact, or a benefit
that follows from one: the corpus's rules allow nothing else). Negatives are made from the same
sentences, so a negative differs from a positive only in what it claims:

- ``swap``: a number, or an attribute's value (material, colour, origin, size), replaced by the
  same kind of value from another sheet;
- ``invented``: an unlisted claim added (a care claim, a certification, an origin, an offer, a
  warranty), in the sentence's language, when the evidence does not state it;
- ``conflated``: fact words re-attached to the wrong part ("the {title} is made from {amount}"),
  once per sheet;
- ``negated``: a stated property denied;
- ``actor``: in a reply, who does what turned around (you ↔ we), or a deadline changed.

Each pair is ``(evidence lines, sentence, label, kind)``; label 1 is supported, 0 is not.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from engine.corpus.examples import CorpusExample
from engine.corpus.render import completion
from engine.guard.sentences import split_sentences

_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?![\w.])")
INVENTED = {
    "en": [
        " It is dishwasher safe.",
        " Certified organic.",
        " Made in Italy.",
        " Comes with a 2-year warranty.",
        " Now 20% off for a limited time.",
        " It is fully waterproof.",
        " Free shipping on every order.",
        " Hypoallergenic and vegan.",
    ],
    "zh": [
        "可放入洗碗机清洗。",
        "通过有机认证。",
        "意大利制造。",
        "享受两年质保。",
        "限时八折优惠。",
        "完全防水。",
        "全场包邮。",
        "低敏配方，纯素适用。",
    ],
}
"""Claims added to a supported sentence (kept only when the evidence does not state them)."""
_NEGATE = {
    "en": [
        (" is ", " is not "),
        (" are ", " are not "),
        (" can ", " cannot "),
        (" has ", " has no "),
    ],
    "zh": [("可以", "不可以"), ("可", "不可"), ("支持", "不支持"), ("有", "没有"), ("是", "不是")],
}
_ACTOR = {
    "en": [(" you ", " we "), (" we ", " you "), ("You ", "We "), ("We ", "You ")],
    "zh": [("您", "我们"), ("我们", "您")],
}


@dataclass(frozen=True)
class Pair:
    """One training or evaluation pair for the checker."""

    evidence: tuple[str, ...]
    sentence: str
    label: int
    kind: str
    lang: str
    task: str
    source: str


def evidence_lines(example: CorpusExample) -> tuple[str, ...]:
    """What a sentence of ``example`` may rest on, one line per fact, policy or note."""
    record = example.record
    if example.task == "copy":
        facts = record["facts"]
        lines = [f"Product: {facts['title']}"]
        if facts.get("category"):
            lines.append(f"Category: {facts['category']}")
        lines += [f"{k}: {v}" for k, v in (facts.get("attributes") or {}).items()]
        lines += [str(f) for f in facts.get("features") or []]
        if facts.get("audience"):
            lines.append(f"For: {facts['audience']}")
        return tuple(lines)
    if example.task == "faq":
        policies = [f"{p['id']}: {p['text']}" for p in record["policies"]]
        return (*policies, f"Customer: {record['question']}")
    notes = record["customer"]["notes"]
    return tuple(f"{n.get('date', '')} {n['text']}".strip() for n in notes)


def _values(examples: list[CorpusExample]) -> dict[str, list[str]]:
    """Attribute name (lower case) → the values other sheets give it."""
    found: dict[str, list[str]] = {}
    for example in examples:
        if example.task == "copy":
            for key, value in (example.record["facts"].get("attributes") or {}).items():
                found.setdefault(str(key).lower(), []).append(str(value))
    return found


def corruptions(
    sentence: str, example: CorpusExample, values: dict[str, list[str]], rng: random.Random
) -> Iterator[tuple[str, str]]:
    """``(corrupted sentence, kind)`` for one supported sentence (several kinds may apply)."""
    lang = example.lang
    evidence = " ".join(evidence_lines(example))
    numbers = _NUMBER.findall(sentence)
    if numbers:
        old = rng.choice(numbers)
        new = str(int(float(old.replace(",", "."))) * rng.choice((2, 3)) + rng.randint(1, 9))
        yield _NUMBER.sub(lambda m: new if m.group(1) == old else m.group(0), sentence, 1), "swap"
    if example.task == "copy":
        for key, value in (example.record["facts"].get("attributes") or {}).items():
            others = [
                v for v in values.get(str(key).lower(), []) if v.lower() != str(value).lower()
            ]
            if str(value) in sentence and others:
                yield sentence.replace(str(value), rng.choice(others), 1), "swap"
                break
    claim = rng.choice(INVENTED[lang])
    if _claim_key(claim) not in evidence.lower():
        yield sentence.rstrip() + claim, "invented"
    for old, new in _NEGATE[lang]:
        if old in sentence and new not in sentence:
            yield sentence.replace(old, new, 1), "negated"
            break
    if example.task == "faq":
        for old, new in _ACTOR[lang]:
            if old in sentence:
                yield sentence.replace(old, new, 1), "actor"
                break


def conflation(example: CorpusExample, rng: random.Random) -> str:
    """Fact words re-attached to the wrong part: "The {title} is made from {an amount}"."""
    facts = example.record["facts"]
    title = str(facts["title"])
    amounts = [str(v) for v in (facts.get("attributes") or {}).values()]
    amounts = [a for a in amounts if _NUMBER.search(a) and a not in title]
    if not amounts:
        return ""
    if example.lang == "zh":
        return f"{title}由{rng.choice(amounts)}制成。"
    return f"The {title} is made from {rng.choice(amounts)}."


def _claim_key(claim: str) -> str:
    words = re.findall(r"[a-z]{4,}|[\u4e00-\u9fff]{2}", claim.lower())
    return words[0] if words else claim.strip().lower()


def pairs(examples: list[CorpusExample], seed: int = 0) -> list[Pair]:
    """Positives and negatives from ``examples`` (recommendations are left out)."""
    rng = random.Random(seed)
    values = _values(examples)
    out: list[Pair] = []
    for example in examples:
        if example.task == "recommend":
            continue
        evidence = evidence_lines(example)
        if example.task == "copy" and (bad := conflation(example, rng)):
            out.append(Pair(evidence, bad, 0, "conflated", example.lang, example.task, example.id))
        for sentence in split_sentences(completion(example)):
            text = sentence.text.lstrip("- ").strip()
            if len(text) < 4:
                continue
            out.append(Pair(evidence, text, 1, "written", example.lang, example.task, example.id))
            for bad, kind in corruptions(text, example, values, rng):
                if bad != text:
                    out.append(Pair(evidence, bad, 0, kind, example.lang, example.task, example.id))
    return out
