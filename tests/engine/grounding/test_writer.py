"""The grounded pipeline with a scripted model: repair, drop, rank, coverage, free writing."""

from __future__ import annotations

from engine.catalog.facts import ProductFacts
from engine.decoding.protocol import GenerationResult, StreamSettings
from engine.grounding.shape import TextShape
from engine.grounding.writer import Grounder, RepairPlan, rewrite_sentence, write_grounded
from engine.guard.evidence import EvidenceSet

FACTS = ProductFacts.from_dict(
    {
        "title": "Linen Kitchen Apron",
        "attributes": {"material": "100% European linen", "colour": "sage green"},
        "features": ["two front pockets"],
    }
)
PROSE = TextShape("prose", 1200)


class Scripted:
    """A Generator whose replies are written in advance; it records every call."""

    name, backend, adapter = "scripted", "scripted", None

    def __init__(self, replies: list[list[str]]) -> None:
        self.replies = list(replies)
        self.calls: list[dict] = []

    def stream(self, messages, settings, *, on_text=None, stop=None, prefix=""):  # type: ignore[no-untyped-def]
        texts = self.replies.pop(0)
        self.calls.append({"settings": settings, "prefix": prefix, "messages": messages})
        for row, text in enumerate(texts):
            if on_text:
                on_text(row, text)
        return GenerationResult(texts, 10 * len(texts), 0.5, 0.1, finished_rows=[True] * len(texts))


def grounder() -> Grounder:
    return Grounder(EvidenceSet.from_facts(FACTS))


def test_an_unsupported_sentence_is_rewritten_from_the_text_before_it():
    first = (
        "Our apron is made of 100% European linen. It is dishwasher safe. It has two front pockets."
    )
    model = Scripted(
        [
            [first],
            ["It keeps you warm in winter.", "It comes in sage green.", "It is waterproof."],
        ]
    )
    items, _timings = write_grounded(model, [], grounder(), PROSE, StreamSettings(variants=1))
    best = items[0]
    assert best.text == (
        "Our apron is made of 100% European linen. It comes in sage green. "
        "It has two front pockets."
    )
    assert best.rewritten == 1 and best.report.unsupported == 0
    rewrite = model.calls[1]
    assert rewrite["prefix"] == "Our apron is made of 100% European linen. "
    assert rewrite["settings"].stop_at and rewrite["settings"].variants == 3
    assert best.report.missing == []  # every fact is used


def test_a_sentence_no_candidate_can_fix_is_dropped_and_the_budget_is_kept():
    text = "It is made of 100% European linen. It doubles as a tablecloth."
    model = Scripted([[text], ["It is a tablecloth too.", "Use it as a napkin.", "A gift bag."]])
    items, _ = write_grounded(
        model, [], grounder(), PROSE, StreamSettings(), plan=RepairPlan(rewrites=1)
    )
    assert items[0].text == "It is made of 100% European linen."
    assert items[0].dropped == ["It doubles as a tablecloth."]
    assert len(model.calls) == 2  # one rewrite call, then the budget ran out


def test_the_last_sentence_is_never_dropped_its_flags_stay():
    model = Scripted(
        [["It is dishwasher safe."], ["It is oven safe.", "BPA free.", "Microwave it."]]
    )
    items, _ = write_grounded(model, [], grounder(), PROSE, StreamSettings())
    assert items[0].text == "It is dishwasher safe."
    assert [f.span for f in items[0].report.flags] == ["dishwasher safe"]


def test_variants_are_ranked_fewest_claims_then_coverage():
    texts = [
        "It is made of linen and is dishwasher safe.",
        "It is made of 100% European linen in sage green, with two front pockets.",
        "It is made of 100% European linen.",
    ]
    model = Scripted([texts])
    items, _ = write_grounded(
        model, [], grounder(), PROSE, StreamSettings(variants=3), repair_enabled=False
    )
    assert [i.variant for i in items] == [1, 2, 0]
    assert items[0].report.missing == [] and items[2].report.unsupported == 1


def test_free_writing_keeps_the_text_as_written_but_checks_it():
    raw = "**Title:** Apron\nIt is dishwasher safe."
    model = Scripted([[raw]])
    items, _ = write_grounded(model, [], grounder(), None, StreamSettings(), repair_enabled=False)
    assert items[0].text == raw and items[0].report.unsupported >= 1


def test_rewrite_one_sentence_on_request():
    text = "It is made of 100% European linen. It is dishwasher safe."
    model = Scripted([["It is easy care.", "It has two front pockets."]])
    start = text.index("It is dishwasher")
    new, ok = rewrite_sentence(model, [], grounder(), text, start, len(text))
    assert ok and new == "It is made of 100% European linen. It has two front pockets."


