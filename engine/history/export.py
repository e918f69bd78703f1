"""Export history (everything generated) to CSV, JSON or Markdown, written atomically."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.catalog.splice import neutralise_formula
from engine.core.errors import UserError
from engine.core.files import atomic_write_text
from engine.history.store import HistoryItem

FORMATS = ("csv", "json", "md")
CSV_COLUMNS = (
    "id",
    "created_at",
    "kind",
    "channel",
    "lang",
    "title",
    "text",
    "favourite",
    "model",
    "adapter",
    "facts_json",
    "settings_json",
)


def item_record(item: HistoryItem) -> dict[str, Any]:
    """One history item as a plain dict (the JSON export's shape)."""
    return {
        "id": item.id,
        "created_at": item.created_at,
        "kind": item.kind,
        "channel": item.channel,
        "lang": item.lang,
        "title": item.title,
        "text": item.text,
        "favourite": item.favourite,
        "model": item.model,
        "adapter": item.adapter,
        "facts": item.facts,
        "settings": item.settings,
    }


def to_csv(items: Iterable[HistoryItem]) -> str:
    """CSV with a header row; facts and settings as JSON cells. UTF-8 with a BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        record = item_record(item)
        cells = [
            *(record[c] for c in CSV_COLUMNS[:7]),
            "yes" if item.favourite else "no",
            item.model,
            item.adapter,
            json.dumps(item.facts, ensure_ascii=False),
            json.dumps(item.settings, ensure_ascii=False),
        ]
        writer.writerow([neutralise_formula(c) if isinstance(c, str) else c for c in cells])
    return "\ufeff" + buffer.getvalue()


def to_json(items: Iterable[HistoryItem]) -> str:
    """``{"items": [...]}``, pretty-printed, Chinese kept readable."""
    return json.dumps({"items": [item_record(i) for i in items]}, ensure_ascii=False, indent=2)


def _md_escape_heading(text: str) -> str:
    return " ".join(text.split()).replace("#", "\\#") or "(untitled)"


def to_markdown(items: Iterable[HistoryItem]) -> str:
    """One ``##`` section per item: title, metadata line, the facts, then the text."""
    out = ["# ShopScribe history", ""]
    for item in items:
        star = " ★" if item.favourite else ""
        out.append(f"## {item.id}. {_md_escape_heading(item.title)}{star}")
        out.append("")
        meta = [item.created_at.replace("T", " "), item.channel or item.kind, item.lang]
        meta.append(item.model + (f" + {item.adapter}" if item.adapter else ""))
        out.append("*" + " · ".join(m for m in meta if m) + "*")
        out.append("")
        facts = item.facts or {}
        details = [f"{k}: {v}" for k, v in (facts.get("attributes") or {}).items()]
        details += list(facts.get("features") or [])
        if details:
            out.append("Facts: " + "; ".join(details))
            out.append("")
        for line in item.text.splitlines() or [""]:
            out.append("> " + line if line.strip() else ">")
        out.append("")
    return "\n".join(out)


def export_history(items: Iterable[HistoryItem], fmt: str, out: Path | str) -> int:
    """Write ``items`` to ``out`` in ``fmt`` (csv, json, md) atomically; returns the count.

    Raises:
        UserError: for an unknown format or a folder that cannot be written.

    """
    fmt = fmt.lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise UserError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    rows = list(items)
    text = {"csv": to_csv, "json": to_json, "md": to_markdown}[fmt](rows)
    path = Path(out)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name to export to")
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(rows)


def format_from_path(path: Path | str) -> str:
    """Guess the format from a file name's suffix (``.csv``, ``.json``, ``.md``)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return "md" if suffix in ("md", "markdown") else suffix
