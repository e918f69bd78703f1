"""Shopify and WooCommerce product CSVs: read products, write back only the changed cells.

The format is detected from the header. A Shopify file has one product per ``Handle`` spread over
variant rows; a WooCommerce file has one row per product plus ``variation`` rows whose ``Parent``
points at their product. Writing splices the new cells into the original bytes
(:mod:`engine.catalog.splice`), so header, row order, quoting, line endings and encoding of
everything untouched stay byte-identical; the output appears atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from engine.catalog.facts import ProductFacts
from engine.catalog.splice import MAX_BYTES, RawCsv, Record, read_raw, splice, too_big
from engine.core.errors import UserError
from engine.core.files import atomic_write_bytes
from engine.core.textfmt import html_to_text

Kind = Literal["shopify", "woocommerce"]

SHOPIFY_DESCRIPTION = "Body (HTML)"
WOO_DESCRIPTION = "Description"
SEO_COLUMNS = ("SEO Title", "SEO Description")
_WOO_ATTR = re.compile(r"^Attribute (\d+) name$")
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass
class CatalogProduct:
    """One product of a catalog file (all its variant rows together)."""

    key: str
    """Shopify ``Handle``; WooCommerce ``ID`` (or ``SKU`` when there is no ID)."""
    title: str
    description_html: str
    category: str
    tags: list[str]
    vendor: str
    options: dict[str, list[str]]
    row_index: int
    """0-based data row (header not counted) of the product's main row."""
    seo_title: str = ""
    seo_description: str = ""
    rows: list[int] = field(default_factory=list)
    """0-based data rows that belong to this product (main row first)."""

    def facts(self, lang: str = "en") -> ProductFacts:
        """Product facts for a prompt, built from what the file says about this product."""
        attributes = {name: ", ".join(values) for name, values in self.options.items() if values}
        if self.vendor:
            attributes.setdefault("brand", self.vendor)
        features: list[str] = []
        text = html_to_text(self.description_html)
        for sentence in _SENTENCE.split(text.replace("\n", " ")):
            sentence = sentence.strip()
            if sentence and sum(len(f) for f in features) + len(sentence) <= 400:
                features.append(sentence.rstrip("."))
        return ProductFacts(
            title=self.title,
            category=self.category,
            attributes=attributes,
            features=features,
            keywords=list(self.tags),
            lang=lang,
        )


@dataclass
class Catalog:
    """A product CSV as read: its kind, the file, its products (one per handle or parent)."""

    kind: Kind
    path: Path
    products: list[CatalogProduct]
    header: list[str] = field(default_factory=list)
    rows: int = 0
    """Data rows in the file (variant rows included, blank lines not)."""

    @property
    def description_column(self) -> str:
        """The column that holds the long description."""
        return SHOPIFY_DESCRIPTION if self.kind == "shopify" else WOO_DESCRIPTION

    @property
    def title_column(self) -> str:
        """The column that holds the product title."""
        return "Title" if self.kind == "shopify" else "Name"

    def product(self, key: str) -> CatalogProduct:
        """The product with this key.

        Raises:
            UserError: when the file has no such product.

        """
        for product in self.products:
            if product.key == key:
                return product
        raise UserError(f"{self.path.name} has no product {key!r}")


def detect_kind(header: list[str], name: str) -> Kind:
    """Shopify or WooCommerce, from the header row.

    Raises:
        UserError: when the header is neither, or lacks the title column.

    """
    columns = {h.strip() for h in header}
    if "Handle" in columns:
        if "Title" not in columns:
            raise UserError(f"{name}, row 1: Shopify file without a 'Title' column")
        return "shopify"
    if {"Type", "SKU"} <= columns or "Parent" in columns or "Short description" in columns:
        if "Name" not in columns:
            raise UserError(f"{name}, row 1: WooCommerce file without a 'Name' column")
        return "woocommerce"
    shown = ", ".join(h for h in header[:6] if h) or "(empty)"
    raise UserError(
        f"{name}, row 1: not a Shopify or WooCommerce product CSV (header starts {shown}); "
        "Shopify files have a 'Handle' column, WooCommerce files 'ID, Type, SKU, Name'"
    )


def _load(path: Path) -> RawCsv:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"file not found: {path}") from None
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a CSV file")
    if size > MAX_BYTES:
        raise UserError(too_big(path.name, size))
    return read_raw(path.read_bytes(), path.name)


class _Rows:
    """Data records of a raw CSV, read by column name."""

    def __init__(self, raw: RawCsv, name: str) -> None:
        self.name = name
        self.columns = {h.strip(): i for i, h in enumerate(raw.header)}
        self.data: list[Record] = [r for r in raw.records[1:] if not r.blank]

    def get(self, record: Record, column: str) -> str:
        index = self.columns.get(column)
        return record.values[index] if index is not None else ""


