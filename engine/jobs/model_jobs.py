"""Jobs of the model manager and start-up: load, prepare, list, import, delete, activate, device."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.jobs.registry import JobContext, job
from engine.models.importer import import_model
from engine.models.manager import model_row, model_rows, set_device_preference
from engine.models.packs import prepare_pack
from engine.models.registry import active_model_name, delete_model, set_active_model
from engine.runtime.engine import Engine


@job("load_model")
def load_model_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Load (or switch to) the active model; returns its name, device and decoder."""
    if params.get("name"):
        engine.model_override = str(params["name"])
    generator = engine.generator(ctx.on_progress)
    return {
        "model": generator.name,
        "device": generator.choice.device,
        "dtype": generator.choice.dtype_name,
        "note": generator.choice.note,
        "decoder": generator.backend,
        "decoder_reason": engine.decoder_reason,
        "adapter": generator.adapter,
    }


@job("prepare_pack", isolated=True)
def prepare_pack_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Build a model pack's folder from its installed wheels (converts with torch)."""
    info = prepare_pack(engine.paths, str(params["name"]), ctx.on_progress)
    return info.to_json()


@job("list_models")
def list_models_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> list[Any]:
    """Installed models with sizes, languages, licence, active flag and RAM estimate."""
    return model_rows(engine.paths, engine.store)


@job("import_model", isolated=True)
def import_model_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Import a Hugging Face folder or a ``.gguf`` file (converted with torch): its row."""
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
    return model_row(info, active_model_name(engine.paths, engine.store))


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


@job("backend_show")
def backend_show_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """The backend setting (``kind``, ``base_url``, ``model``, ``has_key``; never the key)."""
    from engine.runtime.backend import describe, load_backend

    return describe(load_backend(engine.store))


@job("backend_set")
def backend_set_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Save the backend choice; a given ``api_key`` goes to the OS keyring only."""
    from engine.runtime.backend import BackendChoice, describe, save_backend, store_key

    wanted = BackendChoice(
        str(params.get("kind", "local")),
        str(params.get("base_url", "")),
        str(params.get("model", "")),
    )
    choice = save_backend(engine.store, wanted)
    if params.get("api_key") and choice.remote:
        store_key(choice.base_url, str(params["api_key"]))
    return describe(choice)


@job("backend_check")
def backend_check_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Ask the chosen remote server for a few words (reachable, key accepted, model known)."""
    from engine.decoding.protocol import StreamSettings

    if not engine.backend_choice().remote:
        raise UserError("the backend is local: nothing to check")
    result = engine.generator().stream(
        [{"role": "user", "content": "Say OK."}],
        StreamSettings(max_new_tokens=8, temperature=0.0),
        stop=ctx.stop,
    )
    return {"text": result.texts[0], "ttft_ms": round(result.first_token_s * 1000, 1)}
