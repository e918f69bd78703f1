"""The guard measured on real generations, labelled by hand: recall and false flags per split.

``python bench/grounding_eval.py [--split heldout|tune|all] [--json]`` reads
tests/data/grounding/labelled.jsonl (texts the app's own models wrote, every invented claim and
every supported statement labelled; the split is by fact sheet and was frozen before the guard
was tuned) and reports, for guard v1 (the round-1 vocabulary check) and guard v2 (evidence
sets, amounts, vocabulary and semantic phrases):

- recall: invented claims with a flag overlapping them / invented claims;
- false-flag rate: supported statements with a flag overlapping them / supported statements.

Only the held-out split counts: the tune split is what the thresholds were chosen on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.catalog.facts import ProductFacts  # noqa: E402
from engine.guard.check import check_text  # noqa: E402
from engine.guard.claims import ClaimRules  # noqa: E402
from engine.guard.evidence import EvidenceSet  # noqa: E402
from engine.guard.report import check  # noqa: E402
from engine.models.embedder import get_embedder  # noqa: E402

DATA = ROOT / "tests" / "data" / "grounding"
Span = tuple[int, int]


def load() -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, ProductFacts]]:
    """The file's header, its labelled texts, and the fact sheets by id."""
    lines = (DATA / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])["header"]
    texts = [json.loads(line) for line in lines[1:] if line.strip()]
    sheets = {}
    for line in (DATA / "fact_sheets.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            sheets[row["id"]] = ProductFacts.from_dict(row["facts"])
    return header, texts, sheets


def overlaps(span: Span, flags: Iterable[Span]) -> bool:
    """True when a flag overlaps the span."""
    return any(a < span[1] and span[0] < b for a, b in flags)


def guard_v1(text: str, facts: ProductFacts) -> list[Span]:
    """Round 1's fact guard."""
    return [(f.start, f.end) for f in check_text(text, facts)]


def guard_v2(rules: ClaimRules, embedder: Any) -> Callable[[str, ProductFacts], list[Span]]:
    """Guard v2 with the given rules."""

    def run(text: str, facts: ProductFacts) -> list[Span]:
        report = check(text, EvidenceSet.from_facts(facts), rules=rules, embedder=embedder)
        return [(f.start, f.end) for f in report.flags]

    return run


def score(
    texts: list[dict[str, Any]],
    sheets: dict[str, ProductFacts],
    guard: Callable[[str, ProductFacts], list[Span]],
) -> dict[str, Any]:
    """Recall and false-flag rate over ``texts``, overall and by type / model / language."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    supported = [0, 0]
    missed: list[str] = []
    false: list[str] = []
    for row in texts:
        flags = guard(row["text"], sheets[row["sheet"]])
        for claim in row["invented"]:
            hit = overlaps((claim["start"], claim["end"]), flags)
            for key in (
                "all",
                f"type:{claim['type']}",
                f"model:{row['model']}",
                f"lang:{row['lang']}",
            ):
                counts[key][0] += hit
                counts[key][1] += 1
            if not hit:
                missed.append(f"{row['id']}: {claim['span']!r} ({claim['type']})")
        for fact in row["supported"]:
            hit = overlaps((fact["start"], fact["end"]), flags)
            supported[0] += hit
            supported[1] += 1
            if hit:
                false.append(f"{row['id']}: {fact['span']!r}")
    recall = {k: round(h / n, 3) if n else None for k, (h, n) in sorted(counts.items())}
    return {
        "texts": len(texts),
        "invented": counts["all"][1],
        "recall": recall,
        "supported": supported[1],
        "false_flag_rate": round(supported[0] / supported[1], 3) if supported[1] else None,
        "missed_examples": missed[:25],
        "false_flag_examples": false[:25],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="heldout", choices=["heldout", "tune", "all"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--examples", action="store_true", help="list misses and false flags")
    args = parser.parse_args()
    _header, texts, sheets = load()
    chosen = [t for t in texts if args.split == "all" or t["split"] == args.split]
    embedder = get_embedder()
    out = {
        "split": args.split,
        "guard_v1": score(chosen, sheets, guard_v1),
        "guard_v2": score(chosen, sheets, guard_v2(ClaimRules(), embedder)),
        "embedder": embedder is not None,
    }
    if not args.examples:
        for name in ("guard_v1", "guard_v2"):
            out[name].pop("missed_examples")
            out[name].pop("false_flag_examples")
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
