"""SQLite storage: connection in WAL mode, schema migrations, settings and history."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from engine.bulk_store import migrate_bulk_tables

SCHEMA_VERSION_PRAGMA = "user_version"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _m1_initial(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
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
    db.executescript(
        """
        CREATE TRIGGER generations_ai AFTER INSERT ON generations BEGIN
          INSERT INTO generations_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER generations_ad AFTER DELETE ON generations BEGIN
          INSERT INTO generations_fts(generations_fts, rowid, title, text)
          VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER generations_au AFTER UPDATE OF title, text ON generations BEGIN
          INSERT INTO generations_fts(generations_fts, rowid, title, text)
          VALUES ('delete', old.id, old.title, old.text);
          INSERT INTO generations_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        """
    )


def _m2_brand_voices(db: sqlite_utils.Database) -> None:
    """Brand voice presets (the table lives with its repository in engine/voice.py)."""
    from engine.voice import migrate_brand_voices

    migrate_brand_voices(db)


# Append new migrations here (each a uniquely named function); never edit one that has shipped.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m1_initial,
    migrate_bulk_tables,
    _m2_brand_voices,
]


def register_migration(step: Callable[[sqlite_utils.Database], None]) -> None:
    """Let a feature module add its own tables (kept in order of registration)."""
    if step not in MIGRATIONS:
        MIGRATIONS.append(step)


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


class Store:
    """One SQLite connection and the repositories over it.

    A Store belongs to the thread that opened it; other threads open their own (WAL lets
    readers and one writer work side by side).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        conn = sqlite3.connect(str(path), timeout=10.0)
        self.db = sqlite_utils.Database(conn)
        if self.path is not None:
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    @property
    def schema_version(self) -> int:
        """The number of migrations applied (also kept in ``PRAGMA user_version``)."""
        return int(self.db.execute(f"PRAGMA {SCHEMA_VERSION_PRAGMA}").fetchone()[0])

    @property
    def journal_mode(self) -> str:
        """SQLite's journal mode (``wal`` for file databases)."""
        return str(self.db.execute("PRAGMA journal_mode").fetchone()[0])

    def migrate(self) -> None:
        """Apply each migration not yet applied, by name, each in its own transaction.

        Migrations are recorded by function name, not by position, so features developed side
        by side can each append theirs without renumbering anyone else's.
        """
        with self.db.conn:
            fresh = "schema_migrations" not in self.db.table_names()
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            if fresh and self.schema_version:
                # A database from before named migrations: its first N steps are applied.
                for step in MIGRATIONS[: self.schema_version]:
                    self.db.execute(
                        "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                        [step.__name__, _now()],
                    )
        done = {row[0] for row in self.db.execute("SELECT name FROM schema_migrations")}
        for step in MIGRATIONS:
            if step.__name__ in done:
                continue
            with self.db.conn:
                step(self.db)
                self.db.execute(
                    "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                    [step.__name__, _now()],
                )
        applied = len({s.__name__ for s in MIGRATIONS} | done)
        if applied != self.schema_version:
            self.db.execute(f"PRAGMA {SCHEMA_VERSION_PRAGMA} = {applied}")

    def close(self) -> None:
        """Close the connection."""
        self.db.conn.close()

    # -- settings ---------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Read one setting (JSON-decoded)."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Write one setting (JSON-encoded)."""
        with self.db.conn:
            self.db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )

    # -- history ----------------------------------------------------------------------------
    def add_generation(
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
        with self.db.conn:
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
                    _now(),
                ],
            )
        return int(cursor.lastrowid or 0)

    def _items(self, sql: str, params: list[Any]) -> list[HistoryItem]:
        return [HistoryItem.from_row(row) for row in self.db.query(sql, params)]

    def get_generation(self, item_id: int) -> HistoryItem | None:
        """One history item by id."""
        items = self._items("SELECT * FROM generations WHERE id = ?", [item_id])
        return items[0] if items else None

    def recent_generations(
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

    def search_generations(self, query: str, limit: int = 100) -> list[HistoryItem]:
        """Full-text search over titles and texts, English and Chinese, best match first.

        Trigram FTS needs three characters; shorter queries (common in Chinese: 水杯) fall
        back to a substring scan.
        """
        query = query.strip()
        if not query:
            return self.recent_generations(limit)
        if len(query) < 3:
            like = f"%{query}%"
            return self._items(
                "SELECT * FROM generations WHERE text LIKE ? OR title LIKE ?"
                " ORDER BY created_at DESC, id DESC LIMIT ?",
                [like, like, limit],
            )
        phrases = " ".join('"' + part.replace('"', '""') + '"' for part in query.split())
        return self._items(
            "SELECT g.* FROM generations_fts f JOIN generations g ON g.id = f.rowid"
            " WHERE generations_fts MATCH ? ORDER BY f.rank, g.id DESC LIMIT ?",
            [phrases, limit],
        )

    def set_favourite(self, item_id: int, favourite: bool) -> None:
        """Mark or unmark a history item as favourite."""
        with self.db.conn:
            self.db.execute(
                "UPDATE generations SET favourite = ? WHERE id = ?", [int(favourite), item_id]
            )

    def update_generation_text(self, item_id: int, text: str) -> None:
        """Save the merchant's edit of a generated text."""
        with self.db.conn:
            self.db.execute("UPDATE generations SET text = ? WHERE id = ?", [text, item_id])

    def delete_generation(self, item_id: int) -> None:
        """Remove one history item."""
        with self.db.conn:
            self.db.execute("DELETE FROM generations WHERE id = ?", [item_id])

    def iter_generations(self) -> Iterator[HistoryItem]:
        """Every history item, oldest first (for export)."""
        yield from self._items("SELECT * FROM generations ORDER BY id", [])
