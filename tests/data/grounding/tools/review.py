"""Print each label of the given texts in context (for checking offsets and a second read).

    python tests/data/grounding/tools/review.py g041 g042 ...   (or g041-g050)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_labels  # noqa: E402
from show import ids_from  # noqa: E402


def main() -> None:
    wanted = set(ids_from(sys.argv[1:]))
    for row in build_labels.build():
        if row["id"] not in wanted:
            continue
        text = row["text"]
        print(f"== {row['id']} {row['model']} {row['channel']} publishable={row['publishable']}")
        for kind, items in (("INV", row["invented"]), ("SUP", row["supported"]), ("ART", row["artifacts"])):
            for x in items:
                a, b = x["start"], x["end"]
                ctx = (text[max(0, a - 25):a] + "[" + text[a:b] + "]" + text[b:b + 15]).replace("\n", "⏎")
                tag = x.get("type") or x.get("fact")
                print(f"  {kind} {tag:<14.14} {ctx[:160]}")
        if row["notes"]:
            print(f"  NOTE {row['notes']}")


if __name__ == "__main__":
    main()
