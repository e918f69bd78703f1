"""The composition root: every feature's schema wired to one data folder's store and engine.

Entry points (the CLI, the window, the child process of isolated jobs, tests) open stores
and engines here, so the store layer never needs to know which features exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.bulk.runs import schema as bulk_schema
from engine.catalog.store import schema as catalog_schema
from engine.core.paths import Paths
from engine.customers.schema import schema as customers_schema
from engine.faq.book import schema as faq_schema
from engine.history.store import schema as history_schema
from engine.listing.voice import schema as listing_schema
from engine.runtime.engine import Engine
from engine.store.connection import Store
from engine.store.migrations import MigrationSet

SCHEMAS: tuple[MigrationSet, ...] = (
    history_schema,
    bulk_schema,
    listing_schema,
    catalog_schema,
    customers_schema,
    faq_schema,
)
"""Every feature's migration set, in the order they are applied (after the store's own)."""


def open_store(path: Paths | Path | str, *, check: bool = False) -> Store:
    """A store on a data folder's database (or a file / ``:memory:``) with every schema.

    ``check`` runs the integrity check first (start-up): a damaged file is moved aside and
    :class:`~engine.store.backup.CorruptDatabase` raised.
    """
    return Store(path.db if isinstance(path, Paths) else path, SCHEMAS, check=check)


def open_engine(paths: Paths, **overrides: Any) -> Engine:
    """An engine on ``paths`` (``model``, ``adapter``, ``device``, ``threads``, ``decoder``)."""
    return Engine(paths, schema=SCHEMAS, **overrides)
