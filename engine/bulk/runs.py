"""Bulk runs in SQLite: one row per run, one per product, so a paused or crashed run resumes.

Every product's result is committed as soon as it is written; a row left ``running`` by a crash
goes back to ``pending`` when the run is resumed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from engine.store.connection import Store
from engine.store.connection import now as _now
from engine.store.migrations import MigrationSet

STATUSES = ("pending", "running", "done", "failed", "accepted")

schema = MigrationSet("bulk")
"""The ``bulk_runs`` and ``bulk_items`` tables."""


@schema(name="001-runs")
def _runs_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE bulk_runs (
            id INTEGER PRIMARY KEY,
            input_path TEXT NOT NULL,
            kind TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'description',
            options_json TEXT NOT NULL DEFAULT '{}',
            total INTEGER NOT NULL DEFAULT 0,
            out_path TEXT NOT NULL DEFAULT '',
            exported_at TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE bulk_items (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES bulk_runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            product_key TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            facts_json TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending','running','done','failed','accepted')),
            generated TEXT NOT NULL DEFAULT '',
            seo_generated TEXT NOT NULL DEFAULT '',
            edited TEXT,
            error TEXT NOT NULL DEFAULT '',
            flags_json TEXT NOT NULL DEFAULT '[]',
            seconds REAL NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            UNIQUE (run_id, product_key)
        )"""
    )
    db.execute("CREATE INDEX bulk_items_run ON bulk_items (run_id, position)")


@schema(name="002-coverage")
def _coverage_column(db: sqlite_utils.Database) -> None:
    """Which facts each product's text uses and leaves out (grounded writing)."""
    db.execute("ALTER TABLE bulk_items ADD COLUMN coverage_json TEXT NOT NULL DEFAULT '{}'")


@dataclass
class BulkRun:
    """One bulk run: which file, which channel, which options."""

    id: int
    input_path: str
    kind: str
    channel: str
    options: dict[str, Any]
    total: int
    out_path: str
    exported_at: str
    created_at: str
    updated_at: str
    counts: dict[str, int]

    @property
    def finished(self) -> bool:
        """True when no product is waiting to be written."""
        return not (self.counts.get("pending", 0) or self.counts.get("running", 0))

    @property
    def written(self) -> int:
        """Products with a text (done or accepted)."""
        return self.counts.get("done", 0) + self.counts.get("accepted", 0)


@dataclass
class BulkItem:
    """One product of a run and where it stands."""

    id: int
    run_id: int
    position: int
    product_key: str
    title: str
    facts: dict[str, Any]
    status: str
    generated: str
    seo_generated: str
    edited: str | None
    error: str
    flags: list[dict[str, Any]]
    seconds: float
    coverage: dict[str, list[str]]

    @property
    def needs_review(self) -> bool:
        """Written, with a statement to check or a fact left out."""
        return self.status in ("done", "accepted") and bool(
            self.flags or self.coverage.get("missing")
        )

    @property
    def text(self) -> str:
        """The text that will be exported: the merchant's edit, else the generated one."""
        return self.edited if self.edited is not None else self.generated


