"""Today's prompting and the house writer side by side on the corpus's frozen held-out sheets.

``python bench/house_eval.py [--models qwen-coder,house] [--per 3] [--out FILE.jsonl]``
picks ``--per`` held-out copy sheets for every channel and language (seeded; held out by the
hash of their category, frozen in ``corpus/split.json`` before any training), writes each with
every model through the window's own path (``write_copy``: grounded, 1 variant, the sheet's
length, seed 1), and writes one JSON line per text for labelling by hand against
``shared/publishable.md``. It prints per model: seconds per text, guard flags per text, texts
with a broken shape (the corpus's own shape check), and descriptions opening on the product.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.app import open_engine  # noqa: E402
from engine.core.paths import Paths, default_root  # noqa: E402
from engine.corpus.check import shape_problems  # noqa: E402
from engine.corpus.examples import CHANNELS, CorpusExample, Split, load, split  # noqa: E402
from engine.corpus.render import facts_of  # noqa: E402
from engine.listing.copywriter import CopyRequest, write_copy  # noqa: E402


def pick_sheets(per: int, seed: int = 11) -> list[CorpusExample]:
    """``per`` held-out copy examples for each channel and language, distinct products."""
    _, held = split(load(), Split.load())
    rng = random.Random(seed)
    picked: list[CorpusExample] = []
    titles: set[str] = set()
    for channel in CHANNELS:
        for lang in ("en", "zh"):
            pool = [e for e in held if e.task == "copy" and e.channel == channel and e.lang == lang]
            rng.shuffle(pool)
            chosen = 0
            for example in pool:
                title = str(example.record["facts"]["title"])
                if title in titles or chosen >= per:
                    continue
                titles.add(title)
                picked.append(example)
                chosen += 1
    return picked


def as_written(example: CorpusExample, text: str) -> CorpusExample:
    """The example with the model's text in place of the corpus's (for the shape check)."""
    return CorpusExample(
        example.id, example.task, example.lang, example.group, {**example.record, "output": text}
    )


def run_model(name: str, sheets: list[CorpusExample], data: Path) -> list[dict[str, Any]]:
    """Write every sheet with model ``name``; one row per text."""
    engine = open_engine(Paths(data).ensure(), model=name)
    rows = []
    try:
        for example in sheets:
            facts = facts_of(example)
            length = str(example.record["facts"].get("length") or "medium")
            request = CopyRequest(facts, channel=example.channel, seed=1, length=length)
            start = time.perf_counter()
            result = write_copy(engine, request, lambda _i, _t: None, None)
            seconds = time.perf_counter() - start
            best = result["variants"][0]
            rows.append(
                {
                    "sheet": example.id,
                    "model": name,
                    "channel": example.channel,
                    "lang": example.lang,
                    "facts": example.record["facts"],
                    "text": best["text"],
                    "flags": [f["span"] for f in best["flags"]],
                    "coverage": best["coverage"],
                    "shape": shape_problems(as_written(example, best["text"])),
                    "seconds": round(seconds, 2),
                }
            )
            print(f"{name} {example.id} {example.channel}/{example.lang} {seconds:.1f}s",
                  file=sys.stderr, flush=True)  # fmt: skip
    finally:
        engine.close()
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per model: seconds, flags and broken shapes per text."""
    out: dict[str, Any] = {}
    for name in sorted({r["model"] for r in rows}):
        mine = [r for r in rows if r["model"] == name]
        n = max(1, len(mine))
        out[name] = {
            "texts": len(mine),
            "seconds_per_text": round(sum(r["seconds"] for r in mine) / n, 2),
            "flags_per_text": round(sum(len(r["flags"]) for r in mine) / n, 3),
            "broken_shapes": sum(1 for r in mine if r["shape"]),
            "empty": sum(1 for r in mine if not r["text"].strip()),
        }
    return out


def main() -> int:
    """Run and print the summary as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="qwen-coder,house")
    parser.add_argument("--per", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=default_root())
    parser.add_argument("--out", type=Path, default=ROOT / ".bench-cache" / "house_eval.jsonl")
    args = parser.parse_args()
    sheets = pick_sheets(args.per)
    rows: list[dict[str, Any]] = []
    for name in args.models.split(","):
        rows += run_model(name.strip(), sheets, args.data_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(json.dumps({"sheets": len(sheets), "out": str(args.out), **summary(rows)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
