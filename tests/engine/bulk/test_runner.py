"""Bulk runs with the tiny model: write, pause, resume, crash recovery, review and export."""

import csv
import io
import json
import threading
from pathlib import Path

import pytest

from engine.app import open_engine
from engine.bulk import runner as bulk
from engine.bulk.runner import export_run, open_run, run_bulk, split_seo
from engine.bulk.runs import BulkRuns
from engine.core.errors import UserError
from engine.core.textfmt import to_html
from engine.history.store import History
from engine.jobs.registry import JobContext, run_job
from tests.conftest import DATA as DATA_DIR

WOO = DATA_DIR / "woocommerce_products.csv"
OPTIONS = {"max_new_tokens": 6, "seed": 3}


@pytest.fixture
def shopify(shopify_template: Path) -> Path:
    return shopify_template


@pytest.fixture
def engine(tiny_paths):
    engine = open_engine(tiny_paths, threads=1)
    yield engine
    engine.close()


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_run_writes_every_product_and_exports_the_description_column(engine, shopify, tmp_path):
    run, _catalog = open_run(engine.store, shopify, "description", OPTIONS)
    assert (run.kind, run.total, run.counts) == ("shopify", 3, {"pending": 3})
    progress: list[tuple[int, int, str]] = []
    result = run_bulk(engine, run.id, lambda s, t, i: progress.append((s, t, i)))
    assert result["done"] == 3 and result["failed"] == 0 and result["paused"] is False
    assert result["seconds_per_product"] > 0 and result["tokens_per_s"] > 0
    events = [(s, t, *i.split("\t")) for s, t, i in progress if "\t" in i]
    items = BulkRuns(engine.store).items(run.id)
    ids = [i.id for i in items]
    assert [(s, t, title, json.loads(e)) for s, t, title, e in events] == [
        (0, 3, "Example T-Shirt", {"item": ids[0], "status": "running"}),
        (1, 3, "Example T-Shirt", {"item": ids[0], "status": "done"}),
        (1, 3, "Example Jeans", {"item": ids[1], "status": "running"}),
        (2, 3, "Example Jeans", {"item": ids[1], "status": "done"}),
        (2, 3, "Example Beanie", {"item": ids[2], "status": "running"}),
        (3, 3, "Example Beanie", {"item": ids[2], "status": "done"}),
    ]
    assert progress[-1] == (3, 3, "done")
    items = BulkRuns(engine.store).items(run.id)
    assert [i.status for i in items] == ["done"] * 3
    assert all(i.generated for i in items)
    assert len(History(engine.store).recent(kind="bulk")) == 3

    out = tmp_path / "out.csv"
    exported = export_run(engine.store, run.id, out)
    assert exported["changed"] == 3
    before, after = rows(shopify), rows(out)
    body = before[0].index("Body (HTML)")
    for r, (old, new) in enumerate(zip(before, after, strict=True)):
        if r in (1, 13, 17):  # the three products' main rows
            item = items[(1, 13, 17).index(r)]
            assert new[body] == to_html(item.generated)
            assert old[:body] + old[body + 1 :] == new[:body] + new[body + 1 :]
        else:
            assert old == new
    assert BulkRuns(engine.store).get(run.id).out_path == str(out)


def test_pause_then_resume_continues_with_the_pending_rows(engine, shopify):
    run, _ = open_run(engine.store, shopify, "description", OPTIONS)
    stop = threading.Event()
    seen: list[str] = []

    def on_progress(step: int, total: int, info: str) -> None:
        seen.append(info)
        if info.startswith("Example Jeans\t") and '"running"' in info:
            stop.set()  # pause while the second product is being written

    first = run_bulk(engine, run.id, on_progress, stop)
    assert first["paused"] is True
    assert (first["done"], first["pending"]) == (1, 2)
    runs = BulkRuns(engine.store)
    shirt_text = runs.items(run.id)[0].generated
    assert [i.status for i in runs.items(run.id)] == ["done", "pending", "pending"]

    again: list[str] = []
    second = run_bulk(engine, run.id, lambda s, t, i: again.append(i.split("\t")[0]))
    assert second["done"] == 3 and second["pending"] == 0
    assert "Example T-Shirt" not in again  # not written twice
    assert runs.items(run.id)[0].generated == shirt_text


