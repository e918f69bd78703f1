"""The corridor: one worker on one engine thread, jobs awaited from coroutines, stop by flag."""

import asyncio
import threading

import pytest

from engine.jobs.registry import JobContext, job
from gui.worker.client import EngineClient, JobFailed

FACTS = {"title": "Steel Bottle", "attributes": {"capacity": "750 ml"}}
GATE = threading.Event()
STARTED = threading.Event()  # set once the gate job runs on the engine thread


@job("test_wait_for_gate")
def _wait_for_gate(engine, params, ctx: JobContext):  # type: ignore[no-untyped-def]
    """Occupies the engine thread until the test opens the gate."""
    STARTED.set()
    assert GATE.wait(30)
    return "opened"


@job("test_text_then_progress")
def _text_then_progress(engine, params, ctx: JobContext):  # type: ignore[no-untyped-def]
    """Text for product 1, then the event that product 2 starts, then product 2's text."""
    ctx.on_text(0, "end of product one.")
    ctx.on_progress(1, 2, "product two")
    ctx.on_text(0, "product two text")
    return "ok"


@pytest.fixture
def client(qtbot, tiny_paths):
    client = EngineClient(tiny_paths, threads=1)
    yield client
    client.shutdown()


def run(qtbot, coroutine):  # type: ignore[no-untyped-def]
    """Drive a coroutine on the qasync loop while the Qt loop spins; return its result."""
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=120_000)
    return task.result()


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


def test_a_flow_awaits_a_job_and_its_future_resolves_on_the_gui_thread(qtbot, client):
    threads: list[str] = []
    texts: list[str] = []

    async def flow() -> dict:
        _job_id, future = client.start(
            "copy",
            {"facts": FACTS, "max_new_tokens": 12, "seed": 2},
            on_text=lambda v, t: texts.append(t),
        )
        future.add_done_callback(lambda f: threads.append(threading.current_thread().name))
        return await future

    result = run(qtbot, flow())
    assert threads == [threading.main_thread().name]
    assert "".join(texts).strip() == result["variants"][0]["text"]


def test_failures_raise_in_the_flow(qtbot, client):
    async def flow() -> str:
        try:
            await client.run("copy", {"facts": {"title": ""}})
        except JobFailed as exc:
            return f"{exc.kind}: {exc}"
        return "no error"

    outcome = run(qtbot, flow())
    assert outcome.startswith("user: ") and "title" in outcome


def test_text_is_flushed_before_the_next_progress_event(qtbot, client):
    events: list[tuple[str, str]] = []
    client.text_chunk.connect(lambda job, v, text: events.append(("text", text)))
    client.progress.connect(lambda job, s, t, info: events.append(("progress", info)))
    with qtbot.waitSignal(client.finished, timeout=30_000):
        client.submit("test_text_then_progress")
    assert events == [
        ("text", "end of product one."),
        ("progress", "product two"),
        ("text", "product two text"),
    ]


def test_stop_ends_a_long_generation_early(qtbot, client):
    def on_text(job: int, variant: int, text: str) -> None:
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
    GATE.clear()
    outcomes: dict[int, str] = {}
    client.failed.connect(lambda job, message, kind: outcomes.__setitem__(job, kind))
    client.finished.connect(lambda job, result: outcomes.__setitem__(job, "finished"))
    blocker = client.submit("test_wait_for_gate")  # the engine thread is busy with this
    second = client.submit("copy", {"facts": FACTS, "max_new_tokens": 500})
    client.stop(second)  # stopped while it waits in the queue
    GATE.set()
    qtbot.waitUntil(lambda: second in outcomes and blocker in outcomes, timeout=60_000)
    assert outcomes == {blocker: "finished", second: "cancelled"}


def test_a_thread_that_outlives_shutdown_is_kept_until_it_ends(qtbot, tiny_paths):
    # Qt aborts the process when a running QThread is destroyed: a client whose engine thread
    # is still busy after the shutdown timeout must not take the thread down with it.
    import gc

    from gui.worker import client as client_module

    GATE.clear()  # before the job can start: it must still be waiting at shutdown
    STARTED.clear()
    client = EngineClient(tiny_paths, threads=1)
    client.submit("test_wait_for_gate")
    assert client.busy
    # a job still queued at shutdown is cancelled and the thread ends in time, so wait until
    # this one runs (under load the engine thread can take a while to open the store first)
    assert STARTED.wait(30)
    threading.Timer(0.5, GATE.set).start()  # the job ends only after the timeout below
    try:
        assert client.shutdown(timeout_ms=50) is False
        thread = client.engine_thread
        parked = client_module._lingering().parked
        assert thread in parked
        del client, thread
        gc.collect()
        qtbot.waitUntil(lambda: not parked, timeout=10_000)
    finally:
        GATE.set()
