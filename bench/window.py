"""Time from launching ``python main.py`` until its window is painted (before any model)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from bench.common import ROOT


def window_shown_s(repeats: int = 3) -> dict[str, float]:
    """Best wall time from process start to the first painted frame, and the in-app figure.

    ``main.py --first-paint-exit`` prints ``window_shown_s=`` once its first frame is up and
    exits; the parent times the whole process start (interpreter and imports included).
    """
    outside: list[float] = []
    inside: list[float] = []
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="shopscribe-paint-") as data:
        for _ in range(repeats):
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py"), "--data-dir", data, "--first-paint-exit"],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            )  # fmt: skip
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("window_shown_s="):
                    outside.append(time.perf_counter() - start)
                    inside.append(float(line.split("=", 1)[1]))
                    break
            proc.wait(timeout=60)
    if not outside:
        return {}
    return {"from_process_start": round(min(outside), 3), "in_app": round(min(inside), 3)}
