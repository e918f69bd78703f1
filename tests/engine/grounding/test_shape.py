"""The shape clean-up: the debris small models add, taken away (cases seen in real outputs)."""

import pytest

from engine.grounding.shape import TextShape, clean, cut_to_chars, fit


@pytest.mark.parametrize(
    ("raw", "expected", "kind"),
    [
        (
            "**Product Description for Porcelain Dripper:**\nPorcelain dripper for 1 to 4 cups.",
            "Porcelain dripper for 1 to 4 cups.",
            "heading",
        ),
        ("Product Description: A warm linen apron.", "A warm linen apron.", "heading"),
        ("# 商品描述\n这款砧板选用天然竹。", "这款砧板选用天然竹。", "heading"),
        ("A **bold** mug for *slow* mornings.", "A bold mug for slow mornings.", "markdown"),
        ("A linen apron.\nPrice: $20\nPros: sturdy", "A linen apron.", "section_label"),
        ("Here is your description:\nA linen apron.", "A linen apron.", "meta_text"),
        ("A linen apron.\n\nI hope this helps!", "A linen apron.", "meta_text"),
        ("Dear [Customer's Name],\nMeet our apron.", "Meet our apron.", "meta_text"),
        ("Meet our apron, [Your Name].", "Meet our apron.", "placeholder"),
        (
            "Insulated Steel Bottle: holds 750 ml.\n\nWater Bottle: A versatile bottle.",
            "holds 750 ml.",
            "multiple_texts",
        ),
        ("以下是您的商品描述：\n这款砧板选用天然竹。", "这款砧板选用天然竹。", "meta_text"),
    ],
)
def test_debris_is_removed(raw, expected, kind):
    cleaned = clean(raw, title="Insulated Steel Bottle")
    assert cleaned.text == expected
    assert kind in cleaned.removed


def test_a_text_cut_by_the_budget_ends_on_its_last_full_sentence():
    cleaned = clean("It holds 750 ml. It keeps drinks cold for", finished=False)
    assert cleaned.text == "It holds 750 ml." and cleaned.cut_off
    assert "cut_off" in cleaned.removed


def test_channel_shapes():
    assert (
        fit('"Merino Beanie, Charcoal"', TextShape("title", 80)).text == "Merino Beanie, Charcoal"
    )
    bullets = fit(
        "Key features:\n* soft wool\n2. fold-over cuff\nMade for walks", TextShape("bullets")
    )
    assert bullets.text == "- soft wool\n- fold-over cuff"
    seo = fit(
        "SEO Title: Merino Beanie\nMeta description: A soft beanie.",
        TextShape("lines", 220, (60, 160)),
    )
    assert seo.text == "Merino Beanie\nA soft beanie."
    long = "word " * 60
    assert len(cut_to_chars(long, 60)) <= 60 and not cut_to_chars(long, 60).endswith(" ")
