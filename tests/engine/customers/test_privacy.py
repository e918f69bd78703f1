"""Forgetting a customer leaves no byte of their address in the data folder; export; re-import."""

import json
import sqlite3
from pathlib import Path

import pytest

from engine.app import open_store
from engine.catalog.store import Catalogue
from engine.customers.imports import import_contacts, import_notes
from engine.customers.privacy import export_customer, forget, forget_plan
from engine.customers.profile import summarise
from engine.customers.recommend import recommend
from engine.customers.store import CustomerBook
from engine.customers.training import build_messages_dataset, datasets_dir
from engine.history.store import History
from tests.engine.customers.scripted import ScriptedGenerator, task_of

DATA = Path(__file__).resolve().parents[2] / "data" / "customers"
EMAIL = "harriet.lowe@example.com"
NOTE = "The speckles are even nicer in real life"


def _reply(messages, prefix):
    task = task_of(messages)
    if task == "picks":
        return "speckled-glaze-mug | she collects the speckled glaze mugs | n2"
    if task == "message" and "Margaret" in messages[-1]["content"]:
        return "Hi Margaret, the Linen Curtain Panel comes in Flax."
    if task == "message":
        return "Hi Harriet, the Speckled Glaze Mug is like the mugs you collect."
    return "" if prefix else "Harriet collects the speckled glaze mugs."


def _fake_adapter(paths, name, data):
    folder = paths.adapters / name
    folder.mkdir(parents=True)
    (folder / "adapter_config.json").write_text("{}")
    (folder / "adapter_model.safetensors").write_bytes(b"\0" * 16)
    (folder / "shopscribe_adapter.json").write_text(
        json.dumps({"base_model": "tiny", "data": data, "config": {"rank": 8, "max_steps": 20}})
    )


@pytest.fixture
def shop(data_paths):
    store = open_store(data_paths)
    import_contacts(store, DATA / "customers.csv")
    import_notes(store, DATA / "notes.jsonl")
    Catalogue(store).import_file(DATA / "catalog.csv")
    yield store
    store.close()


def _everything_under(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_forget_leaves_no_byte_of_the_address_anywhere(shop, data_paths):
    book = CustomerBook(shop)
    harriet = book.by_email(EMAIL)
    generator = ScriptedGenerator(_reply)
    summarise(generator, shop, harriet.id)
    recommend(generator, shop, harriet.id)
    History(shop).add(f"Reply to {EMAIL} about her mugs", title="Speckled Glaze Mug")
    History(shop).add("A listing for a mug.", title="Mug")  # not hers: stays
    margaret = book.by_email("m.okafor@example.org")
    recommend(ScriptedGenerator(_reply), shop, margaret.id)
    dataset = build_messages_dataset(shop, data_paths)
    name = Path(dataset["path"]).name
    _fake_adapter(data_paths, "shop-voice", name)
    _fake_adapter(data_paths, "own-files", "products.csv")
    backup = data_paths.root / "backups" / "shopscribe-20260101-000000-000000-manual.db"
    backup.parent.mkdir()
    with sqlite3.connect(backup) as copy:
        shop.db.conn.backup(copy)
    copy.close()
    data_paths.log_file.write_text(f"2026-01-01 INFO something about {EMAIL}\n")
    before = _everything_under(data_paths.root)
    assert any(EMAIL.encode() in data for data in before.values())
    assert any(NOTE.encode() in data for data in before.values())

    plan = forget_plan(shop, data_paths, harriet.id)
    assert plan["notes"] == 16 and plan["profiles"] == 2 and plan["history"] == 3
    assert plan["datasets"] == [name]
    assert [a["name"] for a in plan["adapters"]] == ["shop-voice"]
    assert plan["adapters"][0]["retrain"]["data"] == [str(datasets_dir(data_paths) / name)]
    assert plan["adapters"][0]["retrain"]["advanced"] == {"rank": 8, "max_steps": 20}
    assert [a["name"] for a in plan["unknown_adapters"]] == ["own-files"]

    result = forget(shop, data_paths, harriet.id)
    assert result["still_found"] == [] and result["not_cleaned"] == []
    assert str(backup) in result["databases_cleaned"]
    for path, data in _everything_under(data_paths.root).items():
        lowered = data.lower()
        assert EMAIL.encode() not in lowered, path
        assert NOTE.encode() not in data, path
        assert b"+1 503 555 0147" not in data, path
    assert (data_paths.root / "shopscribe.db-wal").stat().st_size == 0
    # everyone else is still there, searchable, in the training file too
    assert book.count() == 29 and book.by_email(EMAIL) is None
    assert book.by_email("m.okafor@example.org") is not None
    assert "Margaret Okafor" in [c.name for c in book.search("flax duvet")]
    assert book.search("speckles are even nicer") == []
    lines = Path(dataset["path"]).read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["customer"] == f"c{margaret.id}"
    assert [i.title for i in History(shop).recent()] == ["Margaret Okafor", "Mug"]


def test_a_forgotten_address_is_asked_about_before_it_comes_back(shop, data_paths):
    book = CustomerBook(shop)
    forget(shop, data_paths, book.by_email(EMAIL).id)
    again = import_contacts(shop, DATA / "customers.csv")
    assert [f["row"] for f in again.forgotten] == [2, 32]
    assert book.by_email(EMAIL) is None and book.count() == 29
    assert "held back" in again.summary()
    back = import_contacts(shop, DATA / "customers.csv", readd=[" Harriet.Lowe@Example.com"])
    assert back.added == 1 and back.forgotten == []
    assert book.by_email(EMAIL) is not None
    assert import_contacts(shop, DATA / "customers.csv").forgotten == []  # welcome back


def test_export_holds_everything_about_one_customer(shop):
    book = CustomerBook(shop)
    wang = book.by_email("wangfang88@mail.example.cn")
    summarise(ScriptedGenerator(lambda m, p: "" if p else "王芳喜欢无香蜡烛。"), shop, wang.id)
    data = export_customer(shop, wang.id)
    assert data["customer"]["email"] == "wangfang88@mail.example.cn"
    assert len(data["notes"]) == len(book.notes(wang.id)) == 16
    assert data["profiles"][0]["summary"] == "王芳喜欢无香蜡烛。"
    assert [h["kind"] for h in data["history"]] == ["customer_summary"]
    assert [m["mood"] for m in data["mood"]][:3] == ["positive", "positive", "positive"]
    assert "negative" in {m["mood"] for m in data["mood"]}
    json.dumps(data, ensure_ascii=False)  # one JSON document
