"""Coverage repair: a grounded text that leaves facts out gets a sentence for each, checked.

Small models write two good sentences and stop, so a description often leaves out a fact or
two the merchant gave. After the sentence repair, the best variant is offered a few more
sentences, one missing fact at a time: the model is asked (in the text's language) for one
sentence that tells the customer that fact, and a candidate is kept only when the guard passes
it, it really uses that fact, and the text stays within its channel's limit. A fact no
candidate covers stays in the coverage line's "missing" list for the merchant to see.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from engine.core.callbacks import raise_if_stopped
from engine.decoding.protocol import Generator, Message, StreamSettings
from engine.grounding.shape import TextShape, first_sentence
from engine.guard.evidence import EvidenceSet
from engine.guard.report import GuardReport

MIN_EN_WORDS = 5
MIN_ZH_CHARS = 8
ASK = {
    "en": "Write one more sentence for this text that tells the customer: {fact}. "
    "Write only that sentence, with no other claim.",
    "zh": "请为这段文字再写一句话，告诉顾客：{fact}。只写这一句，不要加别的说法。",
}
"""The follow-up turn that asks for one missing fact, by the text's language."""


def _joined(text: str, sentence: str, lang: str) -> str:
    """``sentence`` appended to ``text`` (no space between Chinese sentences)."""
    glue = "" if lang == "zh" and not sentence[:1].isascii() else " "
    return text.rstrip() + glue + sentence.strip()


def cover_missing(
    text: str,
    report: GuardReport,
    check: Callable[[str], GuardReport],
    evidence: EvidenceSet,
    generator: Generator,
    messages: Sequence[Message],
    shape: TextShape,
    *,
    additions: int,
    sentence_settings: Callable[[int], StreamSettings],
    seed: int = 0,
    stop: threading.Event | None = None,
) -> tuple[str, GuardReport, list[str]]:
    """Add up to ``additions`` supported sentences to ``text`` for facts it leaves out.

    Args:
        text: the repaired text (only a fully supported prose text is extended).
        report: its check.
        check: the request's guard (``Grounder.check``).
        evidence: what the text may rest on (its ``missing`` ids name items here).
        generator: the loaded model.
        messages: the prompt the text was written from.
        shape: the channel's form (``max_chars`` is kept).
        additions: model calls allowed (one per missing fact tried).
        sentence_settings: one call's settings for a seed (candidates sampled at once, one
            sentence each, the voice's avoid-words banned).
        seed: the base seed (each call adds its index).
        stop: checked between calls.

    Returns:
        The text, its check and the sentences added (in order).

    """
    stop = stop or threading.Event()
    if shape.kind != "prose" or report.unsupported:
        return text, report, []
    lang = evidence.lang if evidence.lang in ASK else "en"
    tried: set[str] = set()
    added: list[str] = []
    for call in range(additions):
        raise_if_stopped(stop)
        target = next(
            (e for e in (evidence.get(i) for i in report.missing) if e and e.id not in tried),
            None,
        )
        if target is None:
            break
        tried.add(target.id)
        ask = [
            *messages,
            {"role": "assistant", "content": text},
            {"role": "user", "content": ASK[lang].format(fact=target.shown)},
        ]
        settings = sentence_settings(seed * 37 + call)
        result = generator.stream(ask, settings, stop=stop)
        for candidate in (first_sentence(t) for t in result.texts):
            longer = _joined(text, candidate, lang) if candidate else ""
            if not candidate or candidate in text or not _fits(longer, shape):
                continue
            if not _is_sentence(candidate, lang):
                continue
            alone = check(candidate)
            if alone.unsupported or target.id not in alone.used:
                continue
            whole = check(longer)
            if not whole.unsupported:
                text, report = longer, whole
                added.append(candidate)
                break
    return text, report, added


def _is_sentence(candidate: str, lang: str) -> bool:
    """A real sentence, not a bare amount or a label ("28 x 14 cm.", "3 years and up.")."""
    if lang == "zh" and not candidate.isascii():
        return len(candidate) >= MIN_ZH_CHARS
    words = [w for w in candidate.split() if any(c.isalpha() for c in w)]
    return len(candidate.split()) >= MIN_EN_WORDS and len(words) >= 3


def _fits(text: str, shape: TextShape) -> bool:
    return not shape.max_chars or len(text) <= shape.max_chars
