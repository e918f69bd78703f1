"""Prompt builders: one per channel, as chat messages for the tokenizer's template."""

from __future__ import annotations

from dataclasses import dataclass

from engine.catalog.facts import ProductFacts
from engine.core.errors import UserError
from engine.grounding.shape import TextShape

Message = dict[str, str]


@dataclass(frozen=True)
class Channel:
    """One kind of listing copy, with its own instruction and limits."""

    name: str
    label: str
    task_en: str
    task_zh: str
    max_chars: int | None
    max_words: int | None
    max_new_tokens: int
    line_limits: tuple[tuple[str, int], ...] = ()
    """Per-line character limits, e.g. SEO: title (line 1) ≤ 60, meta description (line 2) ≤ 160."""
    formats: tuple[str, ...] = ("plain",)
    """Output formats offered: ``plain`` and, for descriptions, ``html`` paragraphs."""


CHANNELS: dict[str, Channel] = {
    c.name: c
    for c in (
        Channel(
            "description",
            "Product description",
            "Write a product description of two short paragraphs.",
            "写一段两小段的商品描述。",
            1200,
            200,
            220,
            formats=("html", "plain"),
        ),
        Channel(
            "title",
            "Product title",
            "Write one product title of at most 80 characters. Reply with the title only.",
            "写一个不超过40个字的商品标题。只回复标题。",
            80,
            14,
            40,
        ),
        Channel(
            "bullets",
            "Bullet points",
            "Write five bullet points, one per line, each starting with '- '.",
            "写五条卖点，每行一条，以“- ”开头。",
            700,
            120,
            180,
        ),
        Channel(
            "seo",
            "SEO title + meta description",
            "Write an SEO title (at most 60 characters) on the first line and a meta "
            "description (at most 160 characters) on the second line.",
            "第一行写SEO标题（不超过30个字），第二行写元描述（不超过80个字）。",
            220,
            40,
            90,
            line_limits=(("SEO title", 60), ("Meta description", 160)),
        ),
        Channel(
            "ad",
            "Ad",
            "Write a short ad: a headline of at most 40 characters on the first line, then "
            "one or two sentences of ad text.",
            "写一则短广告：第一行是不超过20个字的标题，然后写一两句广告语。",
            300,
            50,
            90,
            line_limits=(("Headline", 40), ("Ad text", 250)),
        ),
        Channel(
            "social",
            "Social post",
            "Write a social media post of two or three sentences ending with three hashtags.",
            "写一条两三句话的社交媒体帖子，结尾加三个话题标签。",
            400,
            70,
            120,
        ),
        Channel(
            "email",
            "Email blurb",
            "Write a short email blurb of three sentences introducing the product.",
            "写一段三句话的邮件推荐语介绍这个商品。",
            500,
            90,
            140,
        ),
    )
}


def get_channel(name: str) -> Channel:
    """Look up a channel by name.

    Raises:
        UserError: for an unknown channel.

    """
    try:
        return CHANNELS[name]
    except KeyError:
        raise UserError(f"unknown channel {name!r}; choose one of: {', '.join(CHANNELS)}") from None


def format_facts(facts: ProductFacts) -> str:
    """The facts as a compact block the model can read."""
    lines = [f"Product: {facts.title}"]
    if facts.category:
        lines.append(f"Category: {facts.category}")
    for key, value in facts.attributes.items():
        lines.append(f"{key.capitalize()}: {value}")
    if facts.features:
        lines.append("Features: " + "; ".join(facts.features))
    if facts.audience:
        lines.append(f"For: {facts.audience}")
    if facts.keywords:
        lines.append("Keywords to use: " + ", ".join(facts.keywords))
    return "\n".join(lines)


@dataclass(frozen=True)
class Length:
    """How long the merchant wants the copy: a token budget factor and an instruction."""

    name: str
    label: str
    factor: float
    hint_en: str
    hint_zh: str


LENGTHS: dict[str, Length] = {
    n.name: n
    for n in (
        Length("short", "Short", 0.6, "Keep it short and tight.", "写得简短精炼。"),
        Length("medium", "Medium", 1.0, "", ""),
        Length("long", "Long", 1.6, "Make it a little longer and detailed.", "写得稍长、更详细。"),
    )
}


def get_length(name: str) -> Length:
    """Look up a length option.

    Raises:
        UserError: for an unknown length.

    """
    try:
        return LENGTHS[name]
    except KeyError:
        raise UserError(f"unknown length {name!r}; choose one of: {', '.join(LENGTHS)}") from None


def max_new_tokens_for(channel: str, length: str = "medium", lang: str = "en") -> int:
    """The token budget for one channel and length (Chinese needs ~1.3× the tokens per idea)."""
    budget = get_channel(channel).max_new_tokens * get_length(length).factor
    if lang == "zh":
        budget *= 1.3
    return max(16, round(budget))


def _shots(examples: list[str] | None) -> list[str]:
    return [e.strip() for e in examples or [] if e.strip()][:3]


