"""The model registry: installed model folders, their manifests and the active model."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.core.errors import NoModelError, UserError
from engine.core.files import atomic_write_text
from engine.core.paths import Paths
from engine.store.connection import Store

MANIFEST = "shopscribe.json"
ACTIVE_MODEL_KEY = "active_model"
# When nothing was chosen, the best installed model wins (Qwen writes better copy).
PREFERENCE = ("qwen-coder", "smollm2")


@dataclass
class ModelInfo:
    """What we know of one installed model folder."""

    name: str
    path: Path
    display: str = ""
    params: int = 0
    bytes: int = 0
    languages: list[str] = field(default_factory=lambda: ["en"])
    licence: str = ""
    source: str = ""
    source_sha256: str = ""
    architecture: str = ""
    prompt_style: str = "classic"
    """``house`` for a model trained on the corpus (short house prompts); ``classic`` else."""

    def to_json(self, active: bool = False) -> dict[str, Any]:
        """The shape of ``shopscribe models list --json``."""
        return {
            "name": self.name,
            "path": str(self.path),
            "params": self.params,
            "bytes": self.bytes,
            "active": active,
            "languages": self.languages,
            "display": self.display or self.name,
            "licence": self.licence,
            "source": self.source,
        }


def write_manifest(info: ModelInfo) -> None:
    """Write the manifest that marks a model folder complete (last step of any install)."""
    data = asdict(info)
    data.pop("path")
    atomic_write_text(info.path / MANIFEST, json.dumps(data, indent=2, ensure_ascii=False))


def read_manifest(folder: Path) -> ModelInfo | None:
    """The manifest of a model folder, or None when the folder is not a complete model."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    known = {f for f in ModelInfo.__dataclass_fields__ if f != "path"}
    return ModelInfo(path=folder, **{k: v for k, v in data.items() if k in known})


def installed_models(paths: Paths) -> list[ModelInfo]:
    """Every complete model folder in the data folder, by name."""
    if not paths.models.is_dir():
        return []
    found = (read_manifest(folder) for folder in sorted(paths.models.iterdir()))
    return [info for info in found if info is not None]


def find_model(paths: Paths, name: str) -> ModelInfo:
    """One installed model by name.

    Raises:
        NoModelError: when no such model is installed.

    """
    for info in installed_models(paths):
        if info.name == name:
            return info
    names = ", ".join(i.name for i in installed_models(paths)) or "none"
    raise NoModelError(
        f"model {name!r} is not installed (installed: {names}); "
        "run `shopscribe models prepare smollm2` or import a model folder"
    )


def active_model_name(paths: Paths, store: Store) -> str | None:
    """The chosen model if it is still installed, else the best installed one."""
    names = [i.name for i in installed_models(paths)]
    chosen = store.get_setting(ACTIVE_MODEL_KEY)
    if chosen in names:
        return str(chosen)
    for preferred in PREFERENCE:
        if preferred in names:
            return preferred
    return names[0] if names else None


def resolve_model(paths: Paths, store: Store, name: str | None = None) -> ModelInfo:
    """The model to use: the named one, else the active one.

    Raises:
        NoModelError: when there is none.

    """
    chosen = name or active_model_name(paths, store)
    if chosen is None:
        raise NoModelError(
            "no model is installed; run `make setup` or `shopscribe models prepare smollm2`"
        )
    return find_model(paths, chosen)


def set_active_model(paths: Paths, store: Store, name: str) -> ModelInfo:
    """Make an installed model the active one (persists across restarts)."""
    info = find_model(paths, name)
    store.set_setting(ACTIVE_MODEL_KEY, info.name)
    return info


def delete_model(paths: Paths, store: Store, name: str) -> None:
    """Remove an installed model folder.

    Raises:
        UserError: when the folder is outside the data folder.

    """
    info = find_model(paths, name)
    if paths.models.resolve() not in info.path.resolve().parents:
        raise UserError(f"refusing to delete {info.path}: not inside {paths.models}")
    shutil.rmtree(info.path)
    if store.get_setting(ACTIVE_MODEL_KEY) == name:
        store.set_setting(ACTIVE_MODEL_KEY, None)
