"""The kill harness's second writer: the real window, offscreen, saving in a loop.

``python -m tests.reliability.gui_writer DATA_DIR RUN`` opens the window the way ``main.py``
does (start-up check, engine thread, tabs, no model), prints ``READY`` and then, round after
round: a history item and a brand voice saved on the GUI thread's store, a customers CSV import
run as the window's job on the engine thread, and now and then a backup job. One ``ACK``
line follows each commit, as in :mod:`tests.reliability.writer`, so the harness checks both.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from engine.history.store import History
from engine.listing.voice import BrandVoice, save_voice
from gui.app import create_window, install_loop
from gui.main_window import MainWindow
from tests.reliability.writer import ack, contacts_csv, history_text, voice_words


async def _save_forever(window: MainWindow, run: str, imports: Path) -> None:
    seq = 0
    while True:
        key = f"g{run}x{seq}"
        History(window.store).add(history_text(key), title=key, channel="description")
        ack("history", key)
        save_voice(window.store, BrandVoice(key, tone="warm", words_to_use=voice_words(key)))
        ack("voice", key)
        await window.client.run("customers_import", {"path": str(contacts_csv(imports, key))})
        ack("customers", key)
        if seq % 5 == 0:
            await window.client.run("store_backup", {"reason": "manual"})
            print(f"BACKUP {key}", flush=True)  # checked as files: every backup must be sound
        seq += 1


def main(argv: list[str]) -> int:
    """Open the window offscreen and save until killed."""
    root, run = Path(argv[0]), argv[1]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_loop(app)
    window = create_window(str(root), load_model=False)
    window.show()
    imports = root / "imports"
    imports.mkdir(parents=True, exist_ok=True)
    print("READY", flush=True)
    tasks: list[asyncio.Task[None]] = []

    def start() -> None:
        tasks.append(asyncio.ensure_future(_save_forever(window, run, imports)))

    QTimer.singleShot(0, start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
