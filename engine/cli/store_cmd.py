"""``shopscribe store``: back the database up, list and restore backups, check its integrity."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from engine.cli.common import CliContext, emit_json, json_parent, say
from engine.core.errors import UserError
from engine.store.backup import (
    list_backups,
    make_backup,
    newest_good_backup,
    quick_check,
    restore,
)


def register(sub: Any) -> None:
    """Add ``store``."""
    store = sub.add_parser(
        "store", parents=[json_parent()], help="the database: backups, restore, integrity check"
    )
    ssub = store.add_subparsers(dest="store_command", metavar="ACTION")
    ssub.required = True
    p = ssub.add_parser("backup", parents=[json_parent()], help="back the database up now")
    p.set_defaults(func=cmd_backup)
    p = ssub.add_parser("backups", parents=[json_parent()], help="the kept backups, newest first")
    p.set_defaults(func=cmd_backups)
    p = ssub.add_parser(
        "restore", parents=[json_parent()], help="put a backup in place of the database"
    )
    p.add_argument("file", help="a backup file (or the name of one in the backups folder)")
    p.set_defaults(func=cmd_restore)
    p = ssub.add_parser("check", parents=[json_parent()], help="SQLite's quick_check")
    p.set_defaults(func=cmd_check)


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    """Make a backup now (kept with the others; the oldest beyond 7 go)."""
    made = make_backup(ctx.paths.db, "manual")
    if made is None:
        raise UserError(f"there is no database to back up yet in {ctx.paths.root}")
    if ctx.json:
        emit_json({"path": str(made), "size": made.stat().st_size})
    else:
        print(made)
    return 0


def cmd_backups(args: argparse.Namespace, ctx: CliContext) -> int:
    """List the kept backups with their dates and sizes."""
    backups = list_backups(ctx.paths.db)
    if ctx.json:
        emit_json({"backups": [b.to_json() for b in backups]})
        return 0
    if not backups:
        say("no backups yet")
    for backup in backups:
        print(f"{backup.label:<34} {backup.size / 1e6:8.2f} MB  {backup.path}")
    return 0


def _backup_file(name: str, ctx: CliContext) -> Path:
    given = Path(name).expanduser()
    if given.is_file():
        return given.resolve()
    kept = next((b.path for b in list_backups(ctx.paths.db) if b.path.name == name), None)
    if kept is None:
        raise UserError(f"no backup {name!r}: give a file or a name `store backups` lists")
    return kept


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    """Restore a backup; the database it replaces is kept beside it, never deleted.

    A sound database is replaced in place through SQLite (safe while the window is open on
    it); a damaged one is moved aside and the backup copied in.
    """
    backup = _backup_file(str(args.file), ctx)
    if quick_check(backup) != "ok":
        raise UserError(f"{backup.name} is damaged (or not a ShopScribe database)")
    db = ctx.paths.db
    if db.exists() and quick_check(db) == "ok":
        kept: Path | None = ctx.engine.store.restore_from(backup)
    else:
        kept = restore(db, backup)
        ctx.engine.store  # noqa: B018 - opening brings an older backup's schema up to date
    if ctx.json:
        emit_json({"restored": str(backup), "kept": str(kept) if kept else None})
    else:
        kept_note = f"; the one it replaced is kept as {kept}" if kept else ""
        say(f"restored {backup.name}{kept_note}")
    return 0


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    """Run ``PRAGMA quick_check``: exit 0 when the database is sound, 2 when it is damaged."""
    verdict = quick_check(ctx.paths.db)
    good = newest_good_backup(ctx.paths.db) if verdict != "ok" else None
    if ctx.json:
        emit_json(
            {
                "ok": verdict == "ok",
                "verdict": verdict,
                "db": str(ctx.paths.db),
                "newest_good_backup": good.to_json() if good else None,
            }
        )
        return 0 if verdict == "ok" else 2
    if verdict == "ok":
        print("ok")
        return 0
    offer = f"; restore with: shopscribe store restore {good.path.name}" if good else ""
    raise UserError(f"the database is damaged ({verdict[:200]}){offer}")
