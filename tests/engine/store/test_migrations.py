import os
import signal
import subprocess
import sys
import textwrap

import pytest
import sqlite_utils

from engine.app import open_store
from engine.store.connection import Store
from engine.store.migrations import MigrationError, MigrationSet, applied_steps
from tests.cli import ROOT


def _extra_set(fail: bool = False) -> MigrationSet:
    extra = MigrationSet("extra")

    @extra(name="001-first")
    def _first(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE first_table (id INTEGER PRIMARY KEY)")

    @extra(name="002-second")
    def _second(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE second_table (id INTEGER PRIMARY KEY)")
        if fail:
            raise RuntimeError("the step fails after its DDL")
        db.execute("CREATE INDEX second_index ON second_table (id)")

    return extra


def test_steps_are_recorded_by_explicit_id(data_paths):
    store = Store(data_paths.db, [_extra_set()])
    assert store.migrated == ["store:001-settings", "extra:001-first", "extra:002-second"]
    store.close()
    again = Store(data_paths.db, [_extra_set()])  # nothing twice (the DDL would fail)
    assert again.migrated == []
    again.close()


def test_a_step_without_an_explicit_id_is_refused(data_paths):
    loose = MigrationSet("loose")

    @loose()
    def add_table(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE t (id INTEGER)")

    with pytest.raises(MigrationError, match="explicit id"):
        Store(data_paths.db, [loose])


def test_a_failing_step_leaves_neither_its_tables_nor_its_row(data_paths):
    with pytest.raises(RuntimeError):
        Store(data_paths.db, [_extra_set(fail=True)])
    db = sqlite_utils.Database(data_paths.db)
    assert "first_table" in db.table_names()  # the step before committed on its own
    assert "second_table" not in db.table_names()  # DDL rolled back with the step
    assert "extra:002-second" not in applied_steps(db)
    db.conn.close()
    store = Store(data_paths.db, [_extra_set()])  # the next start simply runs it
    assert store.migrated == ["extra:002-second"]
    store.close()


KILLED_MIDWAY = textwrap.dedent(
    """
    import os, signal, sys
    import sqlite_utils
    from engine.store.connection import Store
    from engine.store.migrations import MigrationSet

    extra = MigrationSet("extra")

    @extra(name="001-big")
    def _big(db):
        db.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)")
        db.execute("CREATE INDEX big_v ON big (v)")
        print("half-way", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # the power goes out mid-migration

    Store(sys.argv[1], [extra])
    """
)


def test_a_migration_killed_half_way_restarts_cleanly(data_paths):
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MIDWAY, str(data_paths.db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL and "half-way" in done.stdout
    db = sqlite_utils.Database(data_paths.db)
    assert "big" not in db.table_names()  # the table went with the transaction
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.conn.close()
    extra = MigrationSet("extra")

    @extra(name="001-big")
    def _big(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)")
        db.execute("CREATE INDEX big_v ON big (v)")

    store = Store(data_paths.db, [extra])
    assert store.migrated == ["extra:001-big"]
    assert "big" in store.db.table_names()
    store.close()


def _round1_database(path, *, named: bool) -> None:
    """A database as round 1 left it: its three steps, recorded by function name or number."""
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE generations (id INTEGER PRIMARY KEY, kind TEXT NOT NULL DEFAULT 'copy',"
        " channel TEXT NOT NULL DEFAULT '', lang TEXT NOT NULL DEFAULT 'en',"
        " title TEXT NOT NULL DEFAULT '', text TEXT NOT NULL,"
        " facts_json TEXT NOT NULL DEFAULT '{}', settings_json TEXT NOT NULL DEFAULT '{}',"
        " model TEXT NOT NULL DEFAULT '', adapter TEXT NOT NULL DEFAULT '',"
        " batch_id TEXT NOT NULL DEFAULT '', variant INTEGER NOT NULL DEFAULT 0,"
        " favourite INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)"
    )
    db.execute("INSERT INTO generations (text, created_at) VALUES ('kept', '2026-01-01')")
    db.execute("CREATE TABLE bulk_runs (id INTEGER PRIMARY KEY)")
    db.execute("CREATE TABLE bulk_items (id INTEGER PRIMARY KEY)")
    db.execute("CREATE TABLE brand_voices (id INTEGER PRIMARY KEY)")
    if named:
        db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        for name in ("_m1_initial", "migrate_bulk_tables", "_m2_brand_voices"):
            db.execute("INSERT INTO schema_migrations VALUES (?, 'then')", [name])
    else:
        db.execute("PRAGMA user_version = 3")
    db.conn.commit()
    db.conn.close()


@pytest.mark.parametrize("named", [True, False])
def test_round1_databases_are_adopted_without_rerunning_steps(data_paths, named):
    _round1_database(data_paths.db, named=named)
    store = open_store(data_paths)
    round1 = {"history:001-generations", "bulk:001-runs", "listing:001-brand-voices"}
    assert not round1 & set(store.migrated)  # round 1's steps were there; later ones run
    assert store.db.execute("SELECT text FROM generations").fetchall() == [("kept",)]
    assert "schema_migrations" not in store.db.table_names()
    assert {"history:001-generations", "bulk:001-runs", "listing:001-brand-voices"} <= set(
        store.applied_migrations()
    )
    assert store.rows("SELECT text FROM generations") == [{"text": "kept"}]
    store.close()
