from engine.app import open_store
from engine.history.store import History
from engine.store.connection import Store


def test_history_survives_reopening(data_paths):
    first = open_store(data_paths)
    History(first).add("kept", title="A")
    first.close()
    again = open_store(data_paths)
    assert [i.text for i in History(again).recent()] == ["kept"]
    again.close()


def test_history_round_trip_newest_first(fresh_store: Store):
    history = History(fresh_store)
    facts = {"title": "Mug", "attributes": {"capacity": "350 ml"}}
    first = history.add("first text", title="Mug", channel="title", facts=facts)
    second = history.add("second text", title="Mug", model="smollm2")
    items = history.recent()
    assert [i.id for i in items] == [second, first]
    assert items[1].facts == facts
    assert items[0].model == "smollm2"


def test_full_text_search_english_and_chinese(fresh_store: Store):
    history = History(fresh_store)
    en = history.add("A leak-proof steel bottle for hikers", title="Bottle")
    zh = history.add("这款保温杯采用不锈钢材质，适合户外徒步。", title="保温杯", lang="zh")
    assert [i.id for i in history.search("steel bottle")] == [en]
    assert [i.id for i in history.search("不锈钢")] == [zh]
    # two-character Chinese words are shorter than a trigram: substring fallback
    assert [i.id for i in history.search("徒步")] == [zh]
    assert history.search("teapot") == []


def test_search_filters_kind_before_the_limit(fresh_store: Store):
    history = History(fresh_store)
    wanted = history.add("steel bottle copy", kind="copy")
    for n in range(5):
        history.add(f"steel bottle bulk {n}", kind="bulk")
    # The newest five matches are bulk items; the copy item must still be found.
    assert [i.id for i in history.search("steel bottle", 3, kind="copy")] == [wanted]
    assert [i.id for i in history.search("瓶", 3, kind="copy")] == []
    assert len(history.search("bottle", 3, kind="bulk")) == 3


def test_search_survives_fts_syntax(fresh_store: Store):
    History(fresh_store).add('He said "NEAR" AND (OR)', title="x")
    assert len(History(fresh_store).search('"NEAR" AND (OR')) == 1


def test_edits_and_favourites_update_search(fresh_store: Store):
    history = History(fresh_store)
    item = history.add("old words", title="t")
    history.update_text(item, "brand new copy")
    History(history).set_favourite(item, True)
    assert history.search("old words") == []
    found = history.search("brand new")
    assert found and found[0].favourite
