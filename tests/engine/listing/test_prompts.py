import json

import pytest

from engine.catalog.facts import ProductFacts
from engine.core.errors import UserError
from engine.core.textfmt import count_words, html_to_text, to_html
from engine.listing.prompts import CHANNELS, build_listing_prompt, get_channel


def test_facts_need_a_title(tmp_path):
    path = tmp_path / "f.json"
    path.write_text(json.dumps({"category": "Mugs"}))
    with pytest.raises(UserError, match="title"):
        ProductFacts.from_file(path)


def test_facts_bad_json_names_the_line(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{"title": "x",\n "features": [}')
    with pytest.raises(UserError, match="line 2"):
        ProductFacts.from_file(path)


def test_contract_example_parses(tmp_path):
    data = {
        "title": "Insulated Steel Bottle",
        "category": "Drinkware",
        "attributes": {"capacity": "750 ml", "material": "18/8 stainless steel"},
        "features": ["keeps drinks cold 24 hours", "leak-proof lid"],
        "audience": "hikers",
        "tone": "friendly",
        "keywords": ["water bottle"],
        "banned_words": ["cheap"],
        "lang": "en",
    }
    facts = ProductFacts.from_dict(data)
    assert facts.to_dict() == data


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_every_channel_builds_a_chat(channel):
    facts = ProductFacts.from_dict(
        {"title": "Mug", "attributes": {"capacity": "350 ml"}, "banned_words": ["cheap"]}
    )
    messages = build_listing_prompt(facts, channel)
    assert messages[0]["role"] == "system" and "cheap" in messages[0]["content"]
    assert "350 ml" in messages[-1]["content"]
    assert get_channel(channel).task_en in messages[-1]["content"]


def test_chinese_prompt_is_in_chinese():
    facts = ProductFacts.from_dict({"title": "保温杯", "lang": "zh"})
    messages = build_listing_prompt(facts, "description")
    assert "简体中文" in messages[0]["content"]


def test_unknown_channel_is_a_user_error():
    with pytest.raises(UserError, match="channel"):
        get_channel("fax")


def test_html_round_trip():
    text = "First paragraph.\n\n- one\n- two <b>\n\nLast & final."
    markup = to_html(text)
    assert markup == (
        "<p>First paragraph.</p><ul><li>one</li><li>two &lt;b&gt;</li></ul><p>Last &amp; final.</p>"
    )
    assert html_to_text(markup) == text


def test_word_count_counts_chinese_characters():
    assert count_words("steel bottle") == 2
    assert count_words("保温杯 steel") == 4
