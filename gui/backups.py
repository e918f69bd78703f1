"""Backups in the window: recovery from a damaged database at start, daily backups, restore.

:func:`recover_at_start` runs before the window opens the database: a file that fails
``quick_check`` is moved aside and the merchant is offered the newest good backup, in a dialog,
never a traceback. :class:`BackupController` adds File → Restore from backup… and asks the
engine thread for a backup once a day while the app runs (the newest backup's date counts
across restarts, so there is at most one a day).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMenu, QMessageBox, QWidget
from qasync import asyncSlot

from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.store.backup import CorruptDatabase, check_or_set_aside, newest_good_backup, restore
from gui.dialogs.restore_dialog import RestoreDialog
from gui.widgets.history_panel import HistoryPanel
from gui.worker.client import JobFailed

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)

CHECK_MS = 60 * 60 * 1000
"""How often the window asks whether a daily backup is due."""
FIRST_CHECK_MS = 20_000
"""The first check, a little after start (the model loads first)."""

AskFn = Callable[[QMessageBox], QAbstractButton | None]
"""Shows the recovery box and returns the button clicked (tests click one themselves)."""


def _exec(box: QMessageBox) -> QAbstractButton | None:
    box.exec()
    return box.clickedButton()


def recover_at_start(paths: Paths, ask: AskFn | None = None, parent: QWidget | None = None) -> str:
    """Check the database before anything opens it; a damaged one never stops the start.

    Args:
        paths: the data folder.
        ask: shows the box and returns the clicked button (default: a modal ``exec``).
        parent: the box's parent widget.

    Returns:
        ``"ok"``, ``"restored"`` (the newest good backup is in place) or ``"empty"`` (the app
        starts with a new, empty database; the damaged file stays aside).

    """
    try:
        check_or_set_aside(paths.db)
        return "ok"
    except CorruptDatabase as exc:
        damaged = exc
    log.error("the database failed its integrity check at start; set aside as %s", damaged.aside)
    good = newest_good_backup(paths.db)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("backups", "ShopScribe: the database is damaged"))
    box.setText(str(damaged))
    restore_button = None
    if good is not None:
        box.setInformativeText(
            f"Restore the newest good backup ({good.label})? Work saved after it is not in "
            "it. The damaged file stays where it was moved."
        )
        restore_button = box.addButton(
            f"Restore the backup from {good.label}", QMessageBox.ButtonRole.AcceptRole
        )
    else:
        box.setInformativeText(
            QCoreApplication.translate("backups", "ShopScribe will start with an empty database.")
        )
    box.addButton(
        QCoreApplication.translate("backups", "Start with an empty database"),
        QMessageBox.ButtonRole.RejectRole,
    )
    clicked = (ask or _exec)(box)
    if good is None or restore_button is None or clicked is not restore_button:
        return "empty"
    try:
        restore(paths.db, good.path)
    except (UserError, OSError) as exc:
        log.error("restoring %s at start failed: %s", good.path.name, exc)
        failed = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("backups", "ShopScribe"),
            f"The restore failed: {exc}",
        )
        failed.setInformativeText(
            QCoreApplication.translate("backups", "ShopScribe will start with an empty database.")
        )
        (ask or _exec)(failed)
        return "empty"
    log.info("restored %s after a damaged database", good.path.name)
    return "restored"


def refresh_views(window: MainWindow) -> None:
    """Reload what the tabs show from the database (after a restore replaced it)."""
    for panel in window.findChildren(HistoryPanel):
        panel.refresh()
    window.copy_tab.reload_voices()
    window.bulk_tab.refresh_runs()
    window.customers_tab.reload_tags()
    window.customers_tab.refresh()


class BackupController(QObject):
    """File → Restore from backup… and the daily backup timer of one window."""

    backup_done = Signal(object)
    """The ``store_backup`` job's result (``{"path": str | None}``)."""
    restored = Signal(object)
    """The ``store_restore`` job's result, after the views were refreshed."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.dialog: RestoreDialog | None = None
        self.backing_up = False
        self.restore_action = QAction(self.tr("Restore from &backup…"), window)
        self.restore_action.triggered.connect(self.open_restore)
        self._add_to_file_menu(self.restore_action)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.backup_if_due)
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.backup_if_due)

    def _add_to_file_menu(self, action: QAction) -> None:
        """Put ``action`` in the File menu, before Quit."""
        bar = self.main.menuBar()
        file_title = QCoreApplication.translate("MainWindow", "&File")  # in the UI's language
        found = [a.menu() for a in bar.actions() if a.text() == file_title]
        menus = [m for m in found if isinstance(m, QMenu)]
        menu = menus[0] if menus else bar.addMenu(self.tr("&File"))
        quit_action = next(
            (
                a
                for a in menu.actions()
                if a.text() == QCoreApplication.translate("MainWindow", "&Quit")
            ),
            None,
        )
        if quit_action is None:
            menu.addAction(action)
            return
        menu.insertAction(quit_action, action)
        menu.insertSeparator(quit_action)

    @asyncSlot()
    async def backup_if_due(self) -> None:
        """Ask the engine thread for a backup when the newest is a day old (or there is none)."""
        if self.backing_up:
            return
        self.backing_up = True
        try:
            result = await self.main.client.run("store_backup", {"reason": "daily", "if_due": True})
        except JobFailed as exc:
            if not exc.cancelled:
                log.warning("daily backup failed: %s", exc)
                self.main.show_message(f"The daily backup failed: {exc}", "warning")
            return
        finally:
            self.backing_up = False
        if result.get("path"):
            log.info("daily backup made")
        self.backup_done.emit(result)

    @asyncSlot()
    async def open_restore(self) -> None:
        """List the kept backups (read on the engine thread) in the restore dialog."""
        try:
            rows: list[dict[str, Any]] = await self.main.client.run("store_backups")
        except JobFailed as exc:
            if not exc.cancelled:
                self.main.show_message(str(exc), "error" if exc.kind == "user" else "bug")
            return
        self.dialog = RestoreDialog(rows, self.main)
        self.dialog.restore_requested.connect(self.restore)
        self.dialog.open()

    @Slot(str, str)
    def restore(self, path: str, label: str) -> None:
        """Restore the confirmed backup in place on the engine thread, then reload the views.

        Jobs run one at a time on the engine thread, so a restore asked for during a job
        starts when it ends (the merchant is told; stopping the job starts it at once).
        """
        if self.main.client.busy:
            self.main.show_message(
                self.tr("The restore starts when the running job ends (stop it to restore now)."),
                "info",
            )
        self._restore(path, label)

    @asyncSlot(str, str)
    async def _restore(self, path: str, label: str) -> None:
        try:
            result = await self.main.client.run("store_restore", {"path": path})
        except JobFailed as exc:
            if not exc.cancelled:
                self.main.show_message(str(exc), "error" if exc.kind == "user" else "bug")
            return
        refresh_views(self.main)
        self.main.state_label.setText(self.tr("Ready."))
        self.main.show_message(
            f"Restored the backup from {label}. The database it replaced is kept as "
            f"{result['kept']}.",
            "info",
        )
        self.restored.emit(result)
