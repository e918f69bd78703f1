"""``shopscribe backend``: choose where generation runs (local engine or an OpenAI server)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from engine.cli.common import CliContext, emit_json, json_parent, say
from engine.core.errors import UserError


def register(sub: Any) -> None:
    """Add ``backend show|set|check``."""
    parser = sub.add_parser("backend", help="local engine or a remote OpenAI-compatible server")
    group = parser.add_subparsers(dest="backend_command", metavar="ACTION")
    group.required = True
    show = group.add_parser("show", parents=[json_parent()], help="the current choice")
    show.set_defaults(func=cmd_show)
    put = group.add_parser("set", parents=[json_parent()], help="choose local or remote")
    put.add_argument("kind", choices=["local", "remote", "openai"])
    put.add_argument("--url", help="the server's address, e.g. http://127.0.0.1:8080/v1")
    put.add_argument("--model", dest="remote_name", help="the model's name on the server")
    put.add_argument(
        "--key-stdin",
        action="store_true",
        help="read the API key from stdin and keep it in the OS keyring",
    )
    put.add_argument("--forget-key", action="store_true", help="remove the stored API key")
    put.set_defaults(func=cmd_set)
    check = group.add_parser(
        "check", parents=[json_parent()], help="ask the remote server for a few words"
    )
    check.set_defaults(func=cmd_check)


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    """Print the backend setting (the key only as ``has_key``)."""
    from engine.runtime.backend import describe, load_backend

    info = describe(load_backend(ctx.engine.store))
    if ctx.json:
        emit_json(info)
    elif info["kind"] == "remote":
        key = "an API key in the keyring" if info["has_key"] else "no API key"
        say(f"remote: {info['model']} at {info['base_url']} ({key})")
    else:
        say("local: the model runs on this machine")
    return 0


def cmd_set(args: argparse.Namespace, ctx: CliContext) -> int:
    """Save the choice; with ``--key-stdin`` the key goes to the OS keyring only."""
    from engine.runtime.backend import (
        BackendChoice,
        describe,
        forget_key,
        load_backend,
        save_backend,
        store_key,
    )

    store = ctx.engine.store
    last = load_backend(store)
    wanted = BackendChoice(
        args.kind, args.url or last.base_url, args.remote_name or last.model
    ).checked()
    key = ""
    if args.key_stdin:
        if not wanted.remote:
            raise UserError("--key-stdin is for a remote backend")
        key = sys.stdin.readline().strip()
        if not key:
            raise UserError("no API key on stdin")
    choice = save_backend(store, wanted)
    if key:
        store_key(choice.base_url, key)
    if args.forget_key and choice.base_url:
        forget_key(choice.base_url)
    info = describe(choice)
    if ctx.json:
        emit_json(info)
    elif choice.remote:
        say(f"generation now runs on {choice.model} at {choice.base_url}")
    else:
        say("generation now runs on this machine")
    return 0


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    """One short request to the remote server: reachable, key accepted, model known."""
    from engine.decoding.protocol import StreamSettings

    engine = ctx.engine
    if not engine.backend_choice().remote:
        raise UserError("the backend is local; choose a server with `shopscribe backend set`")
    result = engine.generator().stream(
        [{"role": "user", "content": "Say OK."}],
        StreamSettings(max_new_tokens=8, temperature=0.0),
    )
    info = {
        "ok": True,
        "text": result.texts[0],
        "ttft_ms": round(result.first_token_s * 1000, 1),
        "tokens_per_s": round(result.tokens_per_s, 1),
    }
    if ctx.json:
        emit_json(info)
    else:
        say(f"the server answered {info['text']!r} (first text after {info['ttft_ms']} ms)")
    return 0
