"""Background notice: a bulk run, a finetune or a policy import that ends while the window is
in the background is announced (tray message where there is a tray, else the message bar)."""

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from gui.app import create_window


@pytest.fixture
def window(qtbot, data_paths, monkeypatch):
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    monkeypatch.setattr(window, "isActiveWindow", lambda: False)  # the merchant is elsewhere
    yield window
    window.close()


def _finish(window, job_id, name, ok=True, kind="user"):
    window.client.submitted.emit(job_id, name)
    if ok:
        window.client.finished.emit(job_id, {"done": 3})
    else:
        window.client.failed.emit(job_id, "the disk is full", kind)


@pytest.mark.parametrize(
    ("job", "title"),
    [
        ("bulk", "The bulk run has finished"),
        ("finetune", "Training has finished"),
        ("faq_import", "The policies are indexed"),
    ],
)
def test_a_long_job_ending_in_the_background_is_announced(window, job, title):
    _finish(window, 41, job)
    assert window.notices.shown == [(title, "Open ShopScribe to review the result.")]
    if not QSystemTrayIcon.isSystemTrayAvailable():  # offscreen: no tray, the window says it
        assert title in window.message_bar.text()


def test_a_failure_is_announced_with_its_reason_but_a_stop_is_not(window):
    _finish(window, 42, "bulk", ok=False)
    assert "the disk is full" in window.notices.shown[-1][1]
    _finish(window, 43, "finetune", ok=False, kind="cancelled")
    assert len(window.notices.shown) == 1


def test_short_jobs_and_an_active_window_stay_quiet(window, monkeypatch):
    _finish(window, 44, "copy")
    assert window.notices.shown == []
    monkeypatch.setattr(window, "isActiveWindow", lambda: True)
    _finish(window, 45, "bulk")
    assert window.notices.shown == []
    assert window.message_bar.text() == ""


def test_the_client_names_each_job_it_queues(qtbot, window):
    with qtbot.waitSignal(window.client.submitted, timeout=5_000) as blocker:
        job_id = window.client.submit("no_such_job")
    assert blocker.args == [job_id, "no_such_job"]
    qtbot.waitUntil(lambda: not window.client.busy)
