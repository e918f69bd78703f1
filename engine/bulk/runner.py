"""Bulk copy for a whole product CSV: open a run, write product by product, review, export.

A run's state lives in SQLite (:mod:`engine.bulk.runs`), each product committed as soon as it
is written, so pausing (the stop flag) and crashes lose nothing: running the job again on the
same run continues with the products still pending.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from engine.bulk.runs import BulkItem, BulkRun, BulkRuns
from engine.catalog.facts import LANGS, ProductFacts
from engine.catalog.product_csv import SEO_COLUMNS, Catalog, read_catalog, write_catalog
from engine.core.callbacks import ProgressFn, TextFn, no_progress, no_text
from engine.core.errors import NoModelError, UserError
from engine.core.textfmt import to_html
from engine.history.store import History
from engine.listing.prompts import get_channel
from engine.runtime.engine import Engine
from engine.store.connection import Store

log = logging.getLogger(__name__)

_SEO_LABEL = re.compile(
    r"^\s*(?:\*\*)?\s*(?:seo\s*title|meta\s*description|title|description)\s*:\s*(?:\*\*)?\s*",
    re.IGNORECASE,
)


def check_options(kind: str, channel: str, options: dict[str, Any]) -> None:
    """Validate a run's channel and options against the file's format.

    Raises:
        UserError: for an unknown channel or language, or SEO columns a Woo file lacks.

    """
    get_channel(channel)
    if kind == "woocommerce" and (channel == "seo" or options.get("seo")):
        raise UserError("WooCommerce product CSVs have no SEO columns; leave out SEO")
    if str(options.get("lang") or "en") not in LANGS:
        raise UserError(f"language must be one of {', '.join(LANGS)}")
    tokens = options.get("max_new_tokens")
    if tokens is not None and not 1 <= int(tokens) <= 4096:
        raise UserError("max new tokens must be between 1 and 4096")


def open_run(
    store: Store,
    path: Path | str,
    channel: str = "description",
    options: dict[str, Any] | None = None,
    limit: int | None = None,
) -> tuple[BulkRun, Catalog]:
    """Read a product CSV and make a run with its products (the first ``limit``) pending.

    Raises:
        UserError: for a bad CSV (see :func:`engine.catalog_csv.read_catalog`) or options.

    """
    options = dict(options or {})
    catalog = read_catalog(Path(path).expanduser().resolve())
    check_options(catalog.kind, channel, options)
    if limit is not None and limit < 1:
        raise UserError("--limit must be at least 1")
    lang = str(options.get("lang") or "en")
    products = catalog.products[:limit] if limit else catalog.products
    run_id = BulkRuns(store).create(
        str(catalog.path),
        catalog.kind,
        channel,
        options,
        [(p.key, p.title, p.facts(lang).to_dict()) for p in products],
    )
    run = BulkRuns(store).get(run_id)
    assert run is not None
    return run, catalog


def get_run(store: Store, run_id: int) -> BulkRun:
    """A run by id.

    Raises:
        UserError: when there is no such run.

    """
    run = BulkRuns(store).get(int(run_id))
    if run is None:
        raise UserError(f"there is no bulk run {run_id}")
    return run


def _write_one(
    engine: Engine,
    run: BulkRun,
    item: BulkItem,
    on_text: TextFn,
    stop: threading.Event,
) -> tuple[str, str, list[dict[str, Any]], dict[str, list[str]], int, dict[str, Any]] | None:
    """Write one product's text (and SEO lines if asked), grounded.

    The same pipeline as the Copy tab (:func:`engine.listing.copywriter.compose`): exemplar
    prompt, shape clean-up, sentence checking with rewrites, coverage.

    Returns:
        The main text, the SEO text (or ""), the flags, the coverage, the tokens/s and the
        history row to save with it (:meth:`History.add` arguments); None when the stop flag
        ended the generation midway.

    """
    from engine.listing.copywriter import CopyRequest, adapter_voice, compose

    generator = engine.generator()
    facts = ProductFacts.from_dict(item.facts)
    options = run.options
    wanted = [run.channel]
    if options.get("seo") and run.channel != "seo":
        wanted.append("seo")
    style, voice = engine.prompt_style(), adapter_voice(engine, generator.adapter)
    texts: list[str] = []
    first = None
    rate = 0.0
    for channel in wanted:
        request = CopyRequest(
            facts,
            channel=channel,
            seed=options.get("seed"),
            max_new_tokens=options.get("max_new_tokens"),
            temperature=float(options.get("temperature", 0.7)),
            grounded=bool(options.get("grounded", True)),
        )
        items, timings, evidence = compose(
            generator,
            request,
            facts,
            [],
            on_text=on_text if channel == run.channel else no_text,
            stop=stop,
            prompt_style=style,
            voice_lines=voice,
        )
        if timings["stopped"]:
            return None
        rate = rate or float(timings["tokens_per_s"])
        if first is None:
            first = (items[0], evidence)
        texts.append(items[0].text if items else "")
    assert first is not None
    best, evidence = first
    main = texts[0]
    seo = texts[1] if len(texts) > 1 else (main if run.channel == "seo" else "")
    flags = [f.to_json() for f in best.report.flags]
    history = dict(
        kind="bulk",
        channel=run.channel,
        lang=facts.lang,
        title=facts.title,
        facts=facts.to_dict(),
        settings={"bulk_run": run.id, "product": item.product_key, **options},
        model=generator.name,
        adapter=generator.adapter or "",
        batch_id=f"bulk-{run.id}-{uuid.uuid4().hex[:6]}",
    )
    return main, seo, flags, best.report.coverage_json(evidence), int(rate), history


def run_bulk(
    engine: Engine,
    run_id: int,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
    on_text: TextFn = no_text,
) -> dict[str, Any]:
    """Write every pending product of a run, committing each; stops cleanly at ``stop``.

    Progress is ``(finished so far, total, info)`` where ``info`` is the product title, a TAB
    and ``{"item": id, "status": ...}`` as JSON, once when a product starts (``running``) and
    once when it is saved (``done`` / ``failed`` / ``pending`` when paused), so a view can
    update just that row. A row left ``running`` by an earlier crash is written again. A
    product that fails is marked ``failed`` with the reason and the run goes on.

    Returns:
        ``{"run", "products", "done", "failed", "pending", "paused", "seconds_per_product",
        "tokens_per_s"}`` (the last two over the products written in this call).

    Raises:
        NoModelError: when no model can be loaded (nothing is marked failed then).

    """
    stop = stop or threading.Event()
    runs = BulkRuns(engine.store)
    run = get_run(engine.store, run_id)
    runs.recover(run.id)
    engine.generator(on_progress)
    seconds: list[float] = []
    rates: list[float] = []
    counts = runs.counts(run.id)
    done = counts.get("done", 0) + counts.get("accepted", 0) + counts.get("failed", 0)

    def report(item: BulkItem, status: str) -> None:
        event = json.dumps({"item": item.id, "status": status})
        on_progress(done, run.total, f"{item.title}\t{event}")

    while not stop.is_set():
        item = runs.next_pending(run.id)
        if item is None:
            break
        runs.mark_running(item.id)
        report(item, "running")
        start = time.perf_counter()
        try:
            outcome = _write_one(engine, run, item, on_text, stop)
        except NoModelError:
            runs.back_to_pending(item.id)
            report(item, "pending")
            raise
        except UserError as exc:
            runs.mark_failed(item, str(exc))
            done += 1
            report(item, "failed")
            continue
        except Exception as exc:
            log.exception("bulk run %s: product %s failed", run.id, item.product_key)
            runs.mark_failed(item, f"{exc.__class__.__name__}: {exc}")
            done += 1
            report(item, "failed")
            continue
        if outcome is None:  # paused midway: this product is written again on resume
            runs.back_to_pending(item.id)
            report(item, "pending")
            break
        main, seo, flags, coverage, rate, history = outcome
        elapsed = time.perf_counter() - start
        with engine.store.transaction():  # the history row and the result, or neither
            History(engine.store).add(main, **history)
            runs.save_result(item, main, seo, flags, elapsed, coverage)
        done += 1
        report(item, "done")
        seconds.append(elapsed)
        rates.append(rate)
    counts = runs.counts(run.id)
    written = counts.get("done", 0) + counts.get("accepted", 0)
    paused = stop.is_set() and bool(counts.get("pending", 0))
    on_progress(written + counts.get("failed", 0), run.total, "paused" if paused else "done")
    return {
        "run": run.id,
        "products": run.total,
        "done": written,
        "failed": counts.get("failed", 0),
        "pending": counts.get("pending", 0),
        "paused": paused,
        "seconds_per_product": round(sum(seconds) / len(seconds), 2) if seconds else None,
        "tokens_per_s": round(sum(rates) / len(rates), 2) if rates else None,
        "needs_review": runs.needs_review(run.id),
    }


def split_seo(text: str) -> tuple[str, str]:
    """SEO title (first line) and meta description (the rest), labels like "Title:" removed."""
    lines = [_SEO_LABEL.sub("", line).strip() for line in text.strip().splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "", ""
    return lines[0], " ".join(lines[1:])


def changes_for(run: BulkRun, items: list[BulkItem], catalog: Catalog) -> dict[str, dict[str, str]]:
    """The cells to change per product key, from the products' texts."""
    changes: dict[str, dict[str, str]] = {}
    for item in items:
        cells: dict[str, str] = {}
        if run.channel == "seo":
            title, description = split_seo(item.text)
            cells.update(zip(SEO_COLUMNS, (title, description), strict=True))
        elif run.channel == "title":
            cells[catalog.title_column] = item.text.strip().splitlines()[0] if item.text else ""
        else:  # description, bullets, ad, social, email: the description column, as HTML
            cells[catalog.description_column] = to_html(item.text)
        if run.channel != "seo" and item.seo_generated:
            title, description = split_seo(item.seo_generated)
            cells.update(zip(SEO_COLUMNS, (title, description), strict=True))
        changes[item.product_key] = {k: v for k, v in cells.items() if v.strip()}
    return changes


