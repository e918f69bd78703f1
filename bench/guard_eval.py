"""Fact-guard precision and recall on the hand-labelled set (tests/data/guard_labelled.jsonl).

Each row holds the product facts, a text and the gold list of unsupported spans. Gold spans
are located in the text left to right (a repeated span takes the next occurrence). Matching is
span-level and one-to-one: a predicted flag matches a gold span when their character ranges
overlap; each gold span is matched at most once (greedy, in text order).

    precision = matched predictions / predictions
    recall    = matched gold spans / gold spans

Rows are split into ``dev`` (texts looked at while the vocabulary was written) and ``heldout``
(labelled after the vocabulary was frozen); the held-out figures are the honest estimate.

Run: ``python bench/guard_eval.py [--json] [--show-errors]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.catalog.facts import ProductFacts  # noqa: E402
from engine.guard.check import check_text  # noqa: E402

DATA = ROOT / "tests" / "data" / "guard_labelled.jsonl"


def gold_ranges(text: str, spans: list[str]) -> list[tuple[int, int]]:
    """Character ranges of the gold spans (repeats take the next occurrence).

    Raises:
        ValueError: when a gold span is not in the text (a labelling mistake).

    """
    ranges: list[tuple[int, int]] = []
    after: dict[str, int] = {}
    for span in spans:
        start = text.find(span, after.get(span, 0))
        if start < 0:
            raise ValueError(f"gold span {span!r} not found in {text[:60]!r}")
        after[span] = start + len(span)
        ranges.append((start, start + len(span)))
    return ranges


def match(predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> int:
    """How many predictions overlap a distinct gold span (greedy, one-to-one)."""
    used: set[int] = set()
    hits = 0
    for p_start, p_end in sorted(predicted):
        for index, (g_start, g_end) in enumerate(gold):
            if index not in used and p_start < g_end and g_start < p_end:
                used.add(index)
                hits += 1
                break
    return hits


def evaluate(path: Path = DATA) -> dict[str, Any]:
    """Precision, recall and counts for ``en``, ``zh`` and ``all``, plus per-row errors."""
    keys = ("en", "zh", "all", "dev", "heldout")
    totals = {k: {"pred": 0, "gold": 0, "hit": 0, "texts": 0} for k in keys}
    errors: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        facts = ProductFacts.from_dict(row["facts"])
        flags = check_text(row["text"], facts)
        predicted = [(f.start, f.end) for f in flags]
        gold = gold_ranges(row["text"], row["gold"])
        hits = match(predicted, gold)
        for key in (row["lang"], "all", row.get("split", "dev")):
            t = totals[key]
            t["pred"] += len(predicted)
            t["gold"] += len(gold)
            t["hit"] += hits
            t["texts"] += 1
        if hits != len(predicted) or hits != len(gold):
            errors.append({"id": row["id"], "flags": [f.span for f in flags], "gold": row["gold"]})
    out: dict[str, Any] = {}
    for key, t in totals.items():
        out[key] = {
            "precision": round(t["hit"] / t["pred"], 3) if t["pred"] else 1.0,
            "recall": round(t["hit"] / t["gold"], 3) if t["gold"] else 1.0,
            **t,
        }
    out["errors"] = errors
    return out


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.data)
    if args.json:
        print(
            json.dumps(result if args.show_errors else {**result, "errors": len(result["errors"])})
        )
        return
    for key in ("en", "zh", "all", "dev", "heldout"):
        r = result[key]
        print(
            f"{key:>7}: precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
            f"({r['texts']} texts, {r['gold']} gold spans, {r['pred']} flags, {r['hit']} matched)"
        )
    if args.show_errors:
        for err in result["errors"]:
            print(f"{err['id']}: flags={err['flags']} gold={err['gold']}")


if __name__ == "__main__":
    main()
