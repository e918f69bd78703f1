import sqlite3

import pytest

from engine.app import SCHEMAS, open_store
from engine.store.connection import Store


def test_file_database_pragmas(fresh_store: Store):
    assert fresh_store.journal_mode == "wal"
    assert fresh_store.pragma("foreign_keys") == 1
    assert fresh_store.pragma("synchronous") == 2  # FULL
    assert fresh_store.pragma("busy_timeout") == 10_000


def test_every_feature_schema_is_applied(fresh_store: Store):
    tables = set(fresh_store.db.table_names())
    assert {"settings", "generations", "bulk_runs", "bulk_items", "brand_voices"} <= tables
    applied = fresh_store.applied_migrations()
    assert applied[0] == "store:001-settings"
    assert {m.name for m in SCHEMAS} <= {a.split(":")[0] for a in applied}


def test_reopen_applies_nothing_again(data_paths):
    first = open_store(data_paths)
    assert first.migrated  # a new database
    first.close()
    again = open_store(data_paths)
    assert again.migrated == []
    again.close()


def test_settings_round_trip(fresh_store: Store):
    assert fresh_store.get_setting("missing", 5) == 5
    fresh_store.set_setting("active_model", "smollm2")
    fresh_store.set_setting("active_model", "qwen-coder")
    assert fresh_store.get_setting("active_model") == "qwen-coder"


def test_transaction_is_all_or_nothing(fresh_store: Store):
    with pytest.raises(RuntimeError), fresh_store.transaction():
        fresh_store.set_setting("a", 1)
        fresh_store.set_setting("b", 2)
        raise RuntimeError("crash between the two writes")
    assert fresh_store.get_setting("a") is None and fresh_store.get_setting("b") is None
    with fresh_store.transaction():
        fresh_store.set_setting("a", 1)
        with pytest.raises(ValueError), fresh_store.transaction():  # nested: a savepoint
            fresh_store.set_setting("b", 2)
            raise ValueError
    assert fresh_store.get_setting("a") == 1 and fresh_store.get_setting("b") is None


def test_second_connection_reads_while_first_writes(data_paths):
    writer = open_store(data_paths)
    reader = open_store(data_paths)
    with writer.transaction():
        writer.set_setting("visible", True)
        assert reader.get_setting("visible") is None  # not committed yet: WAL readers wait
    assert reader.get_setting("visible") is True
    writer.close()
    reader.close()
    assert sqlite3.connect(data_paths.db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