def voice_turns(examples: list[str] | None, zh: bool) -> list[Message]:
    """The brand voice's example texts (at most three) as few-shot chat turns."""
    turns: list[Message] = []
    for number, example in enumerate(_shots(examples), start=1):
        ask = (
            f"请给出第{number}个本店风格的范例。"
            if zh
            else f"Show example {number} of our shop's voice."
        )
        turns.append({"role": "user", "content": ask})
        turns.append({"role": "assistant", "content": example})
    return turns


def voice_intro(examples: list[str] | None, zh: bool) -> str:
    """The line asking for the same voice, when there are examples."""
    if not _shots(examples):
        return ""
    return "请用同样的风格。\n" if zh else "Write in the same voice.\n"


def build_listing_prompt(
    facts: ProductFacts,
    channel: str = "description",
    examples: list[str] | None = None,
    *,
    length: str = "medium",
) -> list[Message]:
    """Chat messages asking for one piece of listing copy.

    Args:
        facts: the product facts.
        channel: one of :data:`CHANNELS`.
        examples: the shop's own texts to imitate (brand voice few-shot), may be empty.
        length: one of :data:`LENGTHS`; adds an instruction (the token budget is separate).

    """
    spec = get_channel(channel)
    size = get_length(length)
    zh = facts.lang == "zh"
    if zh:
        system = (
            "你是一名网店文案写手。只使用给出的商品信息，不要编造数字、材质、认证或功能。"
            f"语气：{facts.tone}。用简体中文回答。"
        )
        task = spec.task_zh + size.hint_zh
    else:
        system = (
            "You are a copywriter for a small online shop. Use only the facts given; never "
            f"invent numbers, materials, certifications or features. Tone: {facts.tone}."
        )
        task = (spec.task_en + " " + size.hint_en).strip()
    if facts.banned_words:
        avoid = ", ".join(facts.banned_words)
        system += f" 不要使用这些词：{avoid}。" if zh else f" Never use these words: {avoid}."
    messages: list[Message] = [{"role": "system", "content": system}]
    messages.extend(voice_turns(examples, zh))
    intro = voice_intro(examples, zh)
    messages.append({"role": "user", "content": f"{intro}{format_facts(facts)}\n\n{task}"})
    return messages


GROUNDED_SYSTEM_EN = (
    "You write product copy for a small online shop. Write only the copy itself: no headings, "
    "no labels, no markdown, no notes to the reader. Every sentence states facts from the "
    "list, in your own words. Do not add materials, uses, prices, offers, care instructions, "
    "origins, sizes or features that are not listed. Tone: {tone}."
)
GROUNDED_SYSTEM_ZH = (
    "你为一家网店写商品文案。只写文案本身：不要标题、标签、Markdown或给读者的说明。"
    "每句话只讲列出的信息，可以换个说法；不要添加未列出的材质、用途、价格、优惠、保养方法、"
    "产地、尺寸或功能。语气：{tone}。用简体中文回答。"
)


def build_grounded_prompt(
    facts: ProductFacts,
    channel: str = "description",
    examples: list[str] | None = None,
    *,
    length: str = "medium",
) -> list[Message]:
    """Chat messages for grounded copy: strict rules and one exemplar of the channel.

    The exemplar (:mod:`engine.listing.exemplars`) is a facts → copy turn written for
    ShopScribe, in the request's language; the merchant's brand-voice texts follow it.
    """
    from engine.listing.exemplars import exemplar_for

    spec = get_channel(channel)
    size = get_length(length)
    zh = facts.lang == "zh"
    system = (GROUNDED_SYSTEM_ZH if zh else GROUNDED_SYSTEM_EN).format(tone=facts.tone)
    task = spec.task_zh + size.hint_zh if zh else (spec.task_en + " " + size.hint_en).strip()
    if facts.banned_words:
        avoid = ", ".join(facts.banned_words)
        system += f" 不要使用这些词：{avoid}。" if zh else f" Never use these words: {avoid}."
    messages: list[Message] = [{"role": "system", "content": system}]
    exemplar = exemplar_for(channel, facts.lang)
    if exemplar is not None:
        messages.append({"role": "user", "content": f"{exemplar.facts}\n\n{task}"})
        messages.append({"role": "assistant", "content": exemplar.copy})
    messages.extend(voice_turns(examples, zh))
    intro = voice_intro(examples, zh)
    messages.append({"role": "user", "content": f"{intro}{format_facts(facts)}\n\n{task}"})
    return messages


def channel_shape(channel: str) -> TextShape:
    """The form a channel's cleaned text must have (see :func:`engine.grounding.shape.fit`)."""
    spec = get_channel(channel)
    kinds = {"title": "title", "bullets": "bullets", "seo": "lines", "ad": "lines"}
    limits = tuple(limit for _, limit in spec.line_limits)
    return TextShape(kinds.get(channel, "prose"), spec.max_chars, limits)
