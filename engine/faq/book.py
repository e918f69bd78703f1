"""The policy book in SQLite: entries (keyed by title), their lexical index and their vectors.

An entry's id, as the CLI and the drafts' ``sources`` show it, is its exact title (titles are
unique, case-insensitively); its row id is kept too (``key``), so a renamed entry keeps its
vectors' history. Every write bumps ``faq.version`` so cached indexes know to reload. The
lexical index (FTS5, one row per entry: words, intent concepts, object concepts) is written in
the same transaction as the entry; vectors are made later (:mod:`engine.faq.indexer`), and an
entry whose ``indexed_hash`` differs from its ``content_hash`` is waiting for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from engine.core.errors import UserError
from engine.faq.glossary import concept_tokens, weights
from engine.faq.sources import MAX_TEXT, MAX_TITLE, SourceEntry
from engine.faq.text import content_hash, detect_lang, tokens
from engine.store.connection import Store, now
from engine.store.migrations import MigrationSet

schema = MigrationSet("faq")
"""The ``faq_entries`` and ``faq_vectors`` tables, the ``faq_fts`` index and the saved
replies (:mod:`engine.faq.templates`)."""

VERSION_KEY = "faq.version"


@schema(name="001-entries")
def _entries(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE faq_entries (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'en',
            source TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            indexed_hash TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX faq_entries_title ON faq_entries (title COLLATE NOCASE)")
    db.execute(
        """CREATE TABLE faq_vectors (
            entry_id INTEGER NOT NULL REFERENCES faq_entries(id) ON DELETE CASCADE,
            part INTEGER NOT NULL,
            text TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (entry_id, part)
        )"""
    )
    # Tokens are made in Python (stems, jieba words, glossary concepts); '~' and '_' belong
    # to concept tokens such as ~return_label.
    db.execute(
        """CREATE VIRTUAL TABLE faq_fts USING fts5(
            words, intents, objects, tokenize="unicode61 remove_diacritics 2 tokenchars '~_'")"""
    )


@schema(name="002-saved-replies")
def _saved_replies(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE faq_saved_replies (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'en',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX faq_saved_replies_title ON faq_saved_replies (title COLLATE NOCASE)"
    )


@dataclass
class PolicyEntry:
    """One policy as stored."""

    key: int
    title: str
    text: str
    lang: str
    source: str
    content_hash: str
    indexed_hash: str
    created_at: str
    updated_at: str

    @property
    def id(self) -> str:
        """The entry's public id: its title."""
        return self.title

    @property
    def indexed(self) -> bool:
        """True when its vectors match its text."""
        return self.indexed_hash == self.content_hash

    def to_json(self) -> dict[str, Any]:
        """The CLI contract's ``{"id", "title", "text"}`` plus the row key and language."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "key": self.key,
            "lang": self.lang,
            "source": self.source,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PolicyEntry:
        """Build from a ``faq_entries`` row."""
        return cls(
            key=int(row["id"]),
            title=row["title"],
            text=row["text"],
            lang=row["lang"],
            source=row["source"],
            content_hash=row["content_hash"],
            indexed_hash=row["indexed_hash"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


@dataclass
class UpsertReport:
    """What one import or edit changed."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]

    def to_json(self) -> dict[str, Any]:
        """Counts and titles, for the CLI and the window."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": len(self.unchanged),
        }


def lexical_fields(title: str, text: str) -> tuple[str, str, str]:
    """The FTS row of an entry: its words (title twice), intent concepts, object concepts."""
    words = [*tokens(title), *tokens(title), *tokens(text)]
    found = concept_tokens(f"{title}\n{text}")
    weight = weights()
    intents = [c for c in found if weight[c] >= 1.0]
    objects = [c for c in found if weight[c] < 1.0]
    return " ".join(words), " ".join(intents), " ".join(objects)


class PolicyBook:
    """The policy book over one :class:`~engine.store.connection.Store` (its thread's)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # -- reading ----------------------------------------------------------------------------
    def entries(self) -> list[PolicyEntry]:
        """Every entry, in the order added."""
        return [
            PolicyEntry.from_row(r)
            for r in self.store.rows("SELECT * FROM faq_entries ORDER BY id")
        ]

    def count(self) -> int:
        """How many entries the book has."""
        return int(self.db.execute("SELECT COUNT(*) FROM faq_entries").fetchone()[0])

    def get(self, ref: str | int) -> PolicyEntry | None:
        """An entry by title (case-insensitive) or, for a number, by row key."""
        rows = self.store.rows(
            "SELECT * FROM faq_entries WHERE title = ? COLLATE NOCASE", [str(ref)]
        )
        if not rows and str(ref).strip().isdigit():
            rows = self.store.rows("SELECT * FROM faq_entries WHERE id = ?", [int(str(ref))])
        return PolicyEntry.from_row(rows[0]) if rows else None

    def require(self, ref: str | int) -> PolicyEntry:
        """:meth:`get`, or a clear error.

        Raises:
            UserError: when no entry has that title or key.

        """
        entry = self.get(ref)
        if entry is None:
            raise UserError(f"the policy book has no entry {ref!r} (see `shopscribe faq list`)")
        return entry

    def search_titles(self, text: str) -> list[PolicyEntry]:
        """Entries whose title or text contains ``text`` (the tab's filter box)."""
        like = f"%{text.strip()}%"
        rows = self.store.rows(
            "SELECT * FROM faq_entries WHERE title LIKE ? OR text LIKE ? ORDER BY id", [like, like]
        )
        return [PolicyEntry.from_row(r) for r in rows]

    def version(self) -> int:
        """Changes on every write (cached indexes compare it)."""
        return int(self.store.get_setting(VERSION_KEY, 0))

    # -- writing ----------------------------------------------------------------------------
    def _bump(self) -> None:
        self.store.set_setting(VERSION_KEY, self.version() + 1)

    def _write_fts(self, key: int, title: str, text: str, *, replace: bool) -> None:
        if replace:
            self.db.execute("DELETE FROM faq_fts WHERE rowid = ?", [key])
        words, intents, objects = lexical_fields(title, text)
        self.db.execute(
            "INSERT INTO faq_fts (rowid, words, intents, objects) VALUES (?, ?, ?, ?)",
            [key, words, intents, objects],
        )

    def upsert(self, items: list[SourceEntry], source: str = "") -> UpsertReport:
        """Add new entries and update changed ones (by title), in one transaction.

        Entries already in the book and not in ``items`` stay as they are; an entry whose
        title and text are unchanged is not touched (its vectors stay valid).
        """
        report = UpsertReport([], [], [])
        stamp = now()
        with self.store.transaction():
            for item in items:
                title, text = _checked(item.title, item.text)
                digest = content_hash(title, text)
                old = self.get(title)
                if old is not None and old.content_hash == digest and old.title == title:
                    report.unchanged.append(title)
                    continue
                lang = detect_lang(f"{title}\n{text}")
                if old is None:
                    cursor = self.db.execute(
                        "INSERT INTO faq_entries (title, text, lang, source, content_hash,"
                        " created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                        [title, text, lang, source, digest, stamp, stamp],
                    )
                    self._write_fts(int(cursor.lastrowid or 0), title, text, replace=False)
                    report.added.append(title)
                else:
                    self.db.execute(
                        "UPDATE faq_entries SET title = ?, text = ?, lang = ?, source = ?,"
                        " content_hash = ?, updated_at = ? WHERE id = ?",
                        [title, text, lang, source or old.source, digest, stamp, old.key],
                    )
                    self._write_fts(old.key, title, text, replace=True)
                    report.updated.append(title)
            if report.added or report.updated:
                self._bump()
        return report

    def add(self, title: str, text: str) -> PolicyEntry:
        """Add one entry typed by the merchant.

        Raises:
            UserError: for an empty or too long title or text, or a title already in the book.

        """
        title, text = _checked(title, text)
        if self.get(title) is not None:
            raise UserError(f"the book already has an entry titled {title!r}; edit that one")
        self.upsert([SourceEntry(title, text)], source="typed")
        return self.require(title)

    def edit(self, ref: str | int, title: str, text: str) -> PolicyEntry:
        """Change an entry's title and/or text (its vectors are remade when its text changed).

        Raises:
            UserError: for an unknown entry, bad title/text, or a title another entry has.

        """
        entry = self.require(ref)
        title, text = _checked(title, text)
        other = self.get(title)
        if other is not None and other.key != entry.key:
            raise UserError(f"another entry is already titled {title!r}")
        digest = content_hash(title, text)
        if digest == entry.content_hash and title == entry.title:
            return entry
        with self.store.transaction():
            self.db.execute(
                "UPDATE faq_entries SET title = ?, text = ?, lang = ?, content_hash = ?,"
                " updated_at = ? WHERE id = ?",
                [title, text, detect_lang(f"{title}\n{text}"), digest, now(), entry.key],
            )
            self._write_fts(entry.key, title, text, replace=True)
            self._bump()
        return self.require(entry.key)

    def delete(self, ref: str | int) -> PolicyEntry:
        """Remove an entry, its vectors and its index row; returns what was removed.

        Raises:
            UserError: for an unknown entry.

        """
        entry = self.require(ref)
        with self.store.transaction():
            self.db.execute("DELETE FROM faq_fts WHERE rowid = ?", [entry.key])
            self.db.execute("DELETE FROM faq_entries WHERE id = ?", [entry.key])
            self._bump()
        return entry

    # -- vectors ----------------------------------------------------------------------------
    def pending(self) -> list[PolicyEntry]:
        """Entries whose vectors are missing or older than their text."""
        rows = self.store.rows(
            "SELECT * FROM faq_entries WHERE indexed_hash != content_hash ORDER BY id"
        )
        return [PolicyEntry.from_row(r) for r in rows]

    def save_vectors(self, entry: PolicyEntry, parts: list[tuple[str, bytes]]) -> bool:
        """Replace one entry's vectors, if its text is still the one embedded.

        Returns False (and writes nothing) when the entry changed or went meanwhile.
        """
        with self.store.transaction():
            row = self.db.execute(
                "SELECT content_hash FROM faq_entries WHERE id = ?", [entry.key]
            ).fetchone()
            if row is None or row[0] != entry.content_hash:
                return False
            self.db.execute("DELETE FROM faq_vectors WHERE entry_id = ?", [entry.key])
            self.db.conn.executemany(
                "INSERT INTO faq_vectors (entry_id, part, text, vector) VALUES (?,?,?,?)",
                [(entry.key, i, text, blob) for i, (text, blob) in enumerate(parts)],
            )
            self.db.execute(
                "UPDATE faq_entries SET indexed_hash = content_hash WHERE id = ?", [entry.key]
            )
            self._bump()
        return True

    def vectors(self) -> list[tuple[int, int, bytes]]:
        """(entry key, part, float32 bytes) of every current vector."""
        rows = self.db.execute(
            "SELECT v.entry_id, v.part, v.vector FROM faq_vectors v JOIN faq_entries e"
            " ON e.id = v.entry_id WHERE e.indexed_hash = e.content_hash"
            " ORDER BY v.entry_id, v.part"
        ).fetchall()
        return [(int(k), int(p), bytes(b)) for k, p, b in rows]

    def lexical_rows(self) -> dict[int, tuple[str, str, str]]:
        """Each entry's FTS fields (words, intents, objects) by key."""
        rows = self.db.execute("SELECT rowid, words, intents, objects FROM faq_fts").fetchall()
        return {int(r[0]): (r[1], r[2], r[3]) for r in rows}


def _checked(title: str, text: str) -> tuple[str, str]:
    title, text = " ".join(str(title).split()), str(text).strip()
    if not title:
        raise UserError("an entry needs a title (what the customer asks about)")
    if not text:
        raise UserError(f"the entry {title!r} has no text; write the policy under its title")
    if len(title) > MAX_TITLE:
        raise UserError(f"keep titles under {MAX_TITLE} characters")
    if len(text) > MAX_TEXT:
        raise UserError(
            f"the entry {title!r} is too long; split it into entries under {MAX_TEXT} characters"
        )
    return title, text
