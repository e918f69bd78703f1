"""``shopscribe finetune``: LoRA on the owner's texts, JSON Lines of steps, then the result."""

from __future__ import annotations

import argparse
import os
import signal
import threading
from typing import Any

from engine.cli.common import CliContext, emit_json_line, json_parent, say
from engine.core.errors import Cancelled, UserError


def register(sub: Any) -> None:
    """Add ``finetune``."""
    p = sub.add_parser(
        "finetune", parents=[json_parent()], help="train a LoRA adapter on your own product texts"
    )
    p.add_argument(
        "--data",
        action="append",
        help="product .csv export, .jsonl or .txt with your texts (repeat for several files)",
    )
    p.add_argument("--favourites", action="store_true", help="also train on starred history")
    p.add_argument("--steps", type=int, help="number of training steps (default: whole epochs)")
    p.add_argument("--out", help="adapter name (default: from the data file's name)")
    p.add_argument("--resume", action="store_true", help="continue the newest checkpoint")
    p.add_argument("--preset", default="quick", choices=["quick", "thorough"])
    p.add_argument("--epochs", type=int)
    p.add_argument("--lr", type=float, help="learning rate")
    p.add_argument("--rank", type=int, help="LoRA rank")
    p.add_argument("--alpha", type=int, help="LoRA alpha")
    p.add_argument("--dropout", type=float, help="LoRA dropout")
    p.add_argument("--target-modules", help="comma-separated module names, e.g. q_proj,v_proj")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--max-length", type=int, help="tokens per example")
    p.add_argument("--eval-every", type=int, help="steps between held-out evaluations")
    p.add_argument("--save-every", type=int, help="steps between checkpoints")
    p.add_argument("--patience", type=int, help="evaluations without improvement before stop")
    p.add_argument("--seed", type=int)
    p.add_argument(
        "--export-data",
        metavar="FILE.jsonl",
        help="write the cleaned, redacted pairs (for training on another machine) and stop",
    )
    p.set_defaults(func=cmd_finetune)


def _config(args: argparse.Namespace) -> Any:
    from engine.finetune.config import preset

    if args.steps is not None and args.steps < 1:
        raise UserError("--steps must be at least 1")
    targets = [t.strip() for t in args.target_modules.split(",")] if args.target_modules else None
    return preset(
        args.preset,
        max_steps=args.steps,
        epochs=args.epochs,
        lr=args.lr,
        rank=args.rank,
        alpha=args.alpha,
        dropout=args.dropout,
        target_modules=targets,
        batch_size=args.batch_size,
        max_length=args.max_length,
        eval_every=args.eval_every,
        save_every=args.save_every,
        patience=args.patience,
        seed=args.seed,
    )


def cmd_finetune(args: argparse.Namespace, ctx: CliContext) -> int:
    """Train; each step is one JSON line, the last line names the adapter and perplexities."""
    from engine.finetune.runner import run_finetune

    if not args.data and not args.favourites:
        raise UserError("give --data FILE (a .csv, .jsonl or .txt) or --favourites")
    if args.export_data:
        return _export(args, ctx)
    config = _config(args)
    # Under `accelerate launch` with several processes only the first one prints.
    main_process = os.environ.get("RANK", "0") == "0"
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def on_event(event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if not main_process:
            return
        if kind == "step":
            record = {"step": event["step"], "loss": round(event["loss"], 5)}
            if "eval_loss" in event:
                record["eval_loss"] = round(event["eval_loss"], 5)
            if ctx.json:
                emit_json_line(record)
            else:
                say(
                    f"step {event['step']}/{event['total']}  loss {event['loss']:.4f}"
                    + (f"  eval {event['eval_loss']:.4f}" if "eval_loss" in event else "")
                )
        elif kind == "warning":
            say(f"warning: {event['text']}")
        elif kind == "resume":
            say(f"resuming at step {event['step']}")
        elif kind == "nan":
            say(f"the loss became NaN at step {event['step']}; stopping")

    try:
        result = run_finetune(
            ctx.engine,
            data=args.data,
            favourites=args.favourites,
            name=args.out,
            config=config,
            resume=args.resume,
            on_event=on_event,
            stop=stop,
        )
    except Cancelled:
        raise UserError("training stopped; run again with --resume to continue") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    final = {k: v for k, v in result.items() if k != "history"}
    if not main_process:
        return 0
    if ctx.json:
        emit_json_line(final)
    else:
        say(
            f"adapter {final['adapter']!r} saved: held-out perplexity "
            f"{final['eval_ppl_before']} → {final['eval_ppl_after']} ({final['status']})"
        )
        if final.get("worse_than_base"):
            say(final["advice"])
    if final["status"] == "nan":
        raise UserError(
            f"training stopped at step {final['steps'] + 1}: the loss became NaN; the last good "
            f"adapter (step {final['best_step'] or final['steps']}) was kept; "
            "try a lower learning rate"
        )
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    """``--export-data``: the dataset the app would train on, as one JSON Lines file."""
    from pathlib import Path

    from engine.finetune.runner import export_dataset, load_dataset

    dataset = load_dataset(ctx.engine, args.data, args.favourites)
    count = export_dataset(dataset, Path(args.export_data))
    info = {"out": args.export_data, "pairs": count, "train": len(dataset.train)}
    if ctx.json:
        emit_json_line(info)
    else:
        say(f"{count} pairs written to {args.export_data} ({len(dataset.train)} for training)")
    return 0
