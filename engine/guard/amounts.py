"""Amounts in text: numbers with units (English and Chinese), normalised to compare with facts.

``750 ml`` = ``0.75 L`` = ``750毫升``; ``二十四小时`` = ``24 hours``; ``1 day`` = ``24 hours``.
Within one unit system numbers must be equal after conversion ("758 ml" is not "750 ml");
between imperial and metric a restated fact may be rounded by up to 1 %.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.catalog.facts import ProductFacts
from engine.guard.terms import supported_concepts

# unit spelling → (dimension, factor to the dimension's base unit)
_UNIT_TABLE: dict[str, tuple[str, float]] = {}


def _units(dimension: str, factor: float, *spellings: str) -> None:
    for spelling in spellings:
        _UNIT_TABLE[spelling] = (dimension, factor)


_units("volume", 1, "ml", "millilitre", "millilitres", "milliliter", "milliliters", "毫升")
_units("volume", 10, "cl")
_units("volume", 1000, "l", "litre", "litres", "liter", "liters", "升", "公升")
_units("oz", 1, "oz", "fl oz", "ounce", "ounces", "盎司")
_units("mass", 1, "g", "gram", "grams", "克")
_units("mass", 1000, "kg", "kilo", "kilos", "kilogram", "kilograms", "千克", "公斤")
_units("mass", 500, "斤")
_units("mass", 453.592, "lb", "lbs", "pound", "pounds", "磅")
_units("areal_density", 1, "gsm", "g/m²", "g/m2", "g/sqm", "克/平方米")
_units("length", 1, "mm", "millimetre", "millimetres", "millimeter", "millimeters", "毫米")
_units("length", 10, "cm", "centimetre", "centimetres", "centimeter", "centimeters", "厘米", "公分")
_units("length", 1000, "m", "metre", "metres", "meter", "meters", "米")
_units("length", 25.4, "inch", "inches", '"', "英寸")
_units("length", 304.8, "ft", "foot", "feet", "英尺")
_units("time", 1 / 3600, "second", "seconds", "sec", "secs", "秒", "秒钟")
_units("time", 1 / 60, "minute", "minutes", "min", "mins", "分钟")
_units("time", 1, "h", "hr", "hrs", "hour", "hours", "小时", "个小时", "钟头")
_units("time", 24, "day", "days", "天", "日")
_units("time", 168, "week", "weeks", "周", "星期", "个星期")
_units("time", 730, "month", "months", "个月", "月")
_units("time", 8760, "year", "years", "yr", "yrs", "年")
_units("percent", 1, "%", "percent", "per cent", "％")
_units("power", 1, "w", "watt", "watts", "瓦")
_units("power", 1000, "kw")
_units("charge", 1, "mah", "毫安", "毫安时")
_units("voltage", 1, "v", "volt", "volts", "伏")
_units("temperature_c", 1, "°c", "℃", "摄氏度")
_units("temperature_f", 1, "°f", "℉")
_units("kelvin", 1, "k")
_units("sound", 1, "db", "分贝")
_units("storage", 1, "gb")
_units("storage", 1000, "tb")
# count words: no dimension, the bare number must be in the facts
_COUNT_UNITS = ("pcs", "pieces", "piece", "pack", "件", "个", "只", "片", "层", "支", "双", "套")

UNIT_WORDS = frozenset(u for u in (*_UNIT_TABLE, *_COUNT_UNITS) if u.isascii() and " " not in u)
"""Unit spellings ("ml", "hours", "pcs"): part of an amount, not content of their own."""


def _has_cjk(unit: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" for ch in unit)


# "g/m²" is a Latin unit with a non-ASCII character: it must be tried before "g".
_LATIN_UNITS = sorted((u for u in _UNIT_TABLE if not _has_cjk(u)), key=len, reverse=True)
_CJK_UNITS = sorted((u for u in _UNIT_TABLE if _has_cjk(u)), key=len, reverse=True)
_UNIT_RE = (
    r"(?:(?:"
    + "|".join(re.escape(u).replace(r"\ ", r"\s") for u in _LATIN_UNITS)
    + r")(?![a-z\d]))|"
    + "|".join(re.escape(u) for u in _CJK_UNITS + sorted(_COUNT_UNITS, key=len, reverse=True))
)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ARABIC = re.compile(
    rf"(?<![A-Za-z0-9_.#/])(?P<a>{_NUM})(?:[ \t]*(?:-|–|~|to|到|至|x|×|\*)[ \t]*(?P<b>{_NUM}))?"
    rf"(?:\s?-?\s?(?P<unit>{_UNIT_RE}))?(?P<tail>[a-z]*)",
    re.IGNORECASE,
)
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUM = rf"[{_CN_DIGITS}十百千万]+(?:点[{_CN_DIGITS}]+)?"
_CHINESE = re.compile(
    rf"百分之(?P<pct>{_CN_NUM})|(?P<n>{_CN_NUM})(?P<unit>"
    + "|".join(re.escape(u) for u in _CJK_UNITS if u not in ("日", "月", "年", "周"))
    + r"|年(?!级|轻|代|前|后|龄|四季)|个?月(?!亮)|周(?!到|边|末))"
)
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12})
_WORDS = re.compile(
    r"(?<![\w-])(?P<w>(?:twenty|thirty|forty|fifty)-(?:one|two|three|four|five|six|seven|eight|"
    r"nine)|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")[\s-](?P<unit>"
    r"hours?|days?|weeks?|months?|years?|minutes?|litres?|liters?|inches|percent)(?![a-z])",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]\s*)?\d+[.)]\s", re.MULTILINE)
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_LABEL = re.compile(
    r"(?:\b(?:paragraph|step|option|variant|tip|part|section|point|reason|version|no\.?)|#)\s*$",
    re.IGNORECASE,
)
"""A bare number right after one of these words numbers a part of the text, not the product."""


def chinese_number(text: str) -> float | None:
    """Value of a Chinese numeral such as 二十四, 两百五十, 七百五十, 一点五 (None if not one)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    whole, _, frac = text.partition("点")
    total, section, current = 0, 0, 0
    for char in whole:
        if char in digits:
            current = digits[char]
        elif char in "十百千":
            scale = {"十": 10, "百": 100, "千": 1000}[char]
            section += (current or 1) * scale
            current = 0
        elif char == "万":
            total += (section + current) * 10000
            section, current = 0, 0
        else:
            return None
    value = float(total + section + current)
    if frac:
        value += float("0." + "".join(str(digits.get(c, 0)) for c in frac))
    return value


