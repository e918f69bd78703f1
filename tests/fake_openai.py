"""A tiny OpenAI-compatible chat server on loopback, scripted per test (for failure modes).

``FakeServer(mode)`` serves ``POST /v1/chat/completions`` on 127.0.0.1 (a free port) in a
thread, records every request body and header, and answers as ``mode`` says.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from keyring.backend import KeyringBackend


class FakeServer:
    """A scripted server; use as a context manager."""

    def __init__(self, mode: str = "ok", words: list[str] | None = None, delay: float = 0.0):
        self.mode = mode
        self.words = words or ["Hello", " there", ".", " More", " text", "."]
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.sent_after_close = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL (with /v1)."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.httpd.server_address[1])

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                server.requests.append(body)
                server.headers.append(dict(self.headers))
                server.respond(self, body, len(server.requests))

        return Handler

    # -- answers ---------------------------------------------------------------------------
    def respond(self, handler: BaseHTTPRequestHandler, body: dict[str, Any], count: int) -> None:
        """Answer one request as the mode says."""
        mode = self.mode
        if mode == "flaky":
            mode = "503" if count == 1 else "ok"
        if mode in ("401", "403", "404", "500", "503", "400"):
            error = {"error": {"message": f"scripted {mode}", "type": "test"}}
            self._send_json(handler, int(mode), error)
            return
        if mode == "slow":
            time.sleep(self.delay or 2.0)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            if mode == "malformed":
                handler.wfile.write(b"data: {not json\n\n")
                return
            if mode == "error_event":
                handler.wfile.write(b'data: {"error": {"message": "model crashed"}}\n\n')
                return
            words = list(self.words)
            if "seed" in body:
                words = [f"seed{body['seed']}", *words]
            if mode == "endless":
                words = [f" w{i}" for i in range(400)]
            handler.wfile.write(b": ping\n\n")
            for word in words:
                chunk = {"choices": [{"index": 0, "delta": {"content": word}}]}
                handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                handler.wfile.flush()
                if self.delay and mode != "slow":
                    time.sleep(self.delay)
            end = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            handler.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    @staticmethod
    def _send_json(handler: BaseHTTPRequestHandler, status: int, data: Any) -> None:
        raw = json.dumps(data).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend for tests (never the user's keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)
