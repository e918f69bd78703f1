"""``shopscribe check``: the fact guard over a text the owner wrote or pasted.

The same check the window runs on an edited variant (guard v2: every statement checked against
the facts as evidence), so ``--json`` carries the contract's ``flags`` plus each sentence with
the facts it rests on and the facts' coverage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from engine.catalog.facts import ProductFacts
from engine.cli.common import CliContext, emit_json, json_parent
from engine.core.errors import UserError


def register(sub: Any) -> None:
    """Add ``check``."""
    p = sub.add_parser(
        "check", parents=[json_parent()], help="flag claims in a text that the facts do not support"
    )
    p.add_argument("--facts", required=True, help="facts JSON file")
    p.add_argument("--text", required=True, help="text file to check")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    """Run the guard and print the flags."""
    facts = ProductFacts.from_file(args.facts)
    try:
        text = Path(args.text).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"text file not found: {args.text}") from None
    except UnicodeDecodeError:
        raise UserError(f"text file is not UTF-8: {args.text}") from None
    from engine.listing.copywriter import check_copy

    report = check_copy(facts, text)
    flags = report["flags"]
    if ctx.json:
        emit_json(
            {
                "flags": flags,
                "sentences": report["sentences"],
                "coverage": report["coverage"],
            }
        )
    else:
        for flag in flags:
            print(f"{flag['span']!r}: {flag['reason']}")
        if not flags:
            print("nothing to check: every statement rests on the facts")
        missing = report["coverage"]["missing"]
        if missing:
            print("facts not used: " + "; ".join(missing))
    return 0
