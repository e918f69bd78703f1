"""``shopscribe faq``: the policy book, search, reply drafts and saved replies."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from engine.cli.common import CliContext, StderrProgress, emit_json, json_parent, say
from engine.core.errors import UserError


def register(sub: Any) -> None:
    """Add ``faq``."""
    faq = sub.add_parser("faq", parents=[json_parent()], help="policy book and reply drafts")
    fsub = faq.add_subparsers(dest="faq_command", metavar="ACTION")
    fsub.required = True
    p = fsub.add_parser("import", parents=[json_parent()], help="add policies (.md .txt .csv)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_import)
    p = fsub.add_parser("list", parents=[json_parent()], help="the policy book")
    p.set_defaults(func=cmd_list)
    p = fsub.add_parser("add", parents=[json_parent()], help="add one entry")
    p.add_argument("--title", required=True)
    p.add_argument("--text", required=True)
    p.set_defaults(func=cmd_add)
    p = fsub.add_parser("edit", parents=[json_parent()], help="change an entry")
    p.add_argument("id", metavar="ID", help="the entry's title (its id) or its key")
    p.add_argument("--title")
    p.add_argument("--text")
    p.set_defaults(func=cmd_edit)
    p = fsub.add_parser("delete", parents=[json_parent()], help="remove an entry")
    p.add_argument("id", metavar="ID", help="the entry's title (its id) or its key")
    p.set_defaults(func=cmd_delete)
    p = fsub.add_parser("index", parents=[json_parent()], help="embed entries not indexed yet")
    p.set_defaults(func=cmd_index)
    p = fsub.add_parser("search", parents=[json_parent()], help="retrieval only")
    p.add_argument("question")
    p.add_argument("--k", type=int, default=3, help="how many entries (default 3)")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid")
    p.set_defaults(func=cmd_search)
    p = fsub.add_parser("reply", parents=[json_parent()], help="grounded reply drafts")
    p.add_argument("question", nargs="?", help="the customer's message")
    p.add_argument("--file", help="read the customer's message from this text file")
    p.add_argument("--variants", type=int, default=1, help="how many drafts (1-3)")
    p.add_argument("--tone", choices=["friendly", "formal", "brief"], default="friendly")
    p.add_argument("--lang", choices=["en", "zh"], help="default: the customer's language")
    p.add_argument("--seed", type=int)
    p.add_argument("--max-new-tokens", type=int)
    p.add_argument(
        "--value",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="what you know about the customer, e.g. customer_name=Ana",
    )
    p.set_defaults(func=cmd_reply)
    saved = fsub.add_parser("saved", parents=[json_parent()], help="saved reply templates")
    ssub = saved.add_subparsers(dest="saved_command", metavar="ACTION")
    ssub.required = True
    p = ssub.add_parser("import", parents=[json_parent()], help='JSON: [{"title","text"}]')
    p.add_argument("file")
    p.set_defaults(func=cmd_saved_import)
    p = ssub.add_parser("list", parents=[json_parent()], help="saved replies")
    p.set_defaults(func=cmd_saved_list)
    p = ssub.add_parser("fill", parents=[json_parent()], help="a saved reply with values in")
    p.add_argument("id", metavar="ID", help="its title or id")
    p.add_argument("--value", action="append", default=[], metavar="NAME=VALUE")
    p.set_defaults(func=cmd_saved_fill)


def _values(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserError(f"--value takes NAME=VALUE, not {pair!r}")
        out[name.strip()] = value.strip()
    return out


def _embedder() -> Any:
    from engine.models.embedder import get_embedder

    return get_embedder()


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Import files one by one (a bad file stops before anything of it is written)."""
    from engine.faq.importer import import_file

    results = []
    for name in args.files:
        result = import_file(
            ctx.engine.store,
            Path(name),
            embedder=_embedder(),
            on_progress=StderrProgress(),
            stop=threading.Event(),
        )
        results.append(result)
        say(
            f"{result['file']}: {len(result['added'])} added, {len(result['updated'])} "
            f"updated, {result['unchanged']} unchanged; the book has {result['entries']} entries"
        )
    if ctx.json:
        emit_json({"files": results})
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """The book, oldest first."""
    from engine.faq.book import PolicyBook

    entries = PolicyBook(ctx.engine.store).entries()
    if ctx.json:
        emit_json([e.to_json() for e in entries])
        return 0
    for entry in entries:
        first = " ".join(entry.text.split())[:70]
        print(f"#{entry.key:<4} {entry.lang}  {entry.title[:40]:<40}  {first}")
    return 0


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    """Add one entry and index it."""
    from engine.faq.book import PolicyBook
    from engine.faq.indexer import index_pending

    book = PolicyBook(ctx.engine.store)
    entry = book.add(args.title, args.text)
    index_pending(book, _embedder())
    if ctx.json:
        emit_json(entry.to_json())
    else:
        say(f"added {entry.title!r}")
    return 0