def test_a_fact_left_out_gets_one_checked_sentence_that_uses_it():
    # The text leaves out the colour and the pockets: the first follow-up's candidates are an
    # invented claim, a sentence about another fact, then one about the colour (kept); the
    # second follow-up, for the pockets, has nothing usable, so the pockets stay missing.
    first = "Our apron is made of 100% European linen."
    model = Scripted(
        [
            [first],
            [
                "It is machine washable and comes in sage green.",
                "It is made of 100% European linen.",
                "It comes in sage green, a colour for every kitchen.",
            ],
            ["It has a leather strap.", "It fits everyone."],
        ]
    )
    plan = RepairPlan(additions=2)
    items, _ = write_grounded(model, [], grounder(), PROSE, StreamSettings(variants=1), plan=plan)
    best = items[0]
    assert best.text == first + " It comes in sage green, a colour for every kitchen."
    assert best.added == ["It comes in sage green, a colour for every kitchen."]
    assert best.report.unsupported == 0
    assert best.report.missing == ["feature:0"]
    follow_up = model.calls[1]["messages"]
    assert follow_up[-2] == {"role": "assistant", "content": first}
    assert "colour: sage green" in follow_up[-1]["content"]
    assert len(model.calls) == 3


def test_no_sentence_is_added_beyond_the_channel_limit_or_without_a_budget():
    first = "Our apron is made of 100% European linen."
    tight = TextShape("prose", len(first) + 10)
    model = Scripted(
        [
            [first],
            ["It comes in sage green, a colour for every kitchen."],
            ["It has two front pockets."],
        ]
    )
    plan = RepairPlan(additions=2)
    items, _ = write_grounded(model, [], grounder(), tight, StreamSettings(variants=1), plan=plan)
    assert items[0].text == first and items[0].added == []
    no_budget = Scripted([[first]])
    items, _ = write_grounded(no_budget, [], grounder(), PROSE, StreamSettings(variants=1))
    assert items[0].added == [] and len(no_budget.calls) == 1


def test_rewrites_and_additions_never_generate_the_avoided_words():
    first = "Our apron is made of 100% European linen. It is dishwasher safe."
    model = Scripted(
        [[first], ["It comes in sage green, a colour for every kitchen."], ["Nothing fits."]]
    )
    settings = StreamSettings(variants=1, banned_words=("cheap", "便宜"))
    write_grounded(model, [], grounder(), PROSE, settings, plan=RepairPlan(additions=1))
    assert len(model.calls) >= 2
    for call in model.calls:
        assert call["settings"].banned_words == ("cheap", "便宜")


def test_an_unsupported_opening_stays_flagged_rather_than_leave_a_text_on_it():
    text = "The Linen Kitchen Apron is dishwasher safe. It has two front pockets."
    model = Scripted([[text], ["Machine-wash it hot.", "It is oven safe.", "Waterproof."]])
    items, _ = write_grounded(model, [], grounder(), PROSE, StreamSettings())
    assert items[0].text == text  # the opening names the product: kept, flagged
    assert [f.span for f in items[0].report.flags] == ["dishwasher safe"]
    assert items[0].dropped == []


def test_an_ad_keeps_its_body_rewritten_or_flagged():
    ad = TextShape("lines", 300, line_limits=(40, 250))
    text = "Sage green linen apron\nDishwasher safe and waterproof, with two front pockets."
    fixed = Scripted([[text], ["Oven safe.", "Made of 100% European linen, in sage green.", "x"]])
    items, _ = write_grounded(fixed, [], grounder(), ad, StreamSettings())
    assert items[0].text.splitlines() == [
        "Sage green linen apron",
        "Made of 100% European linen, in sage green.",
    ]
    assert fixed.calls[1]["prefix"] == "Sage green linen apron\n"
    unfixable = Scripted([[text], ["Oven safe.", "Waterproof too.", "BPA free."]])
    items, _ = write_grounded(unfixable, [], grounder(), ad, StreamSettings())
    assert len(items[0].text.splitlines()) == 2  # headline and body, the body flagged
    assert items[0].report.unsupported >= 1


def test_bullets_are_never_cut_below_three():
    bullets = TextShape("bullets", 700)
    text = "- 100% European linen\n- Dishwasher safe\n- Waterproof\n- Two front pockets"
    model = Scripted([[text], ["- Oven safe"], ["- BPA free"]])
    items, _ = write_grounded(
        model, [], grounder(), bullets, StreamSettings(), plan=RepairPlan(rewrites=2)
    )
    lines = items[0].text.splitlines()
    assert len(lines) == 3 and "- 100% European linen" in lines and "- Two front pockets" in lines
    assert items[0].dropped == ["- Dishwasher safe"]
