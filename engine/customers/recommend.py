"""Recommendations: catalogue products that fit one customer's notes, a reason each, a message.

1. Every published product is scored against the notes (:mod:`engine.customers.matching`);
   those that fit form a shortlist (nothing fits: the answer says so, it does not pad).
2. The model picks ``k`` of the shortlist with a one-line reason and the note behind it. Every
   pick is validated against the catalogue: a name that is not a catalogue product, a draft,
   an unpublished product, one the notes rule out or one that does not fit is rejected and
   reported; free places are filled from the shortlist, never beyond it.
3. A reason the notes and the product facts do not support is replaced by the note itself,
   quoted with its date, so every reason cites the note behind it.
4. A short message to the customer is written through grounded writing (evidence: their notes
   and the picked products' facts); sentences that stay unsupported are taken out.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from engine.catalog.store import Catalogue
from engine.core.callbacks import ProgressFn, TextFn, no_progress, no_text
from engine.core.errors import Cancelled, UserError
from engine.customers.matching import Match, fitting, rank_products
from engine.customers.profile import note_evidence, recent_notes
from engine.customers.prompts import (
    customer_lang,
    first_name,
    for_backend,
    message_messages,
    picks_messages,
)
from engine.customers.store import KIND_LABELS, Customer, CustomerBook, Note
from engine.decoding.protocol import WRITING_REPETITION_PENALTY, Generator, StreamSettings
from engine.grounding.shape import TextShape
from engine.grounding.writer import Grounder, RepairPlan, write_grounded
from engine.guard.evidence import EvidenceItem, EvidenceSet
from engine.history.store import History
from engine.store.connection import Store

SHORTLIST = 6
MESSAGE_SHAPE = TextShape("prose", max_chars=700)
_PICK = re.compile(
    r"^\s*(?:[-*•]|\d+[.)、])?\s*\**(?P<name>[^|\n]+?)\**\s*(?:\||：|:|—|–)\s*(?P<reason>[^|\n]*?)"
    r"\s*(?:\|\s*(?:note\s*)?\[?n?(?P<note>\d+)\]?\s*)?$",
    re.IGNORECASE,
)


def parse_picks(text: str) -> list[tuple[str, str, int | None]]:
    """``(name, reason, note id)`` for each ``handle | reason | n12`` line the model wrote."""
    out = []
    for line in text.splitlines():
        match = _PICK.match(line)
        if match is None:
            continue
        name = match.group("name").strip().strip("`'\"[]")
        reason = match.group("reason").strip().rstrip("|").strip()
        note = match.group("note")
        if name and len(name) <= 80:
            out.append((name, reason, int(note) if note else None))
    return out


def _note_reason(note: Note, lang: str) -> str:
    """The reason when the model's does not hold: the note itself, quoted with its date."""
    text = " ".join(note.text.split())
    if len(text) > 110:
        text = text[:109] + "…"
    if lang == "zh":
        return f"{note.date} 的{KIND_LABELS[note.kind]}：“{text}”"
    return f"Their {KIND_LABELS[note.kind]} of {note.date}: “{text}”"


def _reason_holds(reason: str, note: Note, match: Match, customer: Customer, lang: str) -> bool:
    """True when the model's reason is supported by that note and the product's facts."""
    if len(reason) < 6:
        return False
    items = [EvidenceItem(str(note.id), note.text, note.label, "note")]
    facts = EvidenceSet.from_facts(match.product.product_facts(lang))
    evidence = EvidenceSet(
        (*items, *facts.items), lang, (*customer.name.split(), "customer", "顾客")
    )
    return Grounder(evidence).check(reason).unsupported == 0


def validate_picks(
    picks: Sequence[tuple[str, str, int | None]],
    catalogue: Catalogue,
    matches: Sequence[Match],
    fits: Sequence[Match],
    k: int,
) -> tuple[list[tuple[Match, str, int | None]], list[dict[str, str]]]:
    """The model's picks that are real, for sale and fitting; and the rejected ones with why."""
    by_handle = {m.product.handle: m for m in matches}
    fit_handles = {m.product.handle for m in fits}
    chosen: list[tuple[Match, str, int | None]] = []
    rejected: list[dict[str, str]] = []
    for name, reason, note_id in picks:
        product = catalogue.find(name)
        if product is None:
            rejected.append({"name": name, "why": "not in the catalogue"})
            continue
        match = by_handle.get(product.handle)
        if match is None:
            rejected.append({"name": name, "why": f"not for sale ({product.status})"})
        elif match.avoided:
            rejected.append({"name": name, "why": match.avoided})
        elif product.handle not in fit_handles:
            rejected.append({"name": name, "why": "nothing in their notes points to it"})
        elif all(c[0].product.handle != product.handle for c in chosen) and len(chosen) < k:
            chosen.append((match, reason, note_id))
    return chosen, rejected


