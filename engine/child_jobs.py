"""Heavy torch jobs in a child process, behind the same job API (progress, text, stop, result).

Importing torch and transformers and building a model hold the GIL for hundreds of
milliseconds at a time, which would freeze the window even from the engine thread. With the
llama.cpp decoder the window's process never needs torch, so the jobs that do (finetuning, its
pre-flight and preview) run in ``python -m engine.child_jobs``: the engine thread writes one
JSON request to the child's stdin, relays its JSON-lines events to the job context and turns
its last line back into a result or the same exception. Stopping writes ``stop`` to the child,
which sets its own stop flag (training stops within a step and keeps its checkpoint); if the
parent dies, the child's stdin closes and it stops the same way.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
from logging.handlers import RotatingFileHandler
from typing import TYPE_CHECKING, Any

from engine.errors import Cancelled, UserError

if TYPE_CHECKING:
    from engine.jobs import JobContext
    from engine.service import Engine

log = logging.getLogger(__name__)

ISOLATED_JOBS = frozenset({"finetune", "finetune_preflight", "finetune_preview"})
"""Jobs that import torch/transformers; they run in a child when the engine isolates."""


def _request(engine: Engine, name: str, params: dict[str, Any]) -> dict[str, Any]:
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


def run_in_child(engine: Engine, name: str, params: dict[str, Any], ctx: JobContext) -> Any:
    """Run job ``name`` in a fresh Python process; returns its result.

    Raises:
        UserError, Cancelled: as the job raised them in the child.
        RuntimeError: when the child failed in any other way.

    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-m", "engine.child_jobs"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(json.dumps(_request(engine, name, params)) + "\n")
    child.stdin.flush()
    errors: list[str] = []
    drain = threading.Thread(target=lambda: errors.extend(child.stderr or []), daemon=True)
    drain.start()
    watcher = threading.Thread(target=_forward_stop, args=(ctx.stop, child), daemon=True)
    watcher.start()
    outcome: dict[str, Any] | None = None
    try:
        for line in child.stdout:
            message = _parse(line)
            if message is None:
                continue
            if "progress" in message:
                step, total, info = message["progress"]
                ctx.on_progress(int(step), int(total), str(info))
            elif "text" in message:
                row, text = message["text"]
                ctx.on_text(int(row), str(text))
            else:
                outcome = message
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        drain.join(timeout=5)
        watcher.join(timeout=1)
        for pipe in (child.stdin, child.stdout, child.stderr):
            with contextlib.suppress(OSError):
                pipe.close()
    return _result(name, outcome, child.returncode, errors)


def _forward_stop(stop: threading.Event, child: subprocess.Popen[str]) -> None:
    """Tell the child to stop once ``stop`` is set (or quit when the child ends)."""
    while child.poll() is None:
        if stop.wait(0.1):
            try:
                assert child.stdin is not None
                child.stdin.write("stop\n")
                child.stdin.flush()
            except (OSError, ValueError):
                pass
            return


def _parse(line: str) -> dict[str, Any] | None:
    line = line.strip()
    if not line.startswith("{"):
        if line:
            log.info("child: %s", line[:500])
        return None
    try:
        data = json.loads(line)
    except ValueError:
        log.info("child: %s", line[:500])
        return None
    return data if isinstance(data, dict) else None


def _result(name: str, outcome: dict[str, Any] | None, code: int, errors: list[str]) -> Any:
    if outcome is not None and "result" in outcome:
        return outcome["result"]
    if outcome is not None and outcome.get("kind") == "cancelled":
        raise Cancelled()
    if outcome is not None and outcome.get("kind") == "user":
        raise UserError(str(outcome.get("error")))
    tail = "".join(errors)[-2000:]
    log.error("job %s failed in its process (exit %s): %s", name, code, tail)
    message = outcome.get("error") if outcome else f"the {name} process ended with code {code}"
    raise RuntimeError(str(message))


# -- the child side -------------------------------------------------------------------------
def _emit(data: dict[str, Any], lock: threading.Lock) -> None:
    with lock:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()


def _listen(stop: threading.Event) -> None:
    """Set ``stop`` on a ``stop`` line or when the parent goes away (stdin closes)."""
    for line in sys.stdin:
        if line.strip() == "stop":
            break
    stop.set()


def child_main() -> int:
    """Entry point of ``python -m engine.child_jobs``."""
    from engine.jobs import JobContext, run_job
    from engine.paths import resolve_paths
    from engine.service import Engine

    request = json.loads(sys.stdin.readline())
    paths = resolve_paths(request["data_dir"]).ensure()
    handler = RotatingFileHandler(paths.logs / "jobs.log", maxBytes=1_000_000, backupCount=2)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    lock = threading.Lock()
    stop = threading.Event()
    threading.Thread(target=_listen, args=(stop,), daemon=True).start()
    ctx = JobContext(
        on_text=lambda row, text: _emit({"text": [row, text]}, lock),
        on_progress=lambda step, total, info: _emit({"progress": [step, total, info]}, lock),
        stop=stop,
    )
    engine = Engine(
        paths,
        model=request.get("model"),
        adapter=request.get("adapter"),
        device=request.get("device"),
        threads=request.get("threads"),
        decoder=request.get("decoder"),
    )
    try:
        result = run_job(engine, str(request["name"]), dict(request["params"]), ctx)
    except Cancelled:
        _emit({"error": "stopped", "kind": "cancelled"}, lock)
    except UserError as exc:
        _emit({"error": str(exc), "kind": "user"}, lock)
    except Exception as exc:
        logging.getLogger(__name__).exception("job %s failed", request["name"])
        _emit({"error": f"{exc.__class__.__name__}: {exc}", "kind": "bug"}, lock)
    else:
        _emit({"result": result}, lock)
    finally:
        engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
