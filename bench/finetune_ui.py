"""Train a LoRA adapter in the real Finetune tab and measure the GUI thread's event-loop lateness.

A 10 ms QTimer probe runs on the GUI thread while the ``finetune`` job trains on the engine
thread; lateness = how much later than 10 ms each tick fired. Prints one JSON document with
p99 / max lateness, LoRA train tokens/s and the perplexities, and saves a screenshot.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/finetune_ui.py [--steps 6] [--shot PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from engine.app import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    """Run the measurement."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--shot", default="/tmp/finetune_panel.png")
    parser.add_argument("--compare", action="store_true", help="also write base | adapted")
    parser.add_argument("--model-dir", help="model folder (default: the real SmolLM2)")
    parser.add_argument("--batch-size", type=int, default=4)
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from engine.core.paths import Paths
    from gui.tabs.finetune_tab import FinetunePanel
    from gui.worker.client import EngineClient
    from tests.helpers import link_model, real_smollm2_dir

    app = QApplication.instance() or QApplication(sys.argv)
    paths = Paths(Path(tempfile.mkdtemp(prefix="ft-bench-"))).ensure()
    link_model(Path(args.model_dir) if args.model_dir else real_smollm2_dir(), paths)
    client = EngineClient(paths)
    store = open_store(paths)
    panel = FinetunePanel(client, store, paths)
    panel.resize(1400, 900)
    panel.show()
    panel.data.setText(str(ROOT / "tests" / "data" / "finetune_products.jsonl"))
    s = panel.settings
    s.advanced.setChecked(True)
    s.steps.setValue(args.steps)
    s.max_length.setValue(args.max_length)
    s.lr.setValue(0.002)
    s.batch.setValue(args.batch_size)
    s.eval_every.setValue(max(1, args.steps // 3))
    s.name.setText("ceramics-voice")

    late: list[float] = []
    clock = QElapsedTimer()
    probe = QTimer()
    probe.setInterval(10)
    measuring = {"on": False}

    def tick() -> None:
        if measuring["on"]:
            late.append(max(0.0, clock.nsecsElapsed() / 1e6 - 10.0))
        clock.restart()

    probe.timeout.connect(tick)
    result: dict[str, object] = {}

    def finished(job: int, value: object) -> None:
        if isinstance(value, dict) and "eval_ppl_after" in value:
            result.update(value)
            measuring["on"] = False
            if args.compare:
                QTimer.singleShot(0, panel.compare)
            else:
                QTimer.singleShot(200, app.quit)
        elif isinstance(value, dict) and "rows" in value:
            QTimer.singleShot(200, app.quit)

    def failed(job: int, message: str, kind: str) -> None:
        print(f"failed: {kind}: {message}", file=sys.stderr)
        app.quit()

    client.finished.connect(finished)
    client.failed.connect(failed)
    with_preview = {"done": False}

    def start() -> None:
        if not with_preview["done"]:
            with_preview["done"] = True
            panel.preview()
            QTimer.singleShot(3000, start)
            return
        clock.restart()
        probe.start()
        measuring["on"] = True
        panel.start()

    QTimer.singleShot(0, start)
    began = time.perf_counter()
    app.exec()
    app.processEvents()
    panel.grab().save(args.shot)
    client.shutdown()
    store.close()
    late.sort()
    p99 = late[int(0.99 * (len(late) - 1))] if late else None
    summary = {k: v for k, v in result.items() if k != "history"}
    print(
        json.dumps(
            {
                "ui_lateness_ms": {
                    "train": {
                        "p99": round(p99, 1) if p99 is not None else None,
                        "max": round(late[-1], 1) if late else None,
                        "ticks": len(late),
                    }
                },
                "lora_tok_s": summary.get("tokens_per_s"),
                "result": summary,
                "wall_s": round(time.perf_counter() - began, 1),
                "screenshot": args.shot,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
