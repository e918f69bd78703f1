"""Plain generation and the grounded pipeline side by side on the held-out fact sheets.

``python bench/quality.py [--model qwen-coder] [--channels description,title,...] [--limit N]
[--out FILE.jsonl]`` writes, for every held-out sheet of tests/data/grounding/fact_sheets.jsonl
and channel, the text the window would show first in each mode (plain: the app's round-1
prompt, the model's text as written; grounded: the default pipeline) with the same seed, and
prints a JSON summary: per mode, invented claims per shown text as the guard counts them
(a proxy; the hand-labelled audit in tests/data/grounding/after/ is the real figure), fact
coverage (descriptions), format artifacts found by the shape clean-up, unfinished endings, and
wall time for 3 variants (measured back to back on the same sheet: the ratio is what counts).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.app import open_engine  # noqa: E402
from engine.catalog.facts import ProductFacts  # noqa: E402
from engine.core.paths import Paths  # noqa: E402
from engine.decoding.protocol import WRITING_REPETITION_PENALTY, StreamSettings  # noqa: E402
from engine.grounding.shape import clean  # noqa: E402
from engine.grounding.writer import Grounder  # noqa: E402
from engine.guard.evidence import EvidenceSet  # noqa: E402
from engine.guard.sentences import ends_complete  # noqa: E402
from engine.listing.copywriter import CopyRequest, write_copy  # noqa: E402
from engine.listing.prompts import build_listing_prompt, max_new_tokens_for  # noqa: E402
from engine.models.embedder import get_embedder  # noqa: E402

SHEETS = ROOT / "tests" / "data" / "grounding" / "fact_sheets.jsonl"
CHANNELS = ("description", "title", "bullets", "seo", "ad", "social", "email")


def sheets_of(split: str) -> list[dict[str, Any]]:
    """The sheets of one split (frozen; tune the pipeline on "tune", report "heldout")."""
    rows = [json.loads(line) for line in SHEETS.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if row["split"] == split]


def plain(engine: Any, facts: ProductFacts, channel: str, seed: int, variants: int) -> Any:
    """Round-1 generation: the plain prompt, the first variant as written."""
    generator = engine.generator()
    settings = StreamSettings(
        variants=variants,
        max_new_tokens=max_new_tokens_for(channel, "medium", facts.lang),
        temperature=0.7,
        seed=seed,
        banned_words=tuple(facts.banned_words),
        repetition_penalty=WRITING_REPETITION_PENALTY,
    )
    start = time.perf_counter()
    result = generator.stream(build_listing_prompt(facts, channel), settings)
    return result.texts[0], time.perf_counter() - start, result.finished_rows[0]


def grounded(engine: Any, facts: ProductFacts, channel: str, seed: int, variants: int) -> Any:
    """The default pipeline: the first (best) variant shown and its report."""
    request = CopyRequest(facts, channel=channel, variants=variants, seed=seed)
    start = time.perf_counter()
    result = write_copy(engine, request, lambda v, t: None, None)
    return result["variants"][0], time.perf_counter() - start, result.get("grounding", {})


def summarise(rows: list[dict[str, Any]], mode: str) -> dict[str, Any]:
    """Per-mode averages over the rows."""
    mine = [r for r in rows if r["mode"] == mode]
    if not mine:
        return {}
    descriptions = [r for r in mine if r["channel"] == "description"]
    coverage = [r["coverage"] for r in descriptions if r["coverage"] is not None]
    return {
        "texts": len(mine),
        "guard_claims_per_text": round(sum(r["guard_claims"] for r in mine) / len(mine), 2),
        "artifacts_per_text": round(sum(len(r["artifacts"]) for r in mine) / len(mine), 2),
        "texts_with_artifacts": sum(1 for r in mine if r["artifacts"]),
        "unfinished": sum(1 for r in mine if not r["complete"]),
        "description_coverage": round(sum(coverage) / len(coverage), 3) if coverage else None,
        "seconds_for_3_variants": round(sum(r["seconds"] for r in mine) / len(mine), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="a data folder with the model")
    parser.add_argument("--model", default="qwen-coder")
    parser.add_argument("--channels", default=",".join(CHANNELS))
    parser.add_argument("--limit", type=int, default=0, help="sheets (0: all held-out)")
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--split", default="heldout", choices=["heldout", "tune"])
    parser.add_argument("--lang", choices=["en", "zh"], help="only sheets in this language")
    parser.add_argument("--sheets", help="only these sheet ids (comma-separated)")
    parser.add_argument("--out", type=Path, help="JSON Lines of every text (for hand audit)")
    args = parser.parse_args()
    engine = open_engine(Paths(Path(args.data_dir)).ensure(), model=args.model)
    embedder = get_embedder()
    rows: list[dict[str, Any]] = []
    if args.out:
        args.out.write_text("", encoding="utf-8")  # rows are appended as they are written
    sheets = [
        s
        for s in sheets_of(args.split)
        if not args.lang or s["facts"].get("lang", "en") == args.lang
    ]
    if args.sheets:
        wanted = args.sheets.split(",")
        sheets = [s for s in sheets if s["id"] in wanted]
    sheets = sheets[: args.limit or None]
    channels = args.channels.split(",")
    try:
        for number, sheet in enumerate(sheets):
            facts = ProductFacts.from_dict(sheet["facts"])
            evidence = EvidenceSet.from_facts(facts)
            grounder = Grounder(evidence, embedder=embedder)
            channel = channels[number % len(channels)] if len(sheets) > 1 else channels[0]
            wanted = ["description", channel] if "description" in channels else [channel]
            for ch in dict.fromkeys(wanted):
                seed = 4000 + number
                text, seconds, finished = plain(engine, facts, ch, seed, args.variants)
                report = grounder.check(text)
                rows.append(
                    {
                        "sheet": sheet["id"], "channel": ch, "lang": facts.lang,
                        "mode": "plain", "text": text, "seconds": round(seconds, 2),
                        "guard_claims": report.unsupported,
                        "artifacts": sorted(set(clean(text, finished=finished).removed)),
                        "complete": ends_complete(text) or ch in ("title", "bullets"),
                        "coverage": len(report.used) / max(1, len(evidence.facts)),
                    }
                )  # fmt: skip
                best, seconds, timings = grounded(engine, facts, ch, seed, args.variants)
                used, missing = best["coverage"]["used"], best["coverage"]["missing"]
                rows.append(
                    {
                        "sheet": sheet["id"], "channel": ch, "lang": facts.lang,
                        "mode": "grounded", "text": best["text"], "seconds": round(seconds, 2),
                        "guard_claims": len(best["flags"]),
                        "artifacts": sorted(set(clean(best["text"]).removed)),
                        "complete": ends_complete(best["text"]) or ch in ("title", "bullets"),
                        "coverage": len(used) / max(1, len(used) + len(missing)),
                        "rewritten": best["rewritten"], "dropped": len(best["dropped"]),
                        "timings": timings,
                    }
                )  # fmt: skip
                print(f"[{number + 1}/{len(sheets)}] {sheet['id']} {ch}", file=sys.stderr)
                if args.out:
                    with args.out.open("a", encoding="utf-8") as sink:
                        for row in rows[-2:]:
                            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        engine.close()
    pairs = [
        (p["seconds"], g["seconds"])
        for p, g in zip(rows[::2], rows[1::2], strict=True)
        if p["mode"] == "plain" and g["mode"] == "grounded"
    ]
    ratio = sum(g for _, g in pairs) / max(1e-9, sum(p for p, _ in pairs)) if pairs else None
    summary = {
        "model": args.model,
        "split": args.split,
        "sheets": len(sheets),
        "plain": summarise(rows, "plain"),
        "grounded": summarise(rows, "grounded"),
        "wall_time_ratio_grounded_over_plain": round(ratio, 2) if ratio else None,
    }
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
