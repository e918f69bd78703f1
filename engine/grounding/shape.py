"""Format clean-up: what small models add around the copy, taken away before anyone sees it.

Headings ("Product Description:", "**Title:**", "# …"), markdown (``**``, ``#``, backticks),
section labels ("Pros:", "Price:"), talk to the user ("Here is…", "I hope this helps",
"以下是…"), placeholders ("[Customer's Name]"), a second text after the first, quotes around
a title, and a sentence cut off by the token budget. :func:`clean` returns the text and what
it removed, so the bench can count the debris.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.guard.sentences import ends_complete, split_sentences

_LABELS = (
    "product description|description|product title|title|seo title|meta description|meta"
    "|headline|ad text|ad copy|ad|social media post|social post|post|email|subject|body"
    "|bullet points|bullets|features|key features|highlights|benefits|summary|tagline"
    "|caption|hashtags|copy|text|product|name|variant \\d+|option \\d+|version \\d+"
    "|description \\d+|title \\d+"
    "|产品描述|商品描述|描述|商品标题|标题|卖点|广告|广告语|文案|帖子|邮件|主题|正文|元描述|seo标题"
)
_DROP_LABELS = (
    "pros|cons|price|pricing|cost|keywords|key words|note|notes|tags|disclaimer|sku"
    "|specifications|specs|details|availability|shipping|warranty"
    "|价格|售价|关键词|注意|备注|标签|优点|缺点|规格|参数"
)
_HEADING = re.compile(
    rf"^\s*(?:#+\s*)?(?:\*\*|__)?\s*(?:{_LABELS})(?:\s+for\s+[^:：]{{1,60}})?\s*(?:\*\*|__)?\s*[:：]"
    r"\s*(?:\*\*|__)?\s*",
    re.IGNORECASE,
)
_DROP_LINE = re.compile(
    rf"^\s*(?:[-*•]\s*)?(?:\*\*|__)?\s*(?:{_DROP_LABELS})\s*(?:\*\*|__)?\s*[:：]", re.IGNORECASE
)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1", re.DOTALL)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_STRAY_MARKS = re.compile(r"\*\*|__|`+|^\s*>\s?", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,40}\]|【[^】\n]{1,20}】|\{[^}\n]{1,30}\}")
_META = re.compile(
    r"^\s*(?:sure[,!.]|certainly[,!.]|of course[,!.]|here(?:'s| is| are)\b|below is\b|"
    r"i hope\b|hope this\b|feel free\b|let me know\b|this (?:ad|post|description|email|text|"
    r"title) (?:includes|is|has|uses|highlights|focuses)\b|note:|please note\b|"
    r"(?:dear|hi|hello) \[|best regards|kind regards|sincerely|warm regards|"
    r"以下是|这是一|希望(?:这|对您)|当然|注意：|备注：|请注意)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·●▪]|\d+[.)、]|[（(]\d+[)）])\s*")
_QUOTES = "\"'“”‘’「」『』"


@dataclass
class Cleaned:
    """A cleaned text and the debris taken out (kinds: heading, markdown, meta…)."""

    text: str
    removed: list[str] = field(default_factory=list)
    cut_off: bool = False
    """The model stopped mid-sentence and the tail was cut back to the last full one."""


def _strip_markdown(line: str, removed: list[str]) -> str:
    new = _BOLD.sub(r"\2", line)
    new = _ITALIC.sub(r"\1", new)
    new = _STRAY_MARKS.sub("", new)
    new = _MARKDOWN_HEADING.sub("", new)
    if new != line:
        removed.append("markdown")
    return new


def _clean_line(line: str, removed: list[str]) -> str | None:
    """One line without headings, labels, markdown and meta talk; None to drop it."""
    if _DROP_LINE.match(line):
        removed.append("section_label")
        return None
    if _MARKDOWN_HEADING.match(line) and len(line.split()) <= 8:
        removed.append("heading")  # "# Product Description", "## 商品描述"
        return None
    match = _HEADING.match(line)
    if match:
        removed.append("heading")
        line = line[match.end() :]
        if not line.strip():
            return None
    line = _strip_markdown(line, removed)
    if _META.match(line):
        removed.append("meta_text")
        return None
    if _PLACEHOLDER.search(line):
        removed.append("placeholder")
        line = _PLACEHOLDER.sub("", line)
        line = re.sub(r"\s+([,.!?，。！？])", r"\1", line)
        line = re.sub(r"[,，]+([.!?。！？])", r"\1", line)
        if not re.search(r"\w", line) or re.fullmatch(r"\s*(?:dear|hi|hello)\W*", line, re.I):
            return None
    return line.rstrip()


def _first_block(text: str, removed: list[str]) -> str:
    """Cut a second text ("Water Bottle: …", "Option 2") that follows the first one."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) < 2:
        return text
    kept = [blocks[0]]
    for block in blocks[1:]:
        first = block.strip().splitlines()[0]
        if re.match(r"^\s*(?:option|variant|version|description|title|ad)\s*\d", first, re.I) or (
            re.match(r"^[^:：.。!?]{2,40}[:：]\s*\S", first)
            and not first.lower().startswith(("note", "tip"))
        ):
            removed.append("multiple_texts")
            break
        kept.append(block)
    return "\n\n".join(kept)


