"""The kill harness: start the writer, SIGKILL it at a random moment, check the database.

After each kill the database must pass ``PRAGMA integrity_check`` (and FTS5's own check),
open through the app's store (migrations included), hold every save whole or not at all, and
hold every save the writer acknowledged. At the end a last writer resumes the bulk run and
must finish it. Used by ``tests/reliability/test_kills.py`` (about 20 kills in ``make test``)
and ``bench/stress.py`` (200 with ``make stress``).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from engine.store.backup import quick_check
from tests.reliability import writer

ROOT = Path(__file__).resolve().parents[2]
EARLY = 0.2
"""The share of kills aimed at start-up rather than at saving."""


@dataclass
class KillReport:
    """What a harness run saw."""

    kills: int = 0
    gui_kills: int = 0
    integrity_ok: int = 0
    acked: dict[str, int] = field(default_factory=dict)
    resumes: int = 0
    finished: bool = False
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        """The figures, for ``bench/stress.py --json`` and test messages."""
        return {
            "kills": self.kills,
            "window_kills": self.gui_kills,
            "integrity_ok": self.integrity_ok,
            "acked": self.acked,
            "resumes": self.resumes,
            "bulk_finished": self.finished,
            "problems": self.problems[:20],
            "seconds": round(self.seconds, 1),
        }


def _start(data: Path, run: int, *extra: str, gui: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    module = "tests.reliability.gui_writer" if gui else "tests.reliability.writer"
    return subprocess.Popen(
        [sys.executable, "-m", module, str(data), str(run), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def check_backups(db: Path) -> list[str]:
    """Every finished backup file must be a sound database (a killed one is only a temp)."""
    folder = db.parent / "backups"
    files = sorted(folder.glob("*.db")) if folder.is_dir() else []
    return [f"backup {f.name} is damaged" for f in files if quick_check(f) != "ok"]


def check_database(db: Path, acks: dict[str, set[str]]) -> list[str]:
    """Everything wrong with the database after a kill (empty when all is well)."""
    if not db.exists():
        return [] if not any(acks.values()) else ["the database is gone"]
    conn = sqlite3.connect(db)
    try:
        problems = _check(conn, acks)
    finally:
        conn.close()
    return problems


def _check(conn: sqlite3.Connection, acks: dict[str, set[str]]) -> list[str]:
    verdict = conn.execute("PRAGMA integrity_check").fetchall()
    if verdict != [("ok",)]:
        return [f"integrity_check: {verdict[:3]}"]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "generations" not in tables:
        return [] if not any(acks.values()) else ["acknowledged saves but no tables"]
    problems: list[str] = []
    for fts in ("generations_fts", "customer_notes_fts", "faq_fts"):
        if fts not in tables:
            continue
        try:  # FTS5's own check: the index matches its content, row for row
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"full-text index {fts}: {exc}")
    history = dict(conn.execute("SELECT title, text FROM generations WHERE kind = 'copy'"))
    problems += [f"history {k} torn" for k, t in history.items() if t != writer.history_text(k)]
    voices = dict(conn.execute("SELECT name, words_to_use_json FROM brand_voices"))
    problems += [f"voice {k} torn" for k, w in voices.items() if w != _json(writer.voice_words(k))]
    contacts: dict[str, int] = defaultdict(int)
    notes: dict[str, int] = defaultdict(int)
    for email, count in conn.execute(
        "SELECT c.email, (SELECT count(*) FROM customer_notes n WHERE n.customer_id = c.id)"
        " FROM customers c"
    ):
        key = str(email).rsplit("-", 1)[0]
        contacts[key] += 1
        notes[key] += int(count)
    for key in contacts:
        if contacts[key] != writer.CONTACTS or notes[key] != writer.CONTACTS * writer.NOTES:
            problems.append(f"customers import {key} torn: {contacts[key]}, {notes[key]} notes")
    faq: dict[str, str] = {}
    if "faq_entries" in tables:
        faq = {t.removeprefix("Policy "): x for t, x in conn.execute(_FAQ)}
        problems += [f"faq {k} torn" for k, x in faq.items() if x != writer.faq_text(k)]
        ids = {r[0] for r in conn.execute("SELECT id FROM faq_entries")}
        if ids != {r[0] for r in conn.execute("SELECT rowid FROM faq_fts")}:
            problems.append("faq entries and their search index differ")
    done = {
        f"{run}:{item}"
        for run, item, text in conn.execute(
            "SELECT run_id, id, generated FROM bulk_items WHERE status IN ('done', 'accepted')"
        )
        if text and str(text).endswith(writer.BULK_TEXT)
    }
    for run, product, count in conn.execute(_BULK_HISTORY):
        problems.append(f"bulk run {run} product {product}: {count} history rows for one save")
    runs = {str(r[0]) for r in conn.execute("SELECT id FROM bulk_runs")}
    present = {"history": set(history), "voice": set(voices), "customers": set(contacts)}
    present |= {"faq": set(faq), "bulk": done, "bulk-run": runs}
    for kind, keys in acks.items():
        lost = keys - present.get(kind, set())
        problems += [f"acknowledged {kind} {k} lost" for k in sorted(lost)[:5]]
    return problems


_BULK_HISTORY = """SELECT json_extract(settings_json, '$.bulk_run') AS run,
    json_extract(settings_json, '$.product') AS product, count(*) AS n FROM generations
    WHERE kind = 'bulk' GROUP BY run, product HAVING n > 1"""
_FAQ = "SELECT title, text FROM faq_entries WHERE title LIKE 'Policy r%'"


def _json(words: list[str]) -> str:
    import json

    return json.dumps(words, ensure_ascii=False)


def _open_with_the_app(data: Path) -> list[str]:
    """Open the data folder the way the app does (migrations, a second open is a no-op)."""
    from engine.app import open_store
    from engine.core.paths import Paths

    try:  # as the app does: the folder made first (a kill may come before the writer made it)
        store = open_store(Paths(data).ensure(), check=True)
    except Exception as exc:
        return [f"the app cannot open it: {exc.__class__.__name__}: {exc}"]
    store.close()
    return []


def run_kills(
    data: Path,
    kills: int,
    *,
    seed: int = 14,
    max_delay: float = 1.2,
    gui_every: int = 10,
    verbose: bool = False,
) -> KillReport:
    """Kill a writer ``kills`` times at random moments, checking after each; then finish.

    Every ``gui_every``-th writer is the window offscreen (:mod:`tests.reliability.gui_writer`),
    the others the engine writer (:mod:`tests.reliability.writer`).
    """
    rng = random.Random(seed)
    report = KillReport()
    acks: dict[str, set[str]] = defaultdict(set)
    started = time.perf_counter()
    for run in range(kills):
        gui = gui_every > 0 and run % gui_every == gui_every - 1
        process = _start(data, run, gui=gui)
        report.gui_kills += gui
        head = ""
        if rng.random() < EARLY:  # now and then during start-up (opening, migrations)
            time.sleep(rng.uniform(0.0, 1.5))
        else:  # mostly while it saves
            assert process.stdout is not None
            head = process.stdout.readline()
            time.sleep(rng.uniform(0.0, max_delay))
        process.send_signal(signal.SIGKILL)
        assert process.stdout is not None and process.stderr is not None
        with process.stdout, process.stderr:
            out = head + process.stdout.read()  # on from the same buffer: no line is lost
            err = process.stderr.read()
        process.wait(timeout=30)
        report.kills += 1
        if "Traceback" in err:
            report.problems.append(f"kill {run}: the writer failed: {err.strip()[-400:]}")
        for line in out.splitlines():
            parts = line.split()
            if parts[:1] == ["ACK"] and len(parts) == 3:
                acks[parts[1]].add(parts[2])
            elif parts[:1] == ["RESUME"]:
                report.resumes += 1
        problems = check_database(data / "shopscribe.db", acks) + _open_with_the_app(data)
        problems += check_backups(data / "shopscribe.db")
        report.integrity_ok += not any(p.startswith("integrity") for p in problems)
        report.problems += [f"kill {run}: {p}" for p in problems]
        if verbose:
            total = sum(len(v) for v in acks.values())
            print(f"kill {run + 1}/{kills}: {total} acks, {len(problems)} problems", flush=True)
    final = _start(data, kills, "--finish")
    out, err = final.communicate(timeout=300)
    report.finished = final.returncode == 0 and "FINISHED" in out
    if not report.finished:
        report.problems.append(f"the last resume did not finish: {err.strip()[-400:]}")
    report.problems += check_database(data / "shopscribe.db", acks)
    conn = sqlite3.connect(data / "shopscribe.db")
    left = conn.execute("SELECT count(*) FROM bulk_items WHERE status != 'done'").fetchone()[0]
    conn.close()
    if left:
        report.problems.append(f"{left} bulk products not written after the last resume")
    report.acked = {kind: len(keys) for kind, keys in sorted(acks.items())}
    report.seconds = time.perf_counter() - started
    return report
