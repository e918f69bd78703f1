"""The shop's catalogue, stored once: products imported from a product CSV or added by hand.

Shared by customer recommendations (which may only ever name a product stored here) and the
Copy tab ("Pick from catalogue…" fills the facts form). Products are keyed by their handle
(Shopify's ``Handle``; for WooCommerce a slug of the name); importing a file again updates
the products it holds and never deletes the others. Embeddings for matching are cached in
``catalog_vectors`` (written by whoever computes them; this package computes nothing).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from engine.catalog.facts import ProductFacts
from engine.catalog.product_csv import Catalog, CatalogProduct, read_catalog
from engine.catalog.splice import read_raw
from engine.core.errors import UserError
from engine.core.textfmt import html_to_text
from engine.store.connection import Store, now
from engine.store.migrations import MigrationSet

schema = MigrationSet("catalog")
"""The ``catalog_products`` table and its embedding cache."""


@schema(name="001-products")
def _products(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE catalog_products (
            id INTEGER PRIMARY KEY,
            handle TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            vendor TEXT NOT NULL DEFAULT '',
            tags_json TEXT NOT NULL DEFAULT '[]',
            options_json TEXT NOT NULL DEFAULT '{}',
            description TEXT NOT NULL DEFAULT '',
            facts_json TEXT NOT NULL DEFAULT '{}',
            price TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'active',
            available INTEGER NOT NULL DEFAULT 1,
            source TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE catalog_vectors (
            product_id INTEGER PRIMARY KEY REFERENCES catalog_products(id) ON DELETE CASCADE,
            text_hash TEXT NOT NULL,
            vector BLOB NOT NULL
        )"""
    )


