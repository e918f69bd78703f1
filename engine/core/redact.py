"""Redaction of customer text: e-mails, phone numbers, order numbers and street addresses.

``redact(text) -> (text, found)`` replaces each with a placeholder (``[email]``, ``[phone]``,
``[order]``, ``[address]``) before customer text goes into a finetuning dataset or a prompt sent
to a remote backend (local prompts keep it; :mod:`engine.decoding.remote` redacts every
message it sends). English and Chinese notes alike: Chinese runs
straight into an address (``联系我abc@example.com谢谢``), so boundaries are ASCII-only.

Order of the passes: e-mails, then order ids (``#1042``, ``SO-2024-00981``,
``订单号：20240516001``), then street addresses, then phone numbers on what is left, so a
postcode or an order number never reads as a phone. A phone needs 9–15 digits written the
way phones are (``+``/``00`` country codes, ``(0)``, spaces, dots, dashes); a bare run of
digits counts only as a Chinese mobile (``1[3-9]`` + 9 digits). Dates, times, prices,
sizes, SKUs and barcodes are not touched. ``bench/customers_redaction.py`` measures recall
and false redactions on ``tests/data/customers/redaction.jsonl``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

PLACEHOLDERS = {"email": "[email]", "phone": "[phone]", "order": "[order]", "address": "[address]"}

EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

_ID = r"#?(?:[A-Z]{1,3}-?)?\d[\d-]{1,18}\d"
ORDER = re.compile(
    r"(?:(?i:\b(?:order|invoice|receipt|ref)\b\.?)(?:\s*(?i:no\.?|number|num\.?|id))?\s*[:：]?\s*"
    r"|(?:订单号|订单|单号|发票号)\s*[:：]?\s*)"
    rf"(?P<id>{_ID})"
)
ORDER_STANDALONE = re.compile(
    r"(?<![A-Za-z0-9-])(?:#[A-Z]{0,3}-?\d{3,}(?:-\d+)*|[A-Z]{1,3}-\d{4,}(?:-\d+)*)(?![A-Za-z0-9])"
)
ORDER_JOINED = re.compile(rf"\s*(?:和|及|、|,|and|&)\s*(?P<id>{_ID})")

_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Walk|Grove|Gardens|"
    "Place|Pl|Court|Ct|Terrace|Crescent|Square|Sq|Close|Row|Parade|Highway|Hwy|Quay"
)
_UNIT = r"(?:(?:Unit|Flat|Apt|Apartment|Suite|Floor|Fl)\.?\s*\w{1,5})"
_CORE_EN = (
    rf"(?:{_UNIT},?\s+)?"
    r"(?:"
    r"\d{1,5}[A-Z]?\s+(?:[NSEW]{1,2}\s+)?(?:[A-Z][A-Za-z'’-]*\s+){1,3}"
    rf"(?:{_STREET_TYPES})\b\.?(?:\s+[NSEW]\b)?"
    r"|\d{1,5}\s+(?:rue|Rue|avenue|Avenue|boulevard|chemin|place|via|Via|calle|Calle)"
    r"(?:\s+[A-Za-zÀ-ÿ'’-]+){1,4}"
    r"|(?:Via|Viale|Rue|Calle|Avenida|Piazza|Plaza|Rua)(?:\s+[A-Z][A-Za-zÀ-ÿ'’-]*){1,3}\s+\d{1,5}"
    r"|[A-Z][a-zäöüß]+(?:straße|strasse|allee|weg|platz|gasse|damm|ring)\s+\d{1,5}[a-z]?"
    r"|\d{1,4}-\d{1,4}-\d{1,4}\s+[A-Z][a-z]+"
    r"|Unit\s+\d{1,5},\s+[A-Z][a-z]+\s+(?:" + _STREET_TYPES + r")"
    r")"
)
_TOKEN = (
    r"(?:[A-Z][A-Za-zÀ-ÿ'’]*(?:-[a-z]+)?|[A-Z]{1,2}\d[A-Z\d]?|\d[A-Z]{2}|\d[A-Z]\d|[A-Z]\d{2}|"
    r"[A-Z0-9]{4}|\d{4,5}(?:-\d{3,4})?|\d{3}-\d{4})(?![A-Za-z0-9])"
)
_PART = rf"(?:{_UNIT}|{_TOKEN}(?:\s+{_TOKEN}){{0,3}})"
ADDRESS_EN = re.compile(rf"{_CORE_EN}(?:(?:,\s*|\s+){_PART}){{0,5}}")

_PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    "湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆"
)
_CN_START = (
    rf"(?:(?:{_PROVINCES})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?"
    r"(?:[\u4e00-\u9fff]{2}市)?|[\u4e00-\u9fff]{2}市|香港|澳门|台北市?)"
)
ADDRESS_ZH = re.compile(
    _CN_START
    + r"(?:[\u4e00-\u9fff]{1,5}?(?:区|县|镇))*"
    + r"[\u4e00-\u9fffA-Za-z0-9]{0,14}?(?:大道|大街|路|街|道|巷|弄|胡同)"
    + r"(?:[\u4e00-\u9fff]{1,3}(?=\s*\d))?\s*\d{1,5}\s*号"
    + r"(?:[\u4e00-\u9fffA-Za-z0-9]{0,30}(?:\d+(?:室|楼|层)?|室|楼|层|座))?"
)

PHONE = re.compile(
    r"(?<![A-Za-z0-9#$£€¥+./\-])"
    r"(?:\+|00)?(?:\d|\(\d{1,4}\))(?:[ .\-]?(?:\d|\(\d{1,4}\)))*"
    r"(?![A-Za-z0-9])"
)
_DATE_LIKE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_UNIT_AFTER = re.compile(
    r"\s*(?:cm|mm|m|ml|l|g|kg|in|x|×|%|厘米|毫米|米|克|毫升|码|岁|个|件)", re.I
)
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")


@dataclass(frozen=True)
class Found:
    """One redacted span of the original text."""

    kind: str
    start: int
    end: int
    text: str


def _overlaps(start: int, end: int, taken: Sequence[Found]) -> bool:
    return any(start < f.end and f.start < end for f in taken)


def _is_phone(candidate: str, text: str, end: int) -> bool:
    count = sum(ch.isdigit() for ch in candidate)
    if not 9 <= count <= 15:
        return False
    if _DATE_LIKE.match(candidate) or re.match(r"[:：]\d", text[end : end + 2]):
        return False  # a date, or a date and an hour ("2024-12-01 10:30")
    if _UNIT_AFTER.match(text, end) and not candidate.startswith(("+", "(")):
        return False
    separated = bool(re.search(r"[ .\-()]", candidate))
    if not separated and not candidate.startswith(("+", "00")):
        return bool(_CN_MOBILE.fullmatch(candidate))
    return True


def find_pii(text: str) -> list[Found]:
    """Every e-mail, order id, street address and phone number in ``text``, in order."""
    found: list[Found] = [
        Found("email", m.start(), m.end(), m.group(0)) for m in EMAIL.finditer(text)
    ]

    def add(kind: str, start: int, end: int) -> None:
        piece = text[start:end]
        stripped = piece.rstrip(" ,.;")
        end = start + len(stripped)
        if end > start and not _overlaps(start, end, found):
            found.append(Found(kind, start, end, text[start:end]))

    for match in ORDER.finditer(text):
        add("order", match.start("id"), match.end("id"))
        position = match.end()
        while (joined := ORDER_JOINED.match(text, position)) is not None:
            add("order", joined.start("id"), joined.end("id"))
            position = joined.end()
    for match in ORDER_STANDALONE.finditer(text):
        add("order", match.start(), match.end())
    for pattern in (ADDRESS_ZH, ADDRESS_EN):
        for match in pattern.finditer(text):
            add("address", match.start(), match.end())
    for match in PHONE.finditer(text):
        start, end = match.start(), match.end()
        candidate = match.group(0)
        if candidate.startswith("(") and candidate.count("(") > candidate.count(")"):
            continue
        if _is_phone(candidate, text, end):
            add("phone", start, end)
    return sorted(found, key=lambda f: f.start)


def redact(text: str) -> tuple[str, list[Found]]:
    """``text`` with every e-mail, phone, order id and address replaced by its placeholder.

    Returns:
        The redacted text and what was found (offsets in the original text).

    """
    found = find_pii(text)
    pieces: list[str] = []
    position = 0
    for item in found:
        pieces.append(text[position : item.start])
        pieces.append(PLACEHOLDERS[item.kind])
        position = item.end
    pieces.append(text[position:])
    return "".join(pieces), found


def redact_messages(messages: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Chat messages with their contents redacted (for a remote backend)."""
    return [{**m, "content": redact(m.get("content", ""))[0]} for m in messages]
