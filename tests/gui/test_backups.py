"""Backups in the window: a damaged database at start, File → Restore from backup…, daily."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from engine.app import open_store
from engine.core.paths import Paths
from engine.history.store import History
from engine.store.backup import list_backups, make_backup, quick_check
from gui import backups as gui_backups
from gui.app import create_window
from gui.backups import BackupController
from gui.dialogs.restore_dialog import RestoreDialog


def _history(paths: Paths, count: int, prefix: str = "text") -> None:
    store = open_store(paths)
    for i in range(count):
        History(store).add(f"{prefix} {i} " + "words " * 40, title=f"Mug {i}")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def _flip_page_bytes(path: Path) -> None:
    """Flip bytes in the b-tree headers of a few pages, as a bad sector would."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for number in range(1, min(6, len(data) // page)):
        for offset in range(number * page, number * page + 12):
            data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def _controller(window) -> BackupController:  # type: ignore[no-untyped-def]
    found = window.findChild(BackupController)
    assert isinstance(found, BackupController)
    return found


def _click(text: str, seen: list[str]):  # type: ignore[no-untyped-def]
    def ask(box: QMessageBox) -> QAbstractButton | None:
        seen.append(f"{box.text()}\n{box.informativeText()}")
        return next((b for b in box.buttons() if b.text().startswith(text)), None)

    return ask


@pytest.mark.parametrize("choice", ["Restore", "Start with an empty"])
def test_a_damaged_database_at_start_offers_the_newest_good_backup(
    qtbot, data_paths, monkeypatch, choice
):
    _history(data_paths, 300)  # a real database of many pages
    good = make_backup(data_paths.db, "daily")
    assert good is not None
    _flip_page_bytes(data_paths.db)
    assert quick_check(data_paths.db) != "ok"
    seen: list[str] = []
    monkeypatch.setattr(gui_backups, "_exec", _click(choice, seen))

    window = create_window(str(data_paths.root), load_model=False)  # no traceback, it starts
    qtbot.addWidget(window)
    assert len(seen) == 1 and "damaged" in seen[0]
    asides = [p for p in data_paths.root.glob("shopscribe.db.damaged-*") if p.name[-1].isdigit()]
    assert len(asides) == 1 and str(asides[0]) in seen[0]  # says where the file went
    assert "Restore the newest good backup" in seen[0]
    expected = 300 if choice == "Restore" else 0
    assert (window.copy_tab.history.count() > 0) == (expected > 0)  # the window shows it
    assert len(History(window.store).recent(1000)) == expected
    assert quick_check(data_paths.db) == "ok"
    window.close()


def test_no_backup_at_all_still_starts_empty(qtbot, data_paths, monkeypatch):
    data_paths.db.write_bytes(b"not a database at all" * 500)
    seen: list[str] = []
    monkeypatch.setattr(gui_backups, "_exec", _click("Start", seen))
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    assert "There is no backup" in seen[0] and "empty database" in seen[0]
    assert History(window.store).recent(10) == []
    window.close()


def test_file_menu_restores_a_backup_in_place(qtbot, data_paths, monkeypatch):
    _history(data_paths, 3, "before")
    backup = make_backup(data_paths.db, "manual")
    assert backup is not None
    _history(data_paths, 2, "after")
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    assert window.copy_tab.history.count() == 5
    controller = _controller(window)
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Restore from &backup…" in menu_texts
    assert menu_texts.index("Restore from &backup…") < menu_texts.index("&Quit")

    monkeypatch.setattr(RestoreDialog, "confirm", lambda self, label: True)
    qtbot.waitUntil(lambda: not window.client.busy)  # the tabs' start-up reads
    controller.restore_action.trigger()
    qtbot.waitUntil(lambda: controller.dialog is not None)
    dialog = controller.dialog
    assert dialog is not None and dialog.list.count() == 1
    assert "(manual)" in dialog.list.item(0).text() and "KB" in dialog.list.item(0).text()
    with qtbot.waitSignal(controller.restored, timeout=10_000) as restored:
        dialog.restore_button.click()
    assert window.copy_tab.history.count() == 3  # the views were reloaded
    assert len(History(window.store).recent(100)) == 3  # the window's own connection sees it
    kept = Path(restored.args[0]["kept"])
    assert kept.exists()
    assert len(History(open_store(kept)).recent(100)) == 5  # what it replaced is kept
    assert window.message_bar.level == "info" and "Restored" in window.message_bar.label.text()
    window.close()


def test_a_restore_asked_for_during_a_job_waits_for_it(qtbot, data_paths, monkeypatch):
    _history(data_paths, 1)
    backup = make_backup(data_paths.db, "manual")
    _history(data_paths, 1)
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    controller = _controller(window)
    qtbot.waitUntil(lambda: not window.client.busy)
    notes: list[str] = []
    monkeypatch.setattr(window, "show_message", lambda text, level: notes.append(text))
    window.client._stops[999] = threading.Event()  # another job in flight
    with qtbot.waitSignal(controller.restored, timeout=10_000):
        controller.restore(str(backup), "today")
    assert "starts when the running job ends" in notes[0]
    del window.client._stops[999]
    assert len(History(window.store).recent(10)) == 1
    window.close()


def test_a_daily_backup_while_the_app_runs_at_most_one_a_day(qtbot, data_paths):
    _history(data_paths, 2)
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    controller = _controller(window)
    assert controller.timer.isActive() and controller.timer.interval() == 3_600_000
    with qtbot.waitSignal(controller.backup_done, timeout=10_000) as first:
        controller.backup_if_due()
    assert first.args[0]["path"]
    assert [b.reason for b in list_backups(data_paths.db)] == ["daily"]
    with qtbot.waitSignal(controller.backup_done, timeout=10_000) as second:
        controller.backup_if_due()
    assert second.args[0]["path"] is None  # not due again the same day
    window.close()

    again = create_window(str(data_paths.root), load_model=False)  # a restart
    qtbot.addWidget(again)
    with qtbot.waitSignal(_controller(again).backup_done, timeout=10_000) as third:
        _controller(again).backup_if_due()
    assert third.args[0]["path"] is None
    assert len(list_backups(data_paths.db)) == 1
    again.close()