def test_a_row_left_running_by_a_crash_is_written_again(engine, shopify):
    run, _ = open_run(engine.store, shopify, "description", OPTIONS)
    runs = BulkRuns(engine.store)
    shirt, jeans, _ = runs.items(run.id)
    runs.save_result(shirt, "kept text", "", [], 1.0)
    runs.mark_running(jeans.id)  # the process died while writing the jeans
    assert BulkRuns(engine.store).get(run.id).finished is False
    assert [r.id for r in runs.runs(unfinished_only=True)] == [run.id]
    written: list[str] = []
    result = run_bulk(engine, run.id, lambda s, t, i: written.append(i.split("\t")[0]))
    assert "Example Jeans" in written and "Example T-Shirt" not in written
    assert result["done"] == 3
    assert runs.items(run.id)[0].generated == "kept text"
    assert runs.runs(unfinished_only=True) == []


def test_accept_and_edit_then_export_only_accepted(engine, shopify, tmp_path):
    run, _ = open_run(engine.store, shopify, "description", OPTIONS)
    run_bulk(engine, run.id)
    runs = BulkRuns(engine.store)
    _shirt, jeans, _hat = runs.items(run.id)
    with pytest.raises(UserError, match="no accepted products"):
        export_run(engine.store, run.id, tmp_path / "none.csv", only_accepted=True)
    assert not (tmp_path / "none.csv").exists()
    runs.set_edit(jeans.id, "Classic stone-wash jeans.\n\n- rolled cuffs\n- five pockets")
    runs.set_accepted(jeans.id, True)
    assert runs.item(jeans.id).status == "accepted"
    out = tmp_path / "out.csv"
    export_run(engine.store, run.id, out, only_accepted=True)
    before, after = rows(shopify), rows(out)
    body = before[0].index("Body (HTML)")
    changed = [
        (r, c)
        for r in range(len(before))
        for c in range(len(before[0]))
        if before[r][c] != after[r][c]
    ]
    assert changed == [(13, body)]
    assert after[13][body] == (
        "<p>Classic stone-wash jeans.</p><ul><li>rolled cuffs</li><li>five pockets</li></ul>"
    )
    runs.set_accepted(jeans.id, False)
    assert runs.accept_all(run.id) == 3
    assert {i.status for i in runs.items(run.id)} == {"accepted"}


def test_a_failing_product_is_marked_and_the_run_goes_on(engine, shopify, monkeypatch):
    real = bulk._write_one

    def flaky(engine, run, item, on_text, stop):
        if item.product_key == "example-pants":
            raise UserError("the GPU ran out of memory")
        return real(engine, run, item, on_text, stop)

    monkeypatch.setattr(bulk, "_write_one", flaky)
    run, _ = open_run(engine.store, shopify, "description", OPTIONS)
    result = run_bulk(engine, run.id)
    assert (result["done"], result["failed"]) == (2, 1)
    runs = BulkRuns(engine.store)
    failed = [i for i in runs.items(run.id) if i.status == "failed"]
    assert [(i.product_key, i.error) for i in failed] == [
        ("example-pants", "the GPU ran out of memory")
    ]
    assert runs.retry_failed(run.id) == 1
    assert runs.item(failed[0].id).status == "pending"


def test_bulk_jobs_open_write_and_export(engine, tmp_path):
    ctx = JobContext()
    opened = run_job(engine, "bulk_open", {"path": str(WOO), "limit": 2, "options": OPTIONS}, ctx)
    assert (opened["kind"], opened["products"], opened["rows"]) == ("woocommerce", 2, 9)
    result = run_job(engine, "bulk", {"run_id": opened["run"]}, ctx)
    assert result["done"] == 2
    with pytest.raises(UserError, match="already started"):
        run_job(engine, "bulk", {"run_id": opened["run"], "channel": "title"}, ctx)
    out = tmp_path / "woo.csv"
    with pytest.raises(UserError, match="no accepted"):
        run_job(
            engine, "bulk_export", {"run_id": opened["run"], "out": str(tmp_path / "x.csv")}, ctx
        )
    run_job(
        engine,
        "bulk_export",
        {"run_id": opened["run"], "out": str(out), "only_accepted": False},
        ctx,
    )
    before, after = rows(WOO), rows(out)
    desc = before[0].index("Description")
    changed = {r for r in range(len(before)) if before[r] != after[r]}
    assert changed == {1, 5}  # hoodie and mug main rows; variations and the rest untouched
    assert all(before[r][:desc] == after[r][:desc] for r in changed)


