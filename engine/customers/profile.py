"""A customer's profile summary: written from their notes through grounded writing.

The notes are the evidence (:func:`note_evidence`): each sentence of the summary is checked
against them, rewritten or dropped when they do not support it (:func:`write_grounded`), and
then every sentence that traces to no note is taken out too, so what is left states nothing
the notes do not. Each kept sentence carries the notes it rests on (what hovering it shows);
``sources`` lists them all. The summary is saved with its date and the notes it used, and can
be written again at any time; the mood timeline next to it is read note by note
(:mod:`engine.customers.sentiment`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from engine.core.callbacks import ProgressFn, TextFn, no_progress, no_text
from engine.core.errors import Cancelled, UserError
from engine.customers.house_prompts import profile_messages
from engine.customers.prompts import customer_lang, for_backend, note_text, summary_messages
from engine.customers.sentiment import mood_timeline
from engine.customers.store import Customer, CustomerBook, Note
from engine.decoding.protocol import (
    WRITING_REPETITION_PENALTY,
    AdapterSpec,
    GenerationResult,
    Generator,
    Message,
    StreamSettings,
)
from engine.grounding.shape import TextShape
from engine.grounding.writer import Grounder, RepairPlan, write_grounded
from engine.guard.evidence import EvidenceItem, EvidenceSet
from engine.guard.sentences import is_chinese, split_sentences
from engine.history.store import History
from engine.store.connection import Store

PROMPT_CHARS = {"en": 6000, "zh": 2500}
"""The notes that fit a prompt (newest kept first): about 1,500 tokens either way."""
SUMMARY_SHAPE = TextShape("prose", max_chars=900)
PLAN = RepairPlan(candidates=2, rewrites=3)
_ALLOWED = (
    "customer",
    "client",
    "notes",
    "note",
    "mood",
    "profile",
    "said",
    "wrote",
    "asked",
    "mentioned",
    "messaged",
    "told",
    "noted",
    "ordered",
    "bought",
    "purchased",
    "placed",
    "received",
    "contacted",
    "顾客",
    "客户",
    "记录",
    "心情",
    "情绪",
    "说",
    "问",
    "提到",
    "买",
    "购买",
    "下单",
    "订购",
    "收到",
    "留言",
    "表示",
)
"""Words that state no fact of their own: who the text is about and how notes got there."""


def recent_notes(notes: Sequence[Note], lang: str) -> list[Note]:
    """The newest notes that fit the prompt budget, oldest first."""
    kept: list[Note] = []
    used = 0
    for note in reversed(notes):
        used += len(note.text) + 30
        if kept and used > PROMPT_CHARS.get(lang, 6000):
            break
        kept.append(note)
    return list(reversed(kept))


def note_evidence(customer: Customer, notes: Sequence[Note], lang: str) -> EvidenceSet:
    """The customer's notes as evidence: one item per note (id = the note's id)."""
    items = tuple(EvidenceItem(str(n.id), note_text(n), n.label, "note") for n in notes)
    names = tuple(part for part in customer.name.replace("·", " ").split() if part)
    return EvidenceSet(items, lang, allowed_terms=(*names, *_ALLOWED))


def _rank_evidence(sentence: str, ids: list[str], grounder: Grounder, limit: int = 3) -> list[str]:
    """The notes a sentence rests on, closest first (at most ``limit``)."""
    notes = [i for i in ids if i.isdigit()]
    index = grounder.index
    if len(notes) <= 1 or index.embedder is None:
        return notes[:limit]
    import numpy as np

    vectors = index.vectors()
    where = {item.id: n for n, item in enumerate(grounder.evidence.items)}
    sims = vectors[[where[i] for i in notes]] @ np.asarray(index.embedder.passages([sentence])[0])
    order = sorted(range(len(notes)), key=lambda k: -float(sims[k]))
    best = float(sims[order[0]])
    return [notes[k] for k in order if float(sims[k]) >= best - 0.04][:limit]


_LABEL = re.compile(
    r"^\s*(?:interests?|likes|purchases|sizes?(?: and preferences)?|preferences|open issues?|"
    r"issues?|mood(?: over time)?|sentiment|喜欢什么|买过什么|兴趣|尺寸和偏好|尺寸|偏好|"
    r"还没解决的问题|未解决的问题|情绪随时间的变化|情绪变化|情绪|心情)\s*[:：]\s*",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def strip_labels(text: str) -> str:
    """The text without the aspect headings small models put before sentences (lines kept)."""
    lines = []
    for line in text.splitlines():
        out = ""
        for sentence in split_sentences(line):
            piece = _LABEL.sub("", sentence.text)
            if piece.strip():
                out += ("" if not out or out.endswith(("。", "！", "？")) else " ") + piece
        lines.append(out)
    return "\n".join(lines)


class Unlabelled:
    """A generator whose texts come back without aspect headings ("尺寸和偏好：", "Mood:").

    Small models turn the prompt's list of aspects into headings; taken off before grounding,
    the sentence after a heading is checked for what it says, not dropped for its heading.
    """

    def __init__(self, inner: Generator) -> None:
        self.inner = inner
        self.name = inner.name
        self.choice = inner.choice
        self.backend = inner.backend

    @property
    def adapter(self) -> str | None:
        """The inner generator's adapter."""
        return self.inner.adapter

    def stream(
        self,
        messages: Sequence[Message],
        settings: StreamSettings,
        *,
        on_text: TextFn = no_text,
        stop: threading.Event | None = None,
        prefix: str = "",
    ) -> GenerationResult:
        """The inner generator's stream, its texts without headings."""
        result = self.inner.stream(messages, settings, on_text=on_text, stop=stop, prefix=prefix)
        result.texts = [strip_labels(text) for text in result.texts]
        return result

    def use_adapter(self, adapter: AdapterSpec | None) -> None:
        """Delegated."""
        self.inner.use_adapter(adapter)

    def decode_precision(self) -> str:
        """Delegated."""
        return self.inner.decode_precision()

    def close(self) -> None:
        """Delegated."""
        self.inner.close()


