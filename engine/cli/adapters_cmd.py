"""``shopscribe adapters``: list, use, turn off, rename, delete and export LoRA adapters."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from engine.cli.common import CliContext, emit_json, json_parent, say


def register(sub: Any) -> None:
    """Add ``adapters`` and its subcommands."""
    p = sub.add_parser("adapters", parents=[json_parent()], help="saved LoRA adapters")
    asub = p.add_subparsers(dest="adapters_command", metavar="ACTION")
    asub.required = True
    lst = asub.add_parser("list", parents=[json_parent()], help="saved adapters")
    lst.set_defaults(func=cmd_list)
    use = asub.add_parser("use", parents=[json_parent()], help="make an adapter the active one")
    use.add_argument("name")
    use.add_argument(
        "--force", action="store_true", help="also an adapter that wrote worse than the base"
    )
    use.set_defaults(func=cmd_use)
    off = asub.add_parser("off", parents=[json_parent()], help="use the plain base model")
    off.set_defaults(func=cmd_off)
    ren = asub.add_parser("rename", parents=[json_parent()], help="rename an adapter")
    ren.add_argument("name")
    ren.add_argument("new_name")
    ren.set_defaults(func=cmd_rename)
    dele = asub.add_parser("delete", parents=[json_parent()], help="delete an adapter")
    dele.add_argument("name")
    dele.set_defaults(func=cmd_delete)
    exp = asub.add_parser("export", parents=[json_parent()], help="copy to a folder or .zip")
    exp.add_argument("name")
    exp.add_argument("dest", help="new folder, or a file ending in .zip")
    exp.add_argument("--merged", action="store_true", help="a full model with the adapter merged")
    exp.set_defaults(func=cmd_export)
    imp = asub.add_parser(
        "import", parents=[json_parent()], help="an adapter trained elsewhere (folder or .zip)"
    )
    imp.add_argument("source", help="adapter folder, or a .zip from `adapters export`")
    imp.add_argument("--name", help="name to save it under (default: the folder's or zip's)")
    imp.add_argument("--base-model", help="the model it was trained on (plain PEFT folders)")
    imp.add_argument("--replace", action="store_true", help="replace an adapter of that name")
    imp.set_defaults(func=cmd_import)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """``[{"name", "base_model", "active"}]``."""
    from engine.models.adapters import active_adapter_name, list_adapters

    active = active_adapter_name(ctx.paths, ctx.engine.store)
    items = [a.to_json(active=a.name == active) for a in list_adapters(ctx.paths)]
    if ctx.json:
        emit_json(items)
    else:
        for item in items:
            mark = "*" if item["active"] else " "
            print(
                f"{mark} {item['name']}  (base {item['base_model']}, "
                f"ppl {item['eval_ppl_before']} → {item['eval_ppl_after']})"
            )
        if not items:
            say("no adapters yet; train one with `shopscribe finetune --data FILE`")
    return 0


def cmd_use(args: argparse.Namespace, ctx: CliContext) -> int:
    """Activate an adapter (persists)."""
    from engine.models.adapters import set_active_adapter

    info = set_active_adapter(ctx.paths, ctx.engine.store, args.name, force=args.force)
    assert info is not None
    if ctx.json:
        emit_json(info.to_json(active=True))
    say(f"active adapter: {info.name}")
    return 0


def cmd_off(args: argparse.Namespace, ctx: CliContext) -> int:
    """Deactivate: the base model writes again."""
    from engine.models.adapters import set_active_adapter

    set_active_adapter(ctx.paths, ctx.engine.store, None)
    if ctx.json:
        emit_json({"active": None})
    say("no adapter active: the base model is used")
    return 0


def cmd_rename(args: argparse.Namespace, ctx: CliContext) -> int:
    """Rename an adapter."""
    from engine.models.adapters import rename_adapter

    info = rename_adapter(ctx.paths, ctx.engine.store, args.name, args.new_name)
    if ctx.json:
        emit_json(info.to_json())
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    """Delete an adapter."""
    from engine.models.adapters import delete_adapter

    delete_adapter(ctx.paths, ctx.engine.store, args.name)
    if ctx.json:
        emit_json({"deleted": args.name})
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    """Export an adapter (or a merged model)."""
    from engine.models.adapters import export_adapter, export_merged, find_adapter
    from engine.models.registry import find_model

    dest = Path(args.dest).expanduser().resolve()
    if args.merged:
        info = find_adapter(ctx.paths, args.name)
        out = export_merged(ctx.paths, args.name, find_model(ctx.paths, info.base_model).path, dest)
    else:
        out = export_adapter(ctx.paths, args.name, dest)
    if ctx.json:
        emit_json({"path": str(out)})
    say(f"exported to {out}")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Install an adapter made on another machine (safetensors only, nothing unpickled)."""
    from engine.models.adapter_import import import_adapter
    from engine.models.registry import installed_models

    info = import_adapter(
        ctx.paths,
        Path(args.source),
        name=args.name,
        base_model=args.base_model,
        replace=args.replace,
    )
    installed = {m.name for m in installed_models(ctx.paths)}
    note = "" if info.base_model in installed else f"model {info.base_model!r} is not installed"
    if ctx.json:
        emit_json({**info.to_json(), "note": note})
    else:
        say(f"adapter {info.name!r} imported (trained on {info.base_model})")
        if note:
            say(f"note: {note}; install it before `shopscribe adapters use {info.name}`")
    return 0
