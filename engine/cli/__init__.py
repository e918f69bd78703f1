"""cli: the ``shopscribe`` command, an argparse layer over the engine (shared/cli-contract.md).

May import: everything in the engine; engines and stores are opened through engine.app.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from engine.cli.common import CliContext, CommandModule
from engine.core.errors import UserError
from engine.core.logs import setup_logging
from engine.core.offline import go_offline
from engine.core.paths import resolve_paths
from engine.decoding.choice import DECODERS


def _command_modules() -> list[CommandModule]:
    from engine.cli import (
        adapters_cmd,
        backend_cmd,
        bulk_cmd,
        catalog_cmd,
        check_cmd,
        copy_cmd,
        customers_cmd,
        faq_cmd,
        finetune_cmd,
        history_cmd,
        models_cmd,
        store_cmd,
    )

    return [
        models_cmd,
        copy_cmd,
        check_cmd,
        history_cmd,
        bulk_cmd,
        finetune_cmd,
        adapters_cmd,
        customers_cmd,
        catalog_cmd,
        faq_cmd,
        store_cmd,
        backend_cmd,
    ]


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = argparse.ArgumentParser(
        prog="shopscribe", description="ShopScribe: offline listing copy for small shops."
    )
    parser.add_argument("--data-dir", help="folder for every file ShopScribe writes")
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser.add_argument("--model", help="model to use for this run (default: the active one)")
    parser.add_argument("--adapter", help="LoRA adapter to use for this run")
    parser.add_argument("--device", choices=["auto", "cuda", "mps", "cpu"], help="device")
    parser.add_argument(
        "--decoder",
        choices=list(DECODERS),
        help="CPU decoder: llama.cpp 8-bit (auto when installed) or torch",
    )
    parser.add_argument(
        "--backend",
        choices=["local", "openai", "remote"],
        help="where generation runs for this run (default: `shopscribe backend show`)",
    )
    parser.add_argument("--base-url", help="OpenAI-compatible server (with --backend openai)")
    parser.add_argument("--remote-model", help="model name on the remote server")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in _command_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input, 3 no model, 1 bug)."""
    go_offline()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse printed one usage line already
        return int(exc.code or 0)
    ctx: CliContext | None = None
    try:
        paths = resolve_paths(args.data_dir)
        log_path = setup_logging(paths, verbose=args.verbose)
        ctx = CliContext(args=args, paths=paths, log_path=log_path)
        return int(args.func(args, ctx) or 0)
    except UserError as exc:
        print(f"shopscribe: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("shopscribe: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        logging.getLogger("shopscribe").exception("unexpected failure")
        where = ctx.log_path if ctx else "the log"
        print(
            f"shopscribe: something went wrong ({exc.__class__.__name__}); details in {where}",
            file=sys.stderr,
        )
        return 1
    finally:
        if ctx is not None:
            ctx.close()


if __name__ == "__main__":
    sys.exit(main())
