"""Child process: event-loop lateness of the real window while it works, and how fast it closes.

A 10 ms precise QTimer runs on the GUI thread of ``gui.app.create_window``'s window; every
tick's delay beyond 10 ms is the lateness a merchant would feel (a frame is 16 ms). The engine
thread meanwhile runs the real jobs, each a phase:

- ``load``: the window's own ``load_model`` flow (the default decoder for the folder);
- ``generate``: a ``copy`` job streaming into the window;
- ``import_gguf``: the model manager's ``import_model`` job on a ``.gguf`` file (converted
  with torch in a child process, as the window runs it), when ``--gguf`` is given;
- ``train``: the Finetune tab's ``finetune`` job (child process) on tests/data;
- ``close_during_load`` / ``close_during_import``: a second window is closed while its model
  loads (or a GGUF converts); how long ``close()`` took is reported in ``close_s``.

Prints one JSON line: ``{"lateness_ms": {phase: {"p99", "max", "ticks"}}, "close_s": {...}}``.

Usage: ``python bench/ui_probe.py MODEL_DIR THREADS NEW_TOKENS TRAIN_STEPS [--gguf FILE]
[--decoder auto|torch]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication

from bench.common import percentile

INTERVAL_MS = 10
ROOT = Path(__file__).resolve().parents[1]


class Probe(QObject):
    """Records how late each 10 ms tick arrives, per phase."""

    def __init__(self) -> None:
        super().__init__()
        self.phase = "idle"
        self.samples: dict[str, list[float]] = {}
        self.last = time.perf_counter()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)
        self.timer.start(INTERVAL_MS)

    @Slot()
    def tick(self) -> None:
        """Record this tick's lateness under the current phase."""
        now = time.perf_counter()
        late = max(0.0, (now - self.last) * 1000 - INTERVAL_MS)
        self.samples.setdefault(self.phase, []).append(late)
        self.last = now

    def summary(self) -> dict[str, dict[str, float]]:
        """p99, max and tick count per phase, ms."""
        return {
            phase: {"p99": round(percentile(v, 99), 1), "max": round(max(v), 1), "ticks": len(v)}
            for phase, v in self.samples.items()
        }


def spin_until(done: Any, timeout_s: float = 1800) -> None:
    """Run the Qt (and so the qasync) loop until ``done()`` is true."""
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if done() else None)
    timer.start(5)
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        loop.exec()
    timer.stop()


def run_job(client: Any, name: str, params: dict[str, Any]) -> Any:
    """Submit a job and spin the loop until it ends; its result or ``{"failed": ...}``."""
    import asyncio

    from gui.worker.client import JobFailed

    async def go() -> Any:
        try:
            return await client.run(name, params)
        except JobFailed as exc:
            return {"failed": str(exc), "kind": exc.kind}

    task = asyncio.ensure_future(go())
    spin_until(task.done)
    return task.result()


def idle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def data_folder(model_dir: Path, decoder: str) -> Path:
    """A throwaway data folder with the model hard-linked in."""
    data = Path(tempfile.mkdtemp(prefix="shopscribe-ui-probe-"))
    (data / "models").mkdir(parents=True)
    shutil.copytree(model_dir, data / "models" / model_dir.name, copy_function=os.link)
    if decoder != "auto":
        from engine.app import open_store

        store = open_store(data / "shopscribe.db")
        store.set_setting("decoder", decoder)
        store.close()
    return data


def close_while(window: Any, start: Any, wait_ms: int) -> float:
    """Start something on ``window``, close the window ``wait_ms`` later; seconds close took."""
    start()
    idle(wait_ms)
    began = time.perf_counter()
    window.close()
    return round(time.perf_counter() - began, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("threads", type=int)
    parser.add_argument("new_tokens", type=int)
    parser.add_argument("train_steps", type=int)
    parser.add_argument("--gguf", type=Path, help="a .gguf file to import in one phase")
    parser.add_argument("--decoder", default="auto", help="decoder setting for the window")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    from gui.app import create_window, install_loop

    install_loop(app)
    folders: list[Path] = []
    out: dict[str, Any] = {"close_s": {}}
    try:
        data = data_folder(args.model_dir, args.decoder)
        folders.append(data)
        window = create_window(str(data), load_model=False)
        window.client.worker.threads = args.threads
        window.show()
        probe = Probe()
        idle(300)
        loaded: dict[str, Any] = {}
        window.model_loaded.connect(loaded.update)
        window.model_failed.connect(lambda message: loaded.update(failed=message))
        probe.phase = "load"
        window.load_model()
        spin_until(lambda: bool(loaded))
        out["load"] = loaded
        probe.phase = "generate"
        facts = {"title": "Insulated Steel Bottle", "features": ["keeps drinks cold 24 hours"]}
        copy = run_job(
            window.client,
            "copy",
            {"facts": facts, "max_new_tokens": args.new_tokens, "variants": 1, "seed": 1},
        )
        out["generate"] = {k: copy.get(k) for k in ("tokens_per_s", "dtype", "decoder", "failed")}
        if args.gguf:
            probe.phase = "import_gguf"
            imported = run_job(window.client, "import_model", {"path": str(args.gguf)})
            out["import_gguf"] = {k: imported.get(k) for k in ("name", "failed")}
        if args.train_steps:
            probe.phase = "train"  # the Finetune tab's own job: data, model load, LoRA, save
            train_data = ROOT / "tests" / "data" / "finetune_products.jsonl"
            advanced = {
                "max_steps": args.train_steps,
                "max_length": 128,
                "batch_size": 2,
                "eval_every": args.train_steps,
            }
            params = {"data": str(train_data), "name": "probe", "advanced": advanced}
            train = run_job(window.client, "finetune", params)
            out["train"] = {k: train.get(k) for k in ("tokens_per_s", "steps", "seconds", "failed")}
        probe.phase = "after"
        idle(100)
        window.close()

        # Close a second window while its model loads (and, with --gguf, while it converts).
        second = data_folder(args.model_dir, args.decoder)
        folders.append(second)
        late = create_window(str(second), load_model=False)
        late.show()
        probe.phase = "close_during_load"
        out["close_s"]["during_load"] = close_while(late, late.load_model, 150)
        if args.gguf:
            third = data_folder(args.model_dir, args.decoder)
            folders.append(third)
            converting = create_window(str(third), load_model=False)
            converting.show()
            probe.phase = "close_during_import"

            def start_import() -> None:
                converting.client.submit("import_model", {"path": str(args.gguf)})

            out["close_s"]["during_import"] = close_while(converting, start_import, 1500)
        idle(100)
        out["lateness_ms"] = probe.summary()
        print(json.dumps(out, default=str), flush=True)
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    # A closed window may leave its engine thread finishing a native load: leave now, as the
    # app does (gui.app.main), instead of aborting in QThread's destructor.
    os._exit(0)


if __name__ == "__main__":
    main()
