"""Application start-up: the window first, the model afterwards on the engine thread."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from engine.devices import default_threads
from engine.logs import setup_logging
from engine.paths import resolve_paths
from gui.engine_worker import EngineClient
from gui.main_window import MainWindow
from gui.resources import app_icon

LAUNCHED_AT = time.perf_counter()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The window's few options."""
    parser = argparse.ArgumentParser(prog="shopscribe-gui", description="ShopScribe window")
    parser.add_argument("--data-dir", help="folder for every file ShopScribe writes")
    parser.add_argument("--first-paint-exit", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def create_window(data_dir: str | None = None, *, load_model: bool = True) -> MainWindow:
    """Build the client and window (a QApplication must exist)."""
    paths = resolve_paths(data_dir)
    setup_logging(paths)
    client = EngineClient(paths, threads=default_threads(gui=True))
    window = MainWindow(paths, client)
    if load_model:
        QTimer.singleShot(0, window.load_model)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window and run until it closes."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ShopScribe")
    app.setOrganizationName("ShopScribe")
    app.setWindowIcon(app_icon())
    window = create_window(args.data_dir, load_model=not args.first_paint_exit)
    window.show()
    if args.first_paint_exit:
        # Used by bench/: report the time to the first painted frame, then leave.
        def report() -> None:
            print(f"window_shown_s={time.perf_counter() - LAUNCHED_AT:.3f}", flush=True)
            window.close()

        QTimer.singleShot(0, report)
        return app.exec()
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0
