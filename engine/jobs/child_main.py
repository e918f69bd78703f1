"""The child side of isolated jobs: ``python -m engine.jobs.child_main`` (see engine.jobs.child).

Reads one JSON request from stdin, runs the job with a fresh engine and writes typed messages
to the pipe named by ``SHOPSCRIBE_CHILD_FD``. Before anything else it points fd 1 and
``sys.stdout`` at stderr, so stray prints never reach the message pipe.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Any, TextIO

from engine.core.errors import Cancelled, UserError
from engine.core.logs import file_handler
from engine.core.offline import go_offline
from engine.jobs.child import encode
from engine.jobs.context import JobContext


class _Messages:
    """Typed messages to the parent, one line each, from any thread."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.stream.write(encode(message))
            self.stream.flush()


def _listen(stop: threading.Event) -> None:
    """Set ``stop`` on a ``stop`` line or when the parent goes away (stdin closes)."""
    for line in sys.stdin:
        if line.strip() == "stop":
            break
    stop.set()


def _message_stream() -> TextIO:
    """The pipe to the parent; fd 1 and ``sys.stdout`` are redirected to stderr."""
    fd = int(os.environ.get("SHOPSCRIBE_CHILD_FD") or os.dup(1))
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(fd, "w", encoding="utf-8")


def main() -> int:
    """Run one job; the outcome is always one ``result`` or ``error`` message."""
    import json

    go_offline()
    messages = _Messages(_message_stream())
    try:
        from engine.app import open_engine
        from engine.core.paths import resolve_paths
        from engine.jobs.registry import run_job

        request = json.loads(sys.stdin.readline())
        paths = resolve_paths(request["data_dir"]).ensure()
        handler = file_handler(  # redacted like the app's own log
            paths.logs / "jobs.log", 1_000_000, 2, "%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.INFO)
        stop = threading.Event()
        threading.Thread(target=_listen, args=(stop,), daemon=True).start()
        ctx = JobContext(
            on_text=lambda row, text: messages.send({"type": "text", "row": row, "text": text}),
            on_progress=lambda step, total, info: messages.send(
                {"type": "progress", "step": step, "total": total, "info": info}
            ),
            stop=stop,
        )
        engine = open_engine(
            paths,
            model=request.get("model"),
            adapter=request.get("adapter"),
            device=request.get("device"),
            threads=request.get("threads"),
            decoder=request.get("decoder"),
        )
        try:
            result = run_job(engine, str(request["name"]), dict(request["params"]), ctx)
        finally:
            engine.close()
    except Cancelled:
        messages.send({"type": "error", "kind": "cancelled", "message": "stopped"})
    except UserError as exc:
        messages.send({"type": "error", "kind": "user", "message": str(exc)})
    except BaseException as exc:
        logging.getLogger(__name__).exception("isolated job failed")
        messages.send(
            {"type": "error", "kind": "bug", "message": f"{exc.__class__.__name__}: {exc}"}
        )
    else:
        messages.send({"type": "result", "value": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
