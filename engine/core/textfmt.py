"""Plain text ↔ HTML for listing copy (clipboard, Shopify Body (HTML), WooCommerce)."""

from __future__ import annotations

import html
import re

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
_TAG = re.compile(r"<[^>]+>")
_PARA_END = re.compile(r"</(p|h[1-6]|div|ul|ol)>", re.IGNORECASE)
_LINE_END = re.compile(r"</li>|<br\s*/?>", re.IGNORECASE)


def to_html(text: str) -> str:
    """Paragraphs become ``<p>``, runs of bullet lines become ``<ul><li>``; text is escaped."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    out: list[str] = []
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(_BULLET.match(line) for line in lines):
            items = "".join(
                f"<li>{html.escape(_BULLET.sub('', line).strip())}</li>" for line in lines
            )
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(html.escape(line.strip()) for line in lines) + "</p>")
    return "".join(out)


def html_to_text(markup: str) -> str:
    """Readable text from simple HTML: block ends become line breaks, tags go, entities decode."""
    text = _PARA_END.sub("\n\n", markup)
    text = _LINE_END.sub("\n", text)
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.IGNORECASE)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def count_words(text: str) -> int:
    """Words, counting each Chinese character as one word (as marketplaces do)."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z0-9'’-]+", text))
    return cjk + latin
