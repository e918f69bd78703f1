"""A full disk: a clear message, earlier data intact, and work goes on once there is room.

The atomic writer gets an injected ``OSError(ENOSPC)``; SQLite gets a real "database or disk
is full" (``PRAGMA max_page_count`` caps the file at its current size, so the next write that
needs a page fails in SQLite's own write and commit path), then the cap is lifted.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from engine.app import open_store
from engine.core.errors import DiskFull, UserError
from engine.core.files import atomic_write_text
from engine.customers.imports import import_contacts
from engine.history.store import History
from engine.listing.voice import BrandVoice, list_voices, save_voice
from engine.store import connection
from engine.store.backup import list_backups, make_backup, quick_check
from engine.store.connection import Store
from tests.cli import cli


def _no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_the_atomic_writer_says_the_disk_is_full_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "export.csv"
    atomic_write_text(target, "old,content\n")
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", _no_space)
        with pytest.raises(UserError, match="the disk is full") as caught:
            atomic_write_text(target, "new,content\n" * 1000)
    assert isinstance(caught.value, DiskFull) and str(target) in str(caught.value)
    assert target.read_text() == "old,content\n"  # intact
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]  # no temp file left behind
    atomic_write_text(target, "new,content\n")  # room again: it works
    assert target.read_text() == "new,content\n"


def test_an_export_on_a_full_disk_is_a_message_not_a_traceback(data_paths, monkeypatch):
    store = open_store(data_paths)
    History(store).add("A mug.", title="Mug")
    store.close()
    out = data_paths.root / "history.csv"
    monkeypatch.setattr(os, "fsync", _no_space)
    run = cli("history", "export", "--out", str(out), data_dir=data_paths.root)
    assert run.code == 2 and "the disk is full" in run.err and "Traceback" not in run.err
    assert not out.exists()
    monkeypatch.undo()
    assert cli("history", "export", "--out", str(out), data_dir=data_paths.root).code == 0


def _cap(store: Store) -> None:
    """No more pages: the next write that needs one fails like a full disk."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def _uncap(store: Store) -> None:
    store.db.execute("PRAGMA max_page_count = 1073741823")


def test_sqlite_full_gives_the_message_keeps_earlier_saves_and_recovers(data_paths, tmp_path):
    store = open_store(data_paths)
    history = History(store)
    kept = [history.add(f"saved before {i}", title="Mug") for i in range(5)]
    save_voice(store, BrandVoice("Before", words_to_use=["cosy"]))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _cap(store)
    with pytest.raises(DiskFull, match="the disk is full"):
        for _ in range(50):  # one statement (autocommit) that needs new pages
            history.add("x" * 50_000, title="Big")
    contacts = tmp_path / "c.csv"
    rows = [f"Ann {i},ann{i}@example.com,,vip,{'note ' * 400}" for i in range(200)]
    contacts.write_text("name,email,phone,tags,notes\n" + "\n".join(rows) + "\n")
    with pytest.raises(DiskFull, match="the disk is full"):
        import_contacts(store, contacts)  # a transaction: rolled back whole
    assert store.rows("SELECT count(*) AS n FROM customers")[0]["n"] == 0
    assert [i.id for i in history.recent(100) if i.title == "Mug"] == kept[::-1]
    assert [v.name for v in list_voices(store)] == ["Before"]
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    _uncap(store)  # room again
    assert import_contacts(store, contacts).added == 200
    history.add("after", title="After")
    store.close()
    again = open_store(data_paths, check=True)
    assert len(History(again).recent(1000)) >= 6
    again.close()


def test_a_full_disk_at_commit_rolls_back_and_says_so(fresh_store, monkeypatch):
    save_voice(fresh_store, BrandVoice("Before"))

    def full(self: Store) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(connection.Store, "_commit", full)
    with pytest.raises(DiskFull, match="the disk is full"):
        save_voice(fresh_store, BrandVoice("During", words_to_use=["a", "b"]))
    monkeypatch.undo()
    assert [v.name for v in list_voices(fresh_store)] == ["Before"]  # nothing half-saved
    save_voice(fresh_store, BrandVoice("After"))
    assert [v.name for v in list_voices(fresh_store)] == ["After", "Before"]


def test_the_cli_names_a_full_database_and_exits_2(data_paths, monkeypatch, tmp_path):
    open_store(data_paths).close()
    real_init = Store.__init__

    def capped(self: Store, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        _cap(self)

    contacts = tmp_path / "c.csv"
    rows = [f"Ann {i},ann{i}@example.com,,vip,{'note ' * 400}" for i in range(200)]
    contacts.write_text("name,email,phone,tags,notes\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(Store, "__init__", capped)
    run = cli("customers", "import", str(contacts), data_dir=data_paths.root)
    assert run.code == 2 and "the disk is full" in run.err and "Traceback" not in run.err
    monkeypatch.undo()
    assert cli("customers", "import", str(contacts), data_dir=data_paths.root).code == 0


def test_a_backup_on_a_full_disk_leaves_no_partial_file(data_paths, monkeypatch):
    store = open_store(data_paths)
    History(store).add("A mug.", title="Mug")
    store.close()
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(DiskFull):
        make_backup(data_paths.db, "daily")
    monkeypatch.undo()
    folder = Path(data_paths.root / "backups")
    assert list(folder.iterdir()) == [] and quick_check(data_paths.db) == "ok"
    assert make_backup(data_paths.db, "daily") is not None and len(list_backups(data_paths.db)) == 1
