"""A variant's counter line: characters and words against its channel's limits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.core.textfmt import count_words
from engine.listing.prompts import Channel
from gui.labels import engine_label
from gui.theme import colour


def ok_style() -> str:
    """The counters' and coverage line's style: muted text of the scheme in use."""
    return f"color:{colour('muted')};"


def limit_report(text: str, channel: Channel) -> tuple[str, bool]:
    """The counter line for ``text`` and whether any limit is exceeded.

    Channels with per-line limits (SEO title + meta description, ad headline + text) count
    each line on its own; every channel also shows the whole text's characters and words.
    """
    chars, words = len(text), count_words(text)
    over = bool(
        (channel.max_chars and chars > channel.max_chars)
        or (channel.max_words and words > channel.max_words)
    )
    parts: list[str] = []
    if channel.line_limits:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        for number, (label, limit) in enumerate(channel.line_limits):
            if number == len(channel.line_limits) - 1:
                line = " ".join(lines[number:])
            else:
                line = lines[number] if number < len(lines) else ""
            line_over = len(line) > limit
            over = over or line_over
            tint = colour("error") if line_over else colour("muted")
            parts.append(
                f"<span style='color:{tint}'>{engine_label(label)} {len(line)}/{limit}</span>"
            )
    cap = f" / {channel.max_chars}" if channel.max_chars else ""
    parts.append(
        QCoreApplication.translate("VariantCard", "{chars}{cap} chars · {words} words").format(
            chars=chars, cap=cap, words=words
        )
    )
    return " · ".join(parts), over
