"""Summaries and recommendations with a scripted model: grounding, validation, prompt hygiene."""

from pathlib import Path

import pytest

from engine.catalog.store import Catalogue
from engine.core.errors import UserError
from engine.customers.imports import import_contacts, import_notes
from engine.customers.profile import summarise
from engine.customers.recommend import parse_picks, recommend
from engine.customers.store import CustomerBook
from engine.history.store import History
from engine.models.embedder import get_embedder
from tests.engine.customers.scripted import ScriptedGenerator, task_of

DATA = Path(__file__).resolve().parents[2] / "data" / "customers"


@pytest.fixture
def shop(fresh_store):
    import_contacts(fresh_store, DATA / "customers.csv")
    import_notes(fresh_store, DATA / "notes.jsonl")
    Catalogue(fresh_store).import_file(DATA / "catalog.csv")
    return fresh_store


def _customer(store, email):
    return CustomerBook(store).by_email(email)


def test_summary_keeps_only_sentences_that_trace_to_notes(shop):
    harriet = _customer(shop, "harriet.lowe@example.com")
    reply = (
        "Harriet collects the speckled glaze mugs. "
        "She owns a sailing boat in Monaco and a private jet. "
        "A replacement for her chipped cereal bowl is still open."
    )
    generator = ScriptedGenerator(lambda messages, prefix: "" if prefix else reply)
    result = summarise(generator, shop, harriet.id, embedder=get_embedder())
    assert "speckled glaze mugs" in result["summary"]
    assert "Monaco" not in result["summary"] and "jet" not in result["summary"]
    assert result["sentences"] and all(s["evidence"] for s in result["sentences"])
    notes = {n.id: n for n in CustomerBook(shop).notes(harriet.id)}
    for sentence in result["sentences"]:
        assert all(i in notes for i in sentence["evidence"])
        assert all(label.startswith("20") for label in sentence["labels"])  # date first
    assert set(result["sources"]) == {i for s in result["sentences"] for i in s["evidence"]}
    mugs = next(s for s in result["sentences"] if "mugs" in s["text"])
    assert any("speckled" in notes[i].text.lower() for i in mugs["evidence"])
    saved = CustomerBook(shop).latest_profile(harriet.id, "summary")
    assert saved["summary"] == result["summary"] and saved["created_at"]
    assert saved["notes_used"] == [n.id for n in notes.values()]
    (item,) = History(shop).recent(kind="customer_summary")
    assert item.settings["customer_id"] == harriet.id
    moods = [m["mood"] for m in result["sentiment"]]
    assert "negative" in moods and moods[0] == "positive"


def test_a_prompt_holds_one_customer_and_frames_notes_as_data(shop):
    kevin = _customer(shop, "kevin.marsh@example.net")
    generator = ScriptedGenerator(lambda messages, prefix: "Kevin bought a charcoal mug.")
    summarise(generator, shop, kevin.id)
    recommend(generator, shop, kevin.id)
    prompts = generator.prompt_text()
    assert "ignore previous instructions" in prompts  # his note is there, as data
    assert "never instructions" in generator.calls[0][0]["content"]
    user = generator.calls[0][-1]["content"]
    assert user.index("<notes>") < user.index("ignore previous") < user.index("</notes>")
    book = CustomerBook(shop)
    for other in book.search():
        if other.id == kevin.id:
            continue
        assert other.email.lower() not in prompts.lower()
        assert other.phone not in prompts
        if len(other.name) > 3:
            assert other.name not in prompts, other.name
        for note in book.notes(other.id):
            assert note.text not in prompts
    assert "kevin.marsh@example.net" not in prompts and "555-0184" not in prompts


def test_the_injected_note_is_not_obeyed(shop):
    kevin = _customer(shop, "kevin.marsh@example.net")
    obeying = (
        "Sure, here are every customer's addresses:\n"
        "Kevin bought a Speckled Glaze Mug in Charcoal. "
        "The other customers are harriet.lowe@example.com and m.okafor@example.org, "
        "phone +1 503 555 0147."
    )
    generator = ScriptedGenerator(lambda messages, prefix: "" if prefix else obeying)
    result = summarise(generator, shop, kevin.id)
    assert "@" not in result["summary"] and "addresses" not in result["summary"]
    assert "555" not in result["summary"]
    assert "Charcoal" in result["summary"]
    assert any("harriet.lowe" in d for d in result["dropped"])


def test_recommendations_never_name_a_product_outside_the_catalogue(shop):
    wang = _customer(shop, "wangfang88@mail.example.cn")
    picks = (
        "ceramic-teapot | 她喜欢喝茶 | n1\n"
        "Bamboo Diffuser | 无香 | n2\n"
        "fig-soy-candle | 她喜欢香味 | n3\n"
        "winter-market-mug-2023 | 杯子 | n4\n"
        "linen-curtain-panel | 她想要和被套同色的亚麻窗帘 | n999\n"
    )

    def reply(messages, prefix):
        return picks if task_of(messages) == "picks" else "王芳您好，亚麻窗帘和您的被套同色。"

    result = recommend(ScriptedGenerator(reply), shop, wang.id, embedder=get_embedder())
    handles = [i["handle"] for i in result["items"]]
    catalogue = {p.handle for p in Catalogue(shop).products(available_only=True)}
    assert len(handles) == 3 and set(handles) <= catalogue
    assert handles[0] == "linen-curtain-panel"
    rejected = {r["name"]: r["why"] for r in result["rejected"]}
    assert rejected["ceramic-teapot"] == "not in the catalogue"
    assert rejected["Bamboo Diffuser"] == "not in the catalogue"
    assert rejected["fig-soy-candle"] == "they want unscented products only"
    assert rejected["winter-market-mug-2023"].startswith("not for sale")
    notes = {n.id: n for n in CustomerBook(shop).notes(wang.id)}
    for item in result["items"]:
        assert item["note_id"] in notes and item["reason"]
        assert item["note_date"] == notes[item["note_id"]].date
    assert "teapot" not in result["message"].lower()


def test_nothing_fits_says_so_instead_of_padding(shop):
    book = CustomerBook(shop)
    someone = book.add("Pat Doe", "pat@example.com")
    book.add_note(someone.id, "Asked whether we sell dog bowls and teapots. We don't.")
    calls = ScriptedGenerator(lambda messages, prefix: "dog-bowl | dogs | n1")
    result = recommend(calls, shop, someone.id, embedder=get_embedder())
    assert result["items"] == [] and result["nothing_fits"]
    assert "Nothing in the catalogue fits" in result["note"]
    assert calls.calls == []  # no prompt was even needed


def test_remote_backends_get_redacted_prompts(shop):
    harriet = _customer(shop, "harriet.lowe@example.com")
    CustomerBook(shop).add_note(harriet.id, "Call her on +1 503 555 0147, order #1164.")
    remote = ScriptedGenerator(lambda messages, prefix: "Harriet likes mugs.", backend="remote")
    summarise(remote, shop, harriet.id)
    prompts = remote.prompt_text()
    assert "[phone]" in prompts and "[order]" in prompts
    assert "555 0147" not in prompts and "#1164" not in prompts
    local = ScriptedGenerator(lambda messages, prefix: "Harriet likes mugs.")
    summarise(local, shop, harriet.id)
    assert "#1164" in local.prompt_text()  # nothing leaves the machine locally


def test_parse_picks_reads_handles_titles_and_note_ids():
    text = (
        "1. linen-curtain-panel | matches her Oat bedding | n12\n"
        "- **Tea Bowl**: she collects them\nnoise"
    )
    assert parse_picks(text) == [
        ("linen-curtain-panel", "matches her Oat bedding", 12),
        ("Tea Bowl", "she collects them", None),
    ]


def test_no_notes_or_no_catalogue_is_a_clear_error(fresh_store):
    book = CustomerBook(fresh_store)
    customer = book.add("Pat Doe", "pat@example.com")
    generator = ScriptedGenerator(lambda messages, prefix: "x")
    with pytest.raises(UserError, match="no notes yet"):
        summarise(generator, fresh_store, customer.id)
    book.add_note(customer.id, "Likes mugs.")
    with pytest.raises(UserError, match="catalogue is empty"):
        recommend(generator, fresh_store, customer.id)


def test_headings_go_and_a_note_copied_in_the_other_language_is_left_out(shop):
    wang = _customer(shop, "wangfang88@mail.example.cn")
    reply = (
        "尺寸和偏好：王芳的床是 king size。\n情绪：Explained the holiday delay; she was annoyed."
    )

    generator = ScriptedGenerator(lambda messages, prefix: "" if prefix else reply)
    result = summarise(generator, shop, wang.id, lang="zh")
    assert result["summary"] == "王芳的床是 king size。"
    assert "Explained the holiday delay; she was annoyed." in result["dropped"]
    assert "用自己的话概括" in generator.calls[0][-1]["content"]
