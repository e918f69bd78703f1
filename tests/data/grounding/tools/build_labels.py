"""Build labelled.jsonl from the hand-written labels in tools/labels/*.py, with checks.

Each labels module defines ``LABELS = {"g001": {...}, ...}`` where one entry is::

    {"inv": [(span, type, why), ...],        # invented claims
     "sup": [(span, fact), ...],             # supported statements of the sheet's facts
     "art": [(type, span), ...],             # format debris
     "note": "..."}                          # optional: doubts about a label

A span is found in the text by exact match: the first occurrence that overlaps no span placed
before it (invented spans first, then supported; artifacts per type), so listing a span twice
takes its first two free occurrences. ``"span@3"`` forces the 3rd occurrence, ``"span@last"`` the last; ``"@all"`` is the whole
text and ``"@from:PREFIX"`` runs from PREFIX to the end (for gibberish outputs).
Offsets are Python string offsets with ``text[start:end] == span`` (checked here).
``publishable`` is derived: no invented claim and no artifact.

    python tests/data/grounding/tools/build_labels.py          # writes labelled.jsonl
    python tests/data/grounding/tools/build_labels.py --check  # only checks
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(HERE))
from header import HEADER  # noqa: E402

CLAIM_TYPES = set(HEADER["claim_types"])
ARTIFACT_TYPES = set(HEADER["artifact_types"])


def load_labels() -> dict[str, dict]:
    labels: dict[str, dict] = {}
    for path in sorted((HERE / "labels").glob("*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for gid, entry in module.LABELS.items():
            if gid in labels:
                raise SystemExit(f"{gid} labelled twice ({path.name})")
            labels[gid] = entry
    return labels


def find(
    text: str, span: str, taken: list[tuple[int, int]], gid: str, where: str
) -> tuple[int, int, str]:
    """The first occurrence of ``span`` that overlaps nothing in ``taken`` (``span@N``: the Nth)."""
    if span == "@all" or span.startswith("@from:"):
        start = 0 if span == "@all" else text.index(span[6:])
        taken.append((start, len(text)))
        return start, len(text), text[start:]
    if span.endswith("@last") and span[:-5] in text:
        span = span[:-5]
        start = text.rfind(span)
        taken.append((start, start + len(span)))
        return start, start + len(span), span
    m = re.fullmatch(r"(.*)@(\d+)", span, re.S)
    if m and m.group(1) in text:
        span, nth = m.group(1), int(m.group(2))
        start = -1
        for _ in range(nth):
            start = text.find(span, start + 1)
            if start < 0:
                raise SystemExit(f"{gid} {where}: span {span!r} (occurrence {nth}) not in text")
    else:
        start = text.find(span)
        while start >= 0 and any(start < e and s < start + len(span) for s, e in taken):
            start = text.find(span, start + 1)
        if start < 0:
            raise SystemExit(f"{gid} {where}: span {span!r} not in text (or every occurrence taken)")
    taken.append((start, start + len(span)))
    return start, start + len(span), span


def build() -> list[dict]:
    gens = [
        json.loads(x)
        for x in (DATA / "generations.jsonl").read_text("utf-8").splitlines()
        if x.strip()
    ]
    gens.sort(key=lambda g: g["id"])
    labels = load_labels()
    missing = [g["id"] for g in gens if g["id"] not in labels]
    extra = sorted(set(labels) - {g["id"] for g in gens})
    if extra:
        raise SystemExit(f"labels for unknown texts: {extra}")
    rows = []
    problems = []
    for g in gens:
        if g["id"] not in labels:
            continue
        entry = labels[g["id"]]
        text = g["text"]
        invented, supported, artifacts = [], [], []
        taken: list[tuple[int, int]] = []
        for span, kind, why in entry.get("inv", []):
            if kind not in CLAIM_TYPES:
                raise SystemExit(f"{g['id']}: unknown claim type {kind!r}")
            s, e, span = find(text, span, taken, g["id"], "inv")
            invented.append({"start": s, "end": e, "span": span, "type": kind, "why": why})
        taken = [(x["start"], x["end"]) for x in invented]
        for span, fact in entry.get("sup", []):
            s, e, span = find(text, span, taken, g["id"], "sup")
            supported.append({"start": s, "end": e, "span": span, "fact": fact})
        taken_by_kind: dict[str, list[tuple[int, int]]] = {}
        for kind, span in entry.get("art", []):
            if kind not in ARTIFACT_TYPES:
                raise SystemExit(f"{g['id']}: unknown artifact type {kind!r}")
            s, e, span = find(text, span, taken_by_kind.setdefault(kind, []), g["id"], "art")
            artifacts.append({"type": kind, "span": span, "start": s, "end": e})
        for a in invented:
            for b in supported:
                if a["start"] < b["end"] and b["start"] < a["end"]:
                    problems.append(
                        f"{g['id']}: invented {a['span']!r} overlaps supported {b['span']!r}"
                    )
        for lst, name in ((invented, "invented"), (supported, "supported")):
            lst.sort(key=lambda x: x["start"])
            for a, b in zip(lst, lst[1:]):
                if b["start"] < a["end"]:
                    problems.append(
                        f"{g['id']}: {name} spans overlap: {a['span']!r} / {b['span']!r}"
                    )
        for x in invented + supported + artifacts:
            assert text[x["start"] : x["end"]] == x["span"]
        rows.append(
            {
                "id": g["id"],
                "sheet": g["sheet"],
                "split": g["split"],
                "model": g["model"],
                "channel": g["channel"],
                "lang": g["lang"],
                "text": text,
                "invented": invented,
                "supported": supported,
                "artifacts": artifacts,
                "publishable": not invented and not artifacts,
                "notes": entry.get("note", ""),
            }
        )
    for p in problems:
        print("WARNING", p)
    print(
        f"{len(rows)} labelled, {len(missing)} unlabelled"
        + (f" (first: {missing[:8]})" if missing else "")
    )
    return rows


def main() -> None:
    rows = build()
    if "--check" in sys.argv:
        return
    with (DATA / "labelled.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"header": HEADER}, ensure_ascii=False) + "\n")
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {DATA / 'labelled.jsonl'}")


if __name__ == "__main__":
    main()