class BulkRuns:
    """The repository of bulk runs over one :class:`~engine.store.Store` (its thread's)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def create(
        self,
        input_path: str,
        kind: str,
        channel: str,
        options: dict[str, Any],
        products: list[tuple[str, str, dict[str, Any]]],
    ) -> int:
        """A new run with every product (key, title, facts) pending; returns its id."""
        now = _now()
        with self.store.transaction():
            cursor = self.db.execute(
                "INSERT INTO bulk_runs (input_path, kind, channel, options_json, total,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                [input_path, kind, channel, json.dumps(options), len(products), now, now],
            )
            run_id = int(cursor.lastrowid or 0)
            self.db.conn.executemany(
                "INSERT INTO bulk_items (run_id, position, product_key, title, facts_json,"
                " updated_at) VALUES (?,?,?,?,?,?)",
                [
                    (run_id, i, key, title, json.dumps(facts, ensure_ascii=False), now)
                    for i, (key, title, facts) in enumerate(products)
                ],
            )
        return run_id

    def counts(self, run_id: int) -> dict[str, int]:
        """How many products of a run are in each status."""
        rows = self.db.execute(
            "SELECT status, COUNT(*) FROM bulk_items WHERE run_id = ? GROUP BY status", [run_id]
        ).fetchall()
        return {status: int(n) for status, n in rows}

    def get(self, run_id: int) -> BulkRun | None:
        """One run, or None."""
        rows = self._rows("SELECT * FROM bulk_runs WHERE id = ?", [run_id])
        return self._run(rows[0]) if rows else None

    def _run(self, row: dict[str, Any]) -> BulkRun:
        return BulkRun(
            id=row["id"],
            input_path=row["input_path"],
            kind=row["kind"],
            channel=row["channel"],
            options=json.loads(row["options_json"] or "{}"),
            total=row["total"],
            out_path=row["out_path"],
            exported_at=row["exported_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            counts=self.counts(row["id"]),
        )

    def runs(self, *, unfinished_only: bool = False, limit: int = 50) -> list[BulkRun]:
        """Runs, newest first; ``unfinished_only`` keeps those with products still to write.

        The filter runs in SQL before the limit, so an old unfinished run is still found.
        """
        where = (
            " WHERE EXISTS (SELECT 1 FROM bulk_items i WHERE i.run_id = bulk_runs.id"
            " AND i.status IN ('pending', 'running'))"
            if unfinished_only
            else ""
        )
        rows = self._rows(f"SELECT * FROM bulk_runs{where} ORDER BY id DESC LIMIT ?", [limit])
        return [self._run(r) for r in rows]

    def needs_review(self, run_id: int) -> int:
        """Written products with a statement to check or a fact left out."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM bulk_items WHERE run_id = ? AND status IN ('done', 'accepted')"
            " AND (json_array_length(flags_json) > 0"
            " OR json_array_length(coalesce(json_extract(coverage_json, '$.missing'), '[]')) > 0)",
            [run_id],
        ).fetchone()
        return int(row[0])

    def items(self, run_id: int) -> list[BulkItem]:
        """A run's products in file order."""
        return [
            self._item(r)
            for r in self._rows(
                "SELECT * FROM bulk_items WHERE run_id = ? ORDER BY position", [run_id]
            )
        ]

    def item(self, item_id: int) -> BulkItem | None:
        """One product row, or None."""
        rows = self._rows("SELECT * FROM bulk_items WHERE id = ?", [item_id])
        return self._item(rows[0]) if rows else None

    @staticmethod
    def _item(row: dict[str, Any]) -> BulkItem:
        return BulkItem(
            id=row["id"],
            run_id=row["run_id"],
            position=row["position"],
            product_key=row["product_key"],
            title=row["title"],
            facts=json.loads(row["facts_json"] or "{}"),
            status=row["status"],
            generated=row["generated"],
            seo_generated=row["seo_generated"],
            edited=row["edited"],
            error=row["error"],
            flags=json.loads(row["flags_json"] or "[]"),
            seconds=float(row["seconds"]),
            coverage=json.loads(row.get("coverage_json") or "{}"),
        )

    def _update(self, sql: str, params: list[Any], run_id: int | None = None) -> None:
        with self.store.transaction():
            self.db.execute(sql, params)
            if run_id is not None:
                self.db.execute(
                    "UPDATE bulk_runs SET updated_at = ? WHERE id = ?", [_now(), run_id]
                )

    def set_options(self, run_id: int, channel: str, options: dict[str, Any]) -> None:
        """Change a run's channel and options (only sensible before anything is written)."""
        self._update(
            "UPDATE bulk_runs SET channel = ?, options_json = ? WHERE id = ?",
            [channel, json.dumps(options), run_id],
            run_id,
        )

    def recover(self, run_id: int) -> int:
        """Rows left ``running`` (a crash or kill) go back to ``pending``; returns how many."""
        with self.store.transaction():
            cursor = self.db.execute(
                "UPDATE bulk_items SET status = 'pending' WHERE run_id = ? AND status = 'running'",
                [run_id],
            )
        return cursor.rowcount

    def next_pending(self, run_id: int) -> BulkItem | None:
        """The first product still to write."""
        rows = self._rows(
            "SELECT * FROM bulk_items WHERE run_id = ? AND status = 'pending'"
            " ORDER BY position LIMIT 1",
            [run_id],
        )
        return self._item(rows[0]) if rows else None

    def mark_running(self, item_id: int) -> None:
        """A product is being written now."""
        self._update(
            "UPDATE bulk_items SET status = 'running', error = '', updated_at = ? WHERE id = ?",
            [_now(), item_id],
        )

    def save_result(
        self,
        item: BulkItem,
        text: str,
        seo_text: str,
        flags: list[dict[str, Any]],
        seconds: float,
        coverage: dict[str, list[str]] | None = None,
    ) -> None:
        """A product's generated text, committed at once (status ``done``)."""
        self._update(
            "UPDATE bulk_items SET status = 'done', generated = ?, seo_generated = ?,"
            " edited = NULL, flags_json = ?, coverage_json = ?, seconds = ?, error = '',"
            " updated_at = ? WHERE id = ?",
            [
                text,
                seo_text,
                json.dumps(flags, ensure_ascii=False),
                json.dumps(coverage or {}, ensure_ascii=False),
                seconds,
                _now(),
                item.id,
            ],
            item.run_id,
        )

    def mark_failed(self, item: BulkItem, error: str) -> None:
        """A product could not be written; the reason is kept for the table."""
        self._update(
            "UPDATE bulk_items SET status = 'failed', error = ?, updated_at = ? WHERE id = ?",
            [error, _now(), item.id],
            item.run_id,
        )

    def back_to_pending(self, item_id: int) -> None:
        """A product whose writing was paused midway is written again on resume."""
        self._update(
            "UPDATE bulk_items SET status = 'pending', updated_at = ? WHERE id = ?",
            [_now(), item_id],
        )

    def retry_failed(self, run_id: int) -> int:
        """Failed products go back to pending; returns how many."""
        with self.store.transaction():
            cursor = self.db.execute(
                "UPDATE bulk_items SET status = 'pending', error = ''"
                " WHERE run_id = ? AND status = 'failed'",
                [run_id],
            )
        return cursor.rowcount

    def set_accepted(self, item_id: int, accepted: bool) -> None:
        """Accept a written product for export (or take the acceptance back)."""
        old, new = ("done", "accepted") if accepted else ("accepted", "done")
        self._update(
            "UPDATE bulk_items SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
            [new, _now(), item_id, old],
        )

    def accept_all(self, run_id: int) -> int:
        """Accept every written product of a run; returns how many changed."""
        with self.store.transaction():
            cursor = self.db.execute(
                "UPDATE bulk_items SET status = 'accepted', updated_at = ?"
                " WHERE run_id = ? AND status = 'done'",
                [_now(), run_id],
            )
        return cursor.rowcount

    def set_edit(self, item_id: int, text: str | None) -> None:
        """The merchant's own version of a product's text (None: back to the generated one)."""
        self._update(
            "UPDATE bulk_items SET edited = ?, updated_at = ? WHERE id = ?",
            [text, _now(), item_id],
        )

    def mark_exported(self, run_id: int, out_path: str) -> None:
        """Remember where and when a run was last exported."""
        self._update(
            "UPDATE bulk_runs SET out_path = ?, exported_at = ? WHERE id = ?",
            [out_path, _now(), run_id],
            run_id,
        )
