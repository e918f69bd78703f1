"""Second-read helper: occurrences of fact values (numbers, attribute values, features) in a
text that no supported or invented span covers, to catch supported spans missed by hand.

    python tests/data/grounding/tools/coverage.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build_labels  # noqa: E402


def needles(facts: dict) -> list[str]:
    out: list[str] = []
    values = list(facts.get("attributes", {}).values()) + facts.get("features", [])
    if facts.get("audience"):
        values.append(facts["audience"])
    for v in values:
        for part in re.split(r"[,;，；：:()（）]", v):
            part = part.strip()
            if len(part) >= 2:
                out.append(part)
        out += re.findall(r"\d+(?:[.,]\d+)?\s?(?:%|[a-zA-Z°\u4e00-\u9fff]+)?", v)
    return sorted({n for n in out if n.strip() and not n.isdigit() or len(n) > 1}, key=len, reverse=True)


def main() -> None:
    sheets = {json.loads(x)["id"]: json.loads(x) for x in (HERE.parent / "fact_sheets.jsonl").read_text("utf-8").splitlines()}
    for row in build_labels.build():
        text = row["text"]
        spans = [(x["start"], x["end"]) for x in row["invented"] + row["supported"]]
        hits = []
        for n in needles(sheets[row["sheet"]]["facts"]):
            for m in re.finditer(re.escape(n), text, re.IGNORECASE):
                if not any(m.start() < e and s < m.end() for s, e in spans):
                    hits.append((m.start(), m.group(0)))
                    spans.append((m.start(), m.end()))
        if hits:
            hits.sort()
            print(row["id"], row["channel"], "|", " || ".join(
                f"{text[max(0, a - 15):a]}[{h}]{text[a + len(h):a + len(h) + 10]}".replace("\n", "⏎") for a, h in hits))


if __name__ == "__main__":
    main()
