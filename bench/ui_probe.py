"""Child process: event-loop lateness of the real window while it loads, generates and trains.

A 10 ms precise QTimer runs on the GUI thread of ``gui.app.create_window``'s window; every
tick's delay beyond 10 ms is the lateness a merchant would feel (a frame is 16 ms). The engine
thread meanwhile runs the real jobs: ``load_model`` (the first job), ``copy`` (streams into the
Copy tab) and ``finetune`` (the Finetune tab's job on tests/data/finetune_products.jsonl, in a
child process as the window runs it). Prints one JSON line: ``{phase: {"p99", "max",
"ticks"}}`` in milliseconds.

Usage: ``python bench/ui_probe.py MODEL_DIR THREADS NEW_TOKENS TRAIN_STEPS``
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication

from bench.common import percentile

INTERVAL_MS = 10


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
            phase: {
                "p99": round(percentile(v, 99), 1),
                "max": round(max(v), 1),
                "ticks": len(v),
            }
            for phase, v in self.samples.items()
        }


class JobWaiter(QObject):
    """Runs a nested event loop until one job finishes or fails."""

    def __init__(self, client: QObject) -> None:
        super().__init__()
        self.loop = QEventLoop()
        self.job = -1
        self.result: object = None
        client.finished.connect(self.on_finished)  # type: ignore[attr-defined]
        client.failed.connect(self.on_failed)  # type: ignore[attr-defined]

    @Slot(int, object)
    def on_finished(self, job: int, result: object) -> None:
        """Keep the waited-for job's result and leave the loop."""
        if job == self.job:
            self.result = result
            self.loop.quit()

    @Slot(int, str, str)
    def on_failed(self, job: int, message: str, kind: str) -> None:
        """Keep the waited-for job's failure and leave the loop."""
        if job == self.job:
            self.result = {"failed": message}
            self.loop.quit()

    def wait(self, job: int) -> object:
        """Spin the event loop until ``job`` ends; its result."""
        self.job = job
        self.loop.exec()
        return self.result


def idle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    model_dir, threads, new_tokens, steps = (
        Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    )  # fmt: skip
    app = QApplication(sys.argv[:1])
    data = Path(tempfile.mkdtemp(prefix="shopscribe-ui-probe-"))
    try:
        (data / "models").mkdir(parents=True)
        shutil.copytree(model_dir, data / "models" / model_dir.name, copy_function=os.link)
        from gui.app import create_window

        window = create_window(str(data), load_model=False)
        window.client.worker.threads = threads
        window.show()
        probe = Probe()
        waiter = JobWaiter(window.client)
        idle(300)
        probe.phase = "load"
        window.load_model()
        loaded = waiter.wait(window.load_job)
        probe.phase = "generate"
        facts = {"title": "Insulated Steel Bottle", "features": ["keeps drinks cold 24 hours"]}
        copy = waiter.wait(
            window.client.submit(
                "copy", {"facts": facts, "max_new_tokens": new_tokens, "variants": 1, "seed": 1}
            )
        )
        probe.phase = "train"  # the Finetune tab's own job: data, model load, LoRA steps, save
        data = Path(__file__).resolve().parents[1] / "tests" / "data" / "finetune_products.jsonl"
        train = waiter.wait(
            window.client.submit(
                "finetune",
                {"data": str(data), "name": "probe", "preset": "quick",
                 "advanced": {"max_steps": steps, "max_length": 128, "batch_size": 2,
                              "eval_every": steps}},
            )
        )  # fmt: skip
        if isinstance(train, dict):
            train = {k: train.get(k) for k in ("tokens_per_s", "steps", "seconds", "failed")}
        probe.phase = "after"
        idle(100)
        out = {"lateness_ms": probe.summary(), "load": loaded, "train": train}
        if isinstance(copy, dict):
            keys = ("tokens_per_s", "dtype", "decoder", "failed")
            out["generate"] = {k: copy.get(k) for k in keys}
        window.close()
        print(json.dumps(out, default=str))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    app.quit()


if __name__ == "__main__":
    main()
