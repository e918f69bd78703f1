"""Importing contacts and notes: duplicates merged (never doubled), nothing already there lost.

A row whose e-mail address (trimmed, any case) is already known is merged into that customer:
tags are united, a phone number written another way is kept beside the first one, another
name is kept as a free field, new free fields are added, and its notes are added unless the
customer already has them. The whole file is checked before anything is saved, and saved in one
transaction. A row for a customer who was forgotten is held back until the merchant says to add
them again (``readd``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from engine.customers.contacts import ContactRow, read_contacts, read_notes_jsonl
from engine.customers.forgotten import forgotten_at, welcome_back
from engine.customers.store import Customer, CustomerBook, digits, email_key
from engine.store.connection import Store


@dataclass
class ImportResult:
    """What an import did."""

    rows: int = 0
    added: int = 0
    merged: int = 0
    notes_added: int = 0
    forgotten: list[dict[str, Any]] = field(default_factory=list)
    """Rows held back: ``{"row", "email", "forgotten_at"}`` (asked about before adding)."""

    def to_json(self) -> dict[str, Any]:
        """For the CLI and the window."""
        return {
            "rows": self.rows,
            "added": self.added,
            "merged": self.merged,
            "notes_added": self.notes_added,
            "forgotten": list(self.forgotten),
        }

    def summary(self) -> str:
        """One line for the merchant."""
        line = (
            f"{self.rows} row(s): {self.added} new customer(s), {self.merged} merged into "
            f"existing ones, {self.notes_added} note(s) added"
        )
        if self.forgotten:
            line += (
                f"; {len(self.forgotten)} row(s) held back: customers you asked ShopScribe "
                "to forget"
            )
        return line


def _wanted(email: str, readd: Collection[str] | bool) -> bool:
    if isinstance(readd, bool):
        return readd
    return email_key(email) in {email_key(e) for e in readd}


def _same_number(a: str, b: str) -> bool:
    """True when two phone texts are one number (``+1 503 555 0147`` = ``503-555-0147``)."""
    da, db = digits(a), digits(b)
    return bool(da and db) and (da == db or (min(len(da), len(db)) >= 7 and da[-9:] == db[-9:]))


def merge_into(customer: Customer, row: ContactRow) -> None:
    """Merge a row into an existing customer (on the object; the caller saves it)."""
    if not customer.name and row.name:
        customer.name = row.name
    elif row.name and row.name.lower() != customer.name.lower():
        names = [n.strip() for n in customer.fields.get("other names", "").split(";") if n]
        if row.name not in names:
            customer.fields["other names"] = "; ".join([*names, row.name])
    if not customer.email and row.email:
        customer.email = row.email
    for phone in [row.phone, *row.other_phones]:
        phone = " ".join(phone.split())
        if not phone:
            continue
        if not customer.phone:
            customer.phone = phone
        elif phone != customer.phone and phone not in customer.other_phones:
            customer.other_phones.append(phone)  # the same number written another way stays
    known = {t.lower() for t in customer.tags}
    customer.tags.extend(t for t in row.tags if t.lower() not in known)
    for key, value in row.fields.items():
        old = customer.fields.get(key, "")
        if not old:
            customer.fields[key] = value
        elif value not in old.split("; "):
            customer.fields[key] = f"{old}; {value}"


def _find(book: CustomerBook, row: ContactRow) -> Customer | None:
    if row.email:
        return book.by_email(row.email)
    for candidate in book.search(row.name):
        if (
            not candidate.email
            and candidate.name.lower() == row.name.lower()
            and (not row.phone or _same_number(candidate.phone, row.phone))
        ):
            return candidate
    return None


def _add_notes(book: CustomerBook, customer_id: int, row: ContactRow, source: str) -> int:
    added = 0
    today = date.today().isoformat()
    known = {n.text.strip() for n in book.notes(customer_id)}
    for when, kind, text in row.notes:
        if text.strip() in known:
            continue  # a re-import does not double a note
        book.add_note(customer_id, text, kind, when or today, source)
        known.add(text.strip())
        added += 1
    return added


def import_rows(
    store: Store, rows: list[ContactRow], source: str, readd: Collection[str] | bool = False
) -> ImportResult:
    """Save checked contact rows, merging duplicates, in one transaction."""
    book = CustomerBook(store)
    result = ImportResult(rows=len(rows))
    with store.transaction():
        for row in rows:
            existing = _find(book, row)
            if existing is None:
                when = forgotten_at(store, row.email)
                if when and not _wanted(row.email, readd):
                    result.forgotten.append(
                        {"row": row.number, "email": row.email, "forgotten_at": when}
                    )
                    continue
                if when:
                    welcome_back(store, row.email)
                customer = book.add(row.name, row.email, "", [], {})
                merge_into(customer, row)
                book.update(customer)
                result.added += 1
            else:
                customer = existing
                merge_into(customer, row)
                book.update(customer)
                result.merged += 1
            result.notes_added += _add_notes(book, customer.id, row, source)
    return result


def import_contacts(
    store: Store, path: Path | str, readd: Collection[str] | bool = False
) -> ImportResult:
    """Import a contacts CSV (name, email, phone, tags, notes).

    Raises:
        UserError: for a file :func:`~engine.customers.contacts.read_contacts` refuses (then
            nothing is saved).

    """
    rows = read_contacts(path)
    return import_rows(store, rows, f"import:{Path(path).name}", readd)


def import_notes(
    store: Store, path: Path | str, readd: Collection[str] | bool = False
) -> ImportResult:
    """Import dated notes (JSON Lines of ``{"email", "date", "kind", "text"}``).

    A note for an address nobody has yet creates that customer (named by the address).

    Raises:
        UserError: for a malformed line (then nothing is saved).

    """
    lines = read_notes_jsonl(path)
    rows: dict[str, ContactRow] = {}
    for line in lines:
        row = rows.setdefault(email_key(line.email), ContactRow(line.number, "", line.email))
        row.notes.append((line.date, line.kind, line.text))
    result = import_rows(store, list(rows.values()), f"import:{Path(path).name}", readd)
    result.rows = len(lines)
    return result


def import_file(
    store: Store, path: Path | str, readd: Collection[str] | bool = False
) -> ImportResult:
    """Contacts from a ``.csv``, dated notes from a ``.jsonl``."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".json"):
        return import_notes(store, path, readd)
    return import_contacts(store, path, readd)
