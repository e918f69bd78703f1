import os

import pytest
import sqlite_utils

from engine.app import open_store
from engine.core.errors import UserError
from engine.history.store import History
from engine.store.backup import (
    KEEP,
    CorruptDatabase,
    backup_due,
    list_backups,
    make_backup,
    quick_check,
    restore,
)
from engine.store.connection import Store
from engine.store.migrations import MigrationSet


def _with_history(paths, texts=("kept text",)):
    store = open_store(paths)
    for text in texts:
        History(store).add(text, title="Mug")
    store.close()


def test_a_new_database_gets_no_backup_and_an_existing_one_does_before_a_migration(data_paths):
    _with_history(data_paths)
    assert list_backups(data_paths.db) == []  # created fresh: nothing to protect yet
    later = MigrationSet("later")

    @later(name="001-extra")
    def _extra(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    from engine.app import SCHEMAS

    store = Store(data_paths.db, [*SCHEMAS, later])
    store.close()
    backups = list_backups(data_paths.db)
    assert [b.reason for b in backups] == ["before-migration"]
    copy = sqlite_utils.Database(backups[0].path)
    assert [r["text"] for r in copy.query("SELECT text FROM generations")] == ["kept text"]
    assert "extra" not in copy.table_names()  # taken before the step ran
    copy.conn.close()
    Store(data_paths.db, [*SCHEMAS, later]).close()  # nothing pending: no new backup
    assert len(list_backups(data_paths.db)) == 1


def test_the_newest_backups_are_kept(data_paths):
    _with_history(data_paths)
    made = [make_backup(data_paths.db, "daily") for _ in range(KEEP + 3)]
    kept = list_backups(data_paths.db)
    assert len(kept) == KEEP and {b.path for b in kept} == set(made[-KEEP:])
    assert not backup_due(data_paths.db)


def _damage(path) -> None:
    """Flip bytes in pages of the file (their b-tree headers), as a bad sector would."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for number in range(1, min(6, len(data) // page)):
        for offset in range(number * page, number * page + 12):
            data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_set_aside_and_the_newest_backup_restores(data_paths):
    _with_history(data_paths, [f"text {i}" for i in range(400)])  # several pages
    store = open_store(data_paths)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    backup = make_backup(data_paths.db, "daily")
    assert backup is not None
    _damage(data_paths.db)
    assert quick_check(data_paths.db) != "ok"
    with pytest.raises(CorruptDatabase, match="damaged") as caught:
        open_store(data_paths, check=True)
    assert "newest backup is from" in str(caught.value)
    assert caught.value.aside is not None and caught.value.aside.exists()  # kept, not deleted
    assert not data_paths.db.exists()
    restore(data_paths.db, backup)
    again = open_store(data_paths, check=True)
    assert len(History(again).recent(1000)) == 400
    again.close()


def test_a_damaged_backup_is_refused(data_paths):
    _with_history(data_paths, [f"text {i}" for i in range(400)])
    backup = make_backup(data_paths.db, "daily")
    assert backup is not None
    _damage(backup)
    with pytest.raises(UserError, match="damaged too"):
        restore(data_paths.db, backup)
    assert quick_check(data_paths.db) == "ok"  # the current database is untouched


def test_a_file_that_is_not_a_database_is_caught(data_paths):
    data_paths.db.write_bytes(os.urandom(8192))
    with pytest.raises(CorruptDatabase):
        open_store(data_paths, check=True)
