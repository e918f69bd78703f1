"""Listing copy: facts in, grounded variants out (best first), saved to history.

Grounded is the default: the channel's exemplar prompt, the shape clean-up, sentence-level
checking against the merchant's facts with rewriting, ranking and coverage
(:mod:`engine.grounding.writer`). ``grounded=False`` ("free writing") keeps the model's text
as written; it is still checked, so its flags and coverage show.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.catalog.facts import ProductFacts
from engine.core.callbacks import ProgressFn, TextFn, no_progress, no_text
from engine.core.errors import UserError
from engine.core.textfmt import to_html
from engine.decoding.protocol import WRITING_REPETITION_PENALTY, Generator, StreamSettings
from engine.grounding.writer import GroundedText, Grounder, RepairPlan, write_grounded
from engine.guard.evidence import EvidenceSet
from engine.history.store import History
from engine.listing.house_prompts import copy_messages
from engine.listing.prompts import (
    build_grounded_prompt,
    build_listing_prompt,
    channel_shape,
    get_channel,
    get_length,
    max_new_tokens_for,
)
from engine.listing.voice import apply_voice, get_voice
from engine.models.adapters import read_voice_lines
from engine.models.embedder import get_embedder
from engine.runtime.engine import Engine

FORMATS = ("plain", "html")
LENGTH_SHARE = {"short": 0.35, "medium": 0.55, "long": 0.85}
COVERAGE_ADDITIONS = {("description", "medium"): 2, ("description", "long"): 3}
"""Calls the best description may spend on a sentence for each fact it left out."""
"""The length a variant aims at, as a share of the channel's character limit (for ranking)."""


@dataclass
class CopyRequest:
    """What the merchant asked for."""

    facts: ProductFacts
    channel: str = "description"
    variants: int = 1
    seed: int | None = None
    max_new_tokens: int | None = None
    temperature: float = 0.7
    examples: list[str] = field(default_factory=list)
    length: str = "medium"
    fmt: str = "plain"
    voice_id: int = 0
    variant_index: int | None = None
    """Set when one variant of an earlier batch is regenerated: its card index."""
    batch_id: str = ""
    grounded: bool = True
    """False: "free writing", the model's text as written (still checked)."""

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> CopyRequest:
        """Build from a plain dict (the worker's and CLI's request form).

        Raises:
            UserError: for bad facts, channel, length or format.

        """
        facts = params["facts"]
        if not isinstance(facts, ProductFacts):
            facts = ProductFacts.from_dict(facts)
        get_channel(str(params.get("channel") or "description"))
        get_length(str(params.get("length") or "medium"))
        fmt = str(params.get("format") or "plain")
        if fmt not in FORMATS:
            raise UserError(f"unknown format {fmt!r}; choose plain or html")
        index = params.get("variant_index")
        return cls(
            facts=facts,
            channel=str(params.get("channel") or "description"),
            variants=int(params.get("variants") or 1),
            seed=params.get("seed"),
            max_new_tokens=params.get("max_new_tokens"),
            temperature=float(params.get("temperature", 0.7)),
            examples=list(params.get("examples") or []),
            length=str(params.get("length") or "medium"),
            fmt=fmt,
            voice_id=int(params.get("voice_id") or 0),
            variant_index=None if index is None else int(index),
            batch_id=str(params.get("batch_id") or ""),
            grounded=bool(params.get("grounded", True)),
        )


def variant_json(item: GroundedText, evidence: EvidenceSet) -> dict[str, Any]:
    """One variant in the CLI contract's shape: text, flags, coverage, sentences."""
    return {
        "text": item.text,
        "flags": [f.to_json() for f in item.report.flags],
        "coverage": item.report.coverage_json(evidence),
        "sentences": [s.to_json() for s in item.report.sentences],
        "evidence": [e.to_json() for e in evidence.items],
        "removed": sorted(set(item.removed)),
        "rewritten": item.rewritten,
        "dropped": item.dropped,
        "added": item.added,
        "trimmed": item.trimmed,
    }


def compose(
    generator: Generator,
    request: CopyRequest,
    facts: ProductFacts,
    voice_examples: list[str],
    *,
    on_text: TextFn = no_text,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
    prompt_style: str = "classic",
    voice_lines: Sequence[str] = (),
) -> tuple[list[GroundedText], dict[str, Any], EvidenceSet]:
    """The grounded pipeline for one product and channel (the copy job and bulk runs).

    ``facts`` carry the brand voice (tone, words to use and avoid) for the prompt; the
    evidence is always ``request.facts``, the merchant's own, never the voice's words.
    ``prompt_style="house"`` (a model trained on the corpus) writes with the short house
    prompt it was trained on (:mod:`engine.listing.house_prompts`) instead of exemplars.
    ``voice_lines`` (the active adapter's, :func:`engine.models.adapters.read_voice_lines`)
    are evidence too: the shop's own recurring sentences are kept, not cut as unsupported.

    Returns:
        The variants (best first), the timings (plus ``max_new_tokens``) and the evidence.

    """
    spec = get_channel(request.channel)
    max_new = request.max_new_tokens or max_new_tokens_for(
        request.channel, request.length, facts.lang
    )
    shots = [*request.examples, *voice_examples]
    if prompt_style == "house":
        messages = copy_messages(facts, request.channel, facts.lang, request.length, shots)
    else:
        build = build_grounded_prompt if request.grounded else build_listing_prompt
        messages = build(facts, request.channel, shots, length=request.length)
    sampling = StreamSettings(
        variants=request.variants,
        max_new_tokens=max_new,
        temperature=request.temperature,
        seed=request.seed,
        banned_words=tuple(facts.banned_words),
        repetition_penalty=WRITING_REPETITION_PENALTY,
    )
    evidence = EvidenceSet.from_facts(request.facts).with_voice(voice_lines)
    grounder = Grounder(evidence, embedder=get_embedder())
    shape = channel_shape(request.channel) if request.grounded else None
    target = round((spec.max_chars or 0) * LENGTH_SHARE.get(request.length, 0.55))
    items, timings = write_grounded(
        generator,
        messages,
        grounder,
        shape,
        sampling,
        target_chars=target,
        on_text=on_text,
        on_progress=on_progress,
        stop=stop,
        repair_enabled=request.grounded,
        plan=RepairPlan(additions=COVERAGE_ADDITIONS.get((request.channel, request.length), 0)),
    )
    return items, {**timings, "max_new_tokens": max_new}, evidence