def _split_tags(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


def _add_option(options: dict[str, list[str]], name: str, value: str) -> None:
    name, value = name.strip(), value.strip()
    if not name or not value or (name == "Title" and value == "Default Title"):
        return
    values = options.setdefault(name, [])
    if value not in values:
        values.append(value)


def _shopify_products(rows: _Rows) -> list[CatalogProduct]:
    products: dict[str, CatalogProduct] = {}
    option_names: dict[str, list[str]] = {}
    for index, record in enumerate(rows.data):
        handle = rows.get(record, "Handle").strip()
        if not handle:
            raise UserError(f"{rows.name}, row {record.number}, column 'Handle': the cell is empty")
        product = products.get(handle)
        if product is None:
            title = rows.get(record, "Title").strip()
            if not title:
                raise UserError(
                    f"{rows.name}, row {record.number}, column 'Title': product {handle!r} "
                    "has no title on its first row"
                )
            category = rows.get(record, "Type").strip()
            if not category:
                category = rows.get(record, "Product Category").split(">")[-1].strip()
            product = products[handle] = CatalogProduct(
                key=handle,
                title=title,
                description_html=rows.get(record, SHOPIFY_DESCRIPTION),
                category=category,
                tags=_split_tags(rows.get(record, "Tags")),
                vendor=rows.get(record, "Vendor").strip(),
                options={},
                row_index=index,
                seo_title=rows.get(record, "SEO Title"),
                seo_description=rows.get(record, "SEO Description"),
            )
            option_names[handle] = [rows.get(record, f"Option{n} Name") for n in (1, 2, 3)]
        product.rows.append(index)
        for n, name in enumerate(option_names[handle], start=1):
            _add_option(product.options, name, rows.get(record, f"Option{n} Value"))
    return list(products.values())


def _woo_attributes(rows: _Rows, record: Record) -> list[tuple[str, str]]:
    pairs = []
    for column, _ in rows.columns.items():
        match = _WOO_ATTR.match(column)
        if match:
            name = rows.get(record, column).strip()
            value = rows.get(record, f"Attribute {match.group(1)} value(s)")
            if name:
                pairs.append((name, value))
    return pairs


def _woo_products(rows: _Rows) -> list[CatalogProduct]:
    products: list[CatalogProduct] = []
    by_ref: dict[str, CatalogProduct] = {}
    variations: list[tuple[int, Record]] = []
    for index, record in enumerate(rows.data):
        kinds = {t.strip().lower() for t in rows.get(record, "Type").split(",")}
        if "variation" in kinds:
            variations.append((index, record))
            continue
        name = rows.get(record, "Name").strip()
        if not name:
            raise UserError(f"{rows.name}, row {record.number}, column 'Name': the cell is empty")
        product_id = rows.get(record, "ID").strip()
        sku = rows.get(record, "SKU").strip()
        key = product_id or sku or f"row-{record.number}"
        categories = rows.get(record, "Categories")
        first_category = categories.split(",")[0].split(">")[-1].strip()
        product = CatalogProduct(
            key=key,
            title=name,
            description_html=rows.get(record, WOO_DESCRIPTION)
            or rows.get(record, "Short description"),
            category=first_category,
            tags=_split_tags(rows.get(record, "Tags")),
            vendor=rows.get(record, "Brands").strip(),
            options={},
            row_index=index,
            rows=[index],
        )
        for attr_name, values in _woo_attributes(rows, record):
            for value in values.split(","):
                _add_option(product.options, attr_name, value)
        products.append(product)
        if product_id:
            by_ref[f"id:{product_id}"] = product
            by_ref[product_id] = product
        if sku:
            by_ref[sku] = product
    for index, record in variations:
        parent = by_ref.get(rows.get(record, "Parent").strip())
        if parent is None:
            continue  # an orphan variation: left alone, as WooCommerce itself would
        parent.rows.append(index)
        for attr_name, value in _woo_attributes(rows, record):
            _add_option(parent.options, attr_name, value)
    return products


def read_catalog(path: Path | str) -> Catalog:
    """Read a Shopify or WooCommerce product CSV (format detected from the header).

    Raises:
        UserError: for a missing, empty, too big, non-UTF-8, badly quoted or ragged file, an
            unknown header, a missing title column or a product without a title — naming the
            row and column.

    """
    path = Path(path)
    raw = _load(path)
    kind = detect_kind(raw.header, path.name)
    rows = _Rows(raw, path.name)
    products = _shopify_products(rows) if kind == "shopify" else _woo_products(rows)
    if not products:
        raise UserError(f"{path.name} has a header but no product rows")
    return Catalog(
        kind=kind, path=path, products=products, header=list(raw.header), rows=len(rows.data)
    )


def write_catalog(catalog: Catalog, out: Path | str, changes: dict[str, dict[str, str]]) -> None:
    """Write ``catalog``'s file to ``out`` with only the given cells changed.

    Args:
        catalog: the catalog as read; its file is read again, so it must still be there.
        out: where to write (atomically: a temp file next to it, then a rename).
        changes: product key -> {column name: new cell text}, applied to the product's main row.

    Raises:
        UserError: when the file changed shape, a product key or column is unknown.

    """
    out = Path(out)
    raw = _load(catalog.path)
    kind = detect_kind(raw.header, catalog.path.name)
    if kind != catalog.kind:
        raise UserError(f"{catalog.path.name} is no longer a {catalog.kind} file")
    rows = _Rows(raw, catalog.path.name)
    products = _shopify_products(rows) if kind == "shopify" else _woo_products(rows)
    by_key = {p.key: p for p in products}
    data_records = rows.data
    record_index = {id(r): i for i, r in enumerate(raw.records)}
    edits: dict[tuple[int, int], str] = {}
    for key, cells in changes.items():
        product = by_key.get(key)
        if product is None:
            raise UserError(f"{catalog.path.name} has no product {key!r} any more")
        record = data_records[product.row_index]
        for column, value in cells.items():
            col = rows.columns.get(column)
            if col is None:
                raise UserError(f"{catalog.path.name} has no column {column!r}")
            edits[(record_index[id(record)], col)] = value
    atomic_write_bytes(out, splice(raw, edits))
