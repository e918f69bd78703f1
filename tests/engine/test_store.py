import sqlite3

from engine.store import MIGRATIONS, Store


def test_migrations_bring_schema_to_latest(fresh_store: Store):
    assert fresh_store.schema_version == len(MIGRATIONS)
    tables = set(fresh_store.db.table_names())
    assert {"settings", "generations"} <= tables


def test_file_database_uses_wal(fresh_store: Store):
    assert fresh_store.journal_mode == "wal"


def test_reopen_does_not_reapply_migrations(data_paths):
    first = Store(data_paths.db)
    first.add_generation("kept", title="A")
    first.close()
    again = Store(data_paths.db)
    assert again.schema_version == len(MIGRATIONS)
    assert [i.text for i in again.recent_generations()] == ["kept"]
    again.close()


def test_history_round_trip_newest_first(fresh_store: Store):
    facts = {"title": "Mug", "attributes": {"capacity": "350 ml"}}
    first = fresh_store.add_generation("first text", title="Mug", channel="title", facts=facts)
    second = fresh_store.add_generation("second text", title="Mug", model="smollm2")
    items = fresh_store.recent_generations()
    assert [i.id for i in items] == [second, first]
    assert items[1].facts == facts
    assert items[0].model == "smollm2"


def test_full_text_search_english_and_chinese(fresh_store: Store):
    en = fresh_store.add_generation("A leak-proof steel bottle for hikers", title="Bottle")
    zh = fresh_store.add_generation(
        "这款保温杯采用不锈钢材质，适合户外徒步。", title="保温杯", lang="zh"
    )
    assert [i.id for i in fresh_store.search_generations("steel bottle")] == [en]
    assert [i.id for i in fresh_store.search_generations("不锈钢")] == [zh]
    # two-character Chinese words are shorter than a trigram: substring fallback
    assert [i.id for i in fresh_store.search_generations("徒步")] == [zh]
    assert fresh_store.search_generations("teapot") == []


def test_search_survives_fts_syntax(fresh_store: Store):
    fresh_store.add_generation('He said "NEAR" AND (OR)', title="x")
    assert len(fresh_store.search_generations('"NEAR" AND (OR')) == 1


def test_edits_and_favourites_update_search(fresh_store: Store):
    item = fresh_store.add_generation("old words", title="t")
    fresh_store.update_generation_text(item, "brand new copy")
    fresh_store.set_favourite(item, True)
    assert fresh_store.search_generations("old words") == []
    found = fresh_store.search_generations("brand new")
    assert found and found[0].favourite


def test_settings_round_trip(fresh_store: Store):
    assert fresh_store.get_setting("missing", 5) == 5
    fresh_store.set_setting("active_model", "smollm2")
    fresh_store.set_setting("active_model", "qwen-coder")
    assert fresh_store.get_setting("active_model") == "qwen-coder"


def test_second_connection_reads_while_first_writes(data_paths):
    writer = Store(data_paths.db)
    reader = Store(data_paths.db)
    writer.add_generation("visible", title="t")
    assert [i.text for i in reader.recent_generations()] == ["visible"]
    writer.close()
    reader.close()
    assert sqlite3.connect(data_paths.db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_are_recorded_by_name(data_paths, monkeypatch):
    import engine.store as store_module

    first = Store(data_paths.db)
    first.close()

    def m_extra_table(db):
        db.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    # A migration added later, anywhere in the list, is applied once.
    monkeypatch.setattr(store_module, "MIGRATIONS", [m_extra_table, *MIGRATIONS])
    again = Store(data_paths.db)
    assert "extra" in again.db.table_names()
    assert again.schema_version == len(MIGRATIONS) + 1
    again.close()
    third = Store(data_paths.db)  # not applied twice (would fail: table exists)
    third.close()


def test_database_from_numbered_migrations_is_adopted(data_paths):
    import sqlite_utils

    from engine.store import _m1_initial

    db = sqlite_utils.Database(data_paths.db)
    _m1_initial(db)
    db.execute("PRAGMA user_version = 1")
    db.conn.commit()
    db.conn.close()
    store = Store(data_paths.db)
    assert store.schema_version == len(MIGRATIONS)
    store.close()
