"""``shopscribe customers``: import, list, show, notes, summaries, recommendations, forget."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from engine.cli.common import CliContext, emit_json, json_parent, say
from engine.core.files import atomic_write_text
from engine.customers.store import NOTE_KINDS, CustomerBook


def register(sub: Any) -> None:
    """Add ``customers``."""
    top = sub.add_parser("customers", parents=[json_parent()], help="customers and their notes")
    csub = top.add_subparsers(dest="customers_command", metavar="ACTION")
    csub.required = True
    p = csub.add_parser("import", parents=[json_parent()], help="contacts .csv or notes .jsonl")
    p.add_argument("file", help="name,email,phone,tags,notes CSV, or JSON Lines of notes")
    p.add_argument(
        "--readd",
        action="append",
        default=[],
        metavar="EMAIL",
        help="add this forgotten customer again (repeat for several)",
    )
    p.add_argument("--readd-all", action="store_true", help="add every forgotten customer again")
    p.set_defaults(func=cmd_import)
    p = csub.add_parser("list", parents=[json_parent()], help="customers, by name")
    p.add_argument("--tag", default="", help="only customers with this tag")
    p.add_argument("--search", default="", help="text in their name, e-mail, phone or notes")
    p.set_defaults(func=cmd_list)
    p = csub.add_parser("show", parents=[json_parent()], help="one customer and their notes")
    p.add_argument("customer", metavar="ID_OR_EMAIL")
    p.set_defaults(func=cmd_show)
    p = csub.add_parser("note", parents=[json_parent()], help="add a note to a customer")
    p.add_argument("customer", metavar="ID_OR_EMAIL")
    p.add_argument("text")
    p.add_argument("--kind", choices=NOTE_KINDS, default="note")
    p.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    p.set_defaults(func=cmd_note)
    p = csub.add_parser("summary", parents=[json_parent()], help="grounded profile from notes")
    p.add_argument("customer", metavar="ID_OR_EMAIL")
    p.add_argument("--lang", choices=["en", "zh"], help="default: the language of the notes")
    p.set_defaults(func=cmd_summary)
    p = csub.add_parser("recommend", parents=[json_parent()], help="products from the catalogue")
    p.add_argument("customer", metavar="ID_OR_EMAIL")
    p.add_argument("--k", type=int, default=3, help="how many products (default 3)")
    p.add_argument("--lang", choices=["en", "zh"], help="default: the language of the notes")
    p.set_defaults(func=cmd_recommend)
    p = csub.add_parser("forget", parents=[json_parent()], help="erase a customer everywhere")
    p.add_argument("customer", metavar="ID_OR_EMAIL")
    p.set_defaults(func=cmd_forget)
    p = csub.add_parser("export", parents=[json_parent()], help="everything about one customer")
    p.add_argument("customer", metavar="ID_OR_EMAIL")
    p.add_argument("--out", help="write the JSON to this file instead of stdout")
    p.set_defaults(func=cmd_export)
    p = csub.add_parser("export-csv", parents=[json_parent()], help="contacts as a CSV file")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export_csv)
    p = csub.add_parser(
        "training-data", parents=[json_parent()], help="a redacted training file of messages"
    )
    p.set_defaults(func=cmd_training_data)


def _book(ctx: CliContext) -> CustomerBook:
    return CustomerBook(ctx.engine.store)


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Import contacts or notes; forgotten customers are held back unless re-added."""
    from engine.customers.imports import import_file

    readd: list[str] | bool = True if args.readd_all else list(args.readd)
    result = import_file(ctx.engine.store, args.file, readd)
    for row in result.forgotten:
        say(
            f"row {row['row']}: {row['email']} was forgotten on {row['forgotten_at'][:10]}; "
            f"held back (add them again with --readd {row['email'].strip()})"
        )
    if ctx.json:
        emit_json(result.to_json())
    else:
        say(result.summary())
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """Customers as ``[{"id", "name", "email", "tags"}]``."""
    found = _book(ctx).search(args.search, tag=args.tag)
    rows = [{"id": c.id, "name": c.name, "email": c.email, "tags": c.tags} for c in found]
    if ctx.json:
        emit_json(rows)
    else:
        for c in found:
            print(f"#{c.id:<5} {c.name[:28]:<28} {c.email:<36} {';'.join(c.tags)}")
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    """One customer with notes, the latest summary and recommendations."""
    book = _book(ctx)
    customer = book.resolve(args.customer)
    data = {
        **customer.to_json(),
        "notes": [n.to_json() for n in book.notes(customer.id)],
        "summary": book.latest_profile(customer.id, "summary"),
        "recommendations": book.latest_profile(customer.id, "recommendations"),
    }
    if ctx.json:
        emit_json(data)
        return 0
    print(f"{customer.label} <{customer.email}> {customer.phone}  tags: {';'.join(customer.tags)}")
    for key, value in customer.fields.items():
        print(f"  {key}: {value}")
    for note in data["notes"]:
        print(f"  [{note['id']}] {note['date']} {note['kind']}: {note['text']}")
    return 0


