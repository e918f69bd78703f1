"""The model manager's backend box: choose a server, the key to the keyring, test connection."""

from __future__ import annotations

import keyring
import pytest

from engine.app import open_store
from engine.runtime.backend import describe, load_backend
from gui.widgets.backend_box import BackendBox
from gui.worker.client import EngineClient
from tests.fake_openai import FakeServer, MemoryKeyring

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


@pytest.fixture
def box(qtbot, data_paths):
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    client = EngineClient(data_paths, threads=1)
    widget = BackendBox(client)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    widget.ring = ring
    yield widget
    client.shutdown()
    keyring.set_keyring(previous)


def test_choosing_a_server_saves_it_keys_the_keyring_and_tests_it(qtbot, box, data_paths):
    assert not box.url_edit.isEnabled()
    with FakeServer() as server:
        box.remote_radio.setChecked(True)
        box.url_edit.setText(server.url)
        box.model_edit.setText("smol")
        box.key_edit.setText("sk-typed")
        with qtbot.waitSignal(box.changed, timeout=10_000):
            box.save_button.click()
        assert box.key_edit.text() == "" and "keyring" in box.key_edit.placeholderText()
        assert box.ring.items == {("ShopScribe", server.url): "sk-typed"}
        store = open_store(data_paths)
        try:
            saved = describe(load_backend(store))
            assert "sk-typed" not in str(store.rows("SELECT * FROM settings"))
        finally:
            store.close()
        assert saved == {"kind": "remote", "base_url": server.url, "model": "smol", "has_key": True}
        with qtbot.waitSignal(box.checked, timeout=10_000) as answered:
            box.check_button.click()
        assert answered.args == [True] and "Hello there" in box.status.text()
        assert server.headers[-1]["Authorization"] == "Bearer sk-typed"


def test_a_refused_key_is_shown_and_local_comes_back(qtbot, box):
    with FakeServer("401") as server:
        box.remote_radio.setChecked(True)
        box.url_edit.setText(server.url)
        box.model_edit.setText("smol")
        with qtbot.waitSignal(box.changed, timeout=10_000):
            box.save_button.click()
        with qtbot.waitSignal(box.checked, timeout=10_000) as answered:
            box.check_button.click()
    assert answered.args == [False] and "refused the API key" in box.status.text()
    box.local_radio.setChecked(True)
    with qtbot.waitSignal(box.changed, timeout=10_000):
        box.save_button.click()
    assert "this computer" in box.status.text() and not box.url_edit.isEnabled()
