"""``shopscribe copy``: listing copy for one product, streamed to stderr or as JSON."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from engine.catalog.facts import LANGS, ProductFacts
from engine.cli.common import CliContext, emit_json, json_parent, say
from engine.listing.copywriter import CopyRequest, write_copy
from engine.listing.prompts import CHANNELS


def register(sub: Any) -> None:
    """Add ``copy``."""
    p = sub.add_parser("copy", parents=[json_parent()], help="write listing copy for one product")
    p.add_argument("--facts", required=True, help="facts JSON file (only title is required)")
    p.add_argument("--channel", default="description", choices=sorted(CHANNELS))
    p.add_argument("--lang", choices=LANGS, help="language (default: the facts' lang or en)")
    p.add_argument("--variants", type=int, default=1, help="how many versions (1-5)")
    p.add_argument("--seed", type=int, help="random seed for repeatable output")
    p.add_argument("--max-new-tokens", type=int, help="length limit in tokens")
    p.add_argument("--temperature", type=float, default=0.7, help="0 for greedy decoding")
    p.add_argument("--length", choices=["short", "medium", "long"], default="medium")
    p.add_argument("--format", choices=["plain", "html"], default="plain", help="descriptions")
    p.add_argument("--voice", help="brand voice preset name (tone, words, examples)")
    p.set_defaults(func=cmd_copy)


def cmd_copy(args: argparse.Namespace, ctx: CliContext) -> int:
    """Generate, print, save to history."""
    from engine.core.errors import UserError

    if not 1 <= args.variants <= 5:
        raise UserError("--variants must be between 1 and 5")
    facts = ProductFacts.from_file(args.facts)
    if args.lang:
        facts.lang = args.lang
    voice_id = 0
    if args.voice:
        from engine.listing.voice import list_voices

        names = {v.name.lower(): v.id for v in list_voices(ctx.engine.store)}
        if args.voice.lower() not in names:
            raise UserError(f"no brand voice called {args.voice!r}")
        voice_id = names[args.voice.lower()]
    request = CopyRequest(
        length=args.length,
        fmt=args.format,
        voice_id=voice_id,
        facts=facts,
        channel=args.channel,
        variants=args.variants,
        seed=args.seed,
        max_new_tokens=args.max_new_tokens,
        temperature=args.temperature,
    )
    streaming = not ctx.json and args.variants == 1

    def on_text(variant: int, text: str) -> None:
        if streaming:
            sys.stdout.write(text)
            sys.stdout.flush()

    result = write_copy(ctx.engine, request, on_text, threading.Event())
    if ctx.json:
        emit_json(result)
        return 0
    if streaming:
        sys.stdout.write("\n")
    else:
        for index, variant in enumerate(result["variants"], start=1):
            print(f"--- variant {index} ---\n{variant['text']}")
    for index, variant in enumerate(result["variants"], start=1):
        for flag in variant["flags"]:
            say(f"check (variant {index}): {flag['span']!r}: {flag['reason']}")
    say(f"{result['model']} on {result['device']}: {result['tokens_per_s']} tokens/s")
    return 0