def cmd_note(args: argparse.Namespace, ctx: CliContext) -> int:
    """Add one note."""
    book = _book(ctx)
    customer = book.resolve(args.customer)
    note = book.add_note(customer.id, args.text, args.kind, args.date, source="cli")
    if ctx.json:
        emit_json(note.to_json())
    else:
        say(f"note {note.id} added to {customer.label}")
    return 0


def _stream(ctx: CliContext) -> Any:
    def on_text(variant: int, text: str) -> None:
        if not ctx.json:
            sys.stderr.write(text)
            sys.stderr.flush()

    return on_text


def cmd_summary(args: argparse.Namespace, ctx: CliContext) -> int:
    """``{"summary", "sources": [note ids], ...}``."""
    from engine.customers.profile import summarise
    from engine.models.embedder import get_embedder

    customer = _book(ctx).resolve(args.customer)
    generator = ctx.engine.generator()
    result = summarise(
        generator,
        ctx.engine.store,
        customer.id,
        lang=args.lang,
        embedder=get_embedder(),
        on_text=_stream(ctx),
        stop=threading.Event(),
        prompt_style=ctx.engine.prompt_style(),
    )
    if ctx.json:
        emit_json(result)
        return 0
    say("")
    print(result["summary"] or result.get("empty_reason", ""))
    for sentence in result["sentences"]:
        say(f"  “{sentence['text']}” ← " + "; ".join(sentence["labels"]))
    return 0


def cmd_recommend(args: argparse.Namespace, ctx: CliContext) -> int:
    """``{"items": [{"handle", "title", "reason"}], "message", ...}``."""
    from engine.customers.recommend import recommend
    from engine.models.embedder import get_embedder

    customer = _book(ctx).resolve(args.customer)
    generator = ctx.engine.generator()
    result = recommend(
        generator,
        ctx.engine.store,
        customer.id,
        k=args.k,
        lang=args.lang,
        embedder=get_embedder(),
        on_text=_stream(ctx),
        stop=threading.Event(),
    )
    if ctx.json:
        emit_json(result)
        return 0
    say("")
    if not result["items"]:
        print(result.get("note", "nothing to recommend"))
    for item in result["items"]:
        print(f"- {item['title']} ({item['handle']}): {item['reason']}")
    for rejected in result["rejected"]:
        say(f"  rejected {rejected['name']!r}: {rejected['why']}")
    if result["message"]:
        print(f"\n{result['message']}")
    return 0


def cmd_forget(args: argparse.Namespace, ctx: CliContext) -> int:
    """Erase a customer; name the adapters that learnt from their text."""
    from engine.customers.privacy import forget

    customer = _book(ctx).resolve(args.customer)
    result = forget(ctx.engine.store, ctx.paths, customer.id)
    if ctx.json:
        emit_json(result)
        return 0
    removed = result["removed"]
    say(
        f"forgot {customer.label}: {removed['notes']} note(s), {removed['profiles']} saved "
        f"profile(s), {removed['history']} history item(s), "
        f"{len(result['datasets_cleaned'])} training file(s), "
        f"{len(result['databases_cleaned'])} backup(s) cleaned"
    )
    for adapter in result["adapters"]:
        retrain = adapter["retrain"]
        hint = (
            f"retrain it without them: shopscribe finetune --data {retrain['data'][0]} "
            f"--out {adapter['name']}"
            if retrain
            else "retrain it on your files without their text, or delete it"
        )
        say(f"adapter {adapter['name']!r} was trained on their text ({adapter['data']}); {hint}")
    for adapter in result["unknown_adapters"]:
        say(
            f"adapter {adapter['name']!r} was trained on your own files ({adapter['data']}); "
            "ShopScribe cannot know whether they held this customer's text"
        )
    for path in result["not_cleaned"]:
        say(f"could not clean {path} (damaged): delete it if it holds their data")
    if result["still_found"]:
        say("their address is still in: " + ", ".join(result["still_found"]))
        return 1
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    """Everything about one customer as one JSON document."""
    from engine.customers.privacy import export_customer

    customer = _book(ctx).resolve(args.customer)
    data = export_customer(ctx.engine.store, customer.id)
    if args.out:
        atomic_write_text(Path(args.out), json.dumps(data, ensure_ascii=False, indent=1))
        say(f"wrote everything about {customer.label} to {args.out}")
        if ctx.json:
            emit_json({"out": args.out, "notes": len(data["notes"])})
    else:
        emit_json(data)
    return 0


def cmd_export_csv(args: argparse.Namespace, ctx: CliContext) -> int:
    """All contacts as a CSV file (the import's format)."""
    from engine.customers.contacts import write_contacts

    book = _book(ctx)
    count = write_contacts(args.out, [(c, book.notes(c.id)) for c in book.search()])
    if ctx.json:
        emit_json({"out": args.out, "count": count})
    else:
        say(f"exported {count} customer(s) to {args.out}")
    return 0


def cmd_training_data(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write the redacted training file of saved customer messages."""
    from engine.customers.training import build_messages_dataset

    result = build_messages_dataset(ctx.engine.store, ctx.paths)
    if ctx.json:
        emit_json(result)
    else:
        say(
            f"wrote {result['examples']} message(s) to {result['path']} "
            f"({result['redacted']} redacted)"
        )
        say(f"train on it with: shopscribe finetune --data {result['path']}")
    return 0
