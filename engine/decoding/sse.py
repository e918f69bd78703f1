"""One streamed chat request to an OpenAI-compatible server: HTTP, server-sent events, errors.

Plain ``http.client`` (no proxies, no redirects followed): a connection goes to the configured
host and port and nowhere else. Failures become :class:`~engine.core.errors.UserError` texts a
merchant can act on; :class:`Retryable` marks the ones worth another try (refused connection,
timeout before any text, 429/502/503/504).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from engine.core.errors import UserError

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
"""HTTP statuses that may pass (an overloaded or restarting server); 500 included: llama.cpp
answers it while a model is still loading."""
MAX_ERROR_BODY = 64 * 1024


class Retryable(UserError):
    """A failure another attempt may not meet (the message is still the merchant's)."""


@dataclass(frozen=True)
class Endpoint:
    """Where chat completions are posted: scheme, host, port and path, parsed once."""

    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def parse(cls, base_url: str) -> Endpoint:
        """``http://host:port[/prefix][/v1]`` → the ``…/v1/chat/completions`` endpoint.

        Raises:
            UserError: for anything but an http(s) URL with a host.

        """
        parts = urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserError(
                f"the server address must look like http://host:port/v1, not {base_url!r}"
            )
        if parts.username or parts.password or parts.query or parts.fragment:
            raise UserError("put the API key in the keyring, not in the server address")
        path = parts.path.rstrip("/")
        if not path.endswith("/v1"):
            path += "/v1"
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise UserError(f"the port in {base_url!r} is not a number") from None
        return cls(parts.scheme, parts.hostname, port, path + "/chat/completions")

    @property
    def origin(self) -> str:
        """``scheme://host:port`` for messages."""
        return f"{self.scheme}://{self.host}:{self.port}"


class ChatStream:
    """One open streaming request; iterate :meth:`chunks`, :meth:`close` from any thread."""

    def __init__(self, endpoint: Endpoint, connect_s: float, read_s: float) -> None:
        self.endpoint = endpoint
        self.connect_s = connect_s
        self.read_s = read_s
        kind = (
            http.client.HTTPSConnection
            if endpoint.scheme == "https"
            else http.client.HTTPConnection
        )
        self.conn = kind(endpoint.host, endpoint.port, timeout=connect_s)
        self.response: http.client.HTTPResponse | None = None
        self.sock: socket.socket | None = None
        self.closed = False

    def open(self, body: dict[str, Any], api_key: str | None) -> None:
        """Connect, post ``body`` and check the status.

        Raises:
            Retryable: when the server cannot be reached or answers a passing error.
            UserError: when it refuses the key, lacks the model or rejects the request.

        """
        where = self.endpoint.origin
        headers = {
            "Content-Type": "application/json",
            "Accept": "text/event-stream",
            "User-Agent": "ShopScribe",
        }
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        try:
            self.conn.connect()
            self.sock = self.conn.sock  # kept: the response takes it over from conn
            if self.sock is not None:
                self.sock.settimeout(self.read_s)
            payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.conn.request("POST", self.endpoint.path, body=payload, headers=headers)
            response = self.conn.getresponse()
        except TimeoutError:
            raise Retryable(
                f"the remote server at {where} did not answer within {self.read_s:g} s "
                "(it is slow or overloaded); try again, or raise the timeout"
            ) from None
        except (ConnectionError, OSError, http.client.HTTPException) as exc:
            if self.closed:
                raise Retryable("stopped") from None
            raise Retryable(
                f"the remote server at {where} cannot be reached ({_reason(exc)}); is it "
                "running? Check the address with `shopscribe backend show`"
            ) from None
        self.response = response
        if response.status >= 400:
            raise _status_error(response, where, str(body.get("model", "")))

    def chunks(self) -> Iterator[dict[str, Any]]:
        """Each ``data:`` event as a dict, until ``[DONE]`` or the end of the stream.

        Raises:
            UserError: for a malformed chunk, an error event or a stall longer than the
                read timeout (:class:`Retryable` is left to the caller to judge).

        """
        assert self.response is not None
        where = self.endpoint.origin
        data: list[str] = []
        while True:
            try:
                raw = self.response.readline(1 << 20)
            except TimeoutError:
                raise Retryable(
                    f"the remote server at {where} stopped sending for {self.read_s:g} s "
                    "(it is slow or overloaded)"
                ) from None
            except (OSError, ValueError, http.client.HTTPException, AttributeError) as exc:
                if self.closed:
                    return
                raise Retryable(f"the connection to {where} broke ({_reason(exc)})") from None
            if not raw:
                if data:
                    yield _parse(data, where)
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
            elif not line and data:
                if data == ["[DONE]"]:
                    return
                yield _parse(data, where)
                data = []
            # comments (": ping"), event:, id: and retry: lines carry nothing we use

    def close(self) -> None:
        """Close the connection (a read blocked in another thread returns at once)."""
        self.closed = True
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self.response is not None:
            self.response.close()
        self.conn.close()
        if sock is not None:
            sock.close()


def _parse(data: list[str], where: str) -> dict[str, Any]:
    """One event's data lines as a chunk; an ``error`` object becomes a :class:`UserError`."""
    text = "\n".join(data)
    try:
        chunk = json.loads(text)
    except json.JSONDecodeError:
        raise UserError(
            f"the remote server at {where} sent a malformed stream chunk: {text[:80]!r}"
        ) from None
    if not isinstance(chunk, dict):
        raise UserError(f"the remote server at {where} sent a malformed stream chunk")
    if "error" in chunk:
        raise UserError(f"the remote server at {where} returned an error: {_message(chunk)}")
    return chunk


def _message(data: Any) -> str:
    """The human message inside an OpenAI-style error body."""
    error = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(error, dict):
        return str(error.get("message") or error.get("detail") or error)[:300]
    return str(error)[:300]


def _status_error(response: http.client.HTTPResponse, where: str, model: str) -> UserError:
    """The error for an HTTP status of 400 or more."""
    status = response.status
    try:
        body = response.read(MAX_ERROR_BODY).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        body = ""
    try:
        detail = _message(json.loads(body))
    except (json.JSONDecodeError, ValueError):
        detail = body.strip()[:300] or response.reason
    if status in (401, 403):
        return UserError(
            f"the remote server at {where} refused the API key (HTTP {status}); set the right "
            "one with `shopscribe backend set remote --url URL --model NAME --key-stdin`"
        )
    if status == 404:
        return UserError(
            f"the remote server at {where} has no model {model!r} or no chat endpoint "
            f"(HTTP 404: {detail}); check the model name and the address"
        )
    message = f"the remote server at {where} returned an error (HTTP {status}: {detail})"
    return Retryable(message) if status in RETRY_STATUSES else UserError(message)


def _reason(exc: BaseException) -> str:
    """A short reason for a socket-level failure."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    return str(exc) or exc.__class__.__name__