def _word_number(word: str) -> float:
    parts = word.lower().split("-")
    return float(sum(_WORD_NUMBERS.get(p, 0) for p in parts))


@dataclass(frozen=True)
class Amount:
    """A number (or range) in a text, with its unit's dimension and factor to the base unit."""

    start: int
    end: int
    values: tuple[float, ...]
    dimension: str | None
    factor: float
    imperial: bool = False
    """Written in an imperial unit (lb, inch, ft): converting to metric rounds."""


_IMPERIAL = {
    "lb",
    "lbs",
    "pound",
    "pounds",
    "磅",
    "inch",
    "inches",
    '"',
    "英寸",
    "ft",
    "foot",
    "feet",
    "英尺",
}


def _is_imperial(raw: str | None) -> bool:
    return bool(raw) and re.sub(r"\s+", " ", str(raw).lower()) in _IMPERIAL


def _unit(raw: str | None) -> tuple[str | None, float]:
    if not raw:
        return None, 1.0
    key = re.sub(r"\s+", " ", raw.lower())
    return _UNIT_TABLE.get(key, (None, 1.0))


def find_amounts(text: str) -> list[Amount]:
    """Every number in ``text`` with its unit (Arabic digits, Chinese numerals, English words)."""
    text = text.translate(_FULLWIDTH)
    markers = {m.end() - 2 for m in _LIST_MARKER.finditer(text)}
    found: list[Amount] = []
    for m in _ARABIC.finditer(text):
        if not m.group("unit") and (
            m.end("a") in markers or _LABEL.search(text[max(0, m.start() - 12) : m.start()])
        ):
            continue
        values = tuple(float(v.replace(",", "")) for v in (m.group("a"), m.group("b")) if v)
        dimension, factor = _unit(m.group("unit"))
        if m.group("unit"):
            end = m.end("unit")
        elif m.group("tail"):
            end = m.end()
        else:
            end = m.end("b") if m.group("b") else m.end("a")
        imperial = _is_imperial(m.group("unit"))
        found.append(Amount(m.start(), end, values, dimension, factor, imperial))
    for m in _CHINESE.finditer(text):
        if m.group("pct"):
            value = chinese_number(m.group("pct"))
            dimension, factor = "percent", 1.0
        else:
            value = chinese_number(m.group("n"))
            dimension, factor = _unit(m.group("unit"))
        if value is not None:
            imperial = _is_imperial(m.group("unit"))
            found.append(Amount(m.start(), m.end(), (value,), dimension, factor, imperial))
    for m in _WORDS.finditer(text):
        dimension, factor = _unit(m.group("unit"))
        found.append(Amount(m.start(), m.end(), (_word_number(m.group("w")),), dimension, factor))
    return found


