"""``shopscribe catalog``: the shop's catalogue from a product CSV, by hand, listed."""

from __future__ import annotations

import argparse
from typing import Any

from engine.catalog.facts import ProductFacts
from engine.catalog.store import Catalogue
from engine.cli.common import CliContext, StderrProgress, emit_json, json_parent, say


def register(sub: Any) -> None:
    """Add ``catalog``."""
    top = sub.add_parser("catalog", parents=[json_parent()], help="the shop's catalogue")
    csub = top.add_subparsers(dest="catalog_command", metavar="ACTION")
    csub.required = True
    p = csub.add_parser("import", parents=[json_parent()], help="Shopify or WooCommerce CSV")
    p.add_argument("file")
    p.add_argument(
        "--no-index", action="store_true", help="skip embedding the products now (done later)"
    )
    p.set_defaults(func=cmd_import)
    p = csub.add_parser("list", parents=[json_parent()], help="the catalogue, by title")
    p.add_argument("--available", action="store_true", help="only published, active products")
    p.set_defaults(func=cmd_list)
    p = csub.add_parser("add", parents=[json_parent()], help="add a product from a facts file")
    p.add_argument("--facts", required=True, help="facts JSON (as for `shopscribe copy`)")
    p.add_argument("--handle", default="", help="default: from the title")
    p.add_argument("--price", default="")
    p.set_defaults(func=cmd_add)
    p = csub.add_parser("delete", parents=[json_parent()], help="remove one product")
    p.add_argument("handle")
    p.set_defaults(func=cmd_delete)


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Add or update the file's products; others stay."""
    from engine.customers.matching import index_catalogue
    from engine.models.embedder import get_embedder

    catalogue = Catalogue(ctx.engine.store)
    done = catalogue.import_file(args.file)
    indexed = 0
    if not args.no_index:
        indexed = index_catalogue(ctx.engine.store, get_embedder(), StderrProgress())
    result = {
        "kind": done.kind,
        "added": done.added,
        "updated": done.updated,
        "unavailable": done.unavailable,
        "total": catalogue.count(),
        "indexed": indexed,
    }
    if ctx.json:
        emit_json(result)
    else:
        say(
            f"{done.kind}: {done.added} product(s) added, {done.updated} updated "
            f"({done.unavailable} draft or unpublished); the catalogue holds {result['total']}"
        )
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """``[{"handle", "title", "tags"}]``."""
    products = Catalogue(ctx.engine.store).products(available_only=args.available)
    rows = [{"handle": p.handle, "title": p.title, "tags": p.tags} for p in products]
    if ctx.json:
        emit_json(rows)
    else:
        for product in products:
            mark = "" if product.available else f"  ({product.status})"
            print(f"{product.handle:<36} {product.title}{mark}")
    return 0


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    """Add one product by hand."""
    facts = ProductFacts.from_file(args.facts)
    product = Catalogue(ctx.engine.store).add(facts, handle=args.handle, price=args.price)
    if ctx.json:
        emit_json(product.to_json())
    else:
        say(f"added {product.handle}")
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    """Remove one product."""
    from engine.core.errors import UserError

    if not Catalogue(ctx.engine.store).delete(args.handle):
        raise UserError(f"the catalogue has no product {args.handle!r}")
    say(f"deleted {args.handle}")
    return 0
