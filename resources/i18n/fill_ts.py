"""Fill ``shopscribe_zh_CN.ts`` from ``zh_CN.tsv``: source, a TAB, its translation per line.

A literal backslash-n in the table stands for a newline. Run it after ``pyside6-lupdate``
(``make i18n`` does both). Sources the table lacks stay ``unfinished`` (a test then fails).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_table(path: Path) -> dict[str, str]:
    """Source → translation from a TAB-separated file."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            source, target = line.split("\t", 1)
            table[source.replace("\\n", "\n")] = target.replace("\\n", "\n")
    return table


def fill(ts: Path, table: dict[str, str]) -> list[str]:
    """Write the table's translations into ``ts``; return the sources left unfinished."""
    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in table:
            translation.text = table[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished" or not translation.text:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    left = fill(HERE / "shopscribe_zh_CN.ts", load_table(HERE / "zh_CN.tsv"))
    for source in left:
        print(f"untranslated: {source!r}")
    sys.exit(1 if left else 0)
