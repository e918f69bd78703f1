"""Contact files: the customers CSV (name, email, phone, tags, notes) in and out, notes JSONL in.

Encodings: UTF-8 with or without a byte-order mark is read as is; UTF-16 (with its byte-order
mark, as Excel's "Unicode text" writes it) is decoded; anything else that is not UTF-8
(Latin-1, Windows-1252, GBK…) is refused with the row and byte where it goes wrong, because
guessing a legacy encoding silently turns names into nonsense. Quoting errors and ragged rows
are refused with their row and column (:func:`engine.catalog.splice.read_raw`). Common header
spellings are understood (``E-mail``, ``Phone Number``, Shopify's ``First Name`` + ``Last
Name``); other columns become the customer's free fields.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.catalog.splice import FORMULA_STARTS, MAX_BYTES, neutralise_formula, read_raw, too_big
from engine.core.errors import UserError
from engine.core.files import atomic_write_bytes
from engine.customers.store import (
    KIND_LABELS,
    NOTE_KINDS,
    Customer,
    Note,
    check_date,
    split_tags,
    valid_email,
)

HEADER = ("name", "email", "phone", "tags", "notes")
ALIASES = {
    "name": ("name", "full name", "customer", "customer name", "姓名", "名字"),
    "email": ("email", "e-mail", "email address", "e-mail address", "邮箱", "电子邮件"),
    "phone": ("phone", "phone number", "telephone", "mobile", "default address phone", "电话"),
    "tags": ("tags", "tag", "标签"),
    "notes": ("notes", "note", "备注"),
    "other_phones": ("other phones",),
}
_NOTE_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (note|message|order remark): (.+)$")


@dataclass
class ContactRow:
    """One row of a contacts file, checked."""

    number: int
    """The row as a spreadsheet shows it (the header is row 1)."""
    name: str
    email: str
    phone: str = ""
    tags: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    """(date or "", kind, text) for each note in the cell."""
    other_phones: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def decode_contacts(data: bytes, name: str) -> str:
    """The text of a contacts file (UTF-8 ± BOM, or UTF-16 with its BOM).

    Raises:
        UserError: for any other encoding, naming the row and byte, or NUL bytes.

    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UserError(
                f"{name} says it is UTF-16 text but is damaged; save it again"
            ) from None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = body[: exc.start].count(b"\n") + 1
        raise UserError(
            f"{name} is not UTF-8 text (row {row}, byte {exc.start}: 0x{body[exc.start]:02X}); "
            "it looks like Latin-1 or another legacy encoding, which ShopScribe does not guess. "
            "Save it as 'CSV UTF-8' and import it again"
        ) from None
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise UserError(f"{name} holds NUL bytes at row {row}; it is not a text CSV file")
    return text


def _columns(header: list[str], name: str) -> dict[str, int]:
    found: dict[str, int] = {}
    lowered = [h.strip().lower() for h in header]
    for key, spellings in ALIASES.items():
        for index, heading in enumerate(lowered):
            if heading in spellings and key not in found:
                found[key] = index
    if "name" not in found and "first name" in lowered:
        found["first name"] = lowered.index("first name")
        if "last name" in lowered:
            found["last name"] = lowered.index("last name")
    if "email" not in found:
        shown = ",".join(h.strip() for h in header[:8])
        raise UserError(
            f"{name}, row 1: no 'email' column (the header is {shown}); a contacts file needs "
            "the columns name,email,phone,tags,notes"
        )
    return found


def _clean(value: str) -> str:
    """A cell as the merchant meant it (a ``'`` our export put before ``+``/``=`` goes)."""
    value = value.strip()
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def parse_note_cell(text: str) -> list[tuple[str, str, str]]:
    """Notes from a cell: dated ``2024-05-16 message: …`` lines (as exported) or one note."""
    text = text.strip()
    if not text:
        return []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parsed = [_NOTE_LINE.match(line) for line in lines]
    if parsed and all(parsed):
        kinds = {label: kind for kind, label in KIND_LABELS.items()}
        return [(m.group(1), kinds[m.group(2)], m.group(3)) for m in parsed if m]
    return [("", "note", text)]


