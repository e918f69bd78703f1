"""``shopscribe store``: backup, backups --json, restore FILE, check."""

from engine.app import open_store
from engine.history.store import History
from tests.cli import cli


def _flip_page_bytes(path) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(path.read_bytes())
    for offset in range(4096, 4096 * 5):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_backup_list_restore_and_check(data_paths):
    store = open_store(data_paths)
    History(store).add("kept", title="Mug")
    store.close()
    made = cli("store", "backup", "--json", data_dir=data_paths.root)
    assert made.code == 0, made.err
    listed = cli("store", "backups", "--json", data_dir=data_paths.root).json()["backups"]
    assert [b["reason"] for b in listed] == ["manual"] and listed[0]["size"] > 0
    assert listed[0]["path"] == made.json()["path"] and listed[0]["created"]

    store = open_store(data_paths)
    History(store).add("later", title="Mug")
    store.close()
    name = listed[0]["path"].rsplit("/", 1)[1]
    restored = cli("store", "restore", name, "--json", data_dir=data_paths.root)
    assert restored.code == 0, restored.err
    store = open_store(data_paths)
    assert [i.text for i in History(store).recent(10)] == ["kept"]
    store.close()
    assert cli("store", "check", data_dir=data_paths.root).out.strip() == "ok"


def test_check_names_the_damage_and_restore_mends_it(data_paths):
    store = open_store(data_paths)
    for i in range(300):
        History(store).add(f"text {i} " + "word " * 30, title="Mug")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    backup = cli("store", "backup", "--json", data_dir=data_paths.root).json()["path"]
    _flip_page_bytes(data_paths.db)
    check = cli("store", "check", data_dir=data_paths.root)
    assert check.code == 2 and "damaged" in check.err and "store restore" in check.err
    assert "Traceback" not in check.err
    verdict = cli("store", "check", "--json", data_dir=data_paths.root)
    assert verdict.code == 2 and verdict.json()["ok"] is False
    assert verdict.json()["newest_good_backup"]["path"] == backup
    fixed = cli("store", "restore", backup, "--json", data_dir=data_paths.root)
    assert fixed.code == 0, fixed.err
    assert ".damaged-" in fixed.json()["kept"]  # the damaged file was moved aside, kept
    assert cli("store", "check", data_dir=data_paths.root).code == 0
    store = open_store(data_paths)
    assert len(History(store).recent(1000)) == 300
    store.close()


def test_a_damaged_backup_and_an_unknown_name_are_refused(data_paths):
    open_store(data_paths).close()
    missing = cli("store", "restore", "nope.db", data_dir=data_paths.root)
    assert missing.code == 2 and "no backup" in missing.err
    bad = data_paths.root / "bad.db"
    bad.write_bytes(b"x" * 9000)
    refused = cli("store", "restore", str(bad), data_dir=data_paths.root)
    assert refused.code == 2 and "damaged" in refused.err
    empty = cli("store", "backups", data_dir=data_paths.root)
    assert empty.code == 0 and "no backups" in empty.err
