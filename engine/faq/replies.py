"""Reply drafts: retrieve the policies, write grounded drafts, catch echoes, save to history.

1. The message's policies are retrieved (:func:`engine.faq.retrieval.retrieve_policies`);
   when none answers, the drafts say the shop will check and come back (no model call, so
   nothing can be invented) and ``no_policy`` is true.
2. Otherwise the model writes 1–3 drafts with the same grounded-writing machinery as the Copy
   tab, the retrieved policies as the only evidence; a refund or return request's drafts
   differ in intent (accept / ask for details / decline politely).
3. A sentence that copies the message back, or repeats what it told the assistant to say
   (a code, "365 days", another customer's e-mail), is taken out; what the guard cannot
   support stays flagged.
4. Each draft lists the entries it actually used; all drafts go to history (kind ``faq``).
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from engine.core.callbacks import ProgressFn, TextFn, no_progress, no_text
from engine.core.errors import UserError
from engine.decoding.protocol import WRITING_REPETITION_PENALTY, StreamSettings
from engine.faq.house_prompts import reply_messages
from engine.faq.prompts import (
    INTENTS,
    PASSAGE_CHARS,
    REPLY_TERMS,
    TONES,
    Passage,
    build_reply_prompt,
    holding_reply,
)
from engine.faq.retrieval import Retrieval, check_question, retrieve_policies
from engine.faq.rules import echoes, handover_reasons, injection_spans, repeats_message
from engine.faq.sources_of import used_sources
from engine.faq.text import detect_lang
from engine.grounding.shape import TextShape, cut_to_chars
from engine.grounding.writer import GroundedText, Grounder, RepairPlan, write_grounded
from engine.guard.evidence import EvidenceSet
from engine.guard.sentences import split_sentences
from engine.history.store import History
from engine.models.embedder import get_embedder
from engine.runtime.engine import Engine

KEEP_MARGIN = 3.0
"""Hits this close to the best one's fused score go into the prompt (at most three)."""
MAX_CHARS = 900
REPAIR = RepairPlan(candidates=3, rewrites=2)
"""Rewrites per batch of drafts: fewer than the Copy tab's, a reply is waited for."""
REFUND_CONCEPTS = ("~refund", "~return", "~exchange")


@dataclass
class ReplyRequest:
    """What the merchant asked for."""

    message: str
    variants: int = 1
    tone: str = "friendly"
    lang: str | None = None
    """``en``/``zh``; None: the customer's language."""
    values: dict[str, str] = field(default_factory=dict)
    """What is known about the customer: ``customer_name``, ``order_id``…"""
    seed: int | None = None
    temperature: float = 0.4
    max_new_tokens: int | None = None
    intents: bool = True
    """Refund requests get drafts of different intents when several are asked for."""

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> ReplyRequest:
        """Build from a plain dict (the worker's and the CLI's request form).

        Raises:
            UserError: for an empty message, or a bad tone, language or count.

        """
        message = check_question(str(params.get("message") or params.get("question") or ""))
        variants = int(params.get("variants") or 1)
        if not 1 <= variants <= 3:
            raise UserError("ask for 1 to 3 drafts")
        tone = str(params.get("tone") or "friendly")
        if tone not in TONES:
            raise UserError(f"unknown tone {tone!r}; choose {', '.join(TONES)}")
        lang = params.get("lang") or None
        if lang not in (None, "en", "zh"):
            raise UserError("the reply language must be en or zh")
        values = {str(k): str(v) for k, v in dict(params.get("values") or {}).items() if v}
        return cls(
            message=message,
            variants=variants,
            tone=tone,
            lang=lang,
            values=values,
            seed=params.get("seed"),
            temperature=float(params.get("temperature", 0.4)),
            max_new_tokens=params.get("max_new_tokens"),
            intents=bool(params.get("intents", True)),
        )


def _passages(found: Retrieval) -> list[Passage]:
    best = found.hits[0].score if found.hits else 0.0
    kept = [h for h in found.hits if h.score >= best - KEEP_MARGIN][:3]
    return [
        Passage(h.entry.id, h.entry.title, cut_to_chars(h.entry.text, PASSAGE_CHARS)) for h in kept
    ]


def _evidence(
    passages: list[Passage], found: Retrieval, lang: str, values: dict[str, str]
) -> EvidenceSet:
    texts = {h.entry.id: h.entry.text for h in found.hits}
    evidence = EvidenceSet.from_passages(
        [(p.id, p.title, texts.get(p.id, p.text)) for p in passages], lang, kind="policy"
    )
    name = values.get("customer_name", "")
    return replace(evidence, allowed_terms=(*REPLY_TERMS, *name.split()))


def _without_echoes(item: GroundedText, message: str, grounder: Grounder) -> list[str]:
    """Take out sentences repeating the message or its instructions; returns what was echoed."""
    evidence_text = grounder.evidence.all_text()
    echoed, kept = [], []
    for sentence in split_sentences(item.text):
        said = echoes(sentence.text, message, evidence_text)
        if not said and repeats_message(sentence.text, message, evidence_text):
            said = sentence.text
        if said:
            echoed.append(said)
        else:
            kept.append(sentence.text)
    if echoed:
        item.text = " ".join(kept).strip()
        item.report = grounder.check(item.text)
    return echoed


