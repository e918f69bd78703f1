"""Engine jobs of the model manager: list, import, delete, activate models and pick the device."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.devices import DEVICE_PREFERENCES
from engine.errors import UserError
from engine.jobs import JobContext, job
from engine.memory import GB, estimate_memory
from engine.model_import import import_model
from engine.models import (
    active_model_name,
    delete_model,
    installed_models,
    set_active_model,
)
from engine.paths import Paths
from engine.service import Engine
from engine.store import Store

DEVICE_KEY = "device"
"""Settings key of the merchant's device choice (read by ``Engine.device_preference``)."""


def model_rows(paths: Paths, store: Store) -> list[dict[str, Any]]:
    """Every installed model as the CLI's JSON row plus the RAM estimate (file reads only)."""
    active = active_model_name(paths, store)
    rows = []
    for info in installed_models(paths):
        row = info.to_json(active=info.name == active)
        row["ram_gb"] = round(estimate_memory(info).gb(), 2)
        rows.append(row)
    return rows


def set_device_preference(store: Store, device: str) -> str:
    """Persist the device choice (``auto``, ``cuda``, ``mps`` or ``cpu``).

    Raises:
        UserError: for anything else.

    """
    device = (device or "auto").lower()
    if device not in DEVICE_PREFERENCES:
        raise UserError(f"device must be one of {', '.join(DEVICE_PREFERENCES)}, not {device!r}")
    store.set_setting(DEVICE_KEY, device)
    return device


@job("list_models")
def list_models_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> list[Any]:
    """Installed models with sizes, languages, licence, active flag and RAM estimate."""
    return model_rows(engine.paths, engine.store)


@job("import_model")
def import_model_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Import a Hugging Face folder or a ``.gguf`` file; returns the new model's row."""
    source = str(params.get("path") or "").strip()
    if not source:
        raise UserError("choose a model folder or a .gguf file to import")
    languages = params.get("languages")
    info = import_model(
        engine.paths,
        Path(source),
        params.get("name") or None,
        languages=list(languages) if languages else None,
        on_progress=ctx.on_progress,
        stop=ctx.stop,
    )
    row = info.to_json(active=active_model_name(engine.paths, engine.store) == info.name)
    row["ram_gb"] = round(estimate_memory(info).total / GB, 2)
    return row


@job("delete_model")
def delete_model_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Delete an installed model folder, unloading it first when it is the loaded one."""
    name = str(params["name"])
    loaded = engine.loaded()
    if loaded is not None and loaded.name == name:
        engine.unload()
    delete_model(engine.paths, engine.store, name)
    return {"deleted": name, "active": active_model_name(engine.paths, engine.store)}


@job("use_model")
def use_model_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Make a model the active one (persisted); the caller loads it with ``load_model``."""
    info = set_active_model(engine.paths, engine.store, str(params["name"]))
    engine.model_override = None
    return {"active": info.name}


@job("set_device")
def set_device_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Persist the device choice; the next ``load_model`` moves the model there."""
    device = set_device_preference(engine.store, str(params.get("device") or "auto"))
    engine.device_override = None
    return {"device": device}
