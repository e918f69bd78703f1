"""The kill harness's writer: real engine saves in a loop, one ``ACK`` line after each commit.

``python -m tests.reliability.writer DATA_DIR RUN [--finish]`` opens the data folder through
the composition root (migrations included), prints ``READY``, resumes the unfinished bulk run
(or starts one over ``PRODUCTS`` products) and then saves, round after round: a history item,
a brand voice, a customers CSV import (3 contacts with notes, one transaction), a FAQ entry
(when :mod:`engine.faq` is there) and one bulk product through the real bulk runner with a
scripted per-product writer (no model). The harness SIGKILLs it at random moments. ``--finish`` only
resumes the bulk run to its end and prints ``FINISHED``.

Every saved value is a function of its key (:func:`history_text`, …), so a check can tell a
whole save from a torn one without knowing what the writer managed to do.
"""

from __future__ import annotations

import csv
import json
import sys
import threading
from pathlib import Path
from typing import Any

from engine.app import SCHEMAS
from engine.bulk import runner
from engine.bulk.runner import open_run, run_bulk
from engine.bulk.runs import BulkItem, BulkRun, BulkRuns
from engine.core.callbacks import ProgressFn, TextFn, no_progress
from engine.core.paths import Paths
from engine.customers.contacts import KIND_LABELS
from engine.customers.imports import import_contacts
from engine.decoding.protocol import Generator
from engine.history.store import History
from engine.listing.voice import BrandVoice, save_voice
from engine.runtime.engine import Engine
from tests.engine.customers.scripted import ScriptedGenerator

PRODUCTS = 40
"""Products in each bulk run the writer starts."""
CONTACTS = 3
NOTES = 2


def history_text(key: str) -> str:
    """The text saved for history key ``key`` (long enough to span pages over time)."""
    return f"{key} " + "A sturdy stoneware mug, glazed by hand. " * 20


def voice_words(key: str) -> list[str]:
    """The words-to-use of brand voice ``key``."""
    return [key, "cosy", "handmade"]


def contact_email(key: str, index: int) -> str:
    """The e-mail of contact ``index`` of customers import ``key``."""
    return f"{key}-{index}@example.com"


def note_text(key: str, index: int, note: int) -> str:
    """Note ``note`` of contact ``index`` of import ``key``."""
    return f"Order remark {note} for {key}-{index}: prefers the large size."


def contacts_csv(folder: Path, key: str) -> Path:
    """The customers CSV of import ``key``: :data:`CONTACTS` contacts, :data:`NOTES` notes each."""
    path = folder / f"{key}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "email", "phone", "tags", "notes"])
        for i in range(CONTACTS):
            notes = "\n".join(
                f"2025-01-0{n + 1} {KIND_LABELS['note']}: {note_text(key, i, n)}"
                for n in range(NOTES)
            )
            out.writerow([f"Ann {key} {i}", contact_email(key, i), "", "vip", notes])
    return path


def faq_text(key: str) -> str:
    """The text of FAQ entry ``Policy {key}``."""
    return f"Returns for {key}: within 30 days, unused, with the receipt."


def product_csv(folder: Path, count: int = PRODUCTS) -> Path:
    """A Shopify export of ``count`` products (one variant row each)."""
    lines = ["Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value"]
    for i in range(count):
        lines.append(f"mug-{i},Stoneware mug {i},,Shop,Mugs,handmade,TRUE,Size,Large")
    path = folder / "products.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BULK_TEXT = "A stoneware mug, glazed by hand."


def scripted_write_one(
    engine: Engine, run: BulkRun, item: BulkItem, on_text: TextFn, stop: threading.Event
) -> tuple[str, str, list[Any], dict[str, list[str]], int, dict[str, Any]]:
    """The bulk runner's per-product writer without a model or the fact guard.

    Everything around it (:func:`engine.bulk.runner.run_bulk`: recovering rows a crash left
    ``running``, marking, saving the result with its history row) is the real code.
    """
    text = f"{item.title}: {BULK_TEXT}"
    on_text(0, text)
    history = {
        "kind": "bulk",
        "channel": run.channel,
        "title": item.title,
        "settings": {"bulk_run": run.id, "product": item.product_key},
    }
    return text, "", [], {}, 100, history


class ScriptedEngine(Engine):
    """The real engine (store, migrations) with a scripted generator in place of a model."""

    def __init__(self, paths: Paths) -> None:
        super().__init__(paths, schema=SCHEMAS)
        self.scripted = ScriptedGenerator(lambda messages, prefix: BULK_TEXT)

    def generator(self, on_progress: ProgressFn = no_progress) -> Generator:
        """The scripted generator (never loads a model)."""
        return self.scripted  # type: ignore[return-value]


def ack(kind: str, key: str) -> None:
    """Say that a save was committed (the harness trusts only what was said)."""
    sys.stdout.write(f"ACK {kind} {key}\n")
    sys.stdout.flush()


def _unfinished_run(engine: Engine) -> int | None:
    runs = BulkRuns(engine.store).runs(unfinished_only=True, limit=5)
    return runs[0].id if runs else None


def bulk_step(engine: Engine, run_id: int) -> bool:
    """Write one pending product (acked with its key); False when the run has none left."""
    stop = threading.Event()
    wrote: list[str] = []

    def on_progress(step: int, total: int, info: str) -> None:
        event = json.loads(info.split("\t", 1)[1]) if "\t" in info else {}
        if event.get("status") == "done":
            wrote.append(str(event["item"]))
            ack("bulk", f"{run_id}:{event['item']}")
            stop.set()

    result: dict[str, Any] = run_bulk(engine, run_id, on_progress=on_progress, stop=stop)
    return bool(result["pending"]) or bool(wrote)


def main(argv: list[str]) -> int:
    """Run the writer (see the module docstring)."""
    root, run = Path(argv[0]), argv[1]
    finish = "--finish" in argv
    runner._write_one = scripted_write_one  # no model: see scripted_write_one
    engine = ScriptedEngine(Paths(root).ensure())
    store = engine.store  # opened and migrated here
    print("READY", flush=True)
    run_id = _unfinished_run(engine)
    if run_id is not None:
        print(f"RESUME {run_id}", flush=True)
    elif not finish:
        bulk_run, _catalog = open_run(store, product_csv(root))
        run_id = bulk_run.id
        ack("bulk-run", str(run_id))
    if finish:
        while run_id is not None and bulk_step(engine, run_id):
            pass
        print("FINISHED", flush=True)
        engine.close()
        return 0
    try:
        from engine.faq.book import PolicyBook
    except ImportError:  # the FAQ tab is not there yet
        PolicyBook = None  # type: ignore[assignment,misc]
    imports = root / "imports"
    imports.mkdir(exist_ok=True)
    seq = 0
    while True:
        key = f"r{run}x{seq}"
        History(store).add(history_text(key), title=key, channel="description")
        ack("history", key)
        save_voice(store, BrandVoice(key, tone="warm", words_to_use=voice_words(key)))
        ack("voice", key)
        import_contacts(store, contacts_csv(imports, key))
        ack("customers", key)
        if PolicyBook is not None:
            PolicyBook(store).add(f"Policy {key}", faq_text(key))
            ack("faq", key)
        if run_id is None or not bulk_step(engine, run_id):
            bulk_run, _catalog = open_run(store, product_csv(root))
            run_id = bulk_run.id
            ack("bulk-run", str(run_id))
        seq += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
