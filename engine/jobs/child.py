"""Isolated jobs in a child process, behind the same job API (progress, text, stop, result).

Importing torch and transformers and building a model hold the GIL for hundreds of
milliseconds at a time, which would freeze the window even from the engine thread. With the
llama.cpp decoder the window's process never needs torch, so the jobs that do (declared with
``@job(..., isolated=True)``) run in ``python -m engine.jobs.child_main``. The engine thread
writes one JSON request to the child's stdin and relays the child's typed messages:

- ``{"type": "progress", "step", "total", "info"}`` and ``{"type": "text", "row", "text"}``
  go to the job context as they come;
- ``{"type": "result", "value"}`` or ``{"type": "error", "kind", "message"}`` ends the job.

Messages travel on their own pipe (the child's original stdout; its ``sys.stdout`` and fd 1
point at stderr), so a library that prints cannot corrupt them, and any line that is not a
typed message is ignored. stderr is kept to its last :data:`STDERR_KEEP` bytes for the log.
Stopping writes ``stop`` to the child, which sets its own stop flag; if the parent dies, the
child's stdin closes and it stops the same way.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any

from engine.core.errors import Cancelled, UserError
from engine.jobs.context import JobContext

if TYPE_CHECKING:
    from engine.runtime.engine import Engine

log = logging.getLogger(__name__)

STDERR_KEEP = 16_000
"""Bytes of the child's stderr kept for the log when it fails."""
KINDS = ("progress", "text", "result", "error")
CLOSE_GRACE_S = 0.8
"""When the window closes, an isolated job's process gets this long to stop by itself."""


def encode(message: dict[str, Any]) -> str:
    """One typed message as a line of JSON."""
    return json.dumps(message, ensure_ascii=False, default=str) + "\n"


def decode(line: str) -> dict[str, Any] | None:
    """A typed message from a line, or None for anything else (stray output)."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") not in KINDS:
        return None
    return data


def request_for(engine: Engine, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """What the child needs to rebuild the same engine and run job ``name``."""
    return {
        "data_dir": str(engine.paths.root),
        "model": engine.model_override,
        "adapter": engine.adapter_override,
        "device": engine.device_override,
        "decoder": engine.decoder_override,
        "threads": engine.threads,
        "name": name,
        "params": params,
    }


class _Tail:
    """Keeps the last bytes of a text stream."""

    def __init__(self, keep: int) -> None:
        self.parts: collections.deque[str] = collections.deque()
        self.size = 0
        self.keep = keep

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        while self.size > self.keep and len(self.parts) > 1:
            self.size -= len(self.parts.popleft())

    def text(self) -> str:
        return "".join(self.parts)[-self.keep :]


def run_in_child(engine: Engine, name: str, params: dict[str, Any], ctx: JobContext) -> Any:
    """Run job ``name`` in a fresh Python process; returns its result.

    Raises:
        UserError, Cancelled: as the job raised them in the child.
        RuntimeError: when the child failed in any other way (its stderr tail is logged).

    """
    read_fd, write_fd = os.pipe()
    env = dict(os.environ, PYTHONUNBUFFERED="1", SHOPSCRIBE_CHILD_FD=str(write_fd))
    child = subprocess.Popen(
        [sys.executable, "-m", "engine.jobs.child_main"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        pass_fds=(write_fd,),
    )
    os.close(write_fd)
    assert child.stdin is not None and child.stderr is not None
    errors = _Tail(STDERR_KEEP)
    outcome: dict[str, Any] | None = None
    threads: list[threading.Thread] = []
    try:
        threads = [
            threading.Thread(target=_drain, args=(child.stderr, errors), daemon=True),
            threading.Thread(
                target=_forward_stop, args=(ctx.stop, engine.closing, child), daemon=True
            ),
        ]
        for thread in threads:
            thread.start()
        child.stdin.write(json.dumps(request_for(engine, name, params)) + "\n")
        child.stdin.flush()
        with os.fdopen(read_fd, encoding="utf-8", errors="replace") as messages:
            read_fd = -1
            for line in messages:
                message = decode(line)
                if message is None:
                    continue
                kind = message["type"]
                if kind == "progress":
                    ctx.on_progress(
                        int(message["step"]), int(message["total"]), str(message["info"])
                    )
                elif kind == "text":
                    ctx.on_text(int(message["row"]), str(message["text"]))
                else:
                    outcome = message
        child.wait()
    except (BrokenPipeError, OSError) as exc:  # the child died before reading its request
        log.warning("job %s: the child process failed early: %s", name, exc)
    finally:
        if read_fd >= 0:
            os.close(read_fd)
        if child.poll() is None:
            child.kill()
        child.wait()
        for thread in threads:
            thread.join(timeout=2)
        for pipe in (child.stdin, child.stderr):
            with contextlib.suppress(OSError):
                pipe.close()
    return _result(name, outcome, child.returncode, errors.text())


def _drain(stream: Any, tail: _Tail) -> None:
    """Read the child's stderr to its end, keeping the tail."""
    with contextlib.suppress(OSError, ValueError):
        for line in stream:
            tail.add(line)


def _forward_stop(
    stop: threading.Event, closing: threading.Event, child: subprocess.Popen[str]
) -> None:
    """Tell the child to stop once ``stop`` is set; end it when the engine is closing.

    A stop is graceful (training saves its checkpoint first, however long the step takes);
    when the window closes, the child gets :data:`CLOSE_GRACE_S` to stop, then it is killed
    (everything it writes is written atomically, so a kill leaves no half file).
    """
    told = False
    while child.poll() is None:
        if not told and (stop.wait(0.1) or closing.is_set()):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                assert child.stdin is not None
                child.stdin.write("stop\n")
                child.stdin.flush()
            told = True
        if closing.is_set():
            try:
                child.wait(CLOSE_GRACE_S)
            except subprocess.TimeoutExpired:
                log.warning("ending the job's process: the window is closing")
                child.kill()
            return
        if told:
            closing.wait(0.1)


def _result(name: str, outcome: dict[str, Any] | None, code: int, errors: str) -> Any:
    if outcome is not None and outcome["type"] == "result":
        return outcome.get("value")
    kind = outcome.get("kind") if outcome else None
    if kind == "cancelled":
        raise Cancelled()
    if kind == "user":
        raise UserError(str(outcome.get("message") if outcome else ""))
    log.error("job %s failed in its process (exit %s): %s", name, code, errors[-4000:])
    message = outcome.get("message") if outcome else f"the {name} process ended with code {code}"
    raise RuntimeError(str(message))
