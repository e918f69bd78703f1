"""The house model's copy prompt: short, the same at training (the corpus) and in the app.

The house writer learnt each channel's shape from the corpus, so its prompt carries no
exemplars and no rules: the facts block, then one line naming the channel, language, tone and
length. Training renders every corpus example through :func:`copy_messages`, and the app writes
with the same function, so what the model sees at inference is what it was trained on.
"""

from __future__ import annotations

from engine.catalog.facts import ProductFacts
from engine.listing.prompts import Message, format_facts, get_channel, get_length

SYSTEM = "You are ShopScribe, a copywriter for small online shops."
"""One short system line (the same in both languages; the user turn says which to write)."""
_LANG = {"en": "English", "zh": "Chinese"}


def task_line(channel: str, lang: str, tone: str, length: str) -> str:
    """``Write: description | English | tone: warm | length: medium`` (validated names)."""
    get_channel(channel)
    get_length(length)
    parts = [f"Write: {channel}", _LANG.get(lang, "English")]
    if tone:
        parts.append(f"tone: {tone}")
    parts.append(f"length: {length}")
    return " | ".join(parts)


def copy_messages(
    facts: ProductFacts,
    channel: str,
    lang: str | None = None,
    length: str = "medium",
    voice: list[str] | None = None,
) -> list[Message]:
    """Chat messages for one text of ``channel`` from ``facts``.

    ``voice`` (a brand voice's example texts, at most three) goes in as a block the facts
    block is followed by, so a merchant's own voice reaches the copy without turning the
    prompt into a different task.
    """
    lang = lang or facts.lang or "en"
    lines = [format_facts(facts)]
    examples = [v.strip() for v in voice or [] if v.strip()][:3]
    if examples:
        lines.append("Our voice:\n" + "\n".join(f"> {e}" for e in examples))
    lines.append(task_line(channel, lang, facts.tone, length))
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "\n\n".join(lines)},
    ]
