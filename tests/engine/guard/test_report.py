"""Guard v2: claims checked against an evidence set, sentence by sentence, with coverage."""

import pytest

from engine.catalog.facts import ProductFacts
from engine.guard.evidence import EvidenceSet
from engine.guard.report import check


def evidence(**facts):
    return EvidenceSet.from_facts(ProductFacts.from_dict({"title": "Thing", **facts}))


APRON = evidence(
    title="Linen Kitchen Apron",
    category="Kitchen textiles",
    attributes={
        "material": "100% European linen",
        "colour": "sage green",
        "origin": "made in Lithuania",
    },
    features=["two front pockets", "adjustable neck strap"],
    audience="home cooks",
)
WALLET = evidence(
    title="Slim Leather Card Wallet", attributes={"material": "full-grain leather"},
    features=["6 card slots"],
)  # fmt: skip
PILLOW = evidence(
    title="真丝枕套", attributes={"材质": "22姆米桑蚕丝", "尺寸": "51 x 76 厘米"}, lang="zh"
)


def flagged(text, ev):
    return [f.span for f in check(text, ev).flags]


@pytest.mark.parametrize(
    ("text", "ev", "expected"),
    [
        ("This apron is a kitchen appliance.", APRON, ["kitchen appliance"]),
        ("The wallet keeps your hands warm.", WALLET, ["hands warm"]),
        ("It is easy to clean and low maintenance.", APRON, ["easy to clean", "low maintenance"]),
        ("Only $220 per pack, minimum purchase of 2 packs.", APRON, ["$220", "purchase"]),
        ("这款枕套可以用来洗头。", PILLOW, ["洗头"]),
        ("真丝枕套，易于清洁。", PILLOW, ["易于清洁"]),
    ],
)
def test_what_the_model_invents_is_flagged(text, ev, expected):
    spans = flagged(text, ev)
    for want in expected:
        assert any(want in s or s in want for s in spans), (want, spans)


@pytest.mark.parametrize(
    ("text", "ev"),
    [
        ("A stylish, practical apron for home cooks, a perfect gift.", APRON),
        ("Made in Lithuania from 100% European linen, in sage green.", APRON),
        ("It has two front pockets and an adjustable neck strap.", APRON),
        ("This slim card wallet holds 6 cards in full-grain leather.", WALLET),
        ("这款真丝枕套选用22姆米桑蚕丝，尺寸51 x 76 厘米。", PILLOW),
    ],
)
def test_restated_facts_and_generic_praise_are_not_flagged(text, ev):
    assert flagged(text, ev) == []


def test_sentences_carry_their_evidence_and_coverage_lists_the_rest():
    text = "Made from 100% European linen. It has two front pockets. Stylish and simple."
    report = check(text, APRON)
    assert [s.supported for s in report.sentences] == [True, True, True]
    assert report.sentences[0].evidence[0] == "attr:material"
    assert "feature:0" in report.sentences[1].evidence
    assert report.sentences[2].evidence == []  # praise rests on nothing and needs nothing
    assert set(report.used) == {"attr:material", "feature:0"}
    missing = report.coverage_json(APRON)["missing"]
    assert "origin: made in Lithuania" in missing and "for home cooks" in missing


def test_an_unsupported_phrase_is_named_not_its_whole_sentence():
    report = check("It has two front pockets for your phone and keys.", APRON)
    assert [f.span for f in report.flags] == ["phone", "keys"]
    assert "two front pockets" not in " ".join(f.span for f in report.flags)
    assert report.sentences[0].supported is False


def test_numbers_must_match_after_conversion():
    bottle = evidence(attributes={"capacity": "750 ml"})
    assert flagged("Holds 0.75 L.", bottle) == []
    assert flagged("Holds 758 ml.", bottle) == ["758 ml"]
