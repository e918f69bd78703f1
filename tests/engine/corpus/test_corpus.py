"""The corpus: valid, split as frozen, rendered through the app's own house prompts."""

from __future__ import annotations

import hashlib
import json

import pytest

from engine.catalog.facts import ProductFacts
from engine.core.errors import UserError
from engine.corpus.check import report, shape_problems
from engine.corpus.examples import ROOT, CorpusExample, Split, load, parse, split
from engine.corpus.render import chat_row, completion, prompt
from engine.listing.house_prompts import copy_messages


@pytest.fixture(scope="module")
def corpus() -> list[CorpusExample]:
    return load()


def test_the_corpus_meets_the_issue_s_sizes(corpus: list[CorpusExample]) -> None:
    tasks = [e.task for e in corpus]
    assert len(corpus) >= 2000
    assert tasks.count("copy") >= 1300
    assert tasks.count("faq") >= 400
    assert tasks.count("profile") + tasks.count("recommend") >= 300
    assert sum(e.lang == "zh" for e in corpus) / len(corpus) >= 0.35
    assert len({e.group for e in corpus if e.task == "copy"}) >= 150
    assert len({e.group for e in corpus if e.task == "faq"}) >= 10
    channels = {e.channel for e in corpus if e.task == "copy"}
    assert channels == {"description", "title", "bullets", "seo", "ad", "social", "email"}


def test_the_held_out_split_is_the_frozen_rule(corpus: list[CorpusExample]) -> None:
    rule = Split.load()
    data = json.loads((ROOT / "split.json").read_text(encoding="utf-8"))
    assert rule.faq_shops == {"pixel-forge", "yunduo-pets"}
    assert rule.profile_shops == {"qingzhu-tea", "oakridge-outdoor"}
    assert "% 4 == 0" in data["copy"]["rule"]
    train, held = split(corpus, rule)
    assert len(held) / len(corpus) >= 0.2
    for example in held:
        if example.task == "copy":
            digest = hashlib.sha256(example.group.encode("utf-8")).hexdigest()
            assert int(digest, 16) % 4 == 0
    # no held-out category or shop leaks into training
    held_groups = {(e.task == "copy", e.group) for e in held}
    assert not [e for e in train if (e.task == "copy", e.group) in held_groups]


def test_every_example_has_its_channel_s_shape(corpus: list[CorpusExample]) -> None:
    broken = {e.id: shape_problems(e) for e in corpus if shape_problems(e)}
    assert broken == {}


def test_the_guard_passes_almost_every_example(corpus: list[CorpusExample]) -> None:
    result = report(corpus, Split.load())
    assert result["guard_pass_rate"] >= 0.98


def test_no_test_fixture_is_in_the_corpus(corpus: list[CorpusExample]) -> None:
    text = "\n".join(json.dumps(e.record, ensure_ascii=False) for e in corpus).lower()
    for fixture in ("juniper & clay", "juniperandclay", "harriet lowe", "speckled stoneware mug"):
        assert fixture not in text


def test_copy_is_rendered_through_the_app_s_house_prompt(corpus: list[CorpusExample]) -> None:
    example = next(e for e in corpus if e.task == "copy" and e.channel == "ad")
    facts = ProductFacts.from_dict({**example.record["facts"], "lang": example.lang})
    length = example.record["facts"].get("length") or "medium"
    assert prompt(example) == copy_messages(facts, "ad", example.lang, length)
    row = chat_row(example)
    assert row["messages"][-1] == {"role": "assistant", "content": completion(example)}
    assert "Write: ad" in row["messages"][1]["content"]


def test_each_task_renders(corpus: list[CorpusExample]) -> None:
    for task in ("faq", "profile", "recommend"):
        example = next(e for e in corpus if e.task == task)
        messages = prompt(example)
        assert messages[0]["role"] == "system" and messages[-1]["role"] == "user"
        assert completion(example)


def test_a_broken_ad_is_caught() -> None:
    record = {
        "id": "t1", "task": "copy", "lang": "en", "channel": "ad", "category": "mug",
        "facts": {"title": "Blue Mug"}, "output": "Blue Mug, now in blue",
    }  # fmt: skip
    assert "ad needs exactly 2 lines, has 1" in shape_problems(parse(record, "test"))


def test_a_bad_record_names_its_place() -> None:
    with pytest.raises(UserError, match="here:3: missing"):
        parse({"id": "x", "task": "copy", "lang": "en", "output": "…"}, "here:3")