def facts_text(facts: ProductFacts) -> str:
    """Everything the facts say, as one lower-case text (what amounts are looked up in)."""
    parts = [facts.title, facts.category, facts.audience, *facts.features, *facts.keywords]
    for key, value in facts.attributes.items():
        parts.extend((key, value))
    return "\n".join(parts)


def _same(a: float, b: float) -> bool:
    """Equal numbers (float noise aside): 758 is not 750, 1010 is not 1000."""
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


IMPERIAL_ROUNDING = 0.01
"""Between imperial and metric units a restated fact is rounded: within 1 % it matches."""


def _same_measure(base: float, fact_base: float, across_systems: bool) -> bool:
    """A measure equals a fact after unit conversion: exactly within one unit system.

    "0.75 L" is 750 ml; "758 ml" is not, and neither is "1 litre". Only between systems
    ("1 lb" for "454 g", "15.6 inch" for "39.6 cm") does rounding of up to 1 % pass.
    """
    if across_systems:
        return abs(base - fact_base) <= IMPERIAL_ROUNDING * max(abs(base), abs(fact_base))
    return _same(base, fact_base)


class Known:
    """What the evidence says (amounts and vocabulary concepts), ready for lookups."""

    def __init__(self, evidence_text: str) -> None:
        self.text = evidence_text.translate(_FULLWIDTH).lower()
        amounts = find_amounts(self.text)
        self.numbers = {v for a in amounts for v in a.values}
        for word, number in _WORD_NUMBERS.items():
            if re.search(rf"\b{word}\b", self.text):
                self.numbers.add(float(number))
        # A bare number supports the same number with a unit ("6 card slots" → "6 slots"), but
        # not a grade or ratio: "18/8 steel" says nothing about "18 oz".
        self.bare = {
            v
            for a in amounts
            if a.dimension is None and self.text[a.end : a.end + 1] != "/"
            for v in a.values
        }
        self.measures = [
            (a.dimension, v * a.factor, a.imperial)
            for a in amounts
            if a.dimension
            for v in a.values
        ]
        self.concepts = supported_concepts(self.text)

    def supports(self, amount: Amount) -> bool:
        """True when every number of ``amount`` is one the evidence states."""
        for value in amount.values:
            if amount.dimension is None:
                ok = any(_same(value, n) for n in self.numbers)
            else:
                base = value * amount.factor
                ok = any(
                    d == amount.dimension and _same_measure(base, b, imperial != amount.imperial)
                    for d, b, imperial in self.measures
                )
                ok = ok or any(_same(value, n) for n in self.bare)
            if not ok:
                return False
        return True

    def said(self, dimension: str | None) -> str:
        """What the evidence says in the same dimension, for the flag's reason."""
        if dimension is None:
            return ""
        for a in find_amounts(self.text):
            if a.dimension == dimension:
                return f" (the facts say {self.text[a.start : a.end]})"
        return ""
