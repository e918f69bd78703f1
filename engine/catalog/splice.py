"""A CSV reader that remembers where every cell sits in the file, so edits can be spliced in.

``csv.writer`` would re-quote and re-terminate every row; merchants' product files must come back
byte-identical except for the cells we change. This reader keeps, for each cell, its exact span in
the decoded text; :func:`splice` replaces only the chosen spans and leaves every other byte alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.core.errors import UserError

MAX_BYTES = 50 * 1024 * 1024
"""Bigger product files are refused (Shopify itself caps imports at 15 MB)."""

_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
_PLAIN = re.compile(r"[^,\r\n]*")
_NEEDS_QUOTES = re.compile(r'[",\r\n]|^\s|\s$')


@dataclass
class Record:
    """One CSV record: its cell values, each cell's ``(start, end)`` span, and its row number."""

    values: list[str]
    spans: list[tuple[int, int]]
    number: int
    """1-based row as a spreadsheet shows it (the header is row 1)."""

    @property
    def blank(self) -> bool:
        """True for an empty line (no cells at all)."""
        return len(self.values) == 1 and self.spans[0][0] == self.spans[0][1]


@dataclass
class RawCsv:
    """A decoded CSV file and its records, ready for reading and splicing."""

    text: str
    bom: bool
    records: list[Record]

    @property
    def header(self) -> list[str]:
        """The first record's values."""
        return self.records[0].values


def decode(data: bytes, name: str) -> tuple[str, bool]:
    """UTF-8 text of a CSV file (a byte-order mark is allowed and remembered).

    Raises:
        UserError: for UTF-16 files, NUL bytes, or bytes that are not UTF-8, naming the row.

    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(
            f"{name} is UTF-16 text; save it as 'CSV UTF-8 (comma delimited)' and open it again"
        )
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = body[: exc.start].count(b"\n") + 1
        raise UserError(
            f"{name} is not UTF-8 text (row {row}, byte {exc.start + (3 if bom else 0)}); "
            "export it again as 'CSV UTF-8'"
        ) from None
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise UserError(f"{name} holds NUL bytes at row {row}; it is not a text CSV file")
    return text, bom


def parse(text: str, name: str) -> list[Record]:
    """Split CSV text into records, keeping each cell's span (RFC 4180, comma, ``"`` quotes).

    Raises:
        UserError: for a quoted cell that is never closed or text after a closing quote.

    """
    records: list[Record] = []
    pos, end = 0, len(text)
    header: list[str] = []
    while pos < end:
        number = len(records) + 1
        values: list[str] = []
        spans: list[tuple[int, int]] = []
        while True:
            start = pos
            if pos < end and text[pos] == '"':
                match = _QUOTED.match(text, pos)
                if match is None:
                    raise UserError(
                        f"{name}, row {number}, column {_column(header, len(values))}: "
                        'a quoted cell is never closed (a missing ")'
                    )
                values.append(match.group(0)[1:-1].replace('""', '"'))
            else:
                match = _PLAIN.match(text, pos)
                assert match is not None
                values.append(match.group(0))
            pos = match.end()
            spans.append((start, pos))
            if pos >= end:
                break
            char = text[pos]
            if char == ",":
                pos += 1
                continue
            if char in "\r\n":
                pos += 2 if text.startswith("\r\n", pos) else 1
                break
            raise UserError(
                f"{name}, row {number}, column {_column(header, len(values) - 1)}: "
                'text after a closing quote (a stray " in the cell?)'
            )
        records.append(Record(values, spans, number))
        if number == 1:
            header = values
    return records


def _column(header: list[str], index: int) -> str:
    """A column's name for messages (its header text, or its position)."""
    if index < len(header) and header[index].strip():
        return f"'{header[index].strip()}'"
    return f"{index + 1}"


def too_big(name: str, size: int) -> str:
    """The message for a file over :data:`MAX_BYTES`."""
    return (
        f"{name} is larger than the {MAX_BYTES // 1_048_576} MB limit ({size:,} bytes); "
        "split it into smaller files"
    )


def read_raw(data: bytes, name: str) -> RawCsv:
    """Decode and parse a whole CSV file; every record must have as many cells as the header.

    Raises:
        UserError: for an empty or too big file, bad encoding, bad quoting or ragged rows.

    """
    if len(data) > MAX_BYTES:
        raise UserError(too_big(name, len(data)))
    text, bom = decode(data, name)
    if not text.strip():
        raise UserError(f"{name} is empty")
    records = parse(text, name)
    width = len(records[0].values)
    for record in records[1:]:
        if record.blank or len(record.values) == width:
            continue
        if len(record.values) > width:
            extra = record.values[width:]
            raise UserError(
                f"{name}, row {record.number}: {len(record.values)} cells but the header has "
                f"{width} columns (extra cell after column {_column(records[0].values, width - 1)}"
                f": {extra[0][:40]!r}); a comma inside a cell needs quotes"
            )
        raise UserError(
            f"{name}, row {record.number}: {len(record.values)} cells but the header has {width}"
            f" columns; column {_column(records[0].values, len(record.values))} and after are"
            " missing"
        )
    return RawCsv(text=text, bom=bom, records=records)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these can run as a formula in a spreadsheet (CSV injection)."""


def neutralise_formula(value: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ``'`` (OWASP's advice).

    Only cells the app writes go through this; cells it leaves alone stay byte-identical.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def quote_cell(value: str, *, force: bool = False) -> str:
    """A cell as CSV text: quoted when needed (or asked), inner quotes doubled."""
    if force or _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def splice(raw: RawCsv, edits: dict[tuple[int, int], str]) -> bytes:
    """The file's bytes with the cells at ``(record index, column index)`` replaced.

    A new value is neutralised against formula injection (:func:`neutralise_formula`) and
    quoted when it needs it or when the old cell was quoted; every other character, line
    ending and the byte-order mark stay exactly as they were.
    """
    pieces: list[str] = []
    pos = 0
    located = sorted((raw.records[row].spans[col], value) for (row, col), value in edits.items())
    for (start, end), value in located:
        was_quoted = raw.text.startswith('"', start) and end > start
        pieces.append(raw.text[pos:start])
        pieces.append(quote_cell(neutralise_formula(value), force=was_quoted))
        pos = end
    pieces.append(raw.text[pos:])
    out = "".join(pieces).encode("utf-8")
    return (b"\xef\xbb\xbf" + out) if raw.bom else out
