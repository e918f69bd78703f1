"""Customer records in SQLite: contacts, tags, a dated notes timeline, search (en + zh).

One ``customers`` row per person, keyed by the e-mail address (compared trimmed and
lower-cased, so `` Harriet.Lowe@Example.com `` is Harriet again). Notes are typed by the owner
(``note``), pasted messages from the customer (``message``) or order lines and checkout remarks
(``order_remark``). Notes are searched with an FTS5 trigram index (substrings, Chinese included)
and ``LIKE`` for queries shorter than three characters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine.core.errors import UserError
from engine.store.connection import Store, now

NOTE_KINDS = ("note", "message", "order_remark")
KIND_LABELS = {"note": "note", "message": "message", "order_remark": "order remark"}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TAG_SPLIT = re.compile(r"[;,，；]")


def email_key(email: str) -> str:
    """How e-mail addresses are compared: trimmed and lower-cased."""
    return email.strip().lower()


def valid_email(email: str) -> bool:
    """True for something shaped like an e-mail address."""
    return bool(_EMAIL.match(email.strip()))


def digits(text: str) -> str:
    """The digits of a phone number (for search and comparison)."""
    return "".join(ch for ch in text if ch.isdigit())


def split_tags(text: str) -> list[str]:
    """Tags from a cell: separated by ``;`` or ``,``, trimmed, duplicates dropped, order kept."""
    out: list[str] = []
    for tag in _TAG_SPLIT.split(text or ""):
        tag = tag.strip()
        if tag and tag.lower() not in {t.lower() for t in out}:
            out.append(tag)
    return out


@dataclass
class Customer:
    """One customer's contact record."""

    id: int
    name: str
    email: str
    phone: str = ""
    tags: list[str] = field(default_factory=list)
    other_phones: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    """Free fields: extra CSV columns, other names the same person used, the owner's own."""
    created_at: str = ""
    updated_at: str = ""

    @property
    def label(self) -> str:
        """How the customer is named in lists: name, else e-mail."""
        return self.name or self.email or f"customer {self.id}"

    def to_json(self) -> dict[str, Any]:
        """``customers list --json``'s shape (``id``, ``name``, ``email``, ``tags``) plus extras."""
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "tags": list(self.tags),
            "phone": self.phone,
            "other_phones": list(self.other_phones),
            "fields": dict(self.fields),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass
class Note:
    """One dated entry of a customer's timeline."""

    id: int
    customer_id: int
    date: str
    kind: str
    text: str
    source: str = ""
    created_at: str = ""

    @property
    def label(self) -> str:
        """How the note is named when a sentence rests on it: date, kind, first words."""
        head = " ".join(self.text.split())
        head = head if len(head) <= 48 else head[:47] + "…"
        return f"{self.date} {KIND_LABELS.get(self.kind, self.kind)}: {head}"

    def to_json(self) -> dict[str, Any]:
        """For the CLI, the window and exports."""
        return {
            "id": self.id,
            "date": self.date,
            "kind": self.kind,
            "text": self.text,
            "source": self.source,
            "created_at": self.created_at,
        }


def check_date(value: str) -> str:
    """An ISO date (``YYYY-MM-DD``); today when empty.

    Raises:
        UserError: for anything else.

    """
    value = (value or "").strip()
    if not value:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise UserError(f"{value!r} is not a date like 2024-05-16") from None


