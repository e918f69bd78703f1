"""Fact guard: find spans of a text that state facts the product facts do not support."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.facts import ProductFacts


@dataclass(frozen=True)
class Flag:
    """One unsupported statement: where it is and why it was flagged."""

    start: int
    end: int
    span: str
    reason: str

    def to_json(self) -> dict[str, object]:
        """The CLI contract's shape, plus offsets for highlighting."""
        return {"span": self.span, "reason": self.reason, "start": self.start, "end": self.end}


_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(%|percent|ml|l|litres?|liters?|oz|g|kg|lbs?|cm|mm|m|"
    r"inch(?:es)?|in|hours?|hrs?|h|days?|years?|months?|minutes?|mins?|watts?|w|mah|v|"
    r"pcs|pieces|毫升|升|克|千克|公斤|厘米|毫米|米|小时|天|年|个月|分钟|瓦|件)?(?![\w])",
    re.IGNORECASE,
)
_MATERIALS = (
    "stainless steel",
    "steel",
    "aluminium",
    "aluminum",
    "titanium",
    "copper",
    "bamboo",
    "cotton",
    "organic cotton",
    "linen",
    "wool",
    "merino",
    "silk",
    "leather",
    "vegan leather",
    "polyester",
    "nylon",
    "silicone",
    "glass",
    "ceramic",
    "porcelain",
    "oak",
    "walnut",
    "wood",
    "plastic",
    "cashmere",
    "gold",
    "silver",
    "不锈钢",
    "铝",
    "钛",
    "铜",
    "竹",
    "棉",
    "纯棉",
    "亚麻",
    "羊毛",
    "真丝",
    "丝绸",
    "皮革",
    "真皮",
    "硅胶",
    "玻璃",
    "陶瓷",
    "木",
)
_CLAIMS = (
    "dishwasher safe",
    "dishwasher-safe",
    "microwave safe",
    "waterproof",
    "water-resistant",
    "water resistant",
    "bpa-free",
    "bpa free",
    "leak-proof",
    "leakproof",
    "organic",
    "hypoallergenic",
    "vegan",
    "recyclable",
    "biodegradable",
    "eco-friendly",
    "non-toxic",
    "certified",
    "fda approved",
    "fda-approved",
    "ce certified",
    "handmade",
    "hand-made",
    "lifetime warranty",
    "warranty",
    "guarantee",
    "guaranteed",
    "award-winning",
    "best-selling",
    "clinically proven",
    "made in usa",
    "made in italy",
    "fair trade",
    "gluten-free",
    "防水",
    "无双酚a",
    "不含bpa",
    "有机",
    "可洗碗机",
    "洗碗机",
    "微波炉",
    "环保",
    "认证",
    "保修",
    "手工",
    "防漏",
    "无毒",
    "可降解",
)


def _facts_text(facts: ProductFacts) -> str:
    parts = [facts.title, facts.category, facts.audience, *facts.features, *facts.keywords]
    for key, value in facts.attributes.items():
        parts.extend((key, value))
    return " ".join(parts).lower()


def _normalise_number(raw: str) -> str:
    return raw.replace(",", ".").rstrip("0").rstrip(".") if "." in raw or "," in raw else raw


def _numbers_in(text: str) -> set[str]:
    return {_normalise_number(m.group(1)) for m in _NUMBER.finditer(text)}


def _term_pattern(term: str) -> re.Pattern[str]:
    if re.search(r"[\u4e00-\u9fff]", term):
        return re.compile(re.escape(term), re.IGNORECASE)
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", re.IGNORECASE)


_MATERIAL_PATTERNS = [(m, _term_pattern(m)) for m in sorted(_MATERIALS, key=len, reverse=True)]
_CLAIM_PATTERNS = [(c, _term_pattern(c)) for c in sorted(_CLAIMS, key=len, reverse=True)]


def check_text(text: str, facts: ProductFacts) -> list[Flag]:
    """Flag numbers, materials and claims in ``text`` that ``facts`` do not support.

    A statement is supported when the facts mention the same number, or the same material
    or claim phrase. Overlapping finds keep the longest span.
    """
    known = _facts_text(facts)
    known_numbers = _numbers_in(known)
    flags: list[Flag] = []
    for match in _NUMBER.finditer(text):
        number = _normalise_number(match.group(1))
        if number not in known_numbers:
            span = match.group(0).strip()
            start = match.start()
            flags.append(Flag(start, start + len(span), span, "number not in the facts"))
    for patterns, reason in (
        (_MATERIAL_PATTERNS, "material not in the facts"),
        (_CLAIM_PATTERNS, "claim not in the facts"),
    ):
        for _term, pattern in patterns:
            if pattern.search(known):
                continue
            for match in pattern.finditer(text):
                flags.append(Flag(match.start(), match.end(), match.group(0), reason))
    return _drop_overlaps(flags)


def _drop_overlaps(flags: list[Flag]) -> list[Flag]:
    kept: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and flag.start < kept[-1].end:
            continue
        kept.append(flag)
    return kept
