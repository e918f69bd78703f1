"""``shopscribe bulk``: fill the description column of a Shopify or WooCommerce product CSV."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from engine.bulk.runner import export_run, get_run, open_run, run_bulk
from engine.bulk.runs import BulkRuns
from engine.catalog.facts import LANGS
from engine.cli.common import CliContext, emit_json, json_parent, say
from engine.core.errors import UserError
from engine.listing.prompts import CHANNELS


def register(sub: Any) -> None:
    """Add ``bulk``."""
    p = sub.add_parser(
        "bulk",
        parents=[json_parent()],
        help="write copy for every product of a Shopify or WooCommerce CSV",
        description="Writes copy product by product (one per Shopify handle or WooCommerce "
        "parent) and exports the same CSV with only the description column changed. State is "
        "kept, so an interrupted run continues with --resume RUN.",
    )
    p.add_argument("--in", dest="input", help="the product CSV (Shopify or WooCommerce)")
    p.add_argument("--out", required=True, help="the CSV to write (the input is never changed)")
    p.add_argument(
        "--channel",
        default="description",
        choices=sorted(CHANNELS),
        help="what to write: description (default), bullets, … go to the description column; "
        "title to the title column; seo to SEO Title / SEO Description (Shopify)",
    )
    p.add_argument("--limit", type=int, help="only the first N products")
    p.add_argument("--resume", type=int, metavar="RUN", help="continue an earlier run")
    p.add_argument("--seo", action="store_true", help="also fill SEO Title / SEO Description")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the copy")
    p.add_argument("--max-new-tokens", type=int, help="length limit in tokens per product")
    p.add_argument("--seed", type=int, help="random seed for repeatable output")
    p.add_argument("--temperature", type=float, default=0.7, help="0 for greedy decoding")
    p.set_defaults(func=cmd_bulk)


def cmd_bulk(args: argparse.Namespace, ctx: CliContext) -> int:
    """Open (or resume) a run, write every pending product, export the CSV."""
    engine = ctx.engine
    if not engine.backend_choice().remote:
        engine.model_info()  # no usable model: exit 3 before any run is made
    if args.resume is not None:
        run = get_run(engine.store, args.resume)
        if args.input:
            say(f"resuming run {run.id} on {run.input_path}; --in is ignored")
    else:
        if not args.input:
            raise UserError("bulk needs --in FILE.csv (or --resume RUN)")
        options: dict[str, Any] = {
            "seo": args.seo,
            "lang": args.lang,
            "max_new_tokens": args.max_new_tokens,
            "seed": args.seed,
            "temperature": args.temperature,
        }
        run, catalog = open_run(engine.store, args.input, args.channel, options, args.limit)
        say(
            f"{catalog.path.name}: {catalog.kind} CSV, {len(catalog.products)} products in "
            f"{catalog.rows} rows; writing {run.total} (run {run.id})"
        )

    def on_progress(step: int, total: int, info: str) -> None:
        if info in ("done", "paused", "model ready") or info.startswith("loading"):
            say(f"  {info}")
        else:
            say(f"  [{step + 1}/{total}] {info}")

    stop = threading.Event()
    try:
        result = run_bulk(engine, run.id, on_progress, stop)
    except KeyboardInterrupt:
        say(f"interrupted; continue with: shopscribe bulk --resume {run.id} --out {args.out}")
        raise
    failed = [i for i in BulkRuns(engine.store).items(run.id) if i.status == "failed"]
    for item in failed:
        say(f"  failed: {item.title} ({item.product_key}): {item.error}")
    if not result["done"]:
        first = failed[0].error if failed else "nothing was written"
        raise UserError(f"no product could be written ({first}); {args.out} was not written")
    exported = export_run(engine.store, run.id, args.out)
    result["out"] = exported["out"]
    result["kind"] = exported["kind"]
    if ctx.json:
        emit_json(result)
    else:
        per = result["seconds_per_product"]
        say(
            f"wrote {result['done']} of {result['products']} products to {result['out']}"
            + (f" ({per} s per product, {result['tokens_per_s']} tokens/s)" if per else "")
            + (f"; {result['failed']} failed" if result["failed"] else "")
        )
    sys.stdout.flush()
    return 0
