"""`shopscribe bulk` as the contract says: tiny model in-process, real model as a subprocess."""

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli import cli, shopscribe
from tests.conftest import DATA as DATA_DIR

WOO = DATA_DIR / "woocommerce_products.csv"


@pytest.fixture
def shopify(shopify_template: Path) -> Path:
    return shopify_template


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_bulk_json_then_resume_with_the_tiny_model(tiny_paths, tmp_path):
    out = tmp_path / "woo-out.csv"
    args = ["bulk", "--in", str(WOO), "--out", str(out)]
    captured = cli(
        *args, "--limit", "2", "--max-new-tokens", "5", "--json", data_dir=tiny_paths.root
    )
    assert captured.code == 0
    result = captured.json()
    assert {"run", "products", "done", "failed", "out"} <= set(result)
    assert (result["products"], result["done"], result["failed"]) == (2, 2, 0)
    assert result["out"] == str(out) and result["kind"] == "woocommerce"
    assert "woocommerce CSV, 4 products in 9 rows; writing 2" in captured.err
    assert "[1/2] Organic Cotton Hoodie" in captured.err
    changed = [r for r, (a, b) in enumerate(zip(rows(WOO), rows(out), strict=True)) if a != b]
    assert changed == [1, 5]

    # resuming a finished run writes nothing new and exports again
    again = tmp_path / "again.csv"
    resume = cli(
        "bulk",
        "--resume",
        str(result["run"]),
        "--out",
        str(again),
        "--json",
        data_dir=tiny_paths.root,
    )
    assert resume.code == 0 and resume.json()["done"] == 2
    assert again.read_bytes() == out.read_bytes()


def test_bulk_bad_input_exits_2_with_one_line(tiny_paths, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Handle,Title\nshirt\n")
    out = tmp_path / "out.csv"
    run = cli("bulk", "--in", str(bad), "--out", str(out), data_dir=tiny_paths.root)
    err = run.err.strip().splitlines()
    assert run.code == 2
    assert err == [
        "shopscribe: bad.csv, row 2: 1 cells but the header has 2 columns;"
        " column 'Title' and after are missing"
    ]
    assert not out.exists()
    run = cli("bulk", "--out", str(out), data_dir=tiny_paths.root)
    assert run.code == 2 and "needs --in" in run.err


def test_bulk_without_a_model_exits_3(data_paths, shopify, tmp_path):
    out = tmp_path / "out.csv"
    run = cli("bulk", "--in", str(shopify), "--out", str(out), data_dir=data_paths.root)
    assert run.code == 3
    assert not out.exists()


@pytest.mark.slow
def test_bulk_real_model_on_the_shopify_template(default_paths, shopify, tmp_path):
    out = tmp_path / "out.csv"
    run = shopscribe(
        "bulk",
        "--in",
        str(shopify),
        "--out",
        str(out),
        "--limit",
        "2",
        "--max-new-tokens",
        "24",
        "--seed",
        "1",
        "--json",
        data_dir=default_paths.root,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert (result["products"], result["done"], result["failed"]) == (2, 2, 0)
    assert result["seconds_per_product"] > 0
    before, after = rows(shopify), rows(out)
    body = before[0].index("Body (HTML)")
    for r, (old, new) in enumerate(zip(before, after, strict=True)):
        if r in (1, 13):  # T-shirt and jeans main rows: a new, non-empty HTML body
            assert new[body].startswith("<p>") and new[body] != old[body]
            assert old[:body] + old[body + 1 :] == new[:body] + new[body + 1 :]
        else:
            assert old == new  # variants and the beanie (beyond --limit) untouched
    untouched = shopify.read_bytes().split(b"\nexample-hat,", 1)[1]
    assert out.read_bytes().endswith(untouched)