def cmd_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    """Change an entry's title or text and re-index it."""
    from engine.faq.book import PolicyBook
    from engine.faq.indexer import index_pending

    book = PolicyBook(ctx.engine.store)
    old = book.require(args.id)
    entry = book.edit(old.key, args.title or old.title, args.text or old.text)
    index_pending(book, _embedder())
    if ctx.json:
        emit_json(entry.to_json())
    else:
        say(f"saved {entry.title!r}")
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    """Remove an entry."""
    from engine.faq.book import PolicyBook

    entry = PolicyBook(ctx.engine.store).delete(args.id)
    if ctx.json:
        emit_json({"deleted": entry.to_json()})
    else:
        say(f"deleted {entry.title!r}")
    return 0


def cmd_index(args: argparse.Namespace, ctx: CliContext) -> int:
    """Embed what is not indexed yet."""
    from engine.faq.book import PolicyBook
    from engine.faq.indexer import index_pending

    result = index_pending(PolicyBook(ctx.engine.store), _embedder(), StderrProgress())
    if ctx.json:
        emit_json(result)
    else:
        say(f"indexed {result['indexed']} entries; {result['pending']} waiting")
    return 0


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    """Retrieval only."""
    from engine.faq.retrieval import retrieve_policies

    found = retrieve_policies(
        ctx.engine.store, args.question, args.k, embedder=_embedder(), mode=args.mode
    )
    if ctx.json:
        emit_json(found.to_json())
        return 0
    if found.no_policy:
        say("no policy in the book answers this question")
    for hit in found.hits:
        print(f"{hit.score:7.2f}  {hit.entry.title}")
    return 0


def cmd_reply(args: argparse.Namespace, ctx: CliContext) -> int:
    """Draft replies, print them, save them to history."""
    from engine.faq.replies import ReplyRequest, write_reply

    message = args.question or ""
    if args.file:
        try:
            message = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {args.file}: {exc}") from None
    request = ReplyRequest.from_params(
        {
            "message": message,
            "variants": args.variants,
            "tone": args.tone,
            "lang": args.lang,
            "seed": args.seed,
            "max_new_tokens": args.max_new_tokens,
            "values": _values(args.value),
        }
    )
    streaming = not ctx.json and args.variants == 1

    def on_text(variant: int, text: str) -> None:
        if streaming:
            sys.stderr.write(text)
            sys.stderr.flush()

    result = write_reply(ctx.engine, request, on_text, threading.Event(), StderrProgress())
    if ctx.json:
        emit_json(result)
        return 0
    if streaming:
        sys.stderr.write("\n")
    if result["no_policy"]:
        say("no policy answers this: the draft says you will check and come back")
    if result["handover"]:
        reasons = ", ".join(r["reason"] for r in result["handover_reasons"])
        say(f"needs a person: {reasons}")
    for number, draft in enumerate(result["drafts"], start=1):
        print(f"--- draft {number} ({draft['intent']}) ---\n{draft['text']}")
        if draft["sources"]:
            print("sources: " + "; ".join(draft["sources"]))
        for flag in draft["flags"]:
            say(f"check (draft {number}): {flag['span']!r}: {flag['reason']}")
    return 0


def cmd_saved_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Add saved replies from a JSON file."""
    from engine.faq.templates import SavedReplies

    saved = SavedReplies(ctx.engine.store).import_json(args.file)
    if ctx.json:
        emit_json([s.to_json() for s in saved])
    else:
        say(f"saved {len(saved)} replies")
    return 0


def cmd_saved_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """Saved replies."""
    from engine.faq.templates import SavedReplies

    rows = [s.to_json() for s in SavedReplies(ctx.engine.store).all()]
    if ctx.json:
        emit_json(rows)
        return 0
    for row in rows:
        print(f"#{row['id']:<4} {row['lang']}  {row['title']}  ({', '.join(row['placeholders'])})")
    return 0


def cmd_saved_fill(args: argparse.Namespace, ctx: CliContext) -> int:
    """A saved reply with the given values; names the ones still missing (exit 2)."""
    from engine.faq.templates import SavedReplies, fill

    saved = SavedReplies(ctx.engine.store).get(args.id)
    if saved is None:
        raise UserError(f"no saved reply {args.id!r} (see `shopscribe faq saved list`)")
    filled = fill(saved.text, _values(args.value))
    if ctx.json:
        emit_json({"id": saved.id, "title": saved.title, **filled.to_json()})
        return 0 if not filled.missing else 2
    if filled.missing:
        raise UserError(
            "give a value for: " + ", ".join(filled.missing) + " (e.g. --value customer_name=Ana)"
        )
    print(filled.text)
    return 0
