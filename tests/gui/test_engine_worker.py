import pytest

from gui.engine_worker import EngineClient

FACTS = {"title": "Steel Bottle", "attributes": {"capacity": "750 ml"}}


@pytest.fixture
def client(qtbot, tiny_paths):
    client = EngineClient(tiny_paths, threads=1)
    yield client
    client.shutdown()


def test_text_arrives_in_order_then_finished(qtbot, client):
    chunks: list[str] = []
    client.text_chunk.connect(lambda job, variant, text: chunks.append(text))
    with qtbot.waitSignal(client.finished, timeout=60_000) as blocker:
        job = client.submit("copy", {"facts": FACTS, "max_new_tokens": 24, "seed": 1})
    job_id, result = blocker.args
    assert job_id == job
    assert "".join(chunks).strip() == result["variants"][0]["text"]
    assert result["model"] == "tiny"
    assert result["variants"][0]["id"] > 0
    assert not client.busy


def test_stop_ends_a_long_generation_early(qtbot, client):
    received: list[str] = []

    def on_text(job: int, variant: int, text: str) -> None:
        received.append(text)
        client.stop(job)

    client.text_chunk.connect(on_text)
    with qtbot.waitSignal(client.finished, timeout=60_000) as blocker:
        client.submit("copy", {"facts": FACTS, "max_new_tokens": 2000, "seed": 1})
    result = blocker.args[1]
    assert result["stopped"] is True
    assert len(result["variants"][0]["text"]) < 2000


def test_user_error_reaches_the_ui_as_a_message(qtbot, client):
    with qtbot.waitSignal(client.failed, timeout=30_000) as blocker:
        client.submit("copy", {"facts": {"title": ""}})
    _, message, kind = blocker.args
    assert kind == "user" and "title" in message


def test_a_bug_is_reported_not_raised(qtbot, client):
    with qtbot.waitSignal(client.failed, timeout=30_000) as blocker:
        client.submit("copy", {"facts": FACTS, "variants": "many"})
    _, message, kind = blocker.args
    assert kind == "bug" and "ValueError" in message
    # the engine thread is still alive and serves the next job
    with qtbot.waitSignal(client.finished, timeout=60_000):
        client.submit("copy", {"facts": FACTS, "max_new_tokens": 4})


def test_stop_before_start_cancels(qtbot, client):
    outcomes: dict[int, str] = {}
    client.failed.connect(lambda job, message, kind: outcomes.__setitem__(job, kind))
    client.finished.connect(
        lambda job, result: outcomes.__setitem__(
            job, "stopped" if result.get("stopped") else "finished"
        )
    )
    client.submit("load_model")
    second = client.submit("copy", {"facts": FACTS, "max_new_tokens": 500})
    client.stop(second)
    qtbot.waitUntil(lambda: second in outcomes, timeout=60_000)
    assert outcomes[second] in ("cancelled", "stopped")
