"""The Bulk tab with the tiny model: open, start, pause, resume, reopen, accept, edit, export."""

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from engine.app import open_store
from engine.bulk.runner import open_run
from engine.bulk.runs import BulkRuns
from gui.tabs.bulk_tab import BulkTab
from gui.widgets.bulk_table import STATUS, TEXT
from gui.worker.client import EngineClient

TIMEOUT = 120_000


@pytest.fixture
def shopify(shopify_template: Path) -> Path:
    return shopify_template


@pytest.fixture
def client(qtbot, tiny_paths):
    client = EngineClient(tiny_paths, threads=1)
    yield client
    client.shutdown()


@pytest.fixture
def store(tiny_paths):
    store = open_store(tiny_paths)
    yield store
    store.close()


@pytest.fixture
def tab(qtbot, client, store):
    tab = BulkTab(client, store)
    qtbot.addWidget(tab)
    return tab


def open_csv(qtbot, tab: BulkTab, client: EngineClient, path: Path) -> None:
    with qtbot.waitSignal(tab.opened, timeout=TIMEOUT):
        tab.open_csv(str(path))


def run_to_end(qtbot, tab: BulkTab, client: EngineClient, button) -> None:
    failures: list[str] = []
    client.failed.connect(lambda job, message, kind: failures.append(message))
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not tab.running
    assert failures == []


def statuses(tab: BulkTab) -> list[str]:
    return [tab.model.index(r, STATUS).data() for r in range(tab.model.rowCount())]


def test_open_write_accept_edit_and_export(qtbot, tab, client, shopify, tmp_path):
    messages: list[tuple[str, str]] = []
    tab.message.connect(lambda text, level: messages.append((text, level)))
    open_csv(qtbot, tab, client, shopify)
    assert "Shopify · 3 products in 17 rows" in tab.file_label.text()
    assert tab.start_button.isEnabled() and not tab.export_button.isEnabled()
    assert statuses(tab) == ["waiting"] * 3

    run_to_end(qtbot, tab, client, tab.start_button)
    assert statuses(tab) == ["written"] * 3
    assert tab.progress.value() == 3 and tab.progress.maximum() == 3
    assert messages[-1] == ("Wrote 3 of 3 products.", "info")
    assert all(tab.model.index(r, TEXT).data() for r in range(3))
    assert not tab.start_button.isEnabled() and not tab.resume_button.isEnabled()

    # edit the jeans, tick them as accepted, then export
    model = tab.model
    assert model.setData(model.index(1, TEXT), "Stone-wash jeans, rolled cuffs.")
    assert model.setData(
        model.index(1, STATUS), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert statuses(tab)[1] == "accepted (edited)"
    assert tab.export_button.isEnabled()
    out = tmp_path / "export.csv"
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT):
        tab.export_csv(str(out))
    assert messages[-1] == (f"Exported 1 products to {out}.", "info")
    before = list(csv.reader(io.StringIO(shopify.read_text(), newline="")))
    after = list(csv.reader(io.StringIO(out.read_text(), newline="")))
    changed = [
        (r, c) for r, row in enumerate(before) for c, cell in enumerate(row) if after[r][c] != cell
    ]
    assert changed == [(13, 2)]
    assert after[13][2] == "<p>Stone-wash jeans, rolled cuffs.</p>"


def test_pause_then_resume(qtbot, tab, client, shopify):
    open_csv(qtbot, tab, client, shopify)

    rows_writing: list[int] = []

    def pause_at_jeans(job: int, step: int, total: int, info: str) -> None:
        if info.startswith("Example Jeans\t") and '"running"' in info:
            rows_writing.append(tab.model.running_row())  # the tab already shows it writing
            tab.pause()

    client.progress.connect(pause_at_jeans)
    run_to_end(qtbot, tab, client, tab.start_button)
    client.progress.disconnect(pause_at_jeans)
    assert rows_writing == [1]
    assert statuses(tab) == ["written", "waiting", "waiting"]
    assert tab.resume_button.isEnabled() and not tab.start_button.isEnabled()
    assert tab.progress.value() == 1

    run_to_end(qtbot, tab, client, tab.resume_button)
    assert statuses(tab) == ["written"] * 3


