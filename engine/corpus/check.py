"""Quality control of the corpus: schema and shapes, the fact guard's pass rate, a hand sample.

``python -m engine.corpus.check [--json] [--sample FILE]`` loads every example (a schema error
stops it with the file and line), checks each text's shape for its channel (the README's
shapes: an ad's two lines, bullets' ``- `` lines, limits, a description that opens on the
product, no absolute terms in Chinese copy the facts do not give), runs the fact guard's
amount/material/claim check over every text against its own input, and prints the counts the
corpus README reports. ``--sample FILE`` writes a seeded random 5 % of the examples as
Markdown, for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from engine.core.files import atomic_write_text
from engine.corpus.examples import ROOT, CorpusExample, Split, load
from engine.corpus.render import completion, facts_of, prompt
from engine.guard.check import check_text
from engine.guard.evidence import EvidenceSet

ABSOLUTE_ZH = ("最", "第一", "国家级", "顶级", "极品", "绝对", "万能", "100%", "首选", "唯一")
"""Chinese advertising-law absolutes (a fact that states one allows it)."""
_OPENERS = re.compile(r"^(it|they|它|它们)\b", re.IGNORECASE)
_LIMITS: dict[str, dict[str, tuple[int, ...]]] = {
    "title": {"en": (80,), "zh": (40,)},
    "seo": {"en": (60, 160), "zh": (30, 80)},
    "ad": {"en": (40, 250), "zh": (20, 125)},
}


def _named_first(example: CorpusExample, text: str) -> bool:
    """True when the first sentence names the product (a title word, or its CJK part)."""
    first = re.split(r"(?<=[.!?。！？])\s*", text.strip(), maxsplit=1)[0].lower()
    title = str(example.record["facts"]["title"]).lower()
    words = [w for w in re.findall(r"[a-z][a-z'-]{2,}", title)]
    if any(w in first for w in words):
        return True
    cjk = re.findall(r"[\u4e00-\u9fff]{2,}", title)
    return any(part[i : i + 2] in first for part in cjk for i in range(len(part) - 1))


def shape_problems(example: CorpusExample) -> list[str]:
    """What breaks the README's shape for this example's channel (empty when none)."""
    text = completion(example)
    found: list[str] = []
    if not text.strip():
        return ["empty output"]
    if example.task != "copy":
        record = example.record
        if example.task == "faq" and record["intent"] != "holding" and not record["sources"]:
            found.append("a reply that is not holding cites no source")
        return found
    lines = [line for line in text.splitlines() if line.strip()]
    channel, lang = example.channel, example.lang
    limits: tuple[int, ...] = _LIMITS.get(channel, {}).get(lang, ())
    if channel in ("seo", "ad") and len(lines) != 2:
        found.append(f"{channel} needs exactly 2 lines, has {len(lines)}")
    if channel == "title" and len(lines) != 1:
        found.append("a title is one line")
    for line, limit in zip(lines, limits, strict=False):
        if len(line) > limit:
            found.append(f"{channel} line over {limit} characters ({len(line)})")
    bullets_ok = 3 <= len(lines) <= 5 and all(line.startswith("- ") for line in lines)
    if channel == "bullets" and not bullets_ok:
        found.append("bullets are 3-5 lines starting '- '")
    if channel == "social" and len(re.findall(r"#\S+", lines[-1])) < 3:
        found.append("a social post ends with three hashtags")
    if channel == "description" and not _named_first(example, text):
        found.append("the description's first sentence does not name the product")
    if _OPENERS.match(text.strip()):
        found.append("opens on It/They")
    if lang == "zh":
        facts = json.dumps(example.record["facts"], ensure_ascii=False)
        hits = [term for term in ABSOLUTE_ZH if term in text and term not in facts]
        if hits:
            found.append(f"absolute terms not in the facts: {', '.join(hits)}")
    return found


def evidence_of(example: CorpusExample) -> EvidenceSet:
    """What the example's text may state: its facts, policies (+ question) or notes."""
    record = example.record
    if example.task == "copy":
        return EvidenceSet.from_facts(facts_of(example))
    if example.task == "faq":
        items = [(str(p["id"]), str(p["id"]), str(p["text"])) for p in record["policies"]]
        items.append(("question", "question", str(record["question"])))
        return EvidenceSet.from_passages(items, example.lang)
    notes = [
        (str(n["id"]), "note", f"{n.get('date', '')} {n['text']}")
        for n in record["customer"]["notes"]
    ]
    if example.task == "recommend":
        notes += [(str(c["handle"]), "product", json.dumps(c, ensure_ascii=False))
                  for c in record["catalogue"]]  # fmt: skip
    return EvidenceSet.from_passages(notes, example.lang, kind="note")


def report(examples: list[CorpusExample], rule: Split) -> dict[str, Any]:
    """Counts, shape problems and the guard's pass rate over ``examples``."""
    per: Counter[str] = Counter()
    problems: dict[str, list[str]] = {}
    flagged: dict[str, list[str]] = {}
    for example in examples:
        per[f"{example.task}/{example.channel}/{example.lang}"] += 1
        found = shape_problems(example)
        if found:
            problems[example.id] = found
        flags = check_text(completion(example), evidence_of(example))
        if flags:
            flagged[example.id] = [f"{f.span!r}: {f.reason}" for f in flags]
    copy = [e for e in examples if e.task == "copy"]
    held = [e for e in examples if rule.heldout(e)]
    zh = sum(1 for e in examples if e.lang == "zh")
    return {
        "examples": len(examples),
        "by_task": dict(Counter(e.task for e in examples)),
        "by_task_channel_lang": dict(sorted(per.items())),
        "chinese_share": round(zh / max(1, len(examples)), 3),
        "copy_categories": len({e.group for e in copy}),
        "shops": sorted({e.group for e in examples if e.task != "copy"}),
        "heldout": len(held),
        "heldout_share": round(len(held) / max(1, len(examples)), 3),
        "shape_problems": problems,
        "guard_pass_rate": round(1 - len(flagged) / max(1, len(examples)), 4),
        "guard_flags": flagged,
    }


def write_sample(examples: list[CorpusExample], path: Path, share: float = 0.05) -> int:
    """A seeded random ``share`` of the examples, prompt and text, as Markdown."""
    rng = random.Random(5)
    picked = rng.sample(examples, max(1, round(len(examples) * share)))
    parts = []
    for example in sorted(picked, key=lambda e: e.id):
        user = prompt(example)[-1]["content"]
        parts.append(f"## {example.id} ({example.task}/{example.channel}/{example.lang})\n\n"
                     f"```\n{user}\n```\n\n{completion(example)}\n")  # fmt: skip
    atomic_write_text(path, "\n".join(parts))
    return len(picked)


def main(argv: list[str] | None = None) -> int:
    """``python -m engine.corpus.check [--json] [--sample FILE]``; exit 1 on shape problems."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sample", type=Path)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    examples = load(args.root)
    result = report(examples, Split.load(args.root))
    if args.sample:
        result["sample"] = write_sample(examples, args.sample)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        brief = {k: v for k, v in result.items() if k not in ("guard_flags", "shape_problems")}
        print(json.dumps(brief, ensure_ascii=False, indent=1))
        for key in ("shape_problems", "guard_flags"):
            print(f"{key}: {len(result[key])}")
            for ident, lines in list(result[key].items())[:40]:
                print(f"  {ident}: {'; '.join(lines)}")
    return 1 if result["shape_problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
