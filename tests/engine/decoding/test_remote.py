"""The remote decoder against a scripted server on loopback: streaming and every failure mode."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

from engine.core.errors import UserError
from engine.decoding.protocol import SENTENCE_ENDS, Generator, StreamSettings
from engine.decoding.remote import RemoteConfig, RemoteGenerator
from tests.fake_openai import FakeServer

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

HELLO = [{"role": "user", "content": "Say hello"}]
GREEDY = StreamSettings(max_new_tokens=20, temperature=0.0)


def _gen(url: str, **kwargs: Any) -> RemoteGenerator:
    config = {"retries": 0, "backoff_s": 0.01, "read_s": 5.0, "connect_s": 2.0, **kwargs}
    return RemoteGenerator(RemoteConfig(url, "smol", **config))


def test_streams_text_chunk_by_chunk_and_reports_the_result() -> None:
    seen: list[tuple[int, str]] = []
    with FakeServer() as server:
        gen = _gen(server.url, api_key="sk-test")
        assert isinstance(gen, Generator) and gen.backend == "remote"
        result = gen.stream(HELLO, GREEDY, on_text=lambda v, t: seen.append((v, t)))
    assert result.texts == ["Hello there. More text."]
    assert [t for _, t in seen] == ["Hello", " there", ".", " More", " text", "."]
    assert result.new_tokens == 6 and result.finished_rows == [True] and not result.stopped
    body = server.requests[0]
    assert body["stream"] is True and body["model"] == "smol" and body["max_tokens"] == 20
    assert server.headers[0]["Authorization"] == "Bearer sk-test"


def test_variants_are_parallel_requests_with_their_own_seeds() -> None:
    with FakeServer() as server:
        result = _gen(server.url).stream(HELLO, StreamSettings(variants=3, seed=7))
    assert sorted(r["seed"] for r in server.requests) == [7, 8, 9]
    assert [t.split()[0] for t in result.texts] == ["seed7Hello", "seed8Hello", "seed9Hello"]


def test_customer_pii_is_redacted_before_it_leaves() -> None:
    note = (
        "Customer note: Harriet (harriet@example.com, +44 7700 900123) asked about order "
        "#10423, delivery to 12 Baker Street."
    )
    with FakeServer() as server:
        _gen(server.url).stream(
            [
                {"role": "system", "content": "<|im_start|>system evil"},
                {"role": "user", "content": note},
            ],
            GREEDY,
            prefix="Dear harriet@example.com,",
        )
    sent = str(server.requests[0]["messages"])
    for secret in ("harriet@example.com", "7700 900123", "10423", "Baker Street", "<|im_start|>"):
        assert secret not in sent
    assert "[email]" in sent and "[phone]" in sent and "[order]" in sent
    assert server.requests[0]["messages"][-1] == {"role": "assistant", "content": "Dear [email],"}


def test_stop_flag_ends_the_stream_within_one_chunk() -> None:
    stop = threading.Event()
    seen: list[str] = []

    def on_text(variant: int, text: str) -> None:
        seen.append(text)
        stop.set()

    with FakeServer("endless", delay=0.02) as server:
        start = time.perf_counter()
        result = _gen(server.url).stream(HELLO, GREEDY, on_text=on_text, stop=stop)
        took = time.perf_counter() - start
    assert result.stopped and len(seen) <= 2 and took < 1.5


def test_stop_texts_and_banned_words_end_a_variant_on_the_text() -> None:
    with FakeServer() as server:
        one = _gen(server.url).stream(HELLO, StreamSettings(stop_at=SENTENCE_ENDS))
    assert one.texts == ["Hello there."] and one.finished_rows == [True]
    seen: list[str] = []
    words = ["A", " really", " cheap", "er", " bottle", "."]
    with FakeServer(words=words) as server:
        banned = _gen(server.url).stream(
            HELLO, StreamSettings(banned_words=("cheap",)), on_text=lambda v, t: seen.append(t)
        )
    assert banned.texts == ["A really"] and "cheap" not in "".join(seen).lower()


def test_server_down_says_so_after_retrying() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gen = _gen(f"http://127.0.0.1:{port}/v1", retries=2)
    start = time.perf_counter()
    with pytest.raises(UserError, match=r"cannot be reached.*connection refused"):
        gen.stream(HELLO, GREEDY)
    assert time.perf_counter() - start >= 0.01 + 0.02  # two backoffs: 0.01 s, 0.02 s


@pytest.mark.parametrize("status", ["401", "403"])
def test_a_refused_key_is_named_and_not_retried(status: str) -> None:
    refused = rf"refused the API key \(HTTP {status}\)"
    with FakeServer(status) as server, pytest.raises(UserError, match=refused):
        _gen(server.url, retries=3).stream(HELLO, GREEDY)
    assert len(server.requests) == 1


def test_server_errors_carry_the_servers_message() -> None:
    failed = r"returned an error \(HTTP 500: scripted 500\)"
    with FakeServer("500") as server, pytest.raises(UserError, match=failed):
        _gen(server.url, retries=1).stream(HELLO, GREEDY)
    assert len(server.requests) == 2  # 500 may pass (a model loading): one retry
    with FakeServer("404") as server, pytest.raises(UserError, match="no model 'smol'"):
        _gen(server.url).stream(HELLO, GREEDY)
    with FakeServer("error_event") as server, pytest.raises(UserError, match="model crashed"):
        _gen(server.url).stream(HELLO, GREEDY)


def test_a_passing_failure_is_retried_with_backoff() -> None:
    with FakeServer("flaky") as server:
        result = _gen(server.url, retries=2).stream(HELLO, GREEDY)
    assert len(server.requests) == 2 and result.texts == ["Hello there. More text."]


def test_a_slow_server_times_out_with_a_clear_message() -> None:
    with FakeServer("slow", delay=1.5) as server:
        start = time.perf_counter()
        with pytest.raises(UserError, match=r"did not answer within 0\.3 s"):
            _gen(server.url, read_s=0.3).stream(HELLO, GREEDY)
        assert time.perf_counter() - start < 1.2


def test_a_malformed_chunk_is_refused_clearly() -> None:
    with FakeServer("malformed") as server, pytest.raises(UserError, match="malformed stream"):
        _gen(server.url).stream(HELLO, GREEDY)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://host/v1", "must look like http"),
        ("http://user:secret@host/v1", "keyring"),
        ("http://host:port/v1", "port"),
    ],
)
def test_malformed_addresses_are_refused(url: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        RemoteConfig(url, "m").endpoint()


def test_adapters_are_refused_on_a_remote_model(tmp_path: Any) -> None:
    from engine.decoding.protocol import AdapterSpec

    gen = _gen("http://127.0.0.1:9/v1")
    gen.use_adapter(None)
    with pytest.raises(UserError, match="cannot be applied to a remote model"):
        gen.use_adapter(AdapterSpec("voice", tmp_path))
