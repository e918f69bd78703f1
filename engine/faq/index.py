"""Hybrid retrieval over the policy book: dense (e5) and lexical (FTS5 bm25) scores fused.

Signals, each standardised so they can be added:

- **dense**: the question's e5 vector against each entry's whole-text vector and its best
  chunk (two sentences); z-scored *within each entry language*, because the embedder scores
  same-language pairs higher whatever they say (a Chinese question would otherwise always
  pick a Chinese entry, however unrelated);
- **concepts**: bm25 over glossary concept tokens (:mod:`engine.faq.glossary`): language-free,
  so an English question meets a Chinese entry; objects (mug, linen) count 0.4 of intents
  (return, repair);
- **titles**: the question's concepts that the entry's *title* names, each weighted by its
  rarity in the book (idf) and by intent/object weight: an entry titled "Returns and refunds"
  is about returns, one that mentions returns in passing is not;
- **words**: bm25 over stemmed English words and jieba-segmented Chinese words; it only
  reorders entries within a language (its best entry in each language gets 0), so it never
  favours the question's own language.

``fused = dense_doc + dense_chunk + 1.5 · concepts + 0.5 · titles + 0 · words``: weights chosen
on the tune split of the labelled questions only (``bench/faq_eval.py --split tune``; the
words signal lowered recall@1 there, so hybrid leaves it out and only the lexical-only mode and
the no-answer features use it). :func:`rank` also gives the dense-only and lexical-only
rankings the benchmark compares.

Without an embedder (none installed or loadable, or ``SHOPSCRIBE_EMBEDDER=off``) or without
any vectors, hybrid has no dense part: ``fused = 1.5 · concepts + 0.5 · titles + 0.25 ·
words``. There the words signal is the only thing ordering entries of one language by what the
question says, and on the tune split it raised lexical hybrid from recall@1 0.772 / @3 0.886 to
0.797 / 0.911 (0.1 and 0.5 did about as well; 0.25 is between them).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.faq.book import PolicyBook, PolicyEntry
from engine.faq.glossary import concept_tokens, weights
from engine.faq.indexer import DIM
from engine.faq.text import detect_lang, tokens
from engine.store.connection import Store

W_CHUNK = 1.0
W_CONCEPTS = 1.5
W_TITLES = 0.5
W_WORDS = 0.0
W_WORDS_LEXICAL = 0.25
"""The words weight when there is no dense part (no embedder or no vectors)."""
MODES = ("hybrid", "dense", "lexical")

_cache: dict[tuple[str, int], BookIndex] = {}
_cache_lock = threading.Lock()


@dataclass
class BookIndex:
    """An in-memory snapshot of the book for retrieval (reloaded when the book changes)."""

    entries: list[PolicyEntry]
    langs: np.ndarray
    doc_vectors: np.ndarray
    """[entries, 384]; a row of zeros for an entry without vectors yet."""
    has_vector: np.ndarray
    chunk_vectors: np.ndarray
    chunk_owner: np.ndarray
    words: list[set[str]]
    concepts: list[set[str]]
    texts: list[str]
    title_concepts: list[set[str]] = field(default_factory=list)
    position: dict[int, int] = field(default_factory=dict)
    """Entry key → row."""

    def idf(self, concept: str) -> float:
        """How rare a concept is among the entries (1 + log(n / entries naming it))."""
        named = sum(1 for c in self.concepts if concept in c)
        return math.log(1 + len(self.entries) / named) if named else 0.0

    @classmethod
    def load(cls, book: PolicyBook) -> BookIndex:
        """Read entries, vectors and lexical rows from the store."""
        entries = book.entries()
        position = {e.key: i for i, e in enumerate(entries)}
        n = len(entries)
        docs = np.zeros((n, DIM), dtype=np.float32)
        has = np.zeros(n, dtype=bool)
        chunks: list[np.ndarray] = []
        owner: list[int] = []
        for key, part, blob in book.vectors():
            row = position.get(key)
            if row is None:
                continue
            vector = np.frombuffer(blob, dtype=np.float32)
            if part == 0:
                docs[row], has[row] = vector, True
            else:
                chunks.append(vector)
                owner.append(row)
        lexical = book.lexical_rows()
        words, concepts = [], []
        for entry in entries:
            w, intents, objects = lexical.get(entry.key, ("", "", ""))
            words.append(set(w.split()))
            concepts.append(set(intents.split()) | set(objects.split()))
        return cls(
            entries=entries,
            langs=np.array([e.lang for e in entries]),
            doc_vectors=docs,
            has_vector=has,
            chunk_vectors=np.stack(chunks) if chunks else np.zeros((0, DIM), np.float32),
            chunk_owner=np.array(owner, dtype=np.int64),
            words=words,
            concepts=concepts,
            texts=[f"{e.title}\n{e.text}".lower() for e in entries],
            title_concepts=[set(concept_tokens(e.title)) for e in entries],
            position=position,
        )


def book_index(store: Store) -> BookIndex:
    """The store's book index, cached until the book's version changes."""
    book = PolicyBook(store)
    key = (str(store.path) if store.path else f"memory:{id(store)}", book.version())
    with _cache_lock:
        index = _cache.get(key)
    if index is None:
        index = BookIndex.load(book)
        with _cache_lock:
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = index
    return index


def _zscore(scores: np.ndarray, mask: np.ndarray, mean: float, spread: float) -> np.ndarray:
    """Standardise ``scores[mask]``; small groups use the given typical mean and spread."""
    part = scores[mask]
    if len(part) >= 3 and part.std() > 1e-6:
        return (part - part.mean()) / part.std()
    return (part - mean) / spread


def by_language(scores: np.ndarray, langs: np.ndarray, mean: float, spread: float) -> np.ndarray:
    """Scores z-scored within each language group of entries."""
    out = np.zeros_like(scores, dtype=np.float64)
    for lang in set(langs.tolist()):
        mask = langs == lang
        out[mask] = _zscore(scores, mask, mean, spread)
    return out


def _standard(scores: np.ndarray) -> np.ndarray:
    spread = scores.std()
    return (scores - scores.mean()) / (spread if spread > 1e-6 else 1.0)


@dataclass
class Signals:
    """Every score of every entry for one question (rows follow the index's entries)."""

    question: str
    lang: str
    cosine_doc: np.ndarray
    cosine_chunk: np.ndarray
    dense: np.ndarray
    concepts: np.ndarray
    titles: np.ndarray
    words: np.ndarray
    query_words: list[str]
    query_concepts: dict[str, float]
    has_dense: bool

    def fused(self, mode: str = "hybrid") -> np.ndarray:
        """The ranking score for ``mode`` (hybrid, dense or lexical)."""
        if mode == "dense":
            return self.cosine_doc.copy()
        if mode == "lexical":
            return _standard(self.concepts) + _standard(self.words)
        lexical = W_CONCEPTS * _standard(self.concepts) + W_TITLES * _standard(self.titles)
        if self.has_dense:
            return self.dense + lexical + W_WORDS * self.words
        return lexical + W_WORDS_LEXICAL * self.words


def _fts_scores(
    store: Store, index: BookIndex, columns: str, terms: list[str], weights_sql: str
) -> np.ndarray:
    """bm25 (higher is better) of every entry for ``terms`` in ``columns``."""
    scores = np.zeros(len(index.entries))
    if not terms or not index.entries:
        return scores
    query = (
        "{" + columns + "} : (" + " OR ".join('"' + t.replace('"', '""') + '"' for t in terms) + ")"
    )
    rows = store.db.execute(
        f"SELECT rowid, bm25(faq_fts, {weights_sql}) FROM faq_fts WHERE faq_fts MATCH ?", [query]
    ).fetchall()
    for rowid, score in rows:
        row = index.position.get(int(rowid))
        if row is not None:
            scores[row] = -float(score)
    return scores


def _best_per_row(values: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, -1.0)
    if len(values):
        np.maximum.at(out, owner, values)
    return out


def signals(
    store: Store, question: str, embedder: Any = None, index: BookIndex | None = None
) -> Signals:
    """Score every entry of the book for ``question``."""
    index = index or book_index(store)
    n = len(index.entries)
    lang = detect_lang(question)
    words = list(dict.fromkeys(tokens(question)))
    found = concept_tokens(question)
    weight = weights()
    query_concepts = {c: weight[c] for c in found}
    cos_doc = np.zeros(n)
    cos_chunk = np.zeros(n)
    dense = np.zeros(n)
    has_dense = bool(embedder is not None and index.has_vector.any())
    if has_dense and n:
        query = embedder.queries([question])[0].astype(np.float32)
        cos_doc = index.doc_vectors @ query
        cos_chunk = _best_per_row(index.chunk_vectors @ query, index.chunk_owner, n)
        cos_chunk = np.where(cos_chunk < 0, cos_doc, cos_chunk)
        dense = by_language(cos_doc, index.langs, 0.82, 0.03) + W_CHUNK * by_language(
            cos_chunk, index.langs, 0.83, 0.03
        )
        missing = ~index.has_vector
        dense[missing] = dense[index.has_vector].min() if index.has_vector.any() else 0.0
    concepts = _fts_scores(store, index, "intents objects", list(query_concepts), "0.0, 1.0, 0.4")
    titles = np.zeros(n)
    for concept, weight_ in query_concepts.items():
        idf = index.idf(concept)
        for row, named in enumerate(index.title_concepts):
            if concept in named:
                titles[row] += weight_ * idf
    raw_words = _fts_scores(store, index, "words", words, "1.0, 0.0, 0.0")
    relative = np.zeros(n)
    for group in set(index.langs.tolist()):
        mask = index.langs == group
        z = _zscore(raw_words, mask, 0.0, max(float(raw_words.std()), 1.0))
        relative[mask] = z - z.max()
    return Signals(
        question,
        lang,
        cos_doc,
        cos_chunk,
        dense,
        concepts,
        titles,
        relative,
        words,
        query_concepts,
        has_dense,
    )


def rank(sig: Signals, mode: str = "hybrid") -> list[int]:
    """Entry rows, best first, for ``mode``."""
    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}")
    scores = sig.fused(mode)
    return [int(i) for i in np.argsort(-scores, kind="stable")]
