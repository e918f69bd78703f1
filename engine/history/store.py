"""History: every generated text in SQLite, searchable in English and Chinese (FTS5 trigram)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from engine.store.connection import Store, now
from engine.store.migrations import MigrationSet

schema = MigrationSet("history")
"""The ``generations`` table and its full-text index."""


@schema(name="001-generations")
def _generations(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE generations (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'copy',
            channel TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT 'en',
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            facts_json TEXT NOT NULL DEFAULT '{}',
            settings_json TEXT NOT NULL DEFAULT '{}',
            model TEXT NOT NULL DEFAULT '',
            adapter TEXT NOT NULL DEFAULT '',
            batch_id TEXT NOT NULL DEFAULT '',
            variant INTEGER NOT NULL DEFAULT 0,
            favourite INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX generations_created ON generations (created_at DESC, id DESC)")
    # Trigram tokens make substring search work for Chinese, which has no spaces between words.
    db.execute(
        """CREATE VIRTUAL TABLE generations_fts USING fts5(
            title, text, content='generations', content_rowid='id', tokenize='trigram')"""
    )
    # One statement each: executescript() would COMMIT the migration's transaction.
    for trigger in _FTS_TRIGGERS:
        db.execute(trigger)


_FTS_TRIGGERS = (
    """CREATE TRIGGER generations_ai AFTER INSERT ON generations BEGIN
      INSERT INTO generations_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER generations_ad AFTER DELETE ON generations BEGIN
      INSERT INTO generations_fts(generations_fts, rowid, title, text)
      VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER generations_au AFTER UPDATE OF title, text ON generations BEGIN
      INSERT INTO generations_fts(generations_fts, rowid, title, text)
      VALUES ('delete', old.id, old.title, old.text);
      INSERT INTO generations_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
)


@dataclass
class HistoryItem:
    """One generated text as stored."""

    id: int
    kind: str
    channel: str
    lang: str
    title: str
    text: str
    model: str
    adapter: str
    favourite: bool
    created_at: str
    facts: dict[str, Any]
    settings: dict[str, Any]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> HistoryItem:
        """Build from a ``generations`` row."""
        return cls(
            id=row["id"],
            kind=row["kind"],
            channel=row["channel"],
            lang=row["lang"],
            title=row["title"],
            text=row["text"],
            model=row["model"],
            adapter=row["adapter"],
            favourite=bool(row["favourite"]),
            created_at=row["created_at"],
            facts=json.loads(row["facts_json"] or "{}"),
            settings=json.loads(row["settings_json"] or "{}"),
        )


class History:
    """The history repository over one :class:`~engine.store.connection.Store` (its thread's)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def add(
        self,
        text: str,
        *,
        kind: str = "copy",
        channel: str = "",
        lang: str = "en",
        title: str = "",
        facts: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        model: str = "",
        adapter: str = "",
        batch_id: str = "",
        variant: int = 0,
    ) -> int:
        """Save one generated text and return its id."""
        cursor = self.db.execute(
            "INSERT INTO generations (kind, channel, lang, title, text, facts_json,"
            " settings_json, model, adapter, batch_id, variant, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                kind,
                channel,
                lang,
                title,
                text,
                json.dumps(facts or {}, ensure_ascii=False),
                json.dumps(settings or {}, ensure_ascii=False),
                model,
                adapter,
                batch_id,
                variant,
                now(),
            ],
        )
        return int(cursor.lastrowid or 0)

    def _items(self, sql: str, params: list[Any]) -> list[HistoryItem]:
        return [HistoryItem.from_row(row) for row in self.db.query(sql, params)]

    def get(self, item_id: int) -> HistoryItem | None:
        """One history item by id."""
        items = self._items("SELECT * FROM generations WHERE id = ?", [item_id])
        return items[0] if items else None

    def recent(
        self, limit: int = 200, *, kind: str | None = None, favourites_only: bool = False
    ) -> list[HistoryItem]:
        """History, newest first."""
        where, params = ["1=1"], []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if favourites_only:
            where.append("favourite = 1")
        return self._items(
            f"SELECT * FROM generations WHERE {' AND '.join(where)}"
            " ORDER BY created_at DESC, id DESC LIMIT ?",
            [*params, limit],
        )

    def search(self, query: str, limit: int = 100, *, kind: str | None = None) -> list[HistoryItem]:
        """Full-text search over titles and texts, English and Chinese, best match first.

        Trigram FTS needs three characters; shorter queries (common in Chinese: 水杯) fall
        back to a substring scan. ``kind`` filters before the limit applies.
        """
        query = query.strip()
        if not query:
            return self.recent(limit, kind=kind)
        kind_sql, kind_params = (" AND g.kind = ?", [kind]) if kind else ("", [])
        if len(query) < 3:
            like = f"%{query}%"
            return self._items(
                "SELECT g.* FROM generations g WHERE (g.text LIKE ? OR g.title LIKE ?)"
                f"{kind_sql} ORDER BY g.created_at DESC, g.id DESC LIMIT ?",
                [like, like, *kind_params, limit],
            )
        phrases = " ".join('"' + part.replace('"', '""') + '"' for part in query.split())
        return self._items(
            "SELECT g.* FROM generations_fts f JOIN generations g ON g.id = f.rowid"
            f" WHERE generations_fts MATCH ?{kind_sql} ORDER BY f.rank, g.id DESC LIMIT ?",
            [phrases, *kind_params, limit],
        )

    def set_favourite(self, item_id: int, favourite: bool) -> None:
        """Mark or unmark a history item as favourite."""
        self.db.execute(
            "UPDATE generations SET favourite = ? WHERE id = ?", [int(favourite), item_id]
        )

    def update_text(self, item_id: int, text: str) -> None:
        """Save the merchant's edit of a generated text."""
        self.db.execute("UPDATE generations SET text = ? WHERE id = ?", [text, item_id])

    def delete(self, item_id: int) -> None:
        """Remove one history item."""
        self.db.execute("DELETE FROM generations WHERE id = ?", [item_id])

    def iter_all(self) -> Iterator[HistoryItem]:
        """Every history item, oldest first (for export)."""
        yield from self._items("SELECT * FROM generations ORDER BY id", [])
