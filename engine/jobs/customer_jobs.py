"""Jobs of the Customers tab: imports, summaries, recommendations, forget, export, catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.catalog.facts import ProductFacts
from engine.catalog.store import Catalogue
from engine.core.errors import UserError
from engine.core.files import atomic_write_text
from engine.customers.contacts import write_contacts
from engine.customers.imports import import_file
from engine.customers.matching import index_catalogue
from engine.customers.privacy import export_customer, forget, forget_plan
from engine.customers.profile import summarise
from engine.customers.recommend import recommend
from engine.customers.store import CustomerBook
from engine.customers.training import build_messages_dataset
from engine.jobs.registry import JobContext, job
from engine.models.embedder import get_embedder
from engine.runtime.engine import Engine


def _customer_id(engine: Engine, params: dict[str, Any]) -> int:
    ref = params.get("customer_id") or params.get("customer")
    if ref is None:
        raise UserError("which customer? (give an id or an e-mail address)")
    return CustomerBook(engine.store).resolve(str(ref)).id


@job("customers_import")
def customers_import_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Import a contacts CSV or a notes JSONL: ``{"path", "readd": [emails] | true}``."""
    ctx.on_progress(0, 1, "importing customers")
    readd = params.get("readd") or False
    result = import_file(engine.store, str(params["path"]), readd)
    return {**result.to_json(), "summary": result.summary()}


@job("customers_export_csv")
def customers_export_csv_job(
    engine: Engine, params: dict[str, Any], ctx: JobContext
) -> dict[str, Any]:
    """Write the customers (``ids``, or all) as a contacts CSV to ``out``."""
    book = CustomerBook(engine.store)
    ids = [int(i) for i in params.get("ids") or []]
    chosen = [book.get(i) for i in ids] if ids else book.search()
    rows = [(c, book.notes(c.id)) for c in chosen if c is not None]
    return {"count": write_contacts(str(params["out"]), rows), "out": str(params["out"])}


@job("customer_summary")
def customer_summary_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """A grounded profile from one customer's notes, streamed (``customer_id``, ``lang``)."""
    cid = _customer_id(engine, params)
    generator = engine.generator(ctx.on_progress)
    return summarise(
        generator,
        engine.store,
        cid,
        lang=params.get("lang") or None,
        embedder=get_embedder(),
        on_text=ctx.on_text,
        on_progress=ctx.on_progress,
        stop=ctx.stop,
        prompt_style=engine.prompt_style(),
    )


@job("customer_recommend")
def customer_recommend_job(
    engine: Engine, params: dict[str, Any], ctx: JobContext
) -> dict[str, Any]:
    """Catalogue products for one customer with reasons and a message (``customer_id``, ``k``)."""
    cid = _customer_id(engine, params)
    generator = engine.generator(ctx.on_progress)
    return recommend(
        generator,
        engine.store,
        cid,
        k=int(params.get("k") or 3),
        lang=params.get("lang") or None,
        embedder=get_embedder(),
        on_text=ctx.on_text,
        on_progress=ctx.on_progress,
        stop=ctx.stop,
    )


@job("customer_forget_plan")
def customer_forget_plan_job(
    engine: Engine, params: dict[str, Any], ctx: JobContext
) -> dict[str, Any]:
    """What forgetting a customer removes and which adapters learnt from their text."""
    return forget_plan(engine.store, engine.paths, _customer_id(engine, params))


@job("customer_forget")
def customer_forget_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Erase one customer everywhere in the data folder (see engine.customers.privacy)."""
    cid = _customer_id(engine, params)
    ctx.on_progress(0, 1, "forgetting the customer")
    return forget(engine.store, engine.paths, cid)


@job("customer_export")
def customer_export_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Everything about one customer; written to ``out`` as JSON when given."""
    data = export_customer(engine.store, _customer_id(engine, params))
    if params.get("out"):
        atomic_write_text(Path(str(params["out"])), json.dumps(data, ensure_ascii=False, indent=1))
        return {"out": str(params["out"]), "notes": len(data["notes"])}
    return data


@job("customer_dataset")
def customer_dataset_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """The training file of saved customer messages (redacted; who is in it is recorded)."""
    return build_messages_dataset(engine.store, engine.paths)


@job("catalog_import")
def catalog_import_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """The shop's catalogue from a Shopify or WooCommerce product CSV: ``{"path"}``."""
    ctx.on_progress(0, 1, "importing the catalogue")
    done = Catalogue(engine.store).import_file(str(params["path"]))
    indexed = index_catalogue(engine.store, get_embedder(), ctx.on_progress)
    return {
        "kind": done.kind,
        "added": done.added,
        "updated": done.updated,
        "unavailable": done.unavailable,
        "total": Catalogue(engine.store).count(),
        "indexed": indexed,
    }


@job("catalog_add")
def catalog_add_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Add one product by hand: ``{"facts", "handle"?, "price"?}``."""
    facts = ProductFacts.from_dict(params["facts"])
    product = Catalogue(engine.store).add(
        facts, handle=str(params.get("handle") or ""), price=str(params.get("price") or "")
    )
    return product.to_json()
