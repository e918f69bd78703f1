"""llama.cpp's OpenAI-compatible server (llama-cpp-python's ``[server]`` extra) on loopback.

Used by the real-server tests and ``bench/remote.py``: ``serve(gguf)`` starts
``python -m llama_cpp.server`` on 127.0.0.1 (a free port) in a subprocess, waits until it
answers and stops it afterwards. ``available()`` says whether the extra is installed
(``make setup`` installs it from requirements/llama-server.txt).
"""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def available() -> bool:
    """True when llama_cpp and its server's dependencies can be imported."""
    needed = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")
    return all(importlib.util.find_spec(name) is not None for name in needed) and (
        importlib.util.find_spec("pydantic_settings") is not None
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def serve(gguf: Path, threads: int = 2, n_ctx: int = 2048, wait_s: float = 90.0) -> Iterator[str]:
    """Run the server on ``gguf``; yields its base URL (``http://127.0.0.1:PORT/v1``)."""
    port = _free_port()
    command = [
        sys.executable, "-m", "engine.decoding.serve_llama", "--model", str(gguf),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx),
        "--n_threads", str(threads), "--n_threads_batch", str(threads), "--verbose", "False",
    ]  # fmt: skip
    log = tempfile.NamedTemporaryFile(prefix="llama-server-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + wait_s
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"llama.cpp's server did not start (see {log.name})")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
