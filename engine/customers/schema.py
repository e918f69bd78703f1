"""The customers feature's schema: one named migration set (tables, full-text index, triggers).

``customers`` (one row per person, unique by trimmed lower-case e-mail), ``customer_tags``,
``customer_notes`` with an FTS5 trigram index kept by triggers, ``customer_note_vectors``
(embeddings of each note's sentences), ``customer_profiles`` (saved summaries and
recommendation sets), ``customer_forgotten`` (salted hashes of forgotten addresses) and
``customer_datasets`` (training files the app built with a customer's text).
"""

from __future__ import annotations

import sqlite_utils

from engine.store.migrations import MigrationSet

schema = MigrationSet("customers")
"""Customers, tags, notes (+ full-text index), note embeddings, profiles, forgotten hashes."""


@schema(name="001-customers")
def _customers(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            email_key TEXT UNIQUE,
            phone TEXT NOT NULL DEFAULT '',
            phone_digits TEXT NOT NULL DEFAULT '',
            other_phones_json TEXT NOT NULL DEFAULT '[]',
            fields_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE customer_tags (
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (customer_id, tag)
        )"""
    )
    db.execute("CREATE INDEX customer_tags_tag ON customer_tags (tag)")
    db.execute(
        """CREATE TABLE customer_notes (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'note'
                CHECK (kind IN ('note', 'message', 'order_remark')),
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX customer_notes_by_customer ON customer_notes (customer_id, date, id)")
    db.execute(
        """CREATE VIRTUAL TABLE customer_notes_fts USING fts5(
            text, content='customer_notes', content_rowid='id', tokenize='trigram')"""
    )
    for trigger in _FTS_TRIGGERS:  # one statement each: executescript() would COMMIT
        db.execute(trigger)
    db.execute(
        """CREATE TABLE customer_note_vectors (
            note_id INTEGER PRIMARY KEY REFERENCES customer_notes(id) ON DELETE CASCADE,
            text_hash TEXT NOT NULL,
            rows INTEGER NOT NULL,
            vectors BLOB NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE customer_profiles (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('summary', 'recommendations')),
            lang TEXT NOT NULL DEFAULT 'en',
            data_json TEXT NOT NULL,
            model TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE INDEX customer_profiles_by_customer ON customer_profiles (customer_id, kind)"
    )
    db.execute(
        "CREATE TABLE customer_forgotten (hash TEXT PRIMARY KEY, forgotten_at TEXT NOT NULL)"
    )
    db.execute(
        """CREATE TABLE customer_datasets (
            path TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            PRIMARY KEY (path, customer_id)
        )"""
    )


_FTS_TRIGGERS = (
    """CREATE TRIGGER customer_notes_ai AFTER INSERT ON customer_notes BEGIN
      INSERT INTO customer_notes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER customer_notes_ad AFTER DELETE ON customer_notes BEGIN
      INSERT INTO customer_notes_fts(customer_notes_fts, rowid, text)
      VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER customer_notes_au AFTER UPDATE OF text ON customer_notes BEGIN
      INSERT INTO customer_notes_fts(customer_notes_fts, rowid, text)
      VALUES ('delete', old.id, old.text);
      INSERT INTO customer_notes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
)