def export_run(
    store: Store, run_id: int, out: Path | str, *, only_accepted: bool = False
) -> dict[str, Any]:
    """Write the run's CSV to ``out``: the input file with the products' new cells spliced in.

    Args:
        store: the calling thread's store.
        run_id: the run.
        out: the output file (written atomically).
        only_accepted: export accepted products only (the window); otherwise every written one.

    Returns:
        ``{"run", "out", "changed", "kind"}``.

    Raises:
        UserError: when nothing is ready to export or the input file is gone or changed.

    """
    run = get_run(store, run_id)
    wanted = ("accepted",) if only_accepted else ("done", "accepted")
    items = [i for i in BulkRuns(store).items(run.id) if i.status in wanted and i.text.strip()]
    if not items:
        raise UserError(
            "no accepted products to export yet; accept some rows first"
            if only_accepted
            else "no product has a text yet; run the bulk job first"
        )
    out = Path(out).expanduser().resolve()
    if out == Path(run.input_path):
        raise UserError("choose another file to export to; the input CSV is kept as it was")
    catalog = read_catalog(run.input_path)
    write_catalog(catalog, out, changes_for(run, items, catalog))
    BulkRuns(store).mark_exported(run.id, str(out))
    return {"run": run.id, "out": str(out), "changed": len(items), "kind": run.kind}


def summary(run: BulkRun, catalog: Catalog | None = None) -> dict[str, Any]:
    """What the Bulk tab shows of a run: file, format, channel, counts."""
    return {
        "run": run.id,
        "path": run.input_path,
        "kind": run.kind,
        "channel": run.channel,
        "products": run.total,
        "rows": catalog.rows if catalog else None,
        "counts": run.counts,
    }