def in_language(sentence: str, lang: str) -> bool:
    """True when a sentence is in the summary's language (a copied note in the other is not)."""
    return bool(_CJK.search(sentence)) if lang == "zh" else not is_chinese(sentence)


def traced_sentences(
    text: str, grounder: Grounder, lang: str
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """Keep only supported sentences that rest on at least one note.

    Returns:
        The kept text, its sentences (``text``, ``start``, ``end``, ``evidence`` note ids,
        ``labels``) and the sentences taken out.

    """
    report = grounder.check(strip_labels(text))
    kept, dropped = [], []
    for check in report.sentences:
        ids = [e for e in check.evidence if e.isdigit()]
        if check.supported and ids and in_language(check.sentence.text, lang):
            kept.append(check.sentence.text)
        else:
            dropped.append(check.sentence.text)
    joined = ("" if lang == "zh" else " ").join(kept)
    labels = {item.id: item.shown for item in grounder.evidence.items}
    sentences = []
    for check in grounder.check(joined).sentences:
        ids = _rank_evidence(check.sentence.text, list(check.evidence), grounder)
        sentences.append(
            {
                "text": check.sentence.text,
                "start": check.sentence.start,
                "end": check.sentence.end,
                "supported": check.supported,
                "evidence": [int(i) for i in ids],
                "labels": [labels[i] for i in ids],
            }
        )
    return joined, sentences, dropped


def summarise(
    generator: Generator,
    store: Store,
    customer_id: int,
    *,
    lang: str | None = None,
    embedder: Any = None,
    seed: int | None = 7,
    on_text: TextFn = no_text,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
    save: bool = True,
    prompt_style: str = "classic",
) -> dict[str, Any]:
    """Write, check and save one customer's profile summary.

    ``prompt_style="house"`` (a model trained on the corpus) asks with the short house prompt.

    Returns:
        ``{"summary", "sources": [note ids], "sentences", "dropped", "sentiment", "lang",
        "customer_id", "id", "created_at", "model", "timings"}``.

    Raises:
        UserError: for an unknown customer or one without notes.
        Cancelled: when ``stop`` was set while writing.

    """
    book = CustomerBook(store)
    customer = book.get(customer_id)
    if customer is None:
        raise UserError(f"no customer {customer_id}")
    notes = book.notes(customer_id)
    if not notes:
        raise UserError(f"{customer.label} has no notes yet: add one first")
    lang = lang or customer_lang(customer, notes)
    used = recent_notes(notes, lang)
    asked = (
        profile_messages(customer.name, used, lang)
        if prompt_style == "house"
        else summary_messages(customer, used, lang)
    )
    messages = for_backend(generator.backend, asked)
    grounder = Grounder(note_evidence(customer, used, lang), embedder=embedder)
    settings = StreamSettings(
        variants=1,
        max_new_tokens=300 if lang == "zh" else 260,
        temperature=0.3,
        seed=seed,
        repetition_penalty=WRITING_REPETITION_PENALTY,
    )
    items, timings = write_grounded(
        Unlabelled(generator),
        messages,
        grounder,
        SUMMARY_SHAPE,
        settings,
        plan=PLAN,
        on_text=on_text,
        on_progress=on_progress,
        stop=stop,
    )
    if timings["stopped"]:
        raise Cancelled()
    best = items[0] if items else None
    text, sentences, dropped = traced_sentences(best.text if best else "", grounder, lang)
    dropped = [*(best.dropped if best else []), *dropped]
    sources = sorted({i for s in sentences for i in s["evidence"]})
    result: dict[str, Any] = {
        "customer_id": customer_id,
        "summary": text,
        "sources": sources,
        "sentences": sentences,
        "dropped": dropped,
        "sentiment": [m.to_json() for m in mood_timeline(notes)],
        "notes_used": [n.id for n in used],
        "lang": lang,
        "model": generator.name,
        "timings": timings,
    }
    if not text:
        result["empty_reason"] = (
            "其记录还不足以写出有依据的档案。"
            if lang == "zh"
            else "Nothing the model wrote could be traced to a note, so no profile was kept."
        )
    if save:
        result["id"] = book.save_profile(customer_id, "summary", result, lang, generator.name)
        saved = book.latest_profile(customer_id, "summary")
        result["created_at"] = saved["created_at"] if saved else ""
        if text:
            History(store).add(
                text,
                kind="customer_summary",
                lang=lang,
                title=customer.label,
                settings={"customer_id": customer_id, "sources": sources},
                model=generator.name,
                adapter=generator.adapter or "",
            )
    return result