def test_progress_updates_one_row_not_the_whole_table(qtbot, tab, client, shopify, monkeypatch):
    open_csv(qtbot, tab, client, shopify)
    reads: list[str] = []
    real_items, real_item = BulkRuns.items, BulkRuns.item
    monkeypatch.setattr(
        BulkRuns, "items", lambda self, run: reads.append("all") or real_items(self, run)
    )
    monkeypatch.setattr(BulkRuns, "item", lambda self, i: reads.append("one") or real_item(self, i))
    changed: list[tuple[int, int]] = []
    tab.model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT):
        tab.start()
    # during the run: one-row reads and one-row repaints; the table is re-read once at the end
    assert reads.count("one") == 6 and reads.count("all") == 1 and reads[-1] == "all"
    assert all(a == b for a, b in changed)
    assert statuses(tab) == ["written"] * 3


def test_reopen_a_run_a_crash_interrupted(qtbot, client, store, shopify):
    run, _ = open_run(store, shopify, "description", {"max_new_tokens": 5})
    runs = BulkRuns(store)
    first = runs.items(run.id)[0]
    runs.save_result(first, "written before the crash", "", [], 1.0)
    runs.mark_running(runs.items(run.id)[1].id)

    tab = BulkTab(client, store)  # the window opened again after the crash
    qtbot.addWidget(tab)
    assert tab.runs_combo.count() == 1 and "unfinished" in tab.runs_combo.itemText(0)
    messages: list[tuple[str, str]] = []
    tab.message.connect(lambda text, level: messages.append((text, level)))
    tab.reopen_selected()
    assert "2 products still to write" in messages[-1][0]
    assert statuses(tab) == ["written", "writing…", "waiting"]
    assert tab.resume_button.isEnabled()
    run_to_end(qtbot, tab, client, tab.resume_button)
    assert statuses(tab) == ["written"] * 3
    assert tab.model.index(0, TEXT).data() == "written before the crash"


def test_bad_csv_goes_to_the_message_bar(qtbot, tab, client, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Handle,Title,Body (HTML)\nshirt,Tee,<p>x</p>,extra\n")
    with qtbot.waitSignal(tab.message, timeout=TIMEOUT) as blocker:
        tab.open_csv(str(bad))
    text, level = blocker.args
    assert level == "error"
    assert "bad.csv, row 2" in text
    assert tab.run is None and not tab.start_button.isEnabled()
    assert tab.open_button.isEnabled()


def test_needs_review_filter_shows_only_rows_with_flags_or_missing_facts(
    qtbot, tab, store, shopify
):
    run, _ = open_run(store, shopify, "description", {"max_new_tokens": 5})
    runs = BulkRuns(store)
    shirt, jeans, beanie = runs.items(run.id)
    runs.save_result(shirt, "Fine.", "", [], 1.0, {"used": ["title"], "missing": []})
    runs.save_result(
        jeans,
        "Dishwasher safe jeans.",
        "",
        [{"span": "Dishwasher safe", "reason": "care claim not in the facts"}],
        1.0,
        {"used": [], "missing": []},
    )
    runs.save_result(beanie, "A beanie.", "", [], 1.0, {"used": [], "missing": ["wool"]})
    tab.reopen(run.id)
    assert tab.shown_rows() == [0, 1, 2]
    assert tab.model.index(1, 3).data() == "1 to check"
    assert tab.model.index(2, 3).data() == "uses 0 of 1 facts"
    assert "Facts not used: wool" in tab.model.index(2, 3).data(Qt.ItemDataRole.ToolTipRole)
    tab.review_only.setChecked(True)
    assert tab.shown_rows() == [1, 2]
    tab.review_only.setChecked(False)
    assert tab.shown_rows() == [0, 1, 2]
