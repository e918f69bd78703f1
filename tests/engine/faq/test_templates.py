"""Saved replies: placeholders filled from known values, missing ones named, never raw braces."""

import pytest

from engine.core.errors import UserError
from engine.faq.templates import SavedReplies, fill, placeholders
from tests.engine.faq.book_cache import FAQ_DATA


def test_import_the_saved_replies_and_fill_one(fresh_store):
    saved = SavedReplies(fresh_store).import_json(FAQ_DATA / "saved_replies.json")
    assert len(saved) == 8 and {s.lang for s in saved} == {"en", "zh"}
    shipped = SavedReplies(fresh_store).get("Order shipped")
    assert shipped.placeholders == ["customer_name", "order_id", "tracking_url"]
    partial = fill(shipped.text, {"customer_name": "Ana", "order_id": "#1042"})
    assert partial.missing == ["tracking_url"] and partial.text == ""
    assert "⟨tracking_url⟩" in partial.preview and "Hi Ana," in partial.preview
    done = fill(
        shipped.text,
        {**{"customer_name": "Ana", "order_id": "#1042"}, "tracking_url": "https://t.example/1"},
    )
    assert not done.missing and "https://t.example/1" in done.text
    assert "{" not in done.text and "}" not in done.text


def test_every_saved_reply_copies_without_braces(fresh_store):
    values = {
        "customer_name": "王芳",
        "order_id": "1042",
        "tracking_url": "https://t.example/1",
        "refund_amount": "$48",
    }
    for saved in SavedReplies(fresh_store).import_json(FAQ_DATA / "saved_replies.json"):
        assert saved.placeholders and set(saved.placeholders) <= set(values)
        filled = fill(saved.text, values)
        assert filled.text and "{" not in filled.text and "}" not in filled.text
        assert not fill(saved.text, {"customer_name": "  "}).text  # blank counts as missing


def test_placeholder_forms_and_stray_braces():
    assert placeholders("Hi {{ customer_name }}, order {order_id} {order_id}") == [
        "customer_name",
        "order_id",
    ]
    filled = fill("Hi {customer_name} :} {", {"customer_name": "Ana"})
    assert filled.text == "Hi Ana :) (" and not filled.missing


def test_save_replace_delete_and_bad_files(fresh_store, tmp_path):
    replies = SavedReplies(fresh_store)
    first = replies.save("Thanks", "Thanks {customer_name}!")
    again = replies.save("thanks", "Thank you, {customer_name}!")
    assert again.id == first.id and again.text.startswith("Thank you") and len(replies.all()) == 1
    replies.delete(first.id)
    assert replies.all() == []
    with pytest.raises(UserError):
        replies.delete("Thanks")
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x"}', encoding="utf-8")
    with pytest.raises(UserError, match="must be a list"):
        replies.import_json(bad)
    assert replies.all() == []
