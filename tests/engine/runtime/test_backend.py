"""The backend setting: local by default, a remote server only when chosen, the key in the
keyring, and network connections only to the chosen address (pytest-socket guards the rest)."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.decoding.protocol import StreamSettings
from engine.decoding.remote import RemoteGenerator
from engine.runtime import backend as be
from tests.cli import cli
from tests.fake_openai import FakeServer, MemoryKeyring

HELLO = [{"role": "user", "content": "Say hello"}]
FEW = StreamSettings(max_new_tokens=3, temperature=0.0)
LOOPBACK = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring for this test (the user's is never touched)."""
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a socket in this process tries to connect to."""
    seen: list[Any] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            seen.append(address[:2])
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def test_local_is_the_default_and_generation_opens_no_connection(
    tiny_paths: Paths, engine_for: Any, connections: list[Any]
) -> None:
    engine = engine_for(tiny_paths, device="cpu", decoder="torch")
    assert engine.backend_choice() == be.BackendChoice("local")
    generator = engine.generator()
    assert generator.backend != "remote"
    result = generator.stream(HELLO, FEW)
    assert result.new_tokens > 0
    assert connections == []  # and --disable-socket would have refused any inet socket


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_remote_connects_only_to_the_chosen_address(
    data_paths: Paths, engine_for: Any, connections: list[Any]
) -> None:
    with FakeServer() as server:
        engine = engine_for(data_paths)  # no local model installed: none is needed
        be.save_backend(engine.store, be.BackendChoice("remote", server.url, "smol"))
        generator = engine.generator()
        assert isinstance(generator, RemoteGenerator) and connections == []  # lazy
        result = generator.stream(HELLO, StreamSettings(variants=2, max_new_tokens=5))
        assert len(result.texts) == 2 and all(result.texts)
        assert set(connections) == {("127.0.0.1", server.port)}
        assert engine.generator() is generator  # kept while the setting stays
        be.save_backend(engine.store, be.BackendChoice("local"))
        assert be.load_backend(engine.store).base_url == server.url  # remembered for later


def test_the_api_key_lives_in_the_keyring_never_in_settings(
    data_paths: Paths, engine_for: Any, memory_keyring: MemoryKeyring
) -> None:
    engine = engine_for(data_paths)
    choice = be.save_backend(engine.store, be.BackendChoice("openai", "http://10.0.0.5:8000/", "m"))
    assert choice == be.BackendChoice("remote", "http://10.0.0.5:8000", "m")
    be.store_key(choice.base_url, "sk-secret-123")
    assert memory_keyring.items == {("ShopScribe", "http://10.0.0.5:8000"): "sk-secret-123"}
    assert be.describe(choice)["has_key"] is True
    assert be.remote_config(choice).api_key == "sk-secret-123"
    engine.close()
    for path in Path(data_paths.root).rglob("*"):
        if path.is_file():
            assert b"sk-secret-123" not in path.read_bytes(), path
    be.forget_key(choice.base_url)
    assert not be.has_key(choice.base_url)


def test_without_a_keyring_storing_a_key_says_what_to_do() -> None:
    # tests/conftest.py installs keyring's fail backend: no keyring at all
    with pytest.raises(UserError, match="SHOPSCRIBE_API_KEY"):
        be.store_key("http://127.0.0.1:1", "sk")
    assert be.read_key("http://127.0.0.1:1") is None


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (be.BackendChoice("remote", "", "m"), "address"),
        (be.BackendChoice("remote", "http://h:1", ""), "model"),
        (be.BackendChoice("cloud"), "unknown backend"),
    ],
)
def test_incomplete_choices_are_refused(choice: be.BackendChoice, message: str) -> None:
    with pytest.raises(UserError, match=message):
        choice.checked()


def test_cli_backend_set_show_and_back_to_local(
    data_paths: Paths, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("sk-from-stdin\n"))
    url = "http://192.168.1.20:8080/v1"
    run = cli(
        "backend",
        "set",
        "remote",
        "--url",
        url,
        "--model",
        "qwen",
        "--key-stdin",
        "--json",
        data_dir=data_paths.root,
    )
    assert run.code == 0, run.err
    shown = cli("backend", "show", "--json", data_dir=data_paths.root).json()
    assert shown == {"kind": "remote", "base_url": url, "model": "qwen", "has_key": True}
    assert "sk-from-stdin" not in run.out + json.dumps(shown)
    assert cli("backend", "set", "local", data_dir=data_paths.root).code == 0
    assert cli("backend", "show", "--json", data_dir=data_paths.root).json()["kind"] == "local"
    bad = cli("backend", "set", "remote", "--url", "nope", data_dir=data_paths.root)
    assert bad.code == 2 and "http://host:port/v1" in bad.err


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_cli_copy_runs_on_the_remote_server(data_paths: Paths, tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"title": "Steel Bottle", "features": ["leak-proof lid"]}))
    words = ["A", " leak-proof", " steel", " bottle", " for", " every", " day", "."]
    with FakeServer(words=words) as server:
        run = cli(
            "--backend",
            "openai",
            "--base-url",
            server.url,
            "--remote-model",
            "smol",
            "copy",
            "--facts",
            str(facts),
            "--variants",
            "2",
            "--json",
            data_dir=data_paths.root,
        )
        check = cli(
            "--backend",
            "openai",
            "--base-url",
            server.url,
            "--remote-model",
            "smol",
            "backend",
            "check",
            "--json",
            data_dir=data_paths.root,
        )
    assert run.code == 0, run.err
    out = run.json()
    assert len(out["variants"]) == 2 and "leak-proof" in out["variants"][0]["text"]
    assert server.requests and all(r["model"] == "smol" for r in server.requests)
    assert check.code == 0 and check.json()["ok"] is True


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_bulk_and_a_customer_summary_run_remote_and_send_no_pii(
    data_paths: Paths, tmp_path: Path, shopify_template: Path
) -> None:
    customers = Path(__file__).resolve().parents[2] / "data" / "customers"
    root = data_paths.root
    assert cli("customers", "import", str(customers / "customers.csv"), data_dir=root).code == 0
    remote: list[str] = []
    with FakeServer(words=["Loves", " speckled", " glaze", " mugs", "."]) as server:
        remote = ["--backend", "openai", "--base-url", server.url, "--remote-model", "smol"]
        summary = cli(*remote, "customers", "summary", "harriet.lowe@example.com", "--json",
                      data_dir=root)  # fmt: skip
        out = tmp_path / "out.csv"
        bulk = cli(*remote, "bulk", "--in", str(shopify_template), "--out", str(out),
                   "--limit", "1", "--json", data_dir=root)  # fmt: skip
    assert summary.code == 0, summary.err
    assert bulk.code == 0, bulk.err
    assert bulk.json()["done"] == 1 and out.is_file()
    sent = json.dumps(server.requests)
    assert "harriet.lowe@example.com" not in sent and "555 0147" not in sent
    assert "speckled" in sent  # her notes did go, redacted
