"""The kill test at CI size: 20 SIGKILLs of a real writer, the database checked after each.

Two of the writers are the window itself, offscreen (see tests/reliability/gui_writer.py).
"""

from __future__ import annotations

import pytest

from engine.app import open_store
from engine.history.store import History
from engine.listing.voice import BrandVoice, save_voice
from tests.reliability import writer
from tests.reliability.harness import check_database, run_kills

KILLS = 20


def test_kills_lose_no_acknowledged_save_and_tear_none(tmp_path):
    report = run_kills(tmp_path / "data", KILLS, seed=14, gui_every=10)
    figures = report.to_json()
    assert report.problems == [], figures
    assert report.kills == KILLS and report.integrity_ok == KILLS and report.gui_kills == 2
    assert report.finished, figures  # the last resume wrote every product
    assert report.resumes >= 3, figures  # runs were picked up again after kills
    for kind in ("history", "voice", "customers", "bulk"):
        assert report.acked.get(kind, 0) >= 10, figures  # saves of every kind were killed amid


@pytest.fixture
def written(data_paths):  # type: ignore[no-untyped-def]
    store = open_store(data_paths)
    for key in ("r0x0", "r0x1"):
        History(store).add(writer.history_text(key), title=key)
        save_voice(store, BrandVoice(key, words_to_use=writer.voice_words(key)))
    yield store
    store.close()


def test_the_check_sees_a_lost_acknowledged_save(written, data_paths):
    acks = {"history": {"r0x0", "r0x1", "r0x2"}, "voice": {"r0x1"}}
    assert check_database(data_paths.db, acks) == ["acknowledged history r0x2 lost"]


def test_the_check_sees_a_torn_save(written, data_paths):
    written.db.execute("UPDATE generations SET text = 'half' WHERE title = 'r0x1'")
    written.db.execute("UPDATE brand_voices SET words_to_use_json = '[]' WHERE name = 'r0x0'")
    problems = check_database(data_paths.db, {"history": {"r0x0"}})
    assert problems == ["history r0x1 torn", "voice r0x0 torn"]