def _draft_json(
    item: GroundedText | None, text: str, sources: list[str], intent: str, index: int
) -> dict[str, Any]:
    report = item.report if item is not None else None
    return {
        "text": text,
        "sources": sources,
        "intent": intent,
        "variant": index,
        "flags": [f.to_json() for f in report.flags] if report else [],
        "sentences": [s.to_json() for s in report.sentences] if report else [],
        "removed": sorted(set(item.removed)) if item is not None else [],
        "dropped": item.dropped if item is not None else [],
        "echoed": [],
    }


def write_reply(
    engine: Engine,
    request: ReplyRequest,
    on_text: TextFn = no_text,
    stop: threading.Event | None = None,
    on_progress: ProgressFn = no_progress,
) -> dict[str, Any]:
    """Draft replies to one customer message.

    Returns:
        ``{"drafts": [{"text", "sources", "flags", "intent", "id", ...}], "no_policy",
        "language", "handover", "handover_reasons", "injection", "hits", ...}``.

    Raises:
        UserError: for a bad request; NoModelError when a draft needs a model and none is
            installed.

    """
    started = time.perf_counter()
    stop = stop or threading.Event()
    first: list[float] = []

    def emit(variant: int, text: str) -> None:
        if not first:
            first.append(time.perf_counter() - started)
        on_text(variant, text)

    lang = request.lang or detect_lang(request.message)
    embedder = get_embedder()
    found = retrieve_policies(engine.store, request.message, 3, embedder=embedder)
    handover = handover_reasons(request.message)
    injection = injection_spans(request.message)
    name = request.values.get("customer_name", "")
    drafts: list[dict[str, Any]] = []
    timings: dict[str, Any] = {"stopped": False, "tokens_per_s": 0.0}
    model = adapter = ""
    if found.no_policy:
        tones = [request.tone, *(t for t in TONES if t != request.tone)][: request.variants]
        for index, tone in enumerate(tones):
            text = holding_reply(lang, tone, name)
            emit(index, text)
            drafts.append(_draft_json(None, text, [], "check", index))
    else:
        generator = engine.generator(on_progress)
        model, adapter = generator.name, generator.adapter or ""
        house = engine.prompt_style() == "house"  # trained on the house prompt
        passages = _passages(found)
        evidence = _evidence(passages, found, lang, request.values)
        grounder = Grounder(evidence, embedder=embedder)
        refund = any(c in found_concepts(request.message) for c in REFUND_CONCEPTS)
        plan = (
            INTENTS[1:][: request.variants]
            if refund and request.intents and request.variants > 1
            else ["answer"]
        )
        max_new = request.max_new_tokens or (200 if lang == "zh" else 160)
        shape = TextShape("prose", MAX_CHARS)
        results: list[tuple[str, GroundedText]] = []
        for call, intent in enumerate(plan):
            if house:
                messages = reply_messages(
                    request.message, passages, lang=lang, tone=request.tone, intent=intent
                )
            else:
                messages = build_reply_prompt(
                    request.message,
                    passages,
                    lang=lang,
                    tone=request.tone,
                    intent=intent,
                    customer_name=name,
                )
            settings = StreamSettings(
                variants=request.variants if intent == "answer" else 1,
                max_new_tokens=max_new,
                temperature=request.temperature,
                seed=None if request.seed is None else request.seed + call,
                repetition_penalty=WRITING_REPETITION_PENALTY,
            )
            base = call

            def stream_to(variant: int, text: str, base: int = base) -> None:
                emit(base + variant, text)

            items, timings = write_grounded(
                generator,
                messages,
                grounder,
                shape,
                settings,
                plan=REPAIR,
                on_text=stream_to,
                on_progress=on_progress,
                stop=stop,
            )
            results.extend((intent, item) for item in items)
            if timings["stopped"]:
                break
        ignore = set(REPLY_TERMS)
        for index, (intent, item) in enumerate(results):
            echoed = _without_echoes(item, request.message, grounder)
            text = item.text or holding_reply(lang, request.tone, name)
            sources = used_sources(item.report, grounder, ignore) if item.text else []
            entry = _draft_json(item, text, sources, intent, index)
            entry["echoed"] = echoed
            drafts.append(entry)
    batch = uuid.uuid4().hex[:12]
    history = History(engine.store)
    for draft in drafts:
        draft["id"] = history.add(
            draft["text"],
            kind="faq",
            channel="reply",
            lang=lang,
            title=" ".join(request.message.split())[:80],
            facts={
                "message": request.message,
                "sources": draft["sources"],
                "values": request.values,
            },
            settings={
                "tone": request.tone,
                "intent": draft["intent"],
                "no_policy": found.no_policy,
                "variants": request.variants,
            },
            model=model,
            adapter=adapter,
            batch_id=batch,
            variant=draft["variant"],
        )
    return {
        "drafts": drafts,
        "no_policy": found.no_policy,
        "language": lang,
        "handover": bool(handover),
        "handover_reasons": [h.to_json() for h in handover],
        "injection": bool(injection),
        "injection_spans": injection,
        "hits": [h.to_json() for h in found.hits],
        "retrieval": {k: v for k, v in found.to_json().items() if k != "hits"},
        "model": model,
        "adapter": adapter,
        "tokens_per_s": timings.get("tokens_per_s", 0.0),
        "first_token_s": round(first[0], 3) if first else None,
        "seconds": round(time.perf_counter() - started, 3),
        "stopped": bool(timings.get("stopped")),
        "batch_id": batch,
    }


def found_concepts(message: str) -> list[str]:
    """The glossary concepts a message names (refund requests get intents)."""
    from engine.faq.glossary import concept_tokens

    return concept_tokens(message)