def read_contacts(path: Path | str) -> list[ContactRow]:
    """Every row of a contacts CSV, checked; nothing is saved here.

    Raises:
        UserError: for a missing, too big, empty or badly encoded file, bad quoting, a ragged
            row, no ``email`` column, or a malformed e-mail address (naming row and column).

    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"file not found: {path}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError(too_big(path.name, size))
    text = decode_contacts(path.read_bytes(), path.name)
    raw = read_raw(text.encode("utf-8"), path.name)
    columns = _columns(raw.header, path.name)
    known = set(columns.values())
    extras = [(i, h.strip()) for i, h in enumerate(raw.header) if i not in known and h.strip()]
    rows: list[ContactRow] = []
    for record in raw.records[1:]:
        if record.blank:
            continue
        values = [_clean(v) for v in record.values]

        def cell(key: str, values: list[str] = values) -> str:
            index = columns.get(key)
            return values[index] if index is not None else ""

        name = cell("name") or " ".join(p for p in (cell("first name"), cell("last name")) if p)
        email = cell("email")
        if not any(values):
            continue
        if email and not valid_email(email):
            raise UserError(
                f"{path.name}, row {record.number}, column 'email': {email[:60]!r} is not an "
                "e-mail address"
            )
        if not email and not name:
            raise UserError(
                f"{path.name}, row {record.number}: no name and no e-mail address; every "
                "customer needs one of them"
            )
        rows.append(
            ContactRow(
                number=record.number,
                name=" ".join(name.split()),
                email=email,
                phone=cell("phone"),
                tags=split_tags(cell("tags")),
                notes=parse_note_cell(cell("notes")),
                other_phones=[p.strip() for p in cell("other_phones").split(";") if p.strip()],
                fields={h: values[i] for i, h in extras if values[i]},
            )
        )
    return rows


@dataclass
class NoteLine:
    """One line of a notes JSONL file: ``{"email", "date", "kind", "text"}``."""

    number: int
    email: str
    date: str
    kind: str
    text: str


def read_notes_jsonl(path: Path | str) -> list[NoteLine]:
    """Dated notes for existing customers, one JSON object per line.

    Raises:
        UserError: for a line that is not JSON, lacks ``email`` or ``text``, or has a bad
            date or kind (naming the line).

    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"file not found: {path}")
    text = decode_contacts(path.read_bytes(), path.name)
    out: list[NoteLine] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path.name} line {number} is not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not str(row.get("email") or "").strip():
            raise UserError(f"{path.name} line {number}: needs an 'email'")
        if not str(row.get("text") or "").strip():
            raise UserError(f"{path.name} line {number}: needs a 'text'")
        kind = str(row.get("kind") or "note")
        if kind not in NOTE_KINDS:
            raise UserError(
                f"{path.name} line {number}: 'kind' is one of {', '.join(NOTE_KINDS)}, not {kind!r}"
            )
        try:
            when = check_date(str(row.get("date") or ""))
        except UserError as exc:
            raise UserError(f"{path.name} line {number}: {exc}") from None
        out.append(NoteLine(number, str(row["email"]).strip(), when, kind, str(row["text"])))
    return out


def contacts_csv(customers: list[tuple[Customer, list[Note]]]) -> bytes:
    """The customers as a contacts CSV (UTF-8 with BOM, so spreadsheets show Chinese).

    ``notes`` holds one ``date kind: text`` line per note, which importing reads back as
    dated notes; cells a spreadsheet would run as formulas are neutralised.
    """
    field_names: list[str] = []
    for customer, _ in customers:
        field_names.extend(k for k in customer.fields if k not in field_names)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*HEADER, "other phones", *field_names])
    for customer, notes in customers:
        note_lines = "\n".join(
            f"{n.date} {KIND_LABELS[n.kind]}: {' '.join(n.text.split())}" for n in notes
        )
        cells = [
            customer.name,
            customer.email,
            customer.phone,
            ";".join(customer.tags),
            note_lines,
            ";".join(customer.other_phones),
            *(customer.fields.get(k, "") for k in field_names),
        ]
        writer.writerow([neutralise_formula(c) for c in cells])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def write_contacts(path: Path | str, customers: list[tuple[Customer, list[Note]]]) -> int:
    """Write :func:`contacts_csv` atomically; returns how many customers went out."""
    atomic_write_bytes(Path(path), contacts_csv(customers))
    return len(customers)
