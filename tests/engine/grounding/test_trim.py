"""Clause trimming keeps the supported start of a sentence whose tail invents something."""

from __future__ import annotations

import pytest

from engine.catalog.facts import ProductFacts
from engine.decoding.protocol import StreamSettings
from engine.grounding.shape import TextShape
from engine.grounding.trim import trim_sentence
from engine.grounding.writer import Grounder, RepairPlan, write_grounded
from engine.guard.evidence import EvidenceSet
from tests.engine.grounding.test_writer import Scripted

WALLET = Grounder(
    EvidenceSet.from_facts(
        ProductFacts.from_dict(
            {
                "title": "Leather Card Wallet",
                "attributes": {"material": "vegetable-tanned cowhide leather"},
                "features": ["holds 6 cards"],
            }
        )
    )
)
PILLOW = Grounder(
    EvidenceSet.from_facts(
        ProductFacts.from_dict(
            {
                "title": "22姆米真丝枕套",
                "attributes": {"材质": "22姆米桑蚕丝"},
                "features": ["隐形拉链"],
                "lang": "zh",
            }
        )
    )
)


def _trim(grounder: Grounder, sentence: str) -> str | None:
    report = grounder.check(sentence)
    assert report.flags, "the sentence must hold something unsupported"
    return trim_sentence(sentence, min(f.start for f in report.flags), grounder.check)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            "It is made from vegetable-tanned cowhide leather, making it both durable and "
            "fashionable.",
            "It is made from vegetable-tanned cowhide leather.",
        ),
        (
            "It uses vegetable-tanned cowhide leather for durability and comfort.",
            "It uses vegetable-tanned cowhide leather.",
        ),
        ("The wallet holds 6 cards and keeps your hands warm.", "The wallet holds 6 cards."),
    ],
)
def test_the_invented_tail_goes_and_the_fact_stays(sentence: str, kept: str) -> None:
    assert _trim(WALLET, sentence) == kept


def test_chinese_clauses_are_cut_at_the_comma() -> None:
    assert _trim(PILLOW, "这款枕套采用22姆米桑蚕丝，可以用来洗头。") == "这款枕套采用22姆米桑蚕丝。"


@pytest.mark.parametrize(
    "sentence",
    [
        "It keeps your hands warm, and it holds 6 cards.",  # the invention comes first
        "Warm hands, always.",  # nothing left that is a sentence
        "It is lightweight and slim.",  # no boundary before the claim
    ],
)
def test_no_trim_when_the_start_is_not_a_supported_sentence(sentence: str) -> None:
    assert _trim(WALLET, sentence) is None


def test_the_pipeline_trims_before_it_spends_a_rewrite() -> None:
    text = "It holds 6 cards, so you can carry it on every trip."
    model = Scripted([[text]])
    items, _ = write_grounded(
        model, [], WALLET, TextShape("prose", 600), StreamSettings(variants=1), plan=RepairPlan()
    )
    assert items[0].text == "It holds 6 cards."
    assert items[0].trimmed == [text] and items[0].rewritten == 0
    assert len(model.calls) == 1  # no model call was needed


def test_a_sentence_that_only_repeats_earlier_ones_goes() -> None:
    from engine.grounding.repeats import drop_repeats

    text = (
        "The wallet is made from vegetable-tanned cowhide leather. It holds 6 cards.\n\n"
        "The wallet is made from vegetable-tanned cowhide leather, and it holds 6 cards."
    )
    kept, dropped = drop_repeats(text)
    assert kept == "The wallet is made from vegetable-tanned cowhide leather. It holds 6 cards."
    assert dropped == [
        "The wallet is made from vegetable-tanned cowhide leather, and it holds 6 cards."
    ]
    assert drop_repeats("It holds 6 cards. It holds 8 cards.")[1] == []  # a new number
    assert drop_repeats("这款枕套采用桑蚕丝。枕套带有隐形拉链。这款桑蚕丝枕套带有隐形拉链。")[
        1
    ] == ["这款桑蚕丝枕套带有隐形拉链。"]
    model = Scripted([[text]])
    items, _ = write_grounded(
        model, [], WALLET, TextShape("prose", 600), StreamSettings(variants=1), plan=RepairPlan()
    )
    assert items[0].text == kept and "repeat" in items[0].removed


def test_no_trim_that_leaves_half_a_noun_phrase() -> None:
    rainbow = Grounder(
        EvidenceSet.from_facts(
            ProductFacts.from_dict({"title": "Wooden Stacking Rainbow", "features": ["7 arches"]})
        )
    )
    sentence = "The Wooden Stacking Rainbow is a fun and engaging toy that lets you explore."
    assert _trim(rainbow, sentence) is None  # not "The Wooden Stacking Rainbow is a fun."


def test_a_bare_amount_or_label_is_not_added_as_a_sentence() -> None:
    from engine.grounding.coverage import _is_sentence

    assert not _is_sentence("28 x 14 cm.", "en")
    assert not _is_sentence("3 years and up.", "en")
    assert _is_sentence("It measures 28 x 14 cm.", "en")
    assert not _is_sentence("适合3岁。", "zh")
    assert _is_sentence("这款积木适合3岁以上的孩子。", "zh")
