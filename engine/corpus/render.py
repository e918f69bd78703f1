"""Corpus examples as chat turns, through the same prompt builders the app writes with."""

from __future__ import annotations

from typing import Any

from engine.catalog.facts import ProductFacts
from engine.corpus.examples import NOTE_KINDS, CorpusExample
from engine.customers.house_prompts import profile_messages, recommend_answer, recommend_messages
from engine.customers.store import Note
from engine.decoding.protocol import Message
from engine.faq.house_prompts import reply_messages
from engine.faq.prompts import Passage
from engine.listing.house_prompts import copy_messages


def facts_of(example: CorpusExample) -> ProductFacts:
    """A copy example's facts as the app reads a facts file."""
    data = {k: v for k, v in example.record["facts"].items() if k != "length"}
    return ProductFacts.from_dict({**data, "lang": example.lang})


def notes_of(example: CorpusExample) -> list[Note]:
    """A profile or recommendation example's notes as the app stores them."""
    return [
        Note(
            id=int(n["id"]),
            customer_id=0,
            date=str(n.get("date", "")),
            kind=NOTE_KINDS.get(str(n.get("kind", "note")), "note"),
            text=str(n["text"]),
        )
        for n in example.record["customer"]["notes"]
    ]


def passages_of(example: CorpusExample) -> list[Passage]:
    """A reply example's policy entries as retrieval hands them to the writer."""
    return [Passage(str(p["id"]), str(p["id"]), str(p["text"])) for p in example.record["policies"]]


def prompt(example: CorpusExample) -> list[Message]:
    """The chat messages the house model sees for ``example``."""
    record = example.record
    if example.task == "copy":
        length = str(record["facts"].get("length") or "medium")
        return copy_messages(facts_of(example), example.channel, example.lang, length)
    if example.task == "faq":
        return reply_messages(
            str(record["question"]),
            passages_of(example),
            lang=example.lang,
            tone=str(record["tone"]),
            intent=str(record["intent"]),
        )
    name = str(record["customer"].get("name", ""))
    if example.task == "profile":
        return profile_messages(name, notes_of(example), example.lang)
    items = [(str(c["handle"]), str(c["title"]), _tags(c.get("tags"))) for c in record["catalogue"]]
    return recommend_messages(name, notes_of(example), items, example.lang)


def completion(example: CorpusExample) -> str:
    """The text the model learns to write for ``example``."""
    if example.task == "recommend":
        picks = [(str(p["handle"]), int(p["note_id"]), str(p["reason"])) for p in example.output]
        return recommend_answer(picks)
    return str(example.output).strip()


def chat_row(example: CorpusExample) -> dict[str, Any]:
    """One line of a finetune ``.jsonl`` in chat form (the trainer masks the prompt)."""
    return {"messages": [*prompt(example), {"role": "assistant", "content": completion(example)}]}


def _tags(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value or "")
