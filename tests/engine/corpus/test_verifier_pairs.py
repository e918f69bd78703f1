"""Checker training pairs: corpus sentences as positives, corruptions of them as negatives."""

from __future__ import annotations

import random

from engine.corpus.examples import parse
from engine.corpus.verifier_pairs import conflation, corruptions, evidence_lines, pairs

SHEET = parse(
    {
        "id": "c1", "task": "copy", "lang": "en", "channel": "description", "category": "tea tin",
        "facts": {"title": "Uji Matcha", "attributes": {"weight": "30 g", "material": "tin"},
                  "features": ["stone-ground"]},
        "output": "Uji Matcha is stone-ground and packed in a tin. Each tin holds 30 g.",
    },
    "test",
)  # fmt: skip
OTHER = parse(
    {
        "id": "c2", "task": "copy", "lang": "en", "channel": "title", "category": "mug",
        "facts": {"title": "Blue Mug", "attributes": {"material": "stoneware"}},
        "output": "Blue Mug in stoneware",
    },
    "test",
)  # fmt: skip


def test_every_written_sentence_is_a_positive_with_its_sheet() -> None:
    found = pairs([SHEET, OTHER])
    positives = [p for p in found if p.label == 1]
    assert [p.sentence for p in positives[:2]] == [
        "Uji Matcha is stone-ground and packed in a tin.",
        "Each tin holds 30 g.",
    ]
    assert positives[0].evidence == evidence_lines(SHEET)
    assert "weight: 30 g" in positives[0].evidence


def test_negatives_swap_invent_negate_and_conflate() -> None:
    rng = random.Random(0)
    made = dict(
        (kind, bad)
        for bad, kind in corruptions(
            "Uji Matcha is packed in a tin.", SHEET, {"material": ["tin", "stoneware"]}, rng
        )
    )
    assert made["swap"] == "Uji Matcha is packed in a stoneware."
    assert made["negated"] == "Uji Matcha is not packed in a tin."
    assert made["invented"].startswith("Uji Matcha is packed in a tin. ")
    assert conflation(SHEET, rng) == "The Uji Matcha is made from 30 g."
    kinds = {p.kind for p in pairs([SHEET, OTHER]) if p.label == 0}
    assert {"swap", "invented", "conflated"} <= kinds
