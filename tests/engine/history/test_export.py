"""History export to CSV, JSON and Markdown; the CLI's `history export`."""

import csv
import io
import json

import pytest

from engine.app import open_store
from engine.core.errors import UserError
from engine.history.export import CSV_COLUMNS, export_history
from engine.history.store import History
from tests.cli import cli


def _fill(store):
    History(store).add(
        'First, "quoted", with commas\nand a second line.',
        channel="description",
        title="Steel Bottle",
        facts={"title": "Steel Bottle", "attributes": {"capacity": "750 ml"}},
        settings={"variants": 2, "length": "medium"},
        model="smollm2",
    )
    fav = History(store).add("保温杯，750毫升。", channel="title", lang="zh", title="保温杯")
    History(store).set_favourite(fav, True)
    return list(History(store).iter_all())


def test_csv_has_the_columns_and_round_trips(fresh_store, tmp_path):
    items = _fill(fresh_store)
    out = tmp_path / "h.csv"
    assert export_history(items, "csv", out) == 2
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["text"] == items[0].text and rows[1]["text"] == "保温杯，750毫升。"
    assert json.loads(rows[0]["facts_json"])["attributes"] == {"capacity": "750 ml"}
    assert json.loads(rows[0]["settings_json"])["variants"] == 2
    assert [r["favourite"] for r in rows] == ["no", "yes"]
    assert rows[0]["model"] == "smollm2"


def test_json_loads_back(fresh_store, tmp_path):
    items = _fill(fresh_store)
    out = tmp_path / "h.json"
    export_history(items, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["id"] for i in data["items"]] == [i.id for i in items]
    assert data["items"][1]["favourite"] is True and data["items"][0]["facts"]["title"]


def test_markdown_has_one_section_per_item(fresh_store, tmp_path):
    items = _fill(fresh_store)
    out = tmp_path / "h.md"
    export_history(items, "md", out)
    text = out.read_text(encoding="utf-8")
    assert text.count("\n## ") == 2
    assert "## 2. 保温杯 ★" in text and "> and a second line." in text
    assert "Facts: capacity: 750 ml" in text


def test_bad_format_or_target_is_a_user_error_and_nothing_is_left(fresh_store, tmp_path):
    items = _fill(fresh_store)
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(UserError, match="format"):
        export_history(items, "xls", target / "h.xls")
    with pytest.raises(UserError, match="folder"):
        export_history(items, "csv", target)
    assert list(target.iterdir()) == []


def test_cli_history_export(data_paths, tmp_path):
    store = open_store(data_paths)
    _fill(store)
    store.close()
    out = tmp_path / "fav.json"
    run = cli(
        "history",
        "export",
        "--format",
        "json",
        "--out",
        str(out),
        "--favourites",
        "--json",
        data_dir=data_paths.root,
    )
    assert run.code == 0
    assert run.json() == {"out": str(out), "format": "json", "count": 1}
    assert len(json.loads(out.read_text())["items"]) == 1
    run = cli("history", "export", "--out", "x.txt", data_dir=data_paths.root)
    assert run.code == 2 and "csv, json or md" in run.err


def test_csv_cells_cannot_run_as_formulas(fresh_store, tmp_path):
    History(fresh_store).add('=HYPERLINK("http://evil.example")', title="+1 Mug", model="@x")
    out = tmp_path / "h.csv"
    export_history(list(History(fresh_store).iter_all()), "csv", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["text"] == '\'=HYPERLINK("http://evil.example")'
    assert record["title"] == "'+1 Mug" and record["model"] == "'@x"