def test_bad_options_and_targets_are_user_errors(engine, shopify, tmp_path):
    with pytest.raises(UserError, match="no SEO columns"):
        open_run(engine.store, WOO, "description", {"seo": True})
    with pytest.raises(UserError, match="unknown channel"):
        open_run(engine.store, shopify, "poem", {})
    run, _ = open_run(engine.store, shopify, "description", OPTIONS, limit=1)
    assert run.total == 1
    run_bulk(engine, run.id)
    with pytest.raises(UserError, match="choose another file"):
        export_run(engine.store, run.id, shopify)
    with pytest.raises(UserError, match="no bulk run 999"):
        run_bulk(engine, 999)


def test_seo_channel_fills_the_seo_columns(engine, shopify, tmp_path):
    run, _ = open_run(engine.store, shopify, "seo", OPTIONS, limit=1)
    runs = BulkRuns(engine.store)
    item = runs.items(run.id)[0]
    runs.save_result(
        item, "SEO Title: Green tee\nMeta description: Soft, simple cotton.", "", [], 1
    )
    out = tmp_path / "out.csv"
    export_run(engine.store, run.id, out)
    header, row = rows(out)[0], rows(out)[1]
    assert row[header.index("SEO Title")] == "Green tee"
    assert row[header.index("SEO Description")] == "Soft, simple cotton."
    assert row[header.index("Body (HTML)")] == rows(shopify)[1][header.index("Body (HTML)")]


def test_split_seo():
    assert split_seo("**Title:** Cosy hoodie\n\nDescription: Warm.") == ("Cosy hoodie", "Warm.")
    assert split_seo("One line only") == ("One line only", "")
    assert split_seo("  ") == ("", "")


def test_unfinished_runs_are_found_however_many_finished_runs_came_after(engine, shopify):
    old, _ = open_run(engine.store, shopify, "description", OPTIONS)  # never written
    runs = BulkRuns(engine.store)
    for _ in range(55):
        newer, _ = open_run(engine.store, shopify, "description", OPTIONS, limit=1)
        runs.save_result(runs.items(newer.id)[0], "done", "", [], 1.0)
    assert [r.id for r in runs.runs(unfinished_only=True, limit=50)] == [old.id]
    assert len(runs.runs(limit=50)) == 50


def test_bulk_history_records_the_active_adapter(tiny_paths, shopify):
    from engine.models.adapters import set_active_adapter
    from tests.engine.models.test_adapters import make_adapter

    make_adapter(tiny_paths, tiny_paths.models / "tiny", "shop", 1)
    engine = open_engine(tiny_paths, threads=1, device="cpu")
    try:
        set_active_adapter(tiny_paths, engine.store, "shop")
        run, _ = open_run(engine.store, shopify, "description", OPTIONS, limit=1)
        run_bulk(engine, run.id)
        item = History(engine.store).recent(kind="bulk")[0]
        assert item.adapter == "shop" == engine.generator().adapter
    finally:
        engine.close()


def test_needs_review_counts_flags_and_missing_facts(engine, shopify):
    run, _ = open_run(engine.store, shopify, "description", OPTIONS)
    runs = BulkRuns(engine.store)
    a, b, c = runs.items(run.id)
    runs.save_result(a, "ok", "", [], 1.0, {"used": ["title"], "missing": []})
    runs.save_result(b, "x", "", [{"span": "x", "reason": "r"}], 1.0, {"used": [], "missing": []})
    runs.save_result(c, "y", "", [], 1.0, {"used": [], "missing": ["wool"]})
    assert runs.needs_review(run.id) == 2
    assert [i.needs_review for i in runs.items(run.id)] == [False, True, True]
