"""FAQ fixtures: a store holding the indexed 46-entry book, and the labelled questions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from engine.app import open_store
from engine.core.paths import Paths
from engine.store.connection import Store
from tests.engine.faq.book_cache import FAQ_DATA, install_book


@pytest.fixture
def book_paths(data_paths: Paths) -> Paths:
    """A data folder whose database holds the indexed book."""
    return install_book(data_paths)


@pytest.fixture
def book_store(book_paths: Paths) -> Iterator[Store]:
    """A store on :func:`book_paths`."""
    store = open_store(book_paths)
    yield store
    store.close()


@pytest.fixture(scope="session")
def labelled() -> list[dict[str, Any]]:
    """Every labelled question."""
    lines = (FAQ_DATA / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def messages() -> list[dict[str, Any]]:
    """The reply-draft messages with their expectations."""
    lines = (FAQ_DATA / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
