"""``shopscribe history``: search, list and export what was generated."""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli.common import CliContext, emit_json, json_parent, say
from engine.history.store import History


def register(sub: Any) -> None:
    """Add ``history``."""
    history = sub.add_parser("history", parents=[json_parent()], help="everything generated so far")
    hsub = history.add_subparsers(dest="history_command", metavar="ACTION")
    hsub.required = True
    p = hsub.add_parser(
        "search", parents=[json_parent()], help="full-text search (English and Chinese)"
    )
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--kind", help="only this kind (copy, bulk, faq, summary…)")
    p.set_defaults(func=cmd_search)
    p = hsub.add_parser("list", parents=[json_parent()], help="newest first")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--kind", help="only this kind (copy, bulk, faq, summary…)")
    p.set_defaults(func=cmd_list)
    p = hsub.add_parser(
        "export", parents=[json_parent()], help="write history to a CSV, JSON or Markdown file"
    )
    p.add_argument("--format", choices=["csv", "json", "md"], help="default: from --out's suffix")
    p.add_argument("--out", required=True, help="file to write (replaced atomically)")
    p.add_argument("--favourites", action="store_true", help="only favourites")
    p.add_argument("--query", help="only items matching this full-text search")
    p.set_defaults(func=cmd_export)


def _print(items: list[Any], ctx: CliContext) -> None:
    rows = [
        {
            "id": i.id,
            "kind": i.kind,
            "text": i.text,
            "created_at": i.created_at,
            "channel": i.channel,
            "title": i.title,
            "favourite": i.favourite,
        }
        for i in items
    ]
    if ctx.json:
        emit_json({"items": rows})
        return
    for row in rows:
        first = row["text"].splitlines()[0][:70] if row["text"] else ""
        title = row["title"][:24]
        print(f"#{row['id']:<5} {row['created_at']}  {row['channel']:<11} {title:<24} {first}")


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    """Full-text search."""
    _print(History(ctx.engine.store).search(args.query, args.limit, kind=args.kind), ctx)
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """Newest first."""
    _print(History(ctx.engine.store).recent(args.limit, kind=args.kind), ctx)
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    """Export history, oldest first (or search results, best first)."""
    from engine.core.errors import UserError
    from engine.history.export import FORMATS, export_history, format_from_path

    fmt = args.format or format_from_path(args.out)
    if fmt not in FORMATS:
        raise UserError("give --format csv, json or md (or an --out file ending in one of them)")
    history = History(ctx.engine.store)
    items = history.search(args.query, 100_000) if args.query else list(history.iter_all())
    if args.favourites:
        items = [i for i in items if i.favourite]
    count = export_history(items, fmt, args.out)
    if ctx.json:
        emit_json({"out": str(args.out), "format": fmt, "count": count})
    else:
        say(f"exported {count} item(s) to {args.out}")
    return 0
