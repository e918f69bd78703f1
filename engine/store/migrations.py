"""The migration runner: named sets (one per feature), explicit step ids, one transaction each.

Each feature owns its schema as one :class:`sqlite_utils.migrations.Migrations` set whose steps
are registered with an explicit string id (``@schema(name="001-runs")``), never a function
name. :func:`apply` runs each pending step in its own ``BEGIN IMMEDIATE`` transaction together
with its bookkeeping row in ``_sqlite_migrations`` (sqlite-utils' table), so a crash
mid-migration leaves either both or neither, and the next start simply runs the step again.
Databases from before named sets (``schema_migrations`` rows named after functions) are adopted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import sqlite_utils
from sqlite_utils.migrations import Migrations

log = logging.getLogger(__name__)

MigrationSet = Migrations
"""One feature's named set of schema steps."""

TABLE = Migrations.migrations_table

LEGACY_STEPS: dict[str, list[tuple[str, str]]] = {
    "_m1_initial": [("store", "001-settings"), ("history", "001-generations")],
    "migrate_bulk_tables": [("bulk", "001-runs")],
    "_m2_brand_voices": [("listing", "001-brand-voices")],
}
"""Round-1 databases recorded steps by function name (in this order); what each one became."""


class MigrationError(RuntimeError):
    """A migration set is malformed (a bug in the app, not in the merchant's data)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_ids(sets: Sequence[Migrations], db: sqlite_utils.Database) -> None:
    names = [s.name for s in sets]
    if len(set(names)) != len(names):
        raise MigrationError(f"migration sets must have unique names: {names}")
    for migrations in sets:
        for step in migrations.pending(db):
            if step.name == getattr(step.fn, "__name__", None):
                raise MigrationError(
                    f"step {step.name!r} of set {migrations.name!r} has no explicit id "
                    "(register it with name='NNN-what')"
                )


def _record(db: sqlite_utils.Database, set_name: str, step: str) -> None:
    db.execute(
        f"INSERT INTO {TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [set_name, step, _now()],
    )


def _adopt_legacy(db: sqlite_utils.Database) -> None:
    """Translate round-1 bookkeeping (function names, or only ``user_version``) once."""
    tables = set(db.table_names())
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if "schema_migrations" in tables:
        old = [row[0] for row in db.execute("SELECT name FROM schema_migrations ORDER BY rowid")]
    elif version and "generations" in tables:
        old = list(LEGACY_STEPS)[:version]
    else:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for name in old:
            for set_name, step in LEGACY_STEPS.get(name, []):
                db.execute(
                    f"INSERT OR IGNORE INTO {TABLE} (migration_set, name, applied_at)"
                    " VALUES (?, ?, ?)",
                    [set_name, step, _now()],
                )
        db.execute("DROP TABLE IF EXISTS schema_migrations")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    log.info("adopted round-1 migration records: %s", ", ".join(old))


def apply(
    db: sqlite_utils.Database,
    sets: Sequence[Migrations],
    before_first: Callable[[], None] | None = None,
) -> list[str]:
    """Apply every pending step of ``sets`` in order; returns ``set:step`` ids applied.

    The connection must be in autocommit mode (``isolation_level=None``): each step runs in
    an explicit ``BEGIN IMMEDIATE`` … ``COMMIT`` with its row, DDL included.

    Raises:
        MigrationError: for a set without explicit step ids or duplicate set names.

    """
    if db.conn.isolation_level is not None:
        raise MigrationError("migrations need a connection opened with isolation_level=None")
    if not sets:
        return []
    # under the write lock: a check-then-create in a read snapshot fails at once ("database is
    # locked") when another process creates the table first
    db.execute("BEGIN IMMEDIATE")
    try:
        sets[0].ensure_migrations_table(db)
    finally:
        if db.conn.in_transaction:
            db.execute("COMMIT")
    _adopt_legacy(db)
    _check_ids(sets, db)
    applied: list[str] = []
    for migrations in sets:
        for step in migrations.pending(db):
            if not applied and before_first is not None:
                before_first()  # e.g. a backup before the first step changes anything
            db.execute("BEGIN IMMEDIATE")
            try:
                if _recorded(db, migrations.name, step.name):  # another process got here first
                    db.execute("COMMIT")
                    continue
                step.fn(db)
                _record(db, migrations.name, step.name)
                db.execute("COMMIT")
            except BaseException:
                if db.conn.in_transaction:
                    db.execute("ROLLBACK")
                raise
            applied.append(f"{migrations.name}:{step.name}")
    return applied


def _recorded(db: sqlite_utils.Database, set_name: str, step: str) -> bool:
    """True when ``set_name:step`` is recorded.

    Checked inside the step's transaction, so two processes opening a new data folder at once
    (``accelerate launch``) apply each step once.
    """
    rows = db.execute(
        f"SELECT 1 FROM {TABLE} WHERE migration_set = ? AND name = ?", [set_name, step]
    ).fetchall()
    return bool(rows)


def applied_steps(db: sqlite_utils.Database) -> list[str]:
    """Every recorded ``set:step``, in the order applied."""
    if TABLE not in db.table_names():
        return []
    rows = db.execute(f"SELECT migration_set, name FROM {TABLE} ORDER BY id")
    return [f"{s}:{n}" for s, n in rows]