def _message_evidence(
    customer: Customer, notes: Sequence[Note], picks: Sequence[Match], lang: str
) -> EvidenceSet:
    base = note_evidence(customer, notes, lang)
    items = list(base.items)
    for match in picks:
        for item in EvidenceSet.from_facts(match.product.product_facts(lang)).items:
            items.append(
                EvidenceItem(f"{match.product.handle}:{item.id}", item.text, item.shown, "context")
            )
    extra = ("hi", "hello", "dear", "shop", "team", "thanks", "wishes", "您好", "你好", "店")
    return EvidenceSet(tuple(items), lang, (*base.allowed_terms, *extra))


def recommend(
    generator: Generator,
    store: Store,
    customer_id: int,
    *,
    k: int = 3,
    lang: str | None = None,
    embedder: Any = None,
    seed: int | None = 7,
    on_text: TextFn = no_text,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
    save: bool = True,
) -> dict[str, Any]:
    """Up to ``k`` catalogue products for one customer, each with a reason; and a message.

    Returns:
        ``{"items": [{"handle", "title", "reason", "note_id", "note_date", "score"}],
        "message", "rejected", "nothing_fits", "lang", "customer_id", "model", ...}``.

    Raises:
        UserError: for an unknown customer, one without notes, an empty catalogue, a bad ``k``.
        Cancelled: when ``stop`` was set.

    """
    if not 1 <= k <= 10:
        raise UserError("ask for between 1 and 10 products")
    book, catalogue = CustomerBook(store), Catalogue(store)
    customer = book.get(customer_id)
    if customer is None:
        raise UserError(f"no customer {customer_id}")
    notes = book.notes(customer_id)
    if not notes:
        raise UserError(f"{customer.label} has no notes yet: add one first")
    products = catalogue.products(available_only=True)
    if not products:
        raise UserError("the catalogue is empty: import your product CSV first (Catalogue…)")
    lang = lang or customer_lang(customer, notes)
    on_progress(0, 3, "matching notes to the catalogue")
    matches = rank_products(store, notes, products, embedder)
    fits = fitting(matches, lexical_only=embedder is None)
    shortlist = fits[:SHORTLIST]
    by_id = {n.id: n for n in notes}
    result: dict[str, Any] = {
        "customer_id": customer_id,
        "items": [],
        "message": "",
        "rejected": [],
        "nothing_fits": not shortlist,
        "lang": lang,
        "model": generator.name,
    }
    if shortlist:
        used = recent_notes(notes, lang)
        on_progress(1, 3, "choosing products")
        raw = generator.stream(
            for_backend(generator.backend, picks_messages(customer, used, shortlist, k, lang)),
            StreamSettings(variants=1, max_new_tokens=40 * k + 40, temperature=0.2, seed=seed),
            stop=stop,
        )
        if raw.stopped:
            raise Cancelled()
        chosen, result["rejected"] = validate_picks(
            parse_picks(raw.texts[0] if raw.texts else ""), catalogue, matches, fits, k
        )
        for match in shortlist:  # free places come from the shortlist only, never beyond it
            if len(chosen) >= k:
                break
            if all(c[0].product.handle != match.product.handle for c in chosen):
                chosen.append((match, "", None))
        for match, reason, note_id in chosen:
            note = by_id.get(note_id or 0) or by_id[match.note_id]
            if not _reason_holds(reason, note, match, customer, lang):
                note, reason = by_id[match.note_id], _note_reason(by_id[match.note_id], lang)
            result["items"].append(
                {
                    "handle": match.product.handle,
                    "title": match.product.title,
                    "reason": reason,
                    "note_id": note.id,
                    "note_date": note.date,
                    "score": round(match.score, 4),
                }
            )
        on_progress(2, 3, "writing the message")
        picks = [c[0] for c in chosen]
        grounder = Grounder(_message_evidence(customer, used, picks, lang), embedder=embedder)
        items, timings = write_grounded(
            generator,
            for_backend(generator.backend, message_messages(customer, used, picks, lang)),
            grounder,
            MESSAGE_SHAPE,
            StreamSettings(
                variants=1,
                max_new_tokens=220,
                temperature=0.5,
                seed=seed,
                repetition_penalty=WRITING_REPETITION_PENALTY,
            ),
            plan=RepairPlan(candidates=2, rewrites=2),
            on_text=on_text,
            stop=stop,
        )
        if timings["stopped"]:
            raise Cancelled()
        report = grounder.check(items[0].text if items else "")
        kept = [s.sentence.text for s in report.sentences if s.supported]
        result["message"] = ("" if lang == "zh" else " ").join(kept)
        result["timings"] = timings
    else:
        name = first_name(customer) or customer.label
        result["note"] = (
            f"目录里没有适合{name}记录的商品。"
            if lang == "zh"
            else f"Nothing in the catalogue fits what {name}'s notes say; nothing to recommend."
        )
    on_progress(3, 3, "done")
    if save:
        result["id"] = book.save_profile(
            customer_id, "recommendations", result, lang, generator.name
        )
        if result["message"]:
            History(store).add(
                result["message"],
                kind="customer_message",
                lang=lang,
                title=customer.label,
                settings={
                    "customer_id": customer_id,
                    "items": [i["handle"] for i in result["items"]],
                },
                model=generator.name,
                adapter=generator.adapter or "",
            )
    return result
