"""Several processes opening one new data folder at once (``accelerate launch`` does) apply
each migration step once: the step's record is checked inside its own transaction."""

from __future__ import annotations

import multiprocessing
from pathlib import Path


def _open(db: str, start: object) -> None:
    from engine.app import open_store

    start.wait()  # type: ignore[attr-defined]
    open_store(Path(db)).close()


def test_processes_opening_a_new_database_together_migrate_it_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    db = str(tmp_path / "shopscribe.db")
    workers = [context.Process(target=_open, args=(db, start)) for _ in range(3)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    from engine.app import open_store
    from engine.store.migrations import applied_steps

    store = open_store(Path(db))
    try:
        steps = applied_steps(store.db)
    finally:
        store.close()
    assert steps and len(steps) == len(set(steps))
