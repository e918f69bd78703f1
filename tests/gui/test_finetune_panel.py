"""The Finetune tab with the tiny model: preview, train live, cancel, resume, judge, adapters."""

from __future__ import annotations

import pytest

from engine.app import open_store
from engine.models.adapters import active_adapter_name
from gui.tabs.finetune_tab import FinetunePanel
from gui.worker.client import EngineClient
from tests.conftest import DATA as DATA_DIR

DATA = DATA_DIR / "finetune_products.jsonl"


@pytest.fixture
def panel(qtbot, tiny_paths):  # type: ignore[no-untyped-def]
    client = EngineClient(tiny_paths, threads=1)
    store = open_store(tiny_paths)
    widget = FinetunePanel(client, store, tiny_paths)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    yield widget
    client.shutdown()
    store.close()


def _fast(panel: FinetunePanel, steps: int) -> None:
    s = panel.settings
    s.advanced.setChecked(True)
    s.steps.setValue(steps)
    s.max_length.setValue(128)
    s.batch.setValue(2)
    s.rank.setValue(4)
    s.lr.setValue(0.01)
    s.eval_every.setValue(2)
    s.name.setText("panel")


def test_preview_train_judge_and_activate(qtbot, panel: FinetunePanel, tiny_paths) -> None:  # type: ignore[no-untyped-def]
    panel.data.setText(str(DATA))
    with qtbot.waitSignal(panel.job_done, timeout=60_000):
        panel.preview_button.click()
    assert "<b>30</b> texts" in panel.preview_label.text()
    assert "<|im_start|>assistant" in panel.examples.toPlainText()

    _fast(panel, 4)
    with qtbot.waitSignal(panel.job_done, timeout=120_000) as done:
        panel.start_button.click()
        qtbot.waitUntil(lambda: panel.cancel_button.isEnabled(), timeout=5_000)
        assert not panel.start_button.isEnabled()
    assert done.args[0] == "finetune" and done.args[1] is not None
    assert panel.train_x == [1, 2, 3, 4]
    assert panel.eval_x == [0, 2, 4]
    assert panel.progress.value() == 4
    assert "Perplexity on held-out texts" in panel.judge_label.text()
    assert panel.start_button.isEnabled() and not panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: panel.adapters.list.count() == 1, timeout=10_000)

    with qtbot.waitSignal(panel.job_done, timeout=120_000):
        panel.compare_button.click()
    assert panel.compare_table.rowCount() == 2
    assert panel.compare_table.item(0, 1).text() != panel.compare_table.item(0, 2).text()

    panel.adapters.list.setCurrentRow(0)
    with qtbot.waitSignal(panel.adapters.refreshed, timeout=30_000):
        panel.adapters.buttons["Activate"].click()
    assert active_adapter_name(tiny_paths, panel.store) == "panel"
    assert panel.adapters.list.item(0).text().startswith("●")
    with qtbot.waitSignal(panel.adapters.refreshed, timeout=30_000):
        panel.adapters.buttons["Deactivate"].click()
    assert active_adapter_name(tiny_paths, panel.store) is None


def test_cancel_then_resume(qtbot, panel: FinetunePanel) -> None:  # type: ignore[no-untyped-def]
    panel.data.setText(str(DATA))
    _fast(panel, 6)

    def cancel_after_two(job: int, step: int, total: int, info: str) -> None:
        if '"kind": "step"' in info and step == 2:
            panel.cancel()

    panel.client.progress.connect(cancel_after_two)
    with qtbot.waitSignal(panel.job_done, timeout=120_000) as blocker:
        panel.start_button.click()
    assert blocker.args == ["finetune", None]  # stopped
    assert panel.train_x[-1] <= 3
    stopped_at = panel.train_x[-1]
    assert "Resume" in panel.speed_label.text()
    panel.client.progress.disconnect(cancel_after_two)
    with qtbot.waitSignal(panel.job_done, timeout=120_000) as blocker:
        panel.resume_button.click()
    assert blocker.args[1] is not None
    assert panel.train_x == list(range(1, 7))
    assert stopped_at >= 2


def test_no_data_is_a_message(qtbot, panel: FinetunePanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.message) as blocker:
        panel.start_button.click()
    assert "Choose a file" in blocker.args[0]
    with qtbot.waitSignal(panel.message, timeout=30_000) as blocker:
        panel.data.setText("/nowhere/texts.jsonl")
        panel.preview_button.click()
    assert "not found" in blocker.args[0]
