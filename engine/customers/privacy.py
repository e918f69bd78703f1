"""Privacy: export everything about one customer, or forget them everywhere.

Forgetting removes the customer's record, tags, notes (and their full-text and embedding
index entries), saved summaries and recommendations, the history rows made for them or that
mention their e-mail, phone or full name, and their lines in the training files the app built.
It runs with ``PRAGMA secure_delete`` (freed pages are zeroed), rebuilds the full-text
indexes, ``VACUUM``s and truncates the write-ahead log, then does the same in every other
SQLite file of the data folder (backups, files set aside) and scrubs the address from the log
files, and finally searches every file of the data folder for the address, so the result says
where, if anywhere, it is still found. Only a salted hash of the address stays
(:mod:`engine.customers.forgotten`). Adapters trained on a file that held their text are named,
with what retraining without them takes; adapters trained on the merchant's own files are
named as unknown, since the app cannot tell what those files held.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.customers.forgotten import remember_forgotten
from engine.customers.sentiment import mood_timeline
from engine.customers.store import Customer, CustomerBook, email_key
from engine.customers.training import (
    adapters_of_unknown_data,
    adapters_trained_on,
    datasets_dir,
    datasets_with,
    remove_from_datasets,
    retrain_params,
)
from engine.store.connection import Store

SQLITE_MAGIC = b"SQLite format 3\x00"
SKIP_SCAN = (".safetensors", ".gguf", ".bin", ".pt")
"""Model weights: searched by the tests, skipped by the app's own check (gigabytes)."""


def needles(customer: Customer) -> list[str]:
    """What history rows and files are searched for: e-mail, phones, full name."""
    out = [email_key(customer.email)] if customer.email else []
    out += [p for p in [customer.phone, *customer.other_phones] if len(p) >= 6]
    name = customer.name.strip()
    if len(name) >= 5 or (len(name) >= 2 and not name.isascii()):
        out.append(name)
    return out


def _history_ids(conn: sqlite3.Connection, customer_id: int, terms: list[str]) -> list[int]:
    if not _has_table(conn, "generations"):
        return []
    where = ["json_extract(settings_json, '$.customer_id') = ?"]
    params: list[Any] = [customer_id]
    for term in terms:
        where.append(
            "(instr(lower(text), ?) > 0 OR instr(lower(title), ?) > 0"
            " OR instr(lower(facts_json), ?) > 0)"
        )
        params += [term.lower()] * 3
    rows = conn.execute(f"SELECT id FROM generations WHERE {' OR '.join(where)}", params)
    return [int(r[0]) for r in rows]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return row is not None


def forget_plan(store: Store, paths: Paths, customer_id: int) -> dict[str, Any]:
    """What forgetting this customer will remove and which adapters it concerns (a preview)."""
    book = CustomerBook(store)
    customer = book.get(customer_id)
    if customer is None:
        raise UserError(f"no customer {customer_id}")
    files = datasets_with(store, customer_id)
    trained = adapters_trained_on(paths, files)
    unknown = [a for a in adapters_of_unknown_data(paths) if a not in trained]
    return {
        "customer": customer.to_json(),
        "notes": len(book.notes(customer_id)),
        "profiles": len(book.profiles(customer_id)),
        "history": len(_history_ids(store.db.conn, customer_id, needles(customer))),
        "datasets": files,
        "adapters": [
            {
                "name": a.name,
                "data": a.data,
                "retrain": _retrain(paths, a, files),
            }
            for a in trained
        ],
        "unknown_adapters": [{"name": a.name, "data": a.data} for a in unknown],
        "backups": [str(p) for p in _other_databases(paths, store)],
    }


def _retrain(paths: Paths, adapter: Any, files: list[str]) -> dict[str, Any] | None:
    parts = [p.strip() for p in adapter.data.split("+") if p.strip()]
    if len(parts) != 1 or parts[0] not in files:
        return None  # trained on other files too: only the merchant knows where they are
    return retrain_params(adapter, str(datasets_dir(paths) / parts[0]))


def _erase(
    conn: sqlite3.Connection, customer_id: int, key: str, terms: list[str]
) -> dict[str, int]:
    """Delete one customer's rows from a database (the live one or a backup)."""
    counts = {"notes": 0, "profiles": 0, "history": 0}
    if not _has_table(conn, "customers"):
        return counts
    if key:
        row = conn.execute("SELECT id FROM customers WHERE email_key = ?", [key]).fetchone()
        customer_id = int(row[0]) if row else -1
    if customer_id < 0:
        return counts
    history = _history_ids(conn, customer_id, terms)
    conn.execute("BEGIN IMMEDIATE")
    try:
        counts["notes"] = conn.execute(
            "DELETE FROM customer_notes WHERE customer_id = ?", [customer_id]
        ).rowcount
        counts["profiles"] = conn.execute(
            "DELETE FROM customer_profiles WHERE customer_id = ?", [customer_id]
        ).rowcount
        for item_id in history:
            conn.execute("DELETE FROM generations WHERE id = ?", [item_id])
        counts["history"] = len(history)
        conn.execute("DELETE FROM customer_datasets WHERE customer_id = ?", [customer_id])
        conn.execute("DELETE FROM customer_tags WHERE customer_id = ?", [customer_id])
        conn.execute("DELETE FROM customers WHERE id = ?", [customer_id])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return counts