class CustomerBook:
    """The customer repository over one :class:`~engine.store.connection.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # -- customers ---------------------------------------------------------------------------
    def _customers(self, where: str, params: list[Any]) -> list[Customer]:
        rows = list(self.db.query(f"SELECT * FROM customers {where}", params))
        tags: dict[int, list[str]] = {}
        if rows:
            marks = ",".join("?" * len(rows))
            for cid, tag in self.db.execute(
                f"SELECT customer_id, tag FROM customer_tags WHERE customer_id IN ({marks})"
                " ORDER BY rowid",
                [r["id"] for r in rows],
            ):
                tags.setdefault(int(cid), []).append(str(tag))
        return [
            Customer(
                id=int(r["id"]),
                name=r["name"],
                email=r["email"],
                phone=r["phone"],
                tags=tags.get(int(r["id"]), []),
                other_phones=json.loads(r["other_phones_json"] or "[]"),
                fields=json.loads(r["fields_json"] or "{}"),
                created_at=r["created_at"],
                updated_at=r["updated_at"],
            )
            for r in rows
        ]

    def get(self, customer_id: int) -> Customer | None:
        """One customer by id."""
        found = self._customers("WHERE id = ?", [customer_id])
        return found[0] if found else None

    def by_email(self, email: str) -> Customer | None:
        """The customer with this e-mail address (trimmed, any case)."""
        found = self._customers("WHERE email_key = ?", [email_key(email)])
        return found[0] if found else None

    def resolve(self, ref: str | int) -> Customer:
        """A customer named by id, e-mail address or exact name (the CLI's ``ID_OR_EMAIL``).

        Raises:
            UserError: when nobody (or more than one person) matches.

        """
        text = str(ref).strip()
        found: Customer | None = None
        if text.isdigit():
            found = self.get(int(text))
        elif "@" in text:
            found = self.by_email(text)
        else:
            named = self._customers("WHERE name = ? COLLATE NOCASE", [text])
            if len(named) > 1:
                raise UserError(f"{len(named)} customers are called {text!r}; use the id")
            found = named[0] if named else None
        if found is None:
            raise UserError(f"no customer {text!r} (give the id or the e-mail address)")
        return found

    def add(
        self,
        name: str,
        email: str = "",
        phone: str = "",
        tags: list[str] | None = None,
        fields: dict[str, str] | None = None,
    ) -> Customer:
        """Add one customer.

        Raises:
            UserError: for a malformed e-mail address or one that is already there.

        """
        if email.strip() and not valid_email(email):
            raise UserError(f"{email.strip()!r} is not an e-mail address")
        if email.strip() and self.by_email(email) is not None:
            raise UserError(f"a customer with {email.strip()} is already there")
        if not name.strip() and not email.strip():
            raise UserError("a customer needs a name or an e-mail address")
        stamp = now()
        with self.store.transaction():
            cursor = self.db.execute(
                "INSERT INTO customers (name, email, email_key, phone, phone_digits,"
                " fields_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                [
                    name.strip(),
                    email.strip(),
                    email_key(email) or None,
                    phone.strip(),
                    digits(phone),
                    json.dumps(fields or {}, ensure_ascii=False),
                    stamp,
                    stamp,
                ],
            )
            cid = int(cursor.lastrowid or 0)
            self.add_tags(cid, tags or [])
        customer = self.get(cid)
        assert customer is not None
        return customer

    def update(self, customer: Customer) -> None:
        """Save a customer's fields, phones and tags as they are on the object.

        Raises:
            UserError: when the new e-mail address is malformed or belongs to someone else.

        """
        if customer.email and not valid_email(customer.email):
            raise UserError(f"{customer.email!r} is not an e-mail address")
        other = self.by_email(customer.email) if customer.email else None
        if other is not None and other.id != customer.id:
            raise UserError(f"{customer.email} belongs to {other.label} already")
        with self.store.transaction():
            self.db.execute(
                "UPDATE customers SET name=?, email=?, email_key=?, phone=?, phone_digits=?,"
                " other_phones_json=?, fields_json=?, updated_at=? WHERE id=?",
                [
                    customer.name.strip(),
                    customer.email.strip(),
                    email_key(customer.email) or None,
                    customer.phone.strip(),
                    digits(" ".join([customer.phone, *customer.other_phones])),
                    json.dumps(customer.other_phones, ensure_ascii=False),
                    json.dumps(customer.fields, ensure_ascii=False),
                    now(),
                    customer.id,
                ],
            )
            self.db.execute("DELETE FROM customer_tags WHERE customer_id = ?", [customer.id])
            self.add_tags(customer.id, customer.tags)

    def add_tags(self, customer_id: int, tags: list[str]) -> None:
        """Add tags to a customer (existing ones stay)."""
        for tag in tags:
            if tag.strip():
                self.db.execute(
                    "INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)",
                    [customer_id, tag.strip()],
                )

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use and how many customers carry it, most used first."""
        rows = self.db.execute(
            "SELECT tag, COUNT(*) FROM customer_tags GROUP BY tag ORDER BY COUNT(*) DESC, tag"
        )
        return [(str(tag), int(n)) for tag, n in rows]

    def count(self) -> int:
        """How many customers there are."""
        return int(self.db.execute("SELECT COUNT(*) FROM customers").fetchone()[0])

    def search(self, query: str = "", tag: str = "", limit: int = 1000) -> list[Customer]:
        """Customers matching ``query`` and carrying ``tag``, by name.

        ``query`` is looked for in names, e-mails, phones, tags, free fields and every note.

        Notes are searched with the trigram index (three characters or more, English and
        Chinese alike) and by substring for shorter queries (``碗``, ``XL``).
        """
        where, params = ["1=1"], []
        if tag.strip():
            where.append(
                "id IN (SELECT customer_id FROM customer_tags WHERE tag = ? COLLATE NOCASE)"
            )
            params.append(tag.strip())
        query = query.strip()
        if query:
            like = f"%{query}%"
            parts = [
                "name LIKE ?",
                "email LIKE ?",
                "fields_json LIKE ?",
                "id IN (SELECT customer_id FROM customer_tags WHERE tag LIKE ?)",
            ]
            params_q: list[Any] = [like, like, like, like]
            if len(digits(query)) >= 3:
                parts.append("phone_digits LIKE ?")
                params_q.append(f"%{digits(query)}%")
            if len(query) >= 3:
                phrase = " ".join('"' + p.replace('"', '""') + '"' for p in query.split())
                parts.append(
                    "id IN (SELECT n.customer_id FROM customer_notes_fts f JOIN customer_notes n"
                    " ON n.id = f.rowid WHERE customer_notes_fts MATCH ?)"
                )
                params_q.append(phrase)
            else:
                parts.append("id IN (SELECT customer_id FROM customer_notes WHERE text LIKE ?)")
                params_q.append(like)
            where.append("(" + " OR ".join(parts) + ")")
            params.extend(params_q)
        return self._customers(
            f"WHERE {' AND '.join(where)} ORDER BY name COLLATE NOCASE, id LIMIT ?",
            [*params, limit],
        )

    def delete(self, customer_id: int) -> None:
        """Remove a customer with everything that hangs off them (privacy.forget does more)."""
        with self.store.transaction():
            self.db.execute("DELETE FROM customer_notes WHERE customer_id = ?", [customer_id])
            self.db.execute("DELETE FROM customers WHERE id = ?", [customer_id])

    # -- notes ---------------------------------------------------------------------------------
    def add_note(
        self, customer_id: int, text: str, kind: str = "note", when: str = "", source: str = ""
    ) -> Note:
        """Add one note to a customer's timeline.

        Raises:
            UserError: for an empty text, an unknown kind, a bad date or customer.

        """
        text = text.strip()
        if not text:
            raise UserError("the note is empty")
        if kind not in NOTE_KINDS:
            raise UserError(f"a note's kind is one of {', '.join(NOTE_KINDS)}, not {kind!r}")
        if self.get(customer_id) is None:
            raise UserError(f"no customer {customer_id}")
        cursor = self.db.execute(
            "INSERT INTO customer_notes (customer_id, date, kind, text, source, created_at)"
            " VALUES (?,?,?,?,?,?)",
            [customer_id, check_date(when), kind, text, source, now()],
        )
        self.db.execute("UPDATE customers SET updated_at = ? WHERE id = ?", [now(), customer_id])
        note = self.note(int(cursor.lastrowid or 0))
        assert note is not None
        return note

    def has_note(self, customer_id: int, text: str, when: str) -> bool:
        """True when the customer already has this exact note on this date (re-imports)."""
        row = self.db.execute(
            "SELECT 1 FROM customer_notes WHERE customer_id = ? AND date = ? AND text = ?",
            [customer_id, when, text.strip()],
        ).fetchone()
        return row is not None

    def note(self, note_id: int) -> Note | None:
        """One note by id."""
        rows = list(self.db.query("SELECT * FROM customer_notes WHERE id = ?", [note_id]))
        return Note(**rows[0]) if rows else None

    def notes(self, customer_id: int) -> list[Note]:
        """A customer's timeline, oldest first."""
        return [
            Note(**row)
            for row in self.db.query(
                "SELECT * FROM customer_notes WHERE customer_id = ? ORDER BY date, id",
                [customer_id],
            )
        ]

    def delete_note(self, note_id: int) -> None:
        """Remove one note."""
        self.db.execute("DELETE FROM customer_notes WHERE id = ?", [note_id])

    # -- saved profiles (summaries and recommendations) ----------------------------------------
    def save_profile(
        self, customer_id: int, kind: str, data: dict[str, Any], lang: str, model: str
    ) -> int:
        """Keep one generated summary or recommendation set with its date; returns its id."""
        cursor = self.db.execute(
            "INSERT INTO customer_profiles (customer_id, kind, lang, data_json, model,"
            " created_at) VALUES (?,?,?,?,?,?)",
            [customer_id, kind, lang, json.dumps(data, ensure_ascii=False), model, now()],
        )
        return int(cursor.lastrowid or 0)

    def latest_profile(self, customer_id: int, kind: str) -> dict[str, Any] | None:
        """The newest saved summary or recommendation set, with ``id`` and ``created_at``."""
        rows = self.profiles(customer_id, kind)
        return rows[0] if rows else None

    def profiles(self, customer_id: int, kind: str | None = None) -> list[dict[str, Any]]:
        """Saved summaries / recommendation sets, newest first."""
        sql = "SELECT * FROM customer_profiles WHERE customer_id = ?"
        params: list[Any] = [customer_id]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        out = []
        for row in self.db.query(sql + " ORDER BY created_at DESC, id DESC", params):
            data = json.loads(row["data_json"])
            out.append(
                {
                    **data,
                    "id": row["id"],
                    "kind": row["kind"],
                    "lang": row["lang"],
                    "model": row["model"],
                    "created_at": row["created_at"],
                }
            )
        return out
