"""``retrieve_policies``: the best entries for a question, and whether any answers it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from engine.core.errors import UserError
from engine.faq.answerable import Verdict, judge
from engine.faq.book import PolicyEntry
from engine.faq.index import MODES, book_index, rank, signals
from engine.store.connection import Store

MAX_QUESTION = 8000
LEXICAL_ONLY = "lexical retrieval only (words and glossary concepts)"


@dataclass
class Hit:
    """One retrieved entry and its score (higher is better)."""

    entry: PolicyEntry
    score: float
    cosine: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The CLI contract's ``{"id", "title", "text", "score"}`` (plus key, lang, cosine)."""
        return {
            "id": self.entry.id,
            "title": self.entry.title,
            "text": self.entry.text,
            "score": round(self.score, 4),
            "key": self.entry.key,
            "lang": self.entry.lang,
            "cosine": round(self.cosine, 4),
        }


@dataclass
class Retrieval:
    """What retrieval found for one question."""

    question: str
    lang: str
    hits: list[Hit]
    verdict: Verdict
    mode: str = "hybrid"
    dense: bool = True
    seconds: float = 0.0
    unindexed: int = 0
    """Entries still waiting for vectors (found by words only until indexed)."""
    notes: list[str] = field(default_factory=list)

    @property
    def no_policy(self) -> bool:
        """True when no entry answers the question."""
        return self.verdict.no_policy

    def to_json(self) -> dict[str, Any]:
        """``{"hits": [...], "no_policy", "language", ...}``."""
        return {
            "hits": [h.to_json() for h in self.hits],
            "no_policy": self.no_policy,
            "language": self.lang,
            "mode": self.mode,
            "dense": self.dense,
            "seconds": round(self.seconds, 4),
            "unindexed": self.unindexed,
            **{k: v for k, v in self.verdict.to_json().items() if k != "no_policy"},
            "notes": self.notes,
        }


def check_question(question: str) -> str:
    """The question, trimmed.

    Raises:
        UserError: for an empty or very long question.

    """
    question = str(question or "").strip()
    if not question:
        raise UserError("type or paste the customer's question first")
    if len(question) > MAX_QUESTION:
        raise UserError(f"that message is {len(question)} characters; paste at most {MAX_QUESTION}")
    return question


def retrieve_policies(
    store: Store, question: str, k: int = 3, *, embedder: Any = None, mode: str = "hybrid"
) -> Retrieval:
    """The ``k`` best entries for ``question`` and the no-answer verdict.

    Args:
        store: the store holding the book.
        question: the customer's question or whole message.
        k: how many hits to return (1–20).
        embedder: the e5 embedder (lexical retrieval only when None).
        mode: ``hybrid`` (default), ``dense`` or ``lexical`` (for comparisons).

    Raises:
        UserError: for an empty question, a bad ``k`` or mode.

    """
    started = time.perf_counter()
    question = check_question(question)
    if not 1 <= k <= 20:
        raise UserError("--k must be between 1 and 20")
    if mode not in MODES:
        raise UserError(f"unknown retrieval mode {mode!r}; choose {', '.join(MODES)}")
    index = book_index(store)
    notes: list[str] = []
    if not index.entries:
        sig = signals(store, question, None, index)
        return Retrieval(
            question,
            sig.lang,
            [],
            judge(sig, index, []),
            mode,
            False,
            time.perf_counter() - started,
            0,
            ["the policy book is empty"],
        )
    sig = signals(store, question, embedder, index)
    if embedder is None:
        notes.append("no embedder (none is installed, or SHOPSCRIBE_EMBEDDER=off): " + LEXICAL_ONLY)
    elif not sig.has_dense:
        notes.append("no entry is indexed yet: " + LEXICAL_ONLY)
    unindexed = int((~index.has_vector).sum())
    if unindexed and sig.has_dense:
        notes.append(f"{unindexed} entries are not indexed yet (found by words only)")
    if mode == "dense" and not sig.has_dense:
        notes.append("dense mode needs the embedder and vectors: ranked by words instead")
        mode = "hybrid"  # without vectors, hybrid is the lexical fusion (the better of the two)
    order = rank(sig, mode)
    scores = sig.fused(mode)
    verdict = judge(sig, index, order if mode == "hybrid" else rank(sig, "hybrid"))
    hits = [Hit(index.entries[i], float(scores[i]), float(sig.cosine_chunk[i])) for i in order[:k]]
    return Retrieval(
        question,
        sig.lang,
        hits,
        verdict,
        mode,
        sig.has_dense,
        time.perf_counter() - started,
        unindexed,
        notes,
    )
