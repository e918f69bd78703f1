"""Restoring a backup in place: every open connection sees it, old schemas are migrated."""

import pytest
import sqlite_utils

from engine.app import SCHEMAS, open_store
from engine.core.errors import UserError
from engine.history.store import History
from engine.store.backup import list_backups, make_backup, quick_check
from engine.store.connection import Store
from engine.store.migrations import MigrationSet


def test_a_restore_in_place_is_seen_by_every_open_connection(data_paths):
    store = open_store(data_paths)
    History(store).add("first", title="Mug")
    backup = make_backup(data_paths.db, "manual")
    History(store).add("second", title="Mug")
    other = open_store(data_paths)  # e.g. the window's connection beside the engine's
    assert len(History(other).recent(10)) == 2
    kept = store.restore_from(backup)
    assert [i.text for i in History(other).recent(10)] == ["first"]
    assert [i.text for i in History(store).recent(10)] == ["first"]
    assert quick_check(data_paths.db) == "ok" and quick_check(kept) == "ok"
    replaced = open_store(kept)
    assert len(History(replaced).recent(10)) == 2  # what was replaced is kept, not deleted
    for s in (store, other, replaced):
        s.close()


def test_a_backup_from_before_a_migration_is_brought_up_to_date(data_paths):
    open_store(data_paths).close()
    later = MigrationSet("later")

    @later(name="001-extra")
    def _extra(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    store = Store(data_paths.db, [*SCHEMAS, later])  # backs up first, then migrates
    (backup,) = list_backups(data_paths.db)
    store.restore_from(backup.path)
    assert "extra" in store.db.table_names()
    assert "later:001-extra" in store.applied_migrations()
    store.close()


def test_a_damaged_file_opened_without_the_check_is_a_clear_message(data_paths):
    data_paths.db.write_bytes(b"not a database " * 1000)
    with pytest.raises(UserError, match=r"is damaged.*store check.*store restore"):
        open_store(data_paths)
    assert data_paths.db.exists()  # left where it is: the check or a restore deals with it
