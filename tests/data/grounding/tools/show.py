"""Print texts with their fact sheets, for hand labelling (the old guard's flags are NOT shown).

python tests/data/grounding/tools/show.py g001 g002 ...   # or a range: g001-g010
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def load(name: str) -> list[dict]:
    return [json.loads(x) for x in (HERE / name).read_text("utf-8").splitlines() if x.strip()]


def ids_from(argv: list[str]) -> list[str]:
    out = []
    for arg in argv:
        if "-" in arg:
            a, b = arg.split("-")
            out += [f"g{n:03d}" for n in range(int(a[1:]), int(b[1:]) + 1)]
        else:
            out.append(arg)
    return out


def main() -> None:
    sheets = {s["id"]: s for s in load("fact_sheets.jsonl")}
    gens = {g["id"]: g for g in load("generations.jsonl")}
    last_sheet = None
    for gid in ids_from(sys.argv[1:]):
        g = gens.get(gid)
        if g is None:
            print(f"== {gid}: not generated")
            continue
        if g["sheet"] != last_sheet:
            facts = sheets[g["sheet"]]["facts"]
            print("=" * 100)
            print(f"SHEET {g['sheet']} ({sheets[g['sheet']]['split']})")
            for key, value in facts.items():
                if value:
                    print(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
            last_sheet = g["sheet"]
        print("-" * 100)
        print(
            f"{gid}  model={g['model']}  channel={g['channel']}  lang={g['lang']}  "
            f"chars={len(g['text'])}  stopped={g.get('stopped')}"
        )
        print(g["text"])
        print(f"  <END> last 30 chars: {g['text'][-30:]!r}")


if __name__ == "__main__":
    main()
