"""The one CLI test harness: run ``shopscribe`` in-process or as a real subprocess."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class CliRun:
    """What one CLI call did."""

    code: int
    out: str
    err: str

    @property
    def returncode(self) -> int:
        """The exit code (subprocess-style name)."""
        return self.code

    @property
    def stdout(self) -> str:
        """Everything written to stdout."""
        return self.out

    @property
    def stderr(self) -> str:
        """Everything written to stderr."""
        return self.err

    def json(self) -> Any:
        """stdout as one JSON document."""
        return json.loads(self.out)

    def json_lines(self) -> list[Any]:
        """stdout as JSON Lines."""
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def cli(*args: str, data_dir: Path | None = None) -> CliRun:
    """Run ``shopscribe [--data-dir D] ARGS`` in this process (fast; shares loaded modules)."""
    from engine.cli import main

    full = [*(["--data-dir", str(data_dir)] if data_dir else []), *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(full)
    return CliRun(code, out.getvalue(), err.getvalue())


def shopscribe(
    *args: str, data_dir: Path, env: dict[str, str] | None = None, timeout: int = 600
) -> CliRun:
    """Run ``python -m engine.cli --data-dir D ARGS`` as a subprocess, as outside checks do."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("SHOPSCRIBE_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    return CliRun(done.returncode, done.stdout, done.stderr)
