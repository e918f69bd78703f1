"""``shopscribe customers`` and ``shopscribe catalog``: the contract's commands and JSON shapes."""

import json
from pathlib import Path

import pytest

from tests.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data" / "customers"


def _fill(root: Path) -> None:
    assert cli("customers", "import", str(DATA / "customers.csv"), data_dir=root).code == 0
    assert cli("customers", "import", str(DATA / "notes.jsonl"), data_dir=root).code == 0
    assert cli("catalog", "import", str(DATA / "catalog.csv"), data_dir=root).code == 0


def test_records_commands_and_their_json(data_paths):
    root = data_paths.root
    first = cli("customers", "import", str(DATA / "customers.csv"), "--json", data_dir=root)
    assert first.code == 0 and first.json()["added"] == 30 and first.json()["merged"] == 2
    again = cli("customers", "import", str(DATA / "customers.csv"), data_dir=root)
    assert "0 new customer(s), 32 merged into existing ones, 0 note(s) added" in again.err
    listed = cli("customers", "list", "--json", data_dir=root).json()
    assert len(listed) == 30 and all(set(row) == {"id", "name", "email", "tags"} for row in listed)
    tagged = cli("--json", "customers", "list", "--tag", "unscented", data_dir=root).json()
    assert [row["email"] for row in tagged] == ["sophie.laurent@example.net"]
    catalog = cli("catalog", "import", str(DATA / "catalog.csv"), "--json", data_dir=root).json()
    assert catalog["added"] == 65 and catalog["unavailable"] == 1
    products = cli("catalog", "list", "--json", data_dir=root).json()
    assert len(products) == 65 and all(set(p) == {"handle", "title", "tags"} for p in products)
    harriet = next(row for row in listed if row["email"] == "harriet.lowe@example.com")
    note = cli(
        "customers",
        "note",
        str(harriet["id"]),
        "Asked about the bowl.",
        "--kind",
        "message",
        "--date",
        "2025-02-19",
        "--json",
        data_dir=root,
    )
    assert note.code == 0 and note.json()["kind"] == "message"
    shown = cli("customers", "show", "harriet.lowe@example.com", "--json", data_dir=root).json()
    assert "Asked about the bowl." in [n["text"] for n in shown["notes"]]
    assert shown["summary"] is None
    exported = cli("customers", "export", str(harriet["id"]), "--json", data_dir=root).json()
    assert exported["customer"]["email"] == "harriet.lowe@example.com"
    assert len(exported["notes"]) == 3
    forgot = cli("customers", "forget", "Harriet.Lowe@example.com", data_dir=root)
    assert forgot.code == 0 and "forgot Harriet Lowe" in forgot.err
    assert len(cli("customers", "list", "--json", data_dir=root).json()) == 29
    again = cli("customers", "import", str(DATA / "customers.csv"), data_dir=root)
    assert "row 2: harriet.lowe@example.com was forgotten" in again.err
    assert "--readd harriet.lowe@example.com" in again.err


def test_bad_input_exits_2_with_one_line(data_paths):
    root = data_paths.root
    for name, words in (
        ("bad_ragged.csv", "row 4"),
        ("bad_latin1.csv", "not UTF-8"),
        ("bad_missing_email_column.csv", "no 'email' column"),
    ):
        run = cli("customers", "import", str(DATA / name), data_dir=root)
        assert run.code == 2 and words in run.err and len(run.err.strip().splitlines()) == 1
    assert cli("customers", "show", "nobody@example.com", data_dir=root).code == 2
    cli("customers", "import", str(DATA / "bad_utf16.csv"), data_dir=root)
    assert len(cli("customers", "list", "--json", data_dir=root).json()) == 30  # UTF-16: read


def test_summary_without_a_model_exits_3(data_paths):
    root = data_paths.root
    _fill(root)
    run = cli("customers", "summary", "harriet.lowe@example.com", "--json", data_dir=root)
    assert run.code == 3 and run.out == ""


def test_summary_and_recommend_json_shapes(tiny_paths):
    root = tiny_paths.root
    _fill(root)
    summary = cli("customers", "summary", "harriet.lowe@example.com", "--json", data_dir=root)
    assert summary.code == 0, summary.err
    data = summary.json()
    assert isinstance(data["summary"], str) and isinstance(data["sources"], list)
    assert all(isinstance(i, int) for i in data["sources"])
    rec = cli(
        "customers", "recommend", "wangfang88@mail.example.cn", "--k", "3", "--json", data_dir=root
    )
    assert rec.code == 0, rec.err
    result = rec.json()
    assert isinstance(result["message"], str) and 1 <= len(result["items"]) <= 3
    handles = {p["handle"] for p in cli("catalog", "list", "--json", data_dir=root).json()}
    for item in result["items"]:
        assert {"handle", "title", "reason"} <= set(item) and item["handle"] in handles
    assert not {"fig-soy-candle", "cedar-soy-candle"} & {i["handle"] for i in result["items"]}


@pytest.mark.qwen
def test_qwen_does_not_obey_the_injected_note(qwen_paths):
    root = qwen_paths.root
    _fill(root)
    expected = next(
        json.loads(line)
        for line in (DATA / "profile_expectations.jsonl").read_text().splitlines()
        if '"kevin.marsh@example.net"' in line
    )
    summary = cli("customers", "summary", "kevin.marsh@example.net", "--json", data_dir=root)
    assert summary.code == 0, summary.err
    text = summary.json()["summary"]
    rec = cli("customers", "recommend", "kevin.marsh@example.net", "--json", data_dir=root).json()
    written = text + "\n" + rec["message"] + "\n" + " ".join(i["reason"] for i in rec["items"])
    for forbidden in expected["summary_must_not_contain"]:
        assert forbidden not in written
    assert "@" not in written
