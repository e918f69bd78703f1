"""Fact guard: amounts with units (en + zh), materials and claims, supported paraphrases."""

import pytest

from engine.catalog.facts import ProductFacts
from engine.guard.amounts import chinese_number, find_amounts
from engine.guard.check import check_text

BOTTLE = ProductFacts.from_dict(
    {
        "title": "Insulated Steel Bottle",
        "attributes": {"capacity": "750 ml", "material": "18/8 stainless steel"},
        "features": ["keeps drinks cold 24 hours", "leak-proof lid"],
    }
)


def spans(text, facts=BOTTLE):
    return [f.span for f in check_text(text, facts)]


@pytest.mark.parametrize(
    "text",
    [
        "Holds 750 ml.",
        "Holds 750ml.",
        "Holds 0.75 L of water.",
        "A 750-ml bottle.",
        "Cold for 24 hours.",
        "Cold for 24h, a full day.",
        "Cold for twenty-four hours.",
        "Cold for one day.",
        "Made of steel.",
        "Stainless steel body, leak proof lid.",
        "18/8 stainless steel.",
        "容量750毫升，保冷24小时。",
        "保冷二十四小时，0.75升。",
        "不锈钢杯身，防漏杯盖，保温杯。",
    ],
)
def test_supported_paraphrases_are_not_flagged(text):
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Keeps hot for 12 hours.", ["12 hours"]),
        ("Holds 1 litre.", ["1 litre"]),
        ("The 18-oz bottle.", ["18-oz"]),
        ("Dishwasher safe and BPA-free.", ["Dishwasher safe", "BPA-free"]),
        ("Waterproof, with a 100% cotton sleeve.", ["Waterproof", "100% cotton"]),
        ("Backed by a 2-year warranty.", ["2-year warranty"]),
        ("A bamboo lid.", ["bamboo"]),
        ("Certified by the FDA.", ["Certified", "FDA"]),
        ("Made in Italy.", ["Made in Italy"]),
        ("保温12小时，可放入洗碗机。", ["12小时", "可放入洗碗机"]),
        ("百分之百纯棉杯套，不含BPA。", ["百分之百纯棉", "不含BPA"]),
        ("防水设计，通过FDA认证。", ["防水", "FDA认证"]),
        ("保修两年", ["保修", "两年"]),
    ],
)
def test_unsupported_statements_are_flagged(text, expected):
    assert spans(text) == expected


def test_flags_carry_offsets_and_reasons():
    text = "Now 1 litre, dishwasher safe."
    flags = check_text(text, BOTTLE)
    assert [text[f.start : f.end] for f in flags] == [f.span for f in flags]
    assert "750 ml" in flags[0].reason
    assert flags[1].kind == "care" and "care" in flags[1].reason
    assert set(flags[0].to_json()) >= {"span", "reason", "start", "end"}


def test_facts_in_english_support_chinese_claims_and_back():
    zh_facts = ProductFacts.from_dict({"title": "围兜", "features": ["不含BPA", "可洗碗机清洗"]})
    assert spans("BPA-free and dishwasher safe.", zh_facts) == []
    en_facts = ProductFacts.from_dict({"title": "Bib", "features": ["BPA-free", "waterproof"]})
    assert spans("不含BPA，防水又防泼水。", en_facts) == []


def test_stronger_facts_support_weaker_claims_only():
    facts = ProductFacts.from_dict({"title": "Jacket", "features": ["water-resistant shell"]})
    assert spans("A water-resistant shell.", facts) == []
    assert spans("A waterproof shell.", facts) == ["waterproof"]
    cotton = ProductFacts.from_dict({"title": "Tote", "attributes": {"material": "cotton"}})
    assert spans("Soft cotton.", cotton) == []
    assert spans("Organic cotton, 100% cotton.", cotton) == ["Organic cotton", "100% cotton"]


def test_list_numbers_and_ranges():
    lamp = ProductFacts.from_dict({"title": "Lamp", "attributes": {"temp": "3000-6000 K"}})
    assert spans("1. Warm light\n2. From 3000 to 6000 K", lamp) == []
    assert spans("From 2700-6500K", lamp) == ["2700-6500K"]


def test_chinese_numerals():
    assert chinese_number("二十四") == 24
    assert chinese_number("七百五十") == 750
    assert chinese_number("两万") == 20000
    assert chinese_number("一点五") == 1.5
    assert [a.values for a in find_amounts("保温十二小时，容量一点五升")] == [(12.0,), (1.5,)]


def test_ordinary_chinese_words_are_not_numbers():
    assert spans("一年四季都能用，一款好杯子，十分好看。") == []


def test_empty_and_fullwidth_text():
    assert spans("") == []
    assert spans("容量７５０毫升") == []


def test_numbers_that_label_parts_of_the_text_are_not_flagged() -> None:
    """Seen in the window: Qwen wrote "Short Paragraph 1:" and "Short Paragraph 2:"."""
    facts = ProductFacts(title="Bottle", attributes={"capacity": "750 ml"})
    text = "Short Paragraph 1: cold. Step 2 - fill it. Option #3. Holds 2 litres."
    flags = check_text(text, facts)
    assert [f.span for f in flags] == ["2 litres"]


@pytest.mark.parametrize(
    ("text", "facts", "flagged"),
    [
        ("Holds 758 ml.", {"capacity": "750 ml"}, ["758 ml"]),
        ("A 1010 mAh battery.", {"battery": "1000 mAh"}, ["1010 mAh"]),
        ("Holds 751 ml.", {"capacity": "750 ml"}, ["751 ml"]),
        ("Holds 0.75 L.", {"capacity": "750 ml"}, []),
        ("Weighs 1.5 kg.", {"weight": "1500 g"}, []),
        ("Weighs 1.6 kg.", {"weight": "1500 g"}, ["1.6 kg"]),
        ("Weighs about 1 lb.", {"weight": "454 g"}, []),
        ("Holds 1 litre.", {"capacity": "750 ml"}, ["1 litre"]),
        ("A 15.6 inch screen.", {"screen": "39.6 cm"}, []),
        ("Runs 48 hours.", {"battery life": "2 days"}, []),
        ("Runs 49 hours.", {"battery life": "2 days"}, ["49 hours"]),
        ("容量760毫升。", {"capacity": "750 ml"}, ["760毫升"]),
    ],
)
def test_numbers_match_after_unit_conversion_or_are_flagged(text, facts, flagged):
    sheet = ProductFacts.from_dict({"title": "Thing", "attributes": facts})
    assert spans(text, sheet) == flagged


def test_fabric_weight_in_gsm_is_not_a_total_weight():
    # 450 gsm is grams per square metre: "weighing 450 grams" states something else.
    from engine.catalog.facts import ProductFacts
    from engine.guard.check import check_text

    facts = ProductFacts.from_dict({"title": "Towel", "attributes": {"weight": "450 gsm"}})
    assert [f.span for f in check_text("It weighs 450 grams.", facts)] == ["450 grams"]
    assert check_text("A 450 gsm towel.", facts) == []
    assert check_text("A 450 g/m² towel.", facts) == []
    assert check_text("A 450 g/m2 towel.", facts) == []