def _compact(conn: sqlite3.Connection) -> None:
    """Rebuild the full-text indexes, VACUUM and truncate the write-ahead log."""
    if _has_table(conn, "customer_notes_fts"):
        conn.execute("INSERT INTO customer_notes_fts(customer_notes_fts) VALUES ('rebuild')")
    if _has_table(conn, "generations_fts"):
        conn.execute("INSERT INTO generations_fts(generations_fts) VALUES ('rebuild')")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _other_databases(paths: Paths, store: Store) -> list[Path]:
    """Every SQLite file in the data folder except the live database (backups, set-aside)."""
    live = store.path.resolve() if store.path else None
    found = []
    for path in sorted(paths.root.rglob("*")):
        if not path.is_file() or path.resolve() == live or path.parent == paths.models:
            continue
        if path.name.endswith(("-wal", "-shm", "-journal")):
            continue
        with contextlib.suppress(OSError), path.open("rb") as handle:
            if handle.read(16) == SQLITE_MAGIC:
                found.append(path)
    return found


def _scrub_logs(paths: Paths, terms: list[str]) -> None:
    for log in paths.logs.glob("*.log*") if paths.logs.is_dir() else ():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = log.read_text(encoding="utf-8")
            lowered = text.lower()
            if any(t.lower() in lowered for t in terms):
                for term in terms:
                    text = _replace_ci(text, term, "[forgotten]")
                log.write_text(text, encoding="utf-8")


def _replace_ci(text: str, term: str, by: str) -> str:
    import re

    return re.sub(re.escape(term), by, text, flags=re.IGNORECASE)


def files_holding(root: Path, needle: str, *, skip_weights: bool = True) -> list[Path]:
    """Files under ``root`` whose bytes contain ``needle`` (UTF-8, any case for ASCII)."""
    wanted = {needle.encode("utf-8"), needle.lower().encode("utf-8")}
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or (skip_weights and path.suffix in SKIP_SCAN):
            continue
        with contextlib.suppress(OSError):
            data = path.read_bytes()
            lowered = data.lower() if needle.isascii() else data
            if any(w in data or w in lowered for w in wanted):
                hits.append(path)
    return hits


def forget(store: Store, paths: Paths, customer_id: int) -> dict[str, Any]:
    """Erase one customer everywhere in the data folder (see the module docstring).

    Returns:
        What was removed, the adapters concerned, the files cleaned and ``still_found``: files
        that still hold the e-mail address (empty when it worked).

    Raises:
        UserError: for an unknown customer.

    """
    plan = forget_plan(store, paths, customer_id)
    customer = CustomerBook(store).get(customer_id)
    assert customer is not None
    key, terms = email_key(customer.email), needles(customer)
    files = datasets_with(store, customer_id)
    conn = store.db.conn
    conn.execute("PRAGMA secure_delete = ON")
    counts = _erase(conn, customer_id, "", terms)
    remember_forgotten(store, customer.email)
    _compact(conn)
    cleaned, not_cleaned = [], []
    for other in _other_databases(paths, store):
        try:
            copy = sqlite3.connect(str(other), isolation_level=None, timeout=10)
            try:
                copy.execute("PRAGMA secure_delete = ON")
                if key and _has_table(copy, "customers"):
                    _erase(copy, -1, key, terms)
                    _compact(copy)
                    cleaned.append(str(other))
            finally:
                copy.close()
        except sqlite3.DatabaseError:
            not_cleaned.append(str(other))  # a damaged file: named, never deleted silently
    datasets = remove_from_datasets(paths, customer_id, files)
    _scrub_logs(paths, [t for t in terms if "@" in t] or terms[:1])
    still = [str(p) for p in files_holding(paths.root, key)] if key else []
    return {
        **plan,
        "removed": counts,
        "datasets_cleaned": datasets,
        "databases_cleaned": cleaned,
        "not_cleaned": not_cleaned,
        "still_found": still,
    }


def export_customer(store: Store, customer_id: int) -> dict[str, Any]:
    """Everything the app holds about one customer, as one JSON-ready document."""
    book = CustomerBook(store)
    customer = book.get(customer_id)
    if customer is None:
        raise UserError(f"no customer {customer_id}")
    notes = book.notes(customer_id)
    history = []
    for item_id in _history_ids(store.db.conn, customer_id, needles(customer)):
        row = store.db.execute(
            "SELECT id, kind, title, text, created_at FROM generations WHERE id = ?", [item_id]
        ).fetchone()
        history.append(dict(zip(("id", "kind", "title", "text", "created_at"), row, strict=True)))
    return {
        "customer": customer.to_json(),
        "notes": [n.to_json() for n in notes],
        "mood": [m.to_json() for m in mood_timeline(notes)],
        "profiles": book.profiles(customer_id),
        "history": history,
        "training_files": datasets_with(store, customer_id),
    }
