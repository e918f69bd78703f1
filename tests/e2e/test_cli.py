"""The CLI end to end with the real default model, as outside checks call it."""

import json

import pytest

from tests.cli import shopscribe

FACTS = {
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


@pytest.mark.slow
def test_copy_json_then_history(default_paths, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS))
    run = shopscribe(
        "copy",
        "--facts",
        str(facts),
        "--variants",
        "2",
        "--seed",
        "7",
        "--max-new-tokens",
        "60",
        "--json",
        data_dir=default_paths.root,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["model"] == "smollm2" and out["device"] == "cpu"
    assert out["tokens_per_s"] > 0
    assert len(out["variants"]) == 2
    for variant in out["variants"]:
        assert variant["text"]
        assert "cheap" not in variant["text"].lower()
        assert all({"span", "reason"} <= set(flag) for flag in variant["flags"])
    word = out["variants"][0]["text"].split()[0]
    found = shopscribe("history", "search", word, "--json", data_dir=default_paths.root)
    assert found.returncode == 0, found.stderr
    items = json.loads(found.stdout)["items"]
    assert items and {"id", "kind", "text", "created_at"} <= set(items[0])


def test_models_list_json(default_paths):
    run = shopscribe("models", "list", "--json", data_dir=default_paths.root)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert rows == [{**rows[0], "name": "smollm2", "active": True}]
    assert {"name", "path", "params", "bytes", "active", "languages"} <= set(rows[0])
    assert rows[0]["params"] > 100_000_000


def test_no_model_exits_3(tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"title": "Mug"}))
    run = shopscribe("copy", "--facts", str(facts), "--json", data_dir=tmp_path / "empty")
    assert run.returncode == 3
    assert run.stdout == ""
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_bad_input_exits_2_with_one_line(tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text("{not json")
    run = shopscribe("copy", "--facts", str(facts), data_dir=tmp_path / "d")
    assert run.returncode == 2
    assert "not valid JSON" in run.stderr and "Traceback" not in run.stderr
    usage = shopscribe("copy", "--channel", "fax", "--facts", str(facts), data_dir=tmp_path / "d")
    assert usage.returncode == 2


def test_check_flags_unsupported_claims(tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS))
    text = tmp_path / "t.txt"
    text.write_text(
        "Holds 750 ml, keeps drinks cold 48 hours and is dishwasher safe. "
        "It also keeps your hands warm on winter walks. Its leak-proof lid suits hikers."
    )
    run = shopscribe(
        "check", "--facts", str(facts), "--text", str(text), "--json", data_dir=tmp_path / "d"
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    spans = [f["span"] for f in report["flags"]]
    assert "48 hours" in spans and "dishwasher safe" in spans
    assert not any("750" in s for s in spans)
    # Guard v2: an invented use has no word list to match, yet no fact supports it.
    assert any("hands warm" in s for s in spans)
    supported = [s["supported"] for s in report["sentences"]]
    assert supported == [False, False, True]
    assert set(report["sentences"][2]["evidence"]) >= {"feature:1", "audience"}
    assert report["coverage"]["missing"] == ["material: 18/8 stainless steel"]
