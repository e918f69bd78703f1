"""Shared pieces of the FAQ benchmarks: the labelled data, an indexed book, the metrics."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.app import open_store
from engine.faq.importer import import_file
from engine.faq.index import book_index, rank, signals
from engine.models.embedder import get_embedder
from engine.store.connection import Store

FAQ_DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "faq"
BOOK_FILES = ("policy_book_en.md", "policy_book_zh.md", "faq.csv")


def questions(split: str | None = None) -> list[dict[str, Any]]:
    """The labelled questions (one split, or all)."""
    lines = (FAQ_DATA / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [r for r in rows if split is None or r["split"] == split]


def indexed_store(folder: Path | None = None, embed: bool = True) -> Store:
    """A store in ``folder`` (a temporary one by default) with the 46-entry book indexed."""
    folder = folder or Path(tempfile.mkdtemp(prefix="faq-bench-"))
    store = open_store(folder / "bench.db")
    embedder = get_embedder() if embed else None
    for name in BOOK_FILES:
        import_file(store, FAQ_DATA / name, embedder=embedder)
    return store


def evaluate(
    store: Store, rows: list[dict[str, Any]], mode: str = "hybrid", embedder: Any = None
) -> dict[str, Any]:
    """recall@1 / recall@3 over answerable rows and no-answer rates, for one retrieval mode.

    The no-answer figures use the app's verdict (:mod:`engine.faq.answerable`); in the
    dense-only and lexical-only columns they come from that mode's own best entry.
    """
    from engine.faq.answerable import judge

    index = book_index(store)
    titles = [e.title for e in index.entries]
    hit1 = hit3 = answerable = 0
    flagged_na = na = flagged_ok = 0
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        sig = signals(store, row["question"], embedder, index)
        order = rank(sig, mode)
        top = [titles[i] for i in order[:3]]
        verdict = judge(sig, index, order)
        if row["answers"]:
            answerable += 1
            ok1 = top[0] in row["answers"]
            hit1 += ok1
            hit3 += any(t in row["answers"] for t in top)
            flagged_ok += verdict.no_policy
            by_kind.setdefault(row["kind"], [0, 0])
            by_kind[row["kind"]][0] += ok1
            by_kind[row["kind"]][1] += 1
        else:
            na += 1
            flagged_na += verdict.no_policy
    return {
        "questions": len(rows),
        "recall_at_1": round(hit1 / max(answerable, 1), 3),
        "recall_at_3": round(hit3 / max(answerable, 1), 3),
        "recall_at_1_by_kind": {k: round(a / b, 3) for k, (a, b) in sorted(by_kind.items())},
        "no_answer_flagged": round(flagged_na / max(na, 1), 3),
        "answerable_wrongly_flagged": round(flagged_ok / max(answerable, 1), 3),
        "no_answer_questions": na,
        "answerable_questions": answerable,
    }
