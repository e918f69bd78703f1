"""Grounded writing: variants generated, cleaned, checked sentence by sentence, repaired, ranked.

One mechanism for every tab (copy, bulk, FAQ replies, customer profiles):

1. the model writes ``variants`` texts at once (streamed to the window as they grow);
2. each is cleaned to its channel's shape (:mod:`engine.grounding.shape`);
3. each sentence is checked against the evidence (:func:`engine.guard.report.check`);
4. an unsupported sentence whose invented part follows a clause boundary is cut back to its
   supported start (:mod:`engine.grounding.trim`); otherwise it is rewritten: the model
   continues the text before it a few times at once (different samples, one sentence each),
   and the first candidate the guard passes replaces it; when none passes, the sentence is
   dropped, except a text's opening sentence and its last one, which stay flagged; lines
   (bullets, an ad's headline and body, SEO's two lines) are rewritten the same way and only
   dropped while the channel keeps its shape (an ad keeps both lines, bullets at least 3);
5. a sentence that only repeats earlier ones goes (:mod:`engine.grounding.repeats`);
6. texts are ranked: fewest unsupported statements, then fact coverage, then length fit;
7. with ``RepairPlan.additions``, the best text is offered a checked sentence for each fact it
   left out (:mod:`engine.grounding.coverage`), within its channel's limit.

What is still unsupported after that stays flagged, so nothing invented goes unmarked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from engine.core.callbacks import ProgressFn, TextFn, no_progress, no_text, raise_if_stopped
from engine.decoding.protocol import SENTENCE_ENDS, Generator, Message, StreamSettings
from engine.grounding.coverage import cover_missing
from engine.grounding.repeats import drop_repeats
from engine.grounding.shape import TextShape, first_sentence, fit, tidy
from engine.grounding.trim import trim_sentence
from engine.guard.claims import ClaimRules, EvidenceIndex
from engine.guard.evidence import EvidenceSet
from engine.guard.report import GuardReport, check


@dataclass(frozen=True)
class RepairPlan:
    """How much repairing a batch of variants may cost."""

    candidates: int = 3
    """Sentences sampled at once for each rewrite."""
    rewrites: int = 4
    """Rewrite calls for the whole batch (best-ranked variants first); beyond it, drop."""
    sentence_tokens: int = 48
    temperature: float = 0.8
    additions: int = 0
    """Model calls the best variant may spend on sentences for facts it left out (coverage)."""
    banned_words: tuple[str, ...] = ()
    """Words never generated (a brand voice's avoid-words), in rewrites and additions too."""

    def sentence_settings(self, seed: int, temperature: float | None = None) -> StreamSettings:
        """One call's settings: ``candidates`` single sentences sampled at once."""
        return StreamSettings(
            variants=self.candidates,
            max_new_tokens=self.sentence_tokens,
            temperature=self.temperature if temperature is None else temperature,
            seed=seed,
            stop_at=SENTENCE_ENDS,
            repetition_penalty=1.1,
            banned_words=self.banned_words,
        )


@dataclass
class GroundedText:
    """One variant as shown: its final text, its check, and what happened to it."""

    text: str
    report: GuardReport
    raw: str = ""
    removed: list[str] = field(default_factory=list)
    rewritten: int = 0
    dropped: list[str] = field(default_factory=list)
    finished: bool = True
    variant: int = 0
    added: list[str] = field(default_factory=list)
    """Sentences added for facts the text first left out (see :mod:`.coverage`)."""
    trimmed: list[str] = field(default_factory=list)
    """Sentences cut back to their supported first clause (as written before the cut)."""

    def rank_key(self, target_chars: int) -> tuple[int, int, int]:
        """Fewest unsupported statements, then most facts used, then the closest length."""
        gap = abs(len(self.text) - target_chars) if target_chars else 0
        return (self.report.unsupported, len(self.report.missing), gap)


@dataclass
class Grounder:
    """The evidence, the checker's knobs and the embedder, for one request."""

    evidence: EvidenceSet
    rules: ClaimRules = field(default_factory=ClaimRules)
    embedder: Any = None

    def __post_init__(self) -> None:
        self.index = EvidenceIndex(self.evidence, self.embedder)

    @property
    def title(self) -> str:
        """The product's title, when the evidence has one (taken off when used as a heading)."""
        item = self.evidence.get("title")
        return item.text if item else ""

    def check(self, text: str) -> GuardReport:
        """The guard's report on ``text``."""
        return check(text, self.evidence, rules=self.rules, index=self.index)


def _usable(candidate: str, text: str) -> bool:
    """A rewrite candidate worth checking: a real sentence, not a repeat of the text."""
    long_enough = len(candidate.split()) >= 3 or (len(candidate) >= 6 and not candidate.isascii())
    return long_enough and candidate not in text


def repair(
    item: GroundedText,
    grounder: Grounder,
    generator: Generator,
    messages: Sequence[Message],
    shape: TextShape,
    plan: RepairPlan,
    budget: list[int],
    stop: threading.Event,
    seed: int = 0,
) -> GroundedText:
    """Rewrite or drop ``item``'s unsupported sentences; ``budget[0]`` rewrite calls left."""
    if shape.kind != "prose":
        return _repair_lines(item, grounder, generator, messages, shape, plan, budget, stop, seed)
    text = item.text
    kept: set[str] = set()  # the opening sentence stays (rewritten or flagged), never dropped
    for attempt in range(12):  # sentences fixed one at a time, the text re-checked each time
        raise_if_stopped(stop)
        report = grounder.check(text)
        bad = next(
            (s for s in report.sentences if not s.supported and s.sentence.text not in kept),
            None,
        )
        if bad is None:
            break
        sentence = bad.sentence
        first_flag = min((f.start for f in bad.flags), default=sentence.end) - sentence.start
        trimmed = trim_sentence(sentence.text, first_flag, grounder.check)
        replacement = trimmed or ""
        if not trimmed and budget[0] > 0:
            budget[0] -= 1
            settings = plan.sentence_settings(seed * 101 + attempt)
            prefix = text[: sentence.start]
            result = generator.stream(messages, settings, stop=stop, prefix=prefix)
            for candidate in (first_sentence(t) for t in result.texts):
                if _usable(candidate, text) and grounder.check(candidate).unsupported == 0:
                    replacement = candidate
                    break
        remaining = [s for s in report.sentences if s is not bad]
        if not replacement and not remaining:
            break  # never drop a text's last sentence: its flags stay visible instead
        if not replacement and bad.sentence.start == 0:
            kept.add(bad.sentence.text)  # dropping the opening leaves a text that starts on "It"
            continue
        if trimmed:
            item.trimmed.append(sentence.text)
        elif replacement:
            item.rewritten += 1
        else:
            item.dropped.append(sentence.text)
        text = tidy(text[: sentence.start] + replacement + text[sentence.end :])
    item.text = text
    item.report = grounder.check(text)
    return item


MIN_BULLETS = 3
"""Bullets the checker never cuts below (an unsupported one stays flagged instead)."""


def _rewrite_line(
    lines: list[str],
    index: int,
    grounder: Grounder,
    generator: Generator,
    messages: Sequence[Message],
    plan: RepairPlan,
    stop: threading.Event,
    seed: int,
) -> str:
    """A checked new line ``index`` written after the lines before it ("" when none passes)."""
    prefix = "".join(line + "\n" for line in lines[:index])
    settings = replace(plan.sentence_settings(seed), stop_at=("\n",))
    result = generator.stream(messages, settings, stop=stop, prefix=prefix)
    marker = "- " if lines[index].startswith("- ") else ""
    for text in result.texts:
        candidate = text.strip().splitlines()[0].strip() if text.strip() else ""
        if marker and not candidate.startswith(marker):
            candidate = marker + candidate.lstrip("-•* ")
        fresh = len(candidate) > 3 and candidate not in lines
        if fresh and grounder.check(candidate).unsupported == 0:
            return candidate
    return ""


def _repair_lines(
    item: GroundedText,
    grounder: Grounder,
    generator: Generator,
    messages: Sequence[Message],
    shape: TextShape,
    plan: RepairPlan,
    budget: list[int],
    stop: threading.Event,
    seed: int,
) -> GroundedText:
    """Bullets, titles and two-line channels, line by line.

    An unsupported line is rewritten while the batch's budget lasts; otherwise it goes, unless
    the channel needs it: every line of an ad or SEO text (headline and body, title and meta
    description) and the first :data:`MIN_BULLETS` bullets stay, flagged, rather than leave a
    broken shape.
    """
    lines = [line for line in item.text.splitlines() if line.strip()]
    required = len(lines) if shape.kind in ("lines", "title") else MIN_BULLETS
    out = list(lines)
    for index, line in enumerate(lines):
        raise_if_stopped(stop)
        if grounder.check(line).unsupported == 0:
            continue
        replacement = ""
        if budget[0] > 0:
            budget[0] -= 1
            replacement = _rewrite_line(
                out, out.index(line), grounder, generator, messages, plan, stop, seed + index
            )
        if replacement:
            out[out.index(line)] = replacement
            item.rewritten += 1
        elif len(out) > required:
            out.remove(line)
            item.dropped.append(line)
    if out != lines:
        item.text = "\n".join(out)
        item.report = grounder.check(item.text)
    return item


def write_grounded(
    generator: Generator,
    messages: Sequence[Message],
    grounder: Grounder,
    shape: TextShape | None,
    settings: StreamSettings,
    *,
    plan: RepairPlan | None = None,
    target_chars: int = 0,
    on_text: TextFn = no_text,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
    repair_enabled: bool = True,
) -> tuple[list[GroundedText], dict[str, Any]]:
    """Write ``settings.variants`` grounded texts, best first.

    ``shape`` None (free writing) keeps each text as written; it is still checked.

    Returns:
        The variants (ranked) and timings: ``{"generate_s", "repair_s", "tokens_per_s",
        "first_token_s", "stopped"}``.

    Raises:
        Cancelled: when ``stop`` is set while repairing (generation itself just stops).

    """
    stop = stop or threading.Event()
    plan = replace(plan or RepairPlan(), banned_words=tuple(settings.banned_words))
    started = time.perf_counter()
    result = generator.stream(messages, settings, on_text=on_text, stop=stop)
    generated = time.perf_counter()
    items: list[GroundedText] = []
    for index, raw in enumerate(result.texts):
        finished = result.finished_rows[index] if index < len(result.finished_rows) else True
        text, removed = raw.strip(), []
        if shape is not None:  # None: free writing, the text as the model wrote it
            cleaned = fit(raw, shape, finished=finished, title=grounder.title)
            text, removed = cleaned.text, cleaned.removed
        items.append(
            GroundedText(
                text,
                grounder.check(text),
                raw=raw,
                removed=removed,
                finished=finished,
                variant=index,
            )
        )
    if repair_enabled and shape is not None and not result.stopped:
        budget = [plan.rewrites]
        order = sorted(items, key=lambda i: i.rank_key(target_chars))
        for step, item in enumerate(order):
            on_progress(step, len(order), "checking facts")
            seed = (settings.seed or 0) + step
            repair(item, grounder, generator, messages, shape, plan, budget, stop, seed)
            if shape.kind == "prose":
                item.text, repeats = drop_repeats(item.text)
                if repeats:
                    item.removed.append("repeat")
                    item.report = grounder.check(item.text)
        items.sort(key=lambda i: i.rank_key(target_chars))
        if plan.additions and items:
            best = items[0]
            on_progress(len(items), len(items) + 1, "adding missing facts")
            best.text, best.report, best.added = cover_missing(
                best.text,
                best.report,
                grounder.check,
                grounder.evidence,
                generator,
                messages,
                shape,
                additions=plan.additions,
                sentence_settings=lambda seed: plan.sentence_settings(seed, temperature=0.7),
                seed=settings.seed or 0,
                stop=stop,
            )
    items.sort(key=lambda i: i.rank_key(target_chars))
    timings = {
        "generate_s": round(generated - started, 3),
        "repair_s": round(time.perf_counter() - generated, 3),
        "tokens_per_s": round(result.tokens_per_s, 2),
        "first_token_s": round(result.first_token_s, 3),
        "stopped": result.stopped,
    }
    return items, timings


def rewrite_sentence(
    generator: Generator,
    messages: Sequence[Message],
    grounder: Grounder,
    text: str,
    start: int,
    end: int,
    *,
    plan: RepairPlan | None = None,
    seed: int = 0,
    stop: threading.Event | None = None,
) -> tuple[str, bool]:
    """Write ``text[start:end]`` (one sentence) again, as the window's "rewrite" does.

    Returns:
        The text with the sentence replaced and True, or the text unchanged and False when
        no candidate passed the guard.

    """
    plan = plan or RepairPlan()
    stop = stop or threading.Event()
    for attempt in range(2):
        settings = plan.sentence_settings(seed * 31 + attempt)
        result = generator.stream(messages, settings, stop=stop, prefix=text[:start])
        for candidate in (first_sentence(t) for t in result.texts):
            if _usable(candidate, text) and grounder.check(candidate).unsupported == 0:
                return tidy(text[:start] + candidate + text[end:]), True
        raise_if_stopped(stop)
    return text, False


def remove_sentence(text: str, start: int, end: int) -> str:
    """``text`` without the sentence at ``start:end`` (spacing tidied)."""
    return tidy(text[:start] + text[end:])