_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A handle from a title ("Linen Café Curtain" → ``linen-caf-curtain``; never empty)."""
    slug = _SLUG.sub("-", text.lower()).strip("-")
    if not slug:
        slug = "product-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return slug[:80]


@dataclass
class ShopProduct:
    """One product of the shop's catalogue."""

    id: int
    handle: str
    title: str
    category: str = ""
    vendor: str = ""
    tags: list[str] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)
    description: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    price: str = ""
    status: str = "active"
    available: bool = True
    """Published and active: the only products recommendations may offer."""
    source: str = "manual"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ShopProduct:
        """Build from a ``catalog_products`` row."""
        return cls(
            id=int(row["id"]),
            handle=row["handle"],
            title=row["title"],
            category=row["category"],
            vendor=row["vendor"],
            tags=json.loads(row["tags_json"] or "[]"),
            options=json.loads(row["options_json"] or "{}"),
            description=row["description"],
            facts=json.loads(row["facts_json"] or "{}"),
            price=row["price"],
            status=row["status"],
            available=bool(row["available"]),
            source=row["source"],
        )

    def product_facts(self, lang: str = "en") -> ProductFacts:
        """The product's facts for a prompt or the Copy tab's form."""
        data = {**self.facts, "title": self.title, "lang": lang}
        return ProductFacts.from_dict(data)

    def match_text(self, limit: int = 240) -> str:
        """What matching reads: title, category, tags, options and description (capped)."""
        options = "; ".join(f"{k}: {', '.join(v)}" for k, v in self.options.items() if v)
        parts = [self.title, self.category, ", ".join(self.tags), options, self.description]
        return ". ".join(p.strip() for p in parts if p and p.strip())[:limit]

    def text_hash(self) -> str:
        """Changes whenever :meth:`match_text` does (the embedding cache's key)."""
        return hashlib.sha256(self.match_text().encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        """``catalog list --json``'s shape (``handle``, ``title``, ``tags``) plus extras."""
        return {
            "handle": self.handle,
            "title": self.title,
            "tags": list(self.tags),
            "category": self.category,
            "price": self.price,
            "available": self.available,
            "status": self.status,
            "source": self.source,
        }


@dataclass
class CatalogueImport:
    """What one import did."""

    kind: str
    added: int
    updated: int
    unavailable: int
    """Products in the file that are drafts or unpublished (kept, never recommended)."""

    @property
    def total(self) -> int:
        """Products read from the file."""
        return self.added + self.updated


def _listing_state(catalog: Catalog) -> dict[str, tuple[str, bool, str]]:
    """Per product key: (status, available, price), from the columns read_catalog skips."""
    raw = read_raw(catalog.path.read_bytes(), catalog.path.name)
    columns = {h.strip(): i for i, h in enumerate(raw.header)}
    data = [r for r in raw.records[1:] if not r.blank]

    def cell(values: list[str], name: str) -> str:
        index = columns.get(name)
        return values[index].strip() if index is not None and index < len(values) else ""

    out: dict[str, tuple[str, bool, str]] = {}
    for product in catalog.products:
        values = data[product.row_index].values
        if catalog.kind == "shopify":
            status = cell(values, "Status").lower() or "active"
            published = cell(values, "Published").lower() not in ("false", "0", "no")
            price = cell(values, "Variant Price")
        else:
            published = cell(values, "Published") not in ("0", "-1")
            status = "active" if published else "draft"
            price = cell(values, "Sale price") or cell(values, "Regular price")
        out[product.key] = (status, published and status == "active", price)
    return out


class Catalogue:
    """The catalogue repository over one :class:`~engine.store.connection.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def _products(self, sql: str, params: list[Any]) -> list[ShopProduct]:
        return [ShopProduct.from_row(r) for r in self.db.query(sql, params)]

    def products(self, *, available_only: bool = False) -> list[ShopProduct]:
        """Every product, by title (only published, active ones with ``available_only``)."""
        where = "WHERE available = 1" if available_only else ""
        return self._products(f"SELECT * FROM catalog_products {where} ORDER BY title, id", [])

    def count(self) -> int:
        """How many products the catalogue holds."""
        return int(self.db.execute("SELECT COUNT(*) FROM catalog_products").fetchone()[0])

    def get(self, handle: str) -> ShopProduct | None:
        """The product with this handle (case-insensitive), if any."""
        found = self._products(
            "SELECT * FROM catalog_products WHERE handle = ? COLLATE NOCASE", [handle.strip()]
        )
        return found[0] if found else None

    def find(self, name: str) -> ShopProduct | None:
        """A product named by its handle or its exact title (case- and space-insensitive)."""
        product = self.get(name)
        if product is not None:
            return product
        wanted = " ".join(name.lower().split())
        for candidate in self.products():
            if " ".join(candidate.title.lower().split()) == wanted:
                return candidate
        return None

    def search(self, query: str, limit: int = 50) -> list[ShopProduct]:
        """Products whose title, handle, category or tags contain ``query``."""
        like = f"%{query.strip()}%"
        return self._products(
            "SELECT * FROM catalog_products WHERE title LIKE ? OR handle LIKE ? OR category"
            " LIKE ? OR tags_json LIKE ? ORDER BY title LIMIT ?",
            [like, like, like, like, limit],
        )

    def _upsert(self, product: ShopProduct) -> bool:
        """Insert or update by handle; True when it was new."""
        stamp = now()
        values = [
            product.title,
            product.category,
            product.vendor,
            json.dumps(product.tags, ensure_ascii=False),
            json.dumps(product.options, ensure_ascii=False),
            product.description,
            json.dumps(product.facts, ensure_ascii=False),
            product.price,
            product.status,
            int(product.available),
            product.source,
        ]
        existing = self.db.execute(
            "SELECT id FROM catalog_products WHERE handle = ?", [product.handle]
        ).fetchone()
        if existing:
            self.db.execute(
                "UPDATE catalog_products SET title=?, category=?, vendor=?, tags_json=?,"
                " options_json=?, description=?, facts_json=?, price=?, status=?, available=?,"
                " source=?, updated_at=? WHERE id=?",
                [*values, stamp, existing[0]],
            )
            product.id = int(existing[0])
            return False
        cursor = self.db.execute(
            "INSERT INTO catalog_products (title, category, vendor, tags_json, options_json,"
            " description, facts_json, price, status, available, source, handle, created_at,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [*values, product.handle, stamp, stamp],
        )
        product.id = int(cursor.lastrowid or 0)
        return True

    def import_file(self, path: Path | str) -> CatalogueImport:
        """Add or update every product of a Shopify or WooCommerce product CSV.

        The whole file is read and checked first, then saved in one transaction: a bad file
        changes nothing.

        Raises:
            UserError: for a file :func:`~engine.catalog.product_csv.read_catalog` refuses.

        """
        catalog = read_catalog(path)
        states = _listing_state(catalog)
        products = []
        taken: set[str] = set()
        for item in catalog.products:
            product = _from_catalog(item, catalog.kind, Path(path).name, states[item.key])
            base, n = product.handle, 2
            while product.handle in taken:  # two WooCommerce products with one name
                product.handle, n = f"{base}-{n}", n + 1
            taken.add(product.handle)
            products.append(product)
        added = updated = 0
        with self.store.transaction():
            for product in products:
                if self._upsert(product):
                    added += 1
                else:
                    updated += 1
        unavailable = sum(1 for p in products if not p.available)
        return CatalogueImport(catalog.kind, added, updated, unavailable)

    def add(self, facts: ProductFacts, *, handle: str = "", price: str = "") -> ShopProduct:
        """Add (or replace) one product by hand from its facts.

        Raises:
            UserError: when the handle is taken by an imported product.

        """
        handle = slugify(handle or facts.title)
        existing = self.get(handle)
        if existing is not None and existing.source != "manual":
            raise UserError(f"the catalogue already has {handle!r} from {existing.source}")
        data = facts.to_dict()
        product = ShopProduct(
            id=0,
            handle=handle,
            title=facts.title,
            category=facts.category,
            tags=list(facts.keywords),
            description=". ".join(facts.features),
            facts={k: v for k, v in data.items() if k not in ("title", "lang")},
            price=price,
        )
        with self.store.transaction():
            self._upsert(product)
        return product

    def delete(self, handle: str) -> bool:
        """Remove one product; True when it was there."""
        cursor = self.db.execute("DELETE FROM catalog_products WHERE handle = ?", [handle])
        return bool(cursor.rowcount)

    # -- the embedding cache ----------------------------------------------------------------
    def cached_vectors(self) -> dict[int, tuple[str, bytes]]:
        """Product id → (text hash, float32 vector bytes) as cached."""
        rows = self.db.execute("SELECT product_id, text_hash, vector FROM catalog_vectors")
        return {int(pid): (str(h), bytes(v)) for pid, h, v in rows}

    def save_vectors(self, vectors: dict[int, tuple[str, bytes]]) -> None:
        """Cache embeddings: product id → (text hash, float32 vector bytes)."""
        with self.store.transaction():
            for pid, (text_hash, blob) in vectors.items():
                self.db.execute(
                    "INSERT INTO catalog_vectors (product_id, text_hash, vector) VALUES (?,?,?)"
                    " ON CONFLICT(product_id) DO UPDATE SET text_hash = excluded.text_hash,"
                    " vector = excluded.vector",
                    [pid, text_hash, blob],
                )


def _from_catalog(
    item: CatalogProduct, kind: str, file_name: str, state: tuple[str, bool, str]
) -> ShopProduct:
    facts = item.facts("en")
    data = facts.to_dict()
    status, available, price = state
    handle = item.key if kind == "shopify" else slugify(item.title)
    return ShopProduct(
        id=0,
        handle=handle,
        title=item.title,
        category=item.category,
        vendor=item.vendor,
        tags=list(item.tags),
        options={k: list(v) for k, v in item.options.items()},
        description=html_to_text(item.description_html).replace("\n", " ").strip(),
        facts={k: v for k, v in data.items() if k not in ("title", "lang")},
        price=price,
        status=status,
        available=available,
        source=f"import:{file_name}",
    )
