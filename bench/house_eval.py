"""Today's prompting and the house writer side by side on the corpus's frozen held-out split.

``python bench/house_eval.py [--models qwen-coder,house] [--per 3] [--tasks copy,faq,profile]
[--out FILE.jsonl]``
picks ``--per`` held-out copy sheets for every channel and language (seeded; held out by the
hash of their category, frozen in ``corpus/split.json`` before any training), writes each with
every model through the window's own path (``write_copy``: grounded, 1 variant, the sheet's
length, seed 1); with ``faq`` it answers ``--faq`` questions of the held-out shops from their
own policy books (``write_reply``: retrieval, a draft, the check), with ``profile`` it writes
the profiles of ``--profiles`` customers of the held-out shops (``summarise``). It writes
one JSON line per text for labelling by hand against ``shared/publishable.md``, and prints
per model: seconds per text, guard flags per text, texts with a broken shape.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
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
from engine.customers.profile import summarise  # noqa: E402
from engine.customers.store import CustomerBook  # noqa: E402
from engine.faq.importer import import_file  # noqa: E402
from engine.faq.replies import ReplyRequest, write_reply  # noqa: E402
from engine.listing.copywriter import CopyRequest, write_copy  # noqa: E402
from engine.models.embedder import get_embedder  # noqa: E402

BOOKS = ROOT / "corpus" / "faq" / "books"


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


def pick_others(task: str, count: int, seed: int = 13) -> list[CorpusExample]:
    """``count`` held-out replies (not holding ones) or profiles, spread over languages."""
    _, held = split(load(), Split.load())
    pool = [e for e in held if e.task == task]
    if task == "faq":
        pool = [e for e in pool if e.record["intent"] != "holding"]
    rng = random.Random(seed)
    rng.shuffle(pool)
    by_lang = [[e for e in pool if e.lang == lang] for lang in ("en", "zh")]
    return [e for pair in zip(*by_lang, strict=False) for e in pair][:count]


def run_others(
    name: str, task: str, examples: list[CorpusExample], data: Path, scratch: Path
) -> list[dict[str, Any]]:
    """Replies (from each held-out shop's whole book) or profiles, written by model ``name``."""
    rows: list[dict[str, Any]] = []
    for example in examples:
        paths = Paths(scratch / f"{name}-{task}-{example.id}").ensure()
        shutil.copytree(data / "models" / name, paths.models / name, copy_function=os.link)
        engine = open_engine(paths, model=name)
        try:
            start = time.perf_counter()
            if task == "faq":
                import_file(engine.store, BOOKS / f"{example.group}.md", embedder=get_embedder())
                request = ReplyRequest(str(example.record["question"]), tone=example.record["tone"])
                result = write_reply(engine, request)
                draft = result["drafts"][0]
                text, extra = draft["text"], {"sources": draft["sources"]}
                extra["expected_sources"] = example.record["sources"]
                extra["no_policy"] = result["no_policy"]
            else:
                book = CustomerBook(engine.store)
                customer = example.record["customer"]
                person = book.add(str(customer["name"]))
                for note in customer["notes"]:
                    kind = {"order": "order_remark"}.get(note.get("kind", "note"), note["kind"])
                    book.add_note(person.id, str(note["text"]), kind, str(note.get("date", "")))
                result = summarise(
                    engine.generator(), engine.store, person.id, embedder=get_embedder(),
                    prompt_style=engine.prompt_style(),
                )  # fmt: skip
                text, extra = result["summary"], {"notes": customer["notes"]}
            seconds = time.perf_counter() - start
        finally:
            engine.close()
        rows.append(
            {"sheet": example.id, "model": name, "channel": task, "lang": example.lang,
             "question": example.record.get("question"), "text": text, "flags": [],
             "shape": [] if text.strip() else ["empty"], "seconds": round(seconds, 2), **extra}
        )  # fmt: skip
        print(f"{name} {example.id} {task}/{example.lang} {seconds:.1f}s", file=sys.stderr)
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
    parser.add_argument("--tasks", default="copy,faq,profile")
    parser.add_argument("--faq", type=int, default=20, help="held-out questions answered")
    parser.add_argument("--profiles", type=int, default=12, help="held-out customers")
    parser.add_argument("--data-dir", type=Path, default=default_root())
    parser.add_argument("--out", type=Path, default=ROOT / ".bench-cache" / "house_eval.jsonl")
    args = parser.parse_args()
    tasks = args.tasks.split(",")
    sheets = pick_sheets(args.per) if "copy" in tasks else []
    counts = {"faq": args.faq, "profile": args.profiles}
    others = {t: pick_others(t, counts[t]) for t in ("faq", "profile") if t in tasks}
    rows: list[dict[str, Any]] = []
    scratch = Path(tempfile.mkdtemp(prefix="house-eval-"))
    for name in args.models.split(","):
        rows += run_model(name.strip(), sheets, args.data_dir)
        for task, examples in others.items():
            rows += run_others(name.strip(), task, examples, args.data_dir, scratch)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(json.dumps({"sheets": len(sheets), "out": str(args.out), **summary(rows)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
