"""Redaction recall and false redactions on tests/data/customers/redaction.jsonl.

Each labelled span (``email``, ``phone``, ``order``, ``address``) is *caught* when one redacted
span of the same type covers it entirely, and *hidden* when redacted spans of any type cover
it (the text is gone either way). A redacted span that overlaps no labelled span is a *false
redaction*: the file's 192 hard negatives (quantities, sizes, prices, dates, times, SKUs,
durations, percentages) are where those can happen, since personal names are not a type.

Run: ``python bench/customers_redaction.py [--show]`` (one JSON document on stdout).
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

from engine.customers.redact import find_pii  # noqa: E402

DATA = ROOT / "tests" / "data" / "customers" / "redaction.jsonl"
TYPES = ("email", "phone", "order", "address")


def evaluate(path: Path = DATA) -> dict[str, Any]:
    """Recall per type and language, and every false redaction."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    counts = {t: {"gold": 0, "caught": 0, "hidden": 0} for t in TYPES}
    by_lang: dict[str, dict[str, dict[str, int]]] = {}
    missed: list[dict[str, str]] = []
    false: list[dict[str, str]] = []
    for row in rows:
        text = row["text"]
        found = find_pii(text)
        gold = [
            (p["type"], text.index(p["text"]), text.index(p["text"]) + len(p["text"]))
            for p in row["pii"]
        ]
        lang = by_lang.setdefault(row["lang"], {t: {"gold": 0, "caught": 0} for t in TYPES})
        for kind, start, end in gold:
            caught = any(f.kind == kind and f.start <= start and end <= f.end for f in found)
            covered = set()
            for f in found:
                covered.update(range(max(f.start, start), min(f.end, end)))
            hidden = len(covered) == end - start
            counts[kind]["gold"] += 1
            counts[kind]["caught"] += int(caught)
            counts[kind]["hidden"] += int(hidden)
            lang[kind]["gold"] += 1
            lang[kind]["caught"] += int(caught)
            if not caught:
                missed.append({"id": row["id"], "type": kind, "text": text[start:end]})
        for f in found:
            if not any(f.start < end and start < f.end for _, start, end in gold):
                false.append({"id": row["id"], "type": f.kind, "text": f.text})
    recall = {
        t: {
            **c,
            "recall": round(c["caught"] / c["gold"], 4) if c["gold"] else None,
            "hidden_recall": round(c["hidden"] / c["gold"], 4) if c["gold"] else None,
        }
        for t, c in counts.items()
    }
    return {
        "notes": len(rows),
        "recall": recall,
        "recall_by_lang": {
            lang: {
                t: round(c["caught"] / c["gold"], 4) if c["gold"] else None for t, c in v.items()
            }
            for lang, v in by_lang.items()
        },
        "false_redactions": len(false),
        "false_by_type": {t: sum(1 for f in false if f["type"] == t) for t in TYPES},
        "hard_negatives": 192,
        "false_list": false,
        "missed": missed,
    }


def main() -> int:
    """Print the figures as one JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="also list misses and false ones")
    args = parser.parse_args()
    result = evaluate()
    if not args.show:
        result.pop("missed")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
