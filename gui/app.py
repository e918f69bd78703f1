"""Application start-up: the window first, the model afterwards on the engine thread."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from engine.core.logs import setup_logging
from engine.core.offline import go_offline
from engine.core.paths import resolve_paths
from engine.decoding.devices import default_threads
from gui import crash
from gui.backups import BackupController, recover_at_start
from gui.dialogs.first_run import GuideMenu, should_show
from gui.i18n import install_translation
from gui.main_window import MainWindow
from gui.notices import BackgroundNotices
from gui.resources import app_icon
from gui.settings import UiSettings
from gui.shortcuts import Shortcuts
from gui.theme import SchemeFollower
from gui.view_menu import ViewMenu
from gui.window_drops import WindowDrops
from gui.window_state import WindowState
from gui.worker.client import EngineClient

LAUNCHED_AT = time.perf_counter()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The window's few options."""
    parser = argparse.ArgumentParser(prog="shopscribe-gui", description="ShopScribe window")
    parser.add_argument("--data-dir", help="folder for every file ShopScribe writes")
    parser.add_argument("--first-paint-exit", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def create_window(data_dir: str | None = None, *, load_model: bool = True) -> MainWindow:
    """Build the client and window (a QApplication and a qasync loop must exist)."""
    paths = resolve_paths(data_dir)
    setup_logging(paths)
    recover_at_start(paths)  # a damaged database: a dialog and a backup, never a traceback
    client = EngineClient(paths, threads=default_threads(gui=True))
    window = MainWindow(paths, client)
    BackupController(window)  # File → Restore from backup…, a backup a day (owned by window)
    settings = UiSettings(paths)
    WindowState(window, window.tabs, settings)  # size, position, tab (owned by window)
    window.view_menu = ViewMenu(window, settings, window.show_message)  # type: ignore[attr-defined]
    window.shortcuts = Shortcuts(window)  # type: ignore[attr-defined]
    window.drops = WindowDrops(window)  # type: ignore[attr-defined]
    window.notices = BackgroundNotices(window)  # type: ignore[attr-defined]
    window.guide_menu = GuideMenu(window, settings)  # type: ignore[attr-defined]
    if load_model:
        QTimer.singleShot(0, window.load_model)
    return window


def install_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    """A qasync loop over the Qt event loop, set as asyncio's loop (GUI flows are coroutines)."""
    import qasync

    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    return loop


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window and run until it closes."""
    go_offline()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ShopScribe")
    app.setOrganizationName("ShopScribe")
    app.setWindowIcon(app_icon())
    SchemeFollower(app)  # dark when the system is dark (or SHOPSCRIBE_COLOR_SCHEME=dark)
    install_loop(app)
    # The language is installed before any widget exists: every tr() then sees it.
    install_translation(app, UiSettings(resolve_paths(args.data_dir)).language())
    window = create_window(args.data_dir, load_model=not args.first_paint_exit)
    crash.install(window.paths.logs, window)
    window.show()
    if not args.first_paint_exit and should_show(UiSettings(window.paths), dict(os.environ)):
        QTimer.singleShot(0, window.guide_menu.open)  # type: ignore[attr-defined]
    if args.first_paint_exit:
        # Used by bench/: report the time to the first painted frame, then leave.
        def report() -> None:
            print(f"window_shown_s={time.perf_counter() - LAUNCHED_AT:.3f}", flush=True)
            window.close()

        QTimer.singleShot(0, report)
    code = app.exec()
    if window.client.engine_thread.isRunning():
        # A native call (a model load, a conversion) outlived the shutdown timeout: the data
        # is committed (SQLite WAL), so leave now rather than wait or abort in QThread's dtor.
        logging.getLogger(__name__).warning("leaving with the engine thread still busy")
        logging.shutdown()
        os._exit(code)
    return code
