"""The SQLite connection: WAL, explicit transactions, the feature schemas applied, and settings.

A :class:`Store` belongs to the thread that opened it; other threads open their own (WAL lets
readers and one writer work side by side). The connection runs in autocommit mode and every
write that needs more than one statement goes through :meth:`Store.transaction`
(``BEGIN IMMEDIATE``), so nothing is left half-written and DDL is never committed early.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from engine.core.errors import UserError
from engine.core.files import disk_full_as_user_error
from engine.store.backup import check_or_set_aside, make_backup, restore_into
from engine.store.migrations import MigrationSet, applied_steps
from engine.store.migrations import apply as apply_migrations

BUSY_TIMEOUT_MS = 10_000
_DAMAGED = {11, 26}
"""SQLite's SQLITE_CORRUPT and SQLITE_NOTADB: the file is damaged or not a database."""

schema = MigrationSet("store")
"""The store's own tables (settings); features bring their own sets."""


@schema(name="001-settings")
def _settings_table(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


class _Database(sqlite_utils.Database):
    """sqlite-utils' database, with "database or disk is full" turned into a clear UserError."""

    where: Path | str = "the database"

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """Run one statement (see :meth:`sqlite_utils.Database.execute`).

        Raises:
            DiskFull: when SQLite finds no room; the statement changed nothing.

        """
        with disk_full_as_user_error(self.where):
            return super().execute(sql, parameters)


def now() -> str:
    """The current UTC time as stored (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One SQLite connection with every schema applied, and the settings over it."""

    def __init__(
        self, path: Path | str, schemas: Sequence[MigrationSet] = (), *, check: bool = False
    ) -> None:
        """Open (creating if needed) and migrate the database at ``path``.

        A database that already holds data is backed up before a migration changes it.

        Args:
            path: the database file, or ``":memory:"``.
            schemas: the features' migration sets, applied after the store's own.
            check: run ``PRAGMA quick_check`` first (at start-up); a damaged file is moved
                aside and :class:`~engine.store.backup.CorruptDatabase` raised.

        Raises:
            CorruptDatabase: with ``check``, when the file is damaged.

        """
        self.path = Path(path) if str(path) != ":memory:" else None
        if check and self.path is not None:
            check_or_set_aside(self.path)
        existed = self.path is not None and self.path.is_file() and self.path.stat().st_size > 0
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        self.db = _Database(conn)
        self.db.where = self.path or "the database"
        self.schemas: tuple[MigrationSet, ...] = (schema, *schemas)
        try:
            self._prepare(existed)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if getattr(exc, "sqlite_errorcode", None) not in _DAMAGED:
                raise
            raise UserError(
                f"the database {self.path} is damaged ({exc}); `shopscribe store check` says "
                "more and `shopscribe store restore` puts a backup back (the window offers it)"
            ) from exc

    def _prepare(self, existed: bool) -> None:
        """Pragmas, then the migrations (a database with data is backed up before one)."""
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.path is not None:
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA synchronous = FULL")

        def backup_first() -> None:
            if existed and self.path is not None:
                make_backup(self.path, "before-migration")

        self.migrated = apply_migrations(self.db, list(self.schemas), before_first=backup_first)
        """``set:step`` ids this open applied."""

    @property
    def journal_mode(self) -> str:
        """SQLite's journal mode (``wal`` for file databases)."""
        return str(self.db.execute("PRAGMA journal_mode").fetchone()[0])

    def pragma(self, name: str) -> Any:
        """One PRAGMA's value (for checks and tests)."""
        return self.db.execute(f"PRAGMA {name}").fetchone()[0]

    def applied_migrations(self) -> list[str]:
        """Every ``set:step`` applied to this database, oldest first."""
        return applied_steps(self.db)

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error; nests as a savepoint."""
        conn = self.db.conn
        if conn.in_transaction:
            conn.execute("SAVEPOINT nested")
            try:
                yield self.db
            except BaseException:
                conn.execute("ROLLBACK TO nested")
                conn.execute("RELEASE nested")
                raise
            conn.execute("RELEASE nested")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            with disk_full_as_user_error(self.db.where):
                self._commit()
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _commit(self) -> None:
        """``COMMIT`` (one place, so a test can make the disk full right here)."""
        self.db.conn.execute("COMMIT")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a query as dicts."""
        return list(self.db.query(sql, list(params)))

    def restore_from(self, backup: Path) -> Path:
        """Put a backup's content in place of this database's, without closing anything.

        Every connection to the file sees the restored data at once; a backup from before a
        migration is brought up to date again. The replaced content is kept beside the file.

        Returns:
            Where the replaced content was kept.

        Raises:
            UserError: for an in-memory store, or a backup that is damaged itself.

        """
        if self.path is None:
            raise UserError("an in-memory database has no backups")
        kept = restore_into(self.db.conn, self.path, backup)
        apply_migrations(self.db, list(self.schemas))
        return kept

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
        self.db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )
