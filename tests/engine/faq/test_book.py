"""The policy book: importing Markdown, text and CSV, bad files refused whole, incremental
re-import that re-embeds only what changed, edits and deletes."""

from pathlib import Path

import pytest

from engine.core.errors import UserError
from engine.faq.book import PolicyBook
from engine.faq.importer import import_file
from engine.faq.indexer import index_pending
from engine.faq.sources import parse_markdown, read_source
from engine.models.embedder import get_embedder
from tests.engine.faq.book_cache import FAQ_DATA
from tests.engine.faq.marks import needs_embedder


class CountingEmbedder:
    """The real embedder, recording every passage it is asked to embed."""

    def __init__(self) -> None:
        self.inner = get_embedder()
        self.texts: list[str] = []

    def passages(self, texts):
        self.texts.extend(texts)
        return self.inner.passages(texts)

    def queries(self, texts):
        return self.inner.queries(texts)


def test_markdown_csv_and_text_files_become_entries(fresh_store, tmp_path):
    book = PolicyBook(fresh_store)
    first = import_file(fresh_store, FAQ_DATA / "policy_book_en.md")
    assert len(first["added"]) == 24 and first["entries"] == 24
    assert "Returns and refunds" in first["added"]  # the '#' title and preamble are not entries
    assert not any("customer policies" in t for t in first["added"])
    csv = import_file(fresh_store, FAQ_DATA / "faq.csv")
    assert len(csv["added"]) == 10 and csv["entries"] == 34
    sold_out = book.require("Will a sold-out glaze or product come back?")
    assert '"Notify me"' in sold_out.text and sold_out.source == "faq.csv"
    zh = import_file(fresh_store, FAQ_DATA / "policy_book_zh.md")
    assert len(zh["added"]) == 12
    assert book.require("发票开具").lang == "zh" and book.require("Exchanges").lang == "en"
    text = tmp_path / "notes.txt"
    text.write_text("# Pickup\nCollect orders at the studio on Fridays.\n", encoding="utf-8")
    assert import_file(fresh_store, text)["added"] == ["Pickup"]
    assert book.count() == 47 and book.require("pickup").text.startswith("Collect orders")
    assert all(not e.indexed for e in book.entries())  # no embedder given: words only


def test_headings_levels_and_bold_titles():
    entries = parse_markdown("# Shop\nintro\n## **Returns**\nThirty days.\n### Note\nKeep tags.\n")
    assert [(e.title, e.text) for e in entries] == [
        ("Returns", "Thirty days.\n\nNote\n\nKeep tags.")
    ]
    flat = parse_markdown("# Returns\nThirty days.\n\n# Shipping\nFlat $8.\n")
    assert [e.title for e in flat] == ["Returns", "Shipping"]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("bad_empty.md", "is empty"),
        ("bad_binary.md", "not a text file"),
        ("bad_no_headings.md", "has no headings"),
        ("bad_faq_ragged.csv", "row 2 (line 3): expected 2 cells"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_lost(book_store, name, words):
    book = PolicyBook(book_store)
    before = [(e.title, e.text, e.content_hash) for e in book.entries()]
    version = book.version()
    pending = [e.key for e in book.pending()]  # none with an embedder, all 46 without
    assert len(pending) == (0 if get_embedder() else 46)
    with pytest.raises(UserError) as refused:
        import_file(book_store, FAQ_DATA / name, embedder=get_embedder())
    assert words in str(refused.value) and name in str(refused.value)
    assert [(e.title, e.text, e.content_hash) for e in book.entries()] == before
    assert book.version() == version and [e.key for e in book.pending()] == pending


def test_ragged_csv_names_every_bad_row():
    with pytest.raises(UserError) as refused:
        read_source(FAQ_DATA / "bad_faq_ragged.csv")
    assert "also rows 3, 4" in str(refused.value) and "nothing was imported" in str(refused.value)


def test_other_bad_inputs(tmp_path):
    for name, body, words in (
        ("policies.pdf", b"%PDF-1.4", "import a Markdown"),
        ("nul.md", b"## A\nte\x00xt", "looks binary"),
        ("twice.md", b"## Returns\na\n## returns\nb\n", "two entries titled"),
        ("header.csv", b"name,reply\nx,y\n", "question,answer"),
        ("empty-under.md", b"## Returns\n\n## Shipping\n", "no text under them"),
    ):
        path = tmp_path / name
        path.write_bytes(body)
        with pytest.raises(UserError, match=words):
            read_source(path)
    with pytest.raises(UserError, match="does not exist"):
        read_source(tmp_path / "missing.md")


@needs_embedder
def test_reimport_reembeds_only_the_changed_entries(book_store, tmp_path):
    book = PolicyBook(book_store)
    assert book.count() == 46 and not book.pending()
    keys = {e.title: e.key for e in book.entries()}
    text = (FAQ_DATA / "policy_book_en.md").read_text(encoding="utf-8")
    changed = text.replace("within 5 business days", "within 4 business days")
    changed += "\n## Studio visits\n\nThe Portland studio is open to visitors on Saturdays.\n"
    edited = tmp_path / "policy_book_en.md"
    edited.write_text(changed, encoding="utf-8")
    embedder = CountingEmbedder()
    steps = []
    result = import_file(
        book_store, edited, embedder=embedder, on_progress=lambda s, t, i: steps.append((s, t))
    )
    assert result["added"] == ["Studio visits"] and result["updated"] == ["Returns and refunds"]
    assert result["unchanged"] == 23 and result["indexed"] == 2 and result["pending"] == 0
    assert result["entries"] == 47  # the Chinese and CSV entries are still there
    assert {t.split("\n")[0].split(":")[0] for t in embedder.texts} == {
        "Returns and refunds",
        "Studio visits",
    }
    assert steps[0] == (0, 2) and steps[-1] == (2, 2)
    assert book.require("Returns and refunds").key == keys["Returns and refunds"]
    assert "4 business days" in book.require("Returns and refunds").text
    embedder.texts.clear()
    again = import_file(book_store, edited, embedder=embedder)
    assert again["unchanged"] == 25 and again["indexed"] == 0 and embedder.texts == []


def test_add_edit_delete(book_store):
    book = PolicyBook(book_store)
    entry = book.add("Studio visits", "Visitors are welcome on Saturdays from 10 to 4.")
    assert entry.source == "typed" and not entry.indexed
    with pytest.raises(UserError, match="already has an entry"):
        book.add("studio VISITS", "again")
    with pytest.raises(UserError, match="no text"):
        book.add("Empty", "   ")
    edited = book.edit(entry.key, "Studio visits", "Visitors are welcome on Sundays.")
    assert not edited.indexed and edited.key == entry.key
    with pytest.raises(UserError, match="already titled"):
        book.edit(entry.key, "Exchanges", "x")
    removed = book.delete("Studio visits")
    assert removed.key == entry.key and book.get("Studio visits") is None
    assert book.count() == 46
    with pytest.raises(UserError, match="no entry"):
        book.delete("Studio visits")


@needs_embedder
def test_an_added_entry_is_indexed_and_an_edit_needs_new_vectors(book_store):
    book = PolicyBook(book_store)
    entry = book.add("Studio visits", "Visitors are welcome on Saturdays from 10 to 4.")
    index_pending(book, get_embedder())
    assert book.require("Studio visits").indexed
    edited = book.edit(entry.key, "Studio visits", "Visitors are welcome on Sundays.")
    assert not edited.indexed and [e.key for e in book.pending()] == [entry.key]


@needs_embedder
def test_stopped_indexing_keeps_what_was_done(fresh_store, tmp_path):
    import threading

    from engine.core.errors import Cancelled

    stop = threading.Event()
    path = tmp_path / "many.md"
    path.write_text(
        "".join(f"## Policy {i}\nRule number {i} for orders.\n" for i in range(40)),
        encoding="utf-8",
    )

    def progress(step, total, info):
        if step >= 16:
            stop.set()

    with pytest.raises(Cancelled):
        import_file(fresh_store, path, embedder=get_embedder(), on_progress=progress, stop=stop)
    book = PolicyBook(fresh_store)
    assert book.count() == 40 and 0 < len(book.pending()) < 40
    assert index_pending(book, get_embedder())["pending"] == 0


def test_the_data_files_are_where_the_tests_expect():
    assert all((FAQ_DATA / n).exists() for n in ("questions.jsonl", "messages.jsonl"))
    assert Path(FAQ_DATA / "saved_replies.json").stat().st_size > 0