def adapter_voice(engine: Engine, adapter: str | None) -> list[str]:
    """The voice lines of the adapter that writes (none without one)."""
    return read_voice_lines(engine.paths.adapters / adapter) if adapter else []


def write_copy(
    engine: Engine,
    request: CopyRequest,
    on_text: TextFn,
    stop: threading.Event | None,
    on_progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Write listing copy, grounded in the merchant's facts, and save it to history.

    Returns:
        ``{"variants": [{"text", "flags", "coverage", "sentences", "id", ...}], "model",
        "device", "tokens_per_s", ...}`` (the CLI contract's shape plus history ids), best
        variant first.

    Raises:
        UserError: for a deleted brand voice or a bad request.

    """
    voice = None
    if request.voice_id:
        voice = get_voice(engine.store, request.voice_id)
        if voice is None:
            raise UserError("that brand voice no longer exists; pick another one")
    facts, voice_examples = apply_voice(request.facts, voice)
    generator = engine.generator(on_progress) if on_progress else engine.generator()
    if request.variant_index is not None and request.variants != 1:
        raise UserError("regenerate one variant at a time")
    first = request.variant_index or 0

    def emit(variant: int, text: str) -> None:
        on_text(first + variant, text)

    items, timings, evidence = compose(
        generator,
        request,
        facts,
        voice_examples,
        on_text=emit,
        on_progress=on_progress or no_progress,
        stop=stop,
        prompt_style=engine.prompt_style(),
        voice_lines=adapter_voice(engine, generator.adapter),
    )
    max_new = timings["max_new_tokens"]
    batch = request.batch_id or uuid.uuid4().hex[:12]
    settings: dict[str, Any] = {
        "variants": request.variants,
        "seed": request.seed,
        "temperature": request.temperature,
        "repetition_penalty": WRITING_REPETITION_PENALTY,
        "max_new_tokens": max_new,
        "length": request.length,
        "format": request.fmt,
        "stopped": timings["stopped"],
        "grounded": request.grounded,
    }
    if voice is not None:
        settings["voice"] = {"id": voice.id, "name": voice.name}
    if request.variant_index is not None:
        settings["regenerated_variant"] = request.variant_index
    variants = []
    for rank, item in enumerate(items):
        index = first + rank
        item_id = 0
        if item.text:
            item_id = History(engine.store).add(
                item.text,
                kind="copy",
                channel=request.channel,
                lang=request.facts.lang,
                title=request.facts.title,
                facts=request.facts.to_dict(),
                settings={**settings, "rank": rank, "rewritten": item.rewritten},
                model=generator.name,
                adapter=generator.adapter or "",
                batch_id=batch,
                variant=index,
            )
        entry = {**variant_json(item, evidence), "id": item_id, "variant": index, "rank": rank}
        if request.fmt == "html":
            entry["html"] = to_html(item.text)
        variants.append(entry)
    return {
        "variants": variants,
        "model": generator.name,
        "adapter": generator.adapter,
        "device": generator.choice.device,
        "dtype": generator.choice.dtype_name,
        "decoder": generator.backend,
        "tokens_per_s": timings["tokens_per_s"],
        "ttft_ms": round(timings["first_token_s"] * 1000, 1),
        "stopped": timings["stopped"],
        "batch_id": batch,
        "grounding": timings,
    }


def check_copy(facts: ProductFacts, text: str) -> dict[str, Any]:
    """The guard's report on a text the merchant edited or pasted, as the window shows it."""
    evidence = EvidenceSet.from_facts(facts)
    report = Grounder(evidence, embedder=get_embedder()).check(text)
    return {
        "text": text,
        "flags": [f.to_json() for f in report.flags],
        "coverage": report.coverage_json(evidence),
        "sentences": [s.to_json() for s in report.sentences],
        "evidence": [e.to_json() for e in evidence.items],
    }


def rewrite_copy_sentence(
    engine: Engine,
    request: CopyRequest,
    text: str,
    start: int,
    end: int,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Write one sentence of a variant again, grounded; the variant's new text and check.

    Returns:
        :func:`check_copy`'s shape plus ``"rewritten": bool`` (False: no candidate passed the
        guard and the text is unchanged).

    Raises:
        UserError: for offsets outside the text.

    """
    from engine.grounding.writer import rewrite_sentence

    if not 0 <= start < end <= len(text):
        raise UserError("that sentence is no longer in the text; check it again first")
    voice = get_voice(engine.store, request.voice_id) if request.voice_id else None
    facts, voice_examples = apply_voice(request.facts, voice)
    messages = build_grounded_prompt(
        facts, request.channel, [*request.examples, *voice_examples], length=request.length
    )
    grounder = Grounder(EvidenceSet.from_facts(request.facts), embedder=get_embedder())
    new_text, ok = rewrite_sentence(
        engine.generator(),
        messages,
        grounder,
        text,
        start,
        end,
        plan=RepairPlan(banned_words=tuple(facts.banned_words)),
        seed=request.seed or 0,
        stop=stop,
    )
    return {**check_copy(request.facts, new_text), "rewritten": ok}
