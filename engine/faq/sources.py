"""Reading policy files: Markdown / text split at headings, CSV of question,answer rows.

Every problem is a :class:`~engine.core.errors.UserError` that names the file (and the row or
line), raised before anything is written, so a bad file leaves the book as it was.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from engine.core.errors import UserError

SUFFIXES = (".md", ".markdown", ".txt", ".csv")
MAX_BYTES = 20 * 1024 * 1024
MAX_TITLE = 300
MAX_TEXT = 20_000
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")


@dataclass(frozen=True)
class SourceEntry:
    """One entry as read from a file: its title (the entry's id) and its policy text."""

    title: str
    text: str
    line: int = 0
    """Where it starts in the file (1-based), for messages."""


def _decode(path: Path, data: bytes) -> str:
    name = path.name
    if not data.strip():
        raise UserError(f"{name} is empty: there is no policy in it to import")
    if b"\x00" in data:
        raise UserError(f"{name} is not a text file (it looks binary); save it as UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{name} is not UTF-8 text (undecodable byte at position {exc.start}); "
            "save it as UTF-8 and import it again"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > max(8, len(text) // 200):
        raise UserError(f"{name} is not a text file (it looks binary); save it as UTF-8 text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path | str) -> list[SourceEntry]:
    """The entries of one policy file (``.md``, ``.markdown``, ``.txt`` or ``.csv``).

    Raises:
        UserError: for a missing, empty, binary or malformed file, naming the file (and row).

    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"{path.name}: import a Markdown (.md), text (.txt) or CSV (.csv) file, "
            f"not {suffix or 'a file without an extension'}"
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path.name} is {size / 1e6:.0f} MB; a policy file is at most 20 MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder; choose a file") from None
    except PermissionError:
        raise UserError(f"{path.name} cannot be read (no permission)") from None
    text = _decode(path, data)
    entries = parse_csv(text, path.name) if suffix == ".csv" else parse_markdown(text, path.name)
    _check(entries, path.name)
    return entries


def parse_markdown(text: str, name: str = "the text") -> list[SourceEntry]:
    """Entries from Markdown: one per heading of the entry level, text before it skipped.

    The entry level is ``##`` when the file has ``##`` headings (a ``#`` line is then the
    document's title) and ``#`` otherwise. Deeper headings stay inside their entry.

    Raises:
        UserError: when the file has no headings.

    """
    lines = text.split("\n")
    headings = [(i, m) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    if not headings:
        raise UserError(
            f"{name} has no headings, so its entries cannot be told apart: start each policy "
            "with a line like '## Returns and refunds' and import it again"
        )
    level = 2 if any(len(m.group(1)) == 2 for _, m in headings) else 1
    starts = [(i, m.group(2).strip()) for i, m in headings if len(m.group(1)) == level]
    out: list[SourceEntry] = []
    for index, (start, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        if level == 2:  # a '#' title line between entries ends the entry before it
            end = next((i for i, m in headings if start < i < end and len(m.group(1)) == 1), end)
        body = _tidy_body(lines[start + 1 : end])
        if body:
            out.append(SourceEntry(_strip_marks(title), body, start + 1))
    if not out:
        raise UserError(f"{name} has headings but no text under them; nothing to import")
    return out


def _strip_marks(title: str) -> str:
    return re.sub(r"^\*\*(.+)\*\*$", r"\1", title.strip()).strip()


def _tidy_body(lines: list[str]) -> str:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading:  # a deeper heading stays in its entry as a paragraph of its own
            if current:
                paragraphs.append(" ".join(current))
                current = []
            paragraphs.append(_strip_marks(heading.group(2)))
        elif line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def parse_csv(text: str, name: str = "the file") -> list[SourceEntry]:
    """Entries from a CSV whose header has ``question`` and ``answer`` (or title, text).

    Raises:
        UserError: for a missing header, or rows with the wrong number of cells (all named).

    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise UserError(
            f"{name} has no header row; the first row must be question,answer"
        ) from None
    columns = [c.strip().lower() for c in header]
    q_col = _column(columns, ("question", "title", "q"))
    a_col = _column(columns, ("answer", "text", "a"))
    if q_col is None or a_col is None:
        raise UserError(
            f"{name}: the first row must name the columns question,answer "
            f"(found {', '.join(repr(c) for c in header) or 'nothing'})"
        )
    out: list[SourceEntry] = []
    bad: list[tuple[int, int, int]] = []
    row_number = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            row_number += 1
            if len(row) != len(header):
                bad.append((row_number, line, len(row)))
                continue
            question, answer = row[q_col].strip(), row[a_col].strip()
            if not question or not answer:
                missing = "question" if not question else "answer"
                raise UserError(f"{name}, row {row_number} (line {line}): the {missing} is empty")
            out.append(SourceEntry(question, " ".join(answer.split()), line))
    except csv.Error as exc:
        raise UserError(f"{name}, line {reader.line_num}: not valid CSV ({exc})") from None
    if bad:
        first_row, first_line, cells = bad[0]
        more = ""
        if len(bad) > 1:
            more = "; also rows " + ", ".join(str(r) for r, _, _ in bad[1:])
        raise UserError(
            f"{name}, row {first_row} (line {first_line}): expected {len(header)} cells "
            f"({', '.join(header)}), found {cells}{more}. Put quotes around answers that "
            "contain commas; nothing was imported"
        )
    if not out:
        raise UserError(f"{name} has a header but no rows; nothing to import")
    return out


def _column(columns: list[str], names: tuple[str, ...]) -> int | None:
    return next((columns.index(n) for n in names if n in columns), None)


def _check(entries: list[SourceEntry], name: str) -> None:
    seen: dict[str, int] = {}
    for entry in entries:
        if len(entry.title) > MAX_TITLE:
            raise UserError(
                f"{name}, line {entry.line}: a title is {len(entry.title)} characters; "
                f"keep titles under {MAX_TITLE}"
            )
        if len(entry.text) > MAX_TEXT:
            raise UserError(
                f"{name}: the entry {entry.title!r} is {len(entry.text)} characters; split it "
                f"into entries under {MAX_TEXT} characters"
            )
        key = entry.title.casefold()
        if key in seen:
            raise UserError(
                f"{name} has two entries titled {entry.title!r} (lines {seen[key]} and "
                f"{entry.line}); give each a title of its own"
            )
        seen[key] = entry.line
