"""The remote backend end to end against llama.cpp's real server on loopback, serving the
default model's 8-bit GGUF: the same greedy text as the local llama.cpp decoder, stop within
a chunk, and the copy command. Runs wherever llama-cpp-python[server] is installed."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.decoding.protocol import StreamSettings
from engine.decoding.remote import RemoteConfig, RemoteGenerator
from tests import llama_server
from tests.cli import cli
from tests.conftest import real_smollm2_dir

pytestmark = [
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1"]),
    pytest.mark.skipif(
        not llama_server.available(),
        reason="llama-cpp-python[server] is not installed (requirements/llama-server.txt)",
    ),
]

ASK = [{"role": "user", "content": "Describe a steel water bottle in one sentence."}]
GREEDY = StreamSettings(max_new_tokens=24, temperature=0.0)


@pytest.fixture(scope="module")
def smollm2_gguf() -> Path:
    return real_smollm2_dir() / "model-q8_0.gguf"


@pytest.fixture(scope="module")
def server_url(smollm2_gguf: Path) -> Iterator[str]:
    with llama_server.serve(smollm2_gguf) as url:
        # the first request pays llama.cpp's warm-up; tests and figures start after it
        RemoteGenerator(RemoteConfig(url, "smollm2")).stream(ASK, StreamSettings(max_new_tokens=1))
        yield url


def test_real_server_streams_the_same_greedy_text_as_local_llama(
    server_url: str, smollm2_gguf: Path
) -> None:
    from engine.decoding.llama_generator import LlamaGenerator

    chunks: list[str] = []
    remote = RemoteGenerator(RemoteConfig(server_url, "smollm2"))
    got = remote.stream(ASK, GREEDY, on_text=lambda v, t: chunks.append(t))
    assert got.texts[0] and len(chunks) > 5 and got.first_token_s < got.seconds
    local = LlamaGenerator.load(smollm2_gguf.parent, name="smollm2", threads=2)
    try:
        mine = local.stream(ASK, GREEDY)
    finally:
        local.close()
    # one file, one template, greedy: the same opening (llama.cpp's batch sizes differ between
    # the two paths, so later near-ties may break the other way)
    assert got.texts[0].split()[:5] == mine.texts[0].split()[:5]


def test_real_server_stops_within_one_chunk(server_url: str) -> None:
    stop = threading.Event()
    seen: list[str] = []

    def on_text(variant: int, text: str) -> None:
        seen.append(text)
        if len(seen) == 3:
            stop.set()

    remote = RemoteGenerator(RemoteConfig(server_url, "smollm2"))
    result = remote.stream(ASK, StreamSettings(max_new_tokens=200), on_text=on_text, stop=stop)
    assert result.stopped and 3 <= len(seen) <= 4


def test_copy_command_on_the_real_server(server_url: str, tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"title": "Steel Bottle", "features": ["leak-proof lid"]}))
    run = cli(
        "--backend", "openai", "--base-url", server_url, "--remote-model", "smollm2",
        "copy", "--facts", str(facts), "--max-new-tokens", "24", "--seed", "3", "--json",
        data_dir=tmp_path / "data",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.json()["variants"][0]["text"]