def cut_to_last_sentence(text: str) -> str:
    """``text`` up to its last complete sentence (all of it when it has none)."""
    sentences = split_sentences(text)
    while sentences and not ends_complete(sentences[-1].text):
        sentences.pop()
    if not sentences:
        return text
    return text[: sentences[-1].end]


def _strip_title_label(text: str, title: str, removed: list[str]) -> str:
    """The product's title used as a heading ("Steel Bottle: A practical…") taken off."""
    if not title:
        return text
    match = re.match(rf"^\s*(?:\*\*)?{re.escape(title)}(?:\*\*)?\s*[:：–-]\s*(?:\*\*)?", text, re.I)
    if match and text[match.end() :].strip():
        removed.append("heading")
        return text[match.end() :]
    return text


def clean(text: str, *, finished: bool = True, sentences: bool = True, title: str = "") -> Cleaned:
    """Take the debris out of one generated text.

    Args:
        text: what the model wrote.
        finished: False when the token budget cut the text (its tail is then cut back).
        sentences: True for prose channels, where a text must end on a full sentence.
        title: the product's title, taken off when the model used it as a heading.

    """
    removed: list[str] = []
    body = _first_block(_strip_title_label(text.strip(), title, removed), removed)
    lines = []
    for raw in body.splitlines():
        line = _clean_line(raw, removed)
        if line is not None:
            lines.append(line)
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if out and out[0] in _QUOTES and out[-1] in _QUOTES and len(out) > 2:
        out = out[1:-1].strip()
        removed.append("quotes")
    cut = False
    if sentences and out and not ends_complete(out.splitlines()[-1]) and not _is_list(out):
        shorter = cut_to_last_sentence(out)
        if shorter != out:
            cut = True
            removed.append("cut_off" if not finished else "half_sentence")
            out = shorter.strip()
    return Cleaned(out, removed, cut)


def _is_list(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all(_BULLET.match(line) for line in lines)


def as_bullets(text: str, limit: int = 5) -> str:
    """Bullet lines only, each starting "- ", at most ``limit``.

    When the model marked its bullets, unmarked lines (an intro, a closing line) go.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    marked = [line for line in lines if _BULLET.match(line)]
    out = []
    for line in marked if len(marked) >= 2 else lines:
        item = _BULLET.sub("", line).strip()
        if item and len(item) > 2:
            out.append(f"- {item}")
    return "\n".join(out[:limit])


def cut_to_chars(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a word (or sentence) boundary."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[:limit]
    for mark in ("。", "！", "？", ". ", "! ", "? "):
        at = head.rfind(mark)
        if at >= limit // 2:
            return head[: at + 1].strip()
    if " " in head:
        head = head[: head.rfind(" ")]
    return re.sub(r"(?:\s+(?:and|with|for|of|the|a|an|in|on|to|&|-|–|,))+\s*$", "", head).rstrip(
        " ,;:-–"
    )


@dataclass(frozen=True)
class TextShape:
    """The form a channel's text must have once cleaned."""

    kind: str = "prose"
    """``prose`` (full sentences), ``title`` (one line), ``bullets`` or ``lines`` (SEO, ad)."""
    max_chars: int | None = None
    line_limits: tuple[int, ...] = ()
    """Per-line character limits for ``lines`` (SEO: 60, 160; ad: 40, 250)."""
    items: int = 5
    """Bullet lines kept for ``bullets``."""


def fit(text: str, shape: TextShape, *, finished: bool = True, title: str = "") -> Cleaned:
    """Clean ``text`` and give it its channel's form (one title line, bullets, two lines…)."""
    cleaned = clean(
        text,
        finished=finished,
        sentences=shape.kind in ("prose",),
        title=title if shape.kind != "title" else "",
    )
    out = cleaned.text
    if shape.kind == "title":
        first = next((line for line in out.splitlines() if line.strip()), "")
        out = _BULLET.sub("", first).strip().strip(_QUOTES).rstrip(".。").strip()
    elif shape.kind == "bullets":
        out = as_bullets(out, shape.items)
    elif shape.kind == "lines":
        lines = [line.strip().strip(_QUOTES) for line in out.splitlines() if line.strip()]
        count = max(len(shape.line_limits), 1)
        head, rest = lines[: count - 1], " ".join(lines[count - 1 :])
        lines = [*head, rest] if rest else head
        if shape.line_limits:
            lines = [
                cut_to_chars(line, limit)
                for line, limit in zip(lines, shape.line_limits, strict=False)
            ]
        out = "\n".join(lines)
    if shape.max_chars and len(out) > shape.max_chars and shape.kind != "lines":
        out = cut_to_chars(out, shape.max_chars)
        if shape.kind == "prose":
            out = cut_to_last_sentence(out)
        cleaned.removed.append("over_limit")
    cleaned.text = out.strip()
    return cleaned


def first_sentence(text: str) -> str:
    """The first sentence of a model's reply (its first line only), or ""."""
    text = text.strip().splitlines()[0].strip() if text.strip() else ""
    sentences = split_sentences(text)
    return sentences[0].text if sentences else ""


def tidy(text: str) -> str:
    """Spaces and paragraph breaks left tidy after a sentence went or changed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = "\n".join(lines)
    while "\n\n\n" in out:
        out = out.replace("\n\n\n", "\n\n")
    return out.strip()
