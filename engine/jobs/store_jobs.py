"""Jobs that read or write the merchant's files off the GUI thread: export, adapters, backups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.history.export import export_history
from engine.history.store import History
from engine.jobs.registry import JobContext, job
from engine.models.adapters import (
    active_adapter_name,
    delete_adapter,
    export_adapter,
    list_adapters,
    rename_adapter,
    set_active_adapter,
)
from engine.runtime.engine import Engine
from engine.store.backup import backup_due, list_backups, make_backup


@job("history_export")
def history_export_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Write the history items ``ids`` (in that order) as ``format`` to ``out``, atomically."""
    history = History(engine.store)
    ids = [int(i) for i in params.get("ids") or []]
    items = [item for item in (history.get(i) for i in ids) if item is not None]
    ctx.on_progress(0, 1, "exporting history")
    count = export_history(items, str(params["format"]), str(params["out"]))
    return {"count": count, "out": str(params["out"])}


@job("list_adapters")
def list_adapters_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> list[Any]:
    """Saved adapters (the adapters folder's manifests), the active one marked."""
    active = active_adapter_name(engine.paths, engine.store)
    return [info.to_json(active=info.name == active) for info in list_adapters(engine.paths)]


@job("adapter")
def adapter_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Activate, deactivate, rename, delete or export one adapter.

    ``{"action": "activate"|"deactivate"|"rename"|"delete"|"export", "name", "new"?, "out"?}``.
    """
    action = str(params.get("action") or "")
    name = str(params.get("name") or "")
    paths, store = engine.paths, engine.store
    if action == "activate":
        set_active_adapter(paths, store, name, force=bool(params.get("force")))
    elif action == "deactivate":
        set_active_adapter(paths, store, None)
    elif action == "rename":
        rename_adapter(paths, store, name, str(params["new"]))
    elif action == "delete":
        delete_adapter(paths, store, name)
    elif action == "export":
        ctx.on_progress(0, 1, f"exporting {name}")
        out = export_adapter(
            paths, name, Path(str(params["out"])), overwrite=bool(params.get("overwrite"))
        )
        return {"out": str(out)}
    else:
        raise UserError(f"unknown adapter action {action!r}")
    return {"action": action, "name": name}


@job("store_backup")
def store_backup_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Back the database up (``reason``); with ``if_due`` only when the newest is a day old."""
    db = engine.paths.db
    if params.get("if_due") and not backup_due(db):
        return {"path": None}
    made = make_backup(db, str(params.get("reason") or "manual"))
    return {"path": str(made) if made else None}


@job("store_backups")
def store_backups_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> list[Any]:
    """The kept backups, newest first (``{"path", "label", "created", "reason", "size"}``)."""
    return [backup.to_json() for backup in list_backups(engine.paths.db)]


@job("store_restore")
def store_restore_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Restore the kept backup ``path`` in place; the replaced content is kept beside it."""
    wanted = Path(str(params.get("path") or ""))
    backup = next((b for b in list_backups(engine.paths.db) if b.path == wanted), None)
    if backup is None:
        raise UserError(f"{wanted.name} is not one of the kept backups")
    ctx.on_progress(0, 1, f"restoring the backup from {backup.label}")
    kept = engine.store.restore_from(backup.path)
    return {"restored": backup.to_json(), "kept": str(kept)}
