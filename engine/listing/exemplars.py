"""Short exemplars, written for ShopScribe, one per channel and language: facts in, copy out.

Small models copy the shape of what they are shown. Each exemplar states every fact of its
sheet and nothing else: no headings, no markdown, no invented materials, uses, prices or care.
The exemplar products (a merino beanie, a bamboo chopping board) are unlike the merchant's, so
their words do not leak into the copy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exemplar:
    """One facts block and the copy written from it."""

    facts: str
    copy: str


_EN_FACTS = (
    "Product: Merino Wool Beanie\n"
    "Category: Hats\n"
    "Material: 100% merino wool\n"
    "Colour: charcoal\n"
    "Size: one size\n"
    "Care: hand wash cold\n"
    "Features: ribbed knit; fold-over cuff\n"
    "For: winter walkers"
)
_ZH_FACTS = (
    "Product: 竹制砧板\n"
    "Category: 厨房用品\n"
    "材质: 天然竹\n"
    "尺寸: 40 x 30 厘米\n"
    "Features: 底部防滑脚垫; 侧边接汁槽\n"
    "For: 家庭厨房"
)

EXEMPLARS: dict[tuple[str, str], Exemplar] = {
    ("description", "en"): Exemplar(
        _EN_FACTS,
        "The Merino Wool Beanie is a warm, simple hat for winter walkers. It is knitted from "
        "100% merino wool in charcoal, with a ribbed knit and a fold-over cuff.\n\n"
        "It comes in one size. Hand wash it cold, and it is ready for the next walk.",
    ),
    ("description", "zh"): Exemplar(
        _ZH_FACTS,
        "这款竹制砧板为家庭厨房而做，选用天然竹，尺寸为40 x 30 厘米。\n\n"
        "底部的防滑脚垫让它稳稳放在台面上，侧边的接汁槽接住切菜时流出的汁水。",
    ),
    ("title", "en"): Exemplar(_EN_FACTS, "Merino Wool Beanie, Charcoal, Ribbed Knit, One Size"),
    ("title", "zh"): Exemplar(_ZH_FACTS, "天然竹制砧板 40x30厘米 防滑脚垫 侧边接汁槽"),
    ("bullets", "en"): Exemplar(
        _EN_FACTS,
        "- Knitted from 100% merino wool\n"
        "- Ribbed knit with a fold-over cuff\n"
        "- Charcoal colour, one size\n"
        "- Hand wash cold\n"
        "- Made for winter walkers",
    ),
    ("bullets", "zh"): Exemplar(
        _ZH_FACTS,
        "- 天然竹材质\n- 尺寸40 x 30 厘米\n- 底部防滑脚垫\n- 侧边接汁槽\n- 适合家庭厨房",
    ),
    ("seo", "en"): Exemplar(
        _EN_FACTS,
        "Merino Wool Beanie in Charcoal, One Size\n"
        "A ribbed knit beanie of 100% merino wool with a fold-over cuff, for winter walkers. "
        "Hand wash cold.",
    ),
    ("seo", "zh"): Exemplar(
        _ZH_FACTS,
        "天然竹制砧板 40x30厘米\n天然竹砧板，底部防滑脚垫，侧边接汁槽，适合家庭厨房。",
    ),
    ("ad", "en"): Exemplar(
        _EN_FACTS,
        "Merino warmth for winter walks\n"
        "Our charcoal beanie is 100% merino wool, with a ribbed knit and a fold-over cuff.",
    ),
    ("ad", "zh"): Exemplar(
        _ZH_FACTS, "天然竹砧板，稳稳放在台面上\n底部防滑脚垫加侧边接汁槽，为家庭厨房而做。"
    ),
    ("social", "en"): Exemplar(
        _EN_FACTS,
        "Winter walks call for the Merino Wool Beanie. It is 100% merino wool with a ribbed "
        "knit and a fold-over cuff, in charcoal. #merino #beanie #winterwalks",
    ),
    ("social", "zh"): Exemplar(
        _ZH_FACTS,
        "厨房里的新帮手：天然竹砧板，40 x 30 厘米，底部有防滑脚垫，侧边有接汁槽。"
        "#竹砧板 #厨房好物 #家庭厨房",
    ),
    ("email", "en"): Exemplar(
        _EN_FACTS,
        "Meet the Merino Wool Beanie, made for winter walkers. It is knitted from 100% merino "
        "wool in charcoal, with a ribbed knit and a fold-over cuff. It comes in one size and "
        "is hand washed cold.",
    ),
    ("email", "zh"): Exemplar(
        _ZH_FACTS,
        "向您介绍我们的竹制砧板。它选用天然竹，尺寸为40 x 30 厘米。"
        "底部有防滑脚垫，侧边有接汁槽，适合家庭厨房使用。",
    ),
}


def exemplar_for(channel: str, lang: str) -> Exemplar | None:
    """The exemplar for a channel and language (English when there is none in ``lang``)."""
    return EXEMPLARS.get((channel, lang)) or EXEMPLARS.get((channel, "en"))
