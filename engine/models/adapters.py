"""LoRA adapters: saved folders, the active one, rename, delete, export.

Each adapter is a standard PEFT folder (``adapter_config.json`` + ``adapter_model.safetensors``)
plus a ShopScribe manifest recording the base model and the chat template it was trained with.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.core.files import atomic_folder, atomic_path, atomic_write_text
from engine.core.paths import Paths
from engine.decoding.protocol import AdapterSpec
from engine.store.connection import Store

MANIFEST = "shopscribe_adapter.json"
ACTIVE_ADAPTER_KEY = "active_adapter"
PEFT_FILES = ("adapter_config.json", "adapter_model.safetensors")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass
class AdapterInfo:
    """What the manifest of one adapter folder says."""

    name: str
    path: Path
    base_model: str
    chat_template: str = ""
    created_at: str = ""
    steps: int = 0
    eval_ppl_before: float | None = None
    eval_ppl_after: float | None = None
    worse_than_base: bool = False
    """No checkpoint beat the base model on held-out texts (kept, never used by default)."""
    data: str = ""
    config: dict[str, Any] = field(default_factory=dict)

    def spec(self) -> AdapterSpec:
        """What a loaded model needs to apply this adapter."""
        return AdapterSpec(self.name, self.path, self.base_model, self.chat_template)

    def to_json(self, active: bool = False) -> dict[str, Any]:
        """The shape of ``shopscribe adapters list --json`` (plus extras)."""
        return {
            "name": self.name,
            "base_model": self.base_model,
            "active": active,
            "path": str(self.path),
            "steps": self.steps,
            "eval_ppl_before": self.eval_ppl_before,
            "eval_ppl_after": self.eval_ppl_after,
            "worse_than_base": self.worse_than_base,
            "data": self.data,
            "created_at": self.created_at,
        }


def check_name(name: str) -> str:
    """Validate an adapter name (letters, digits, ``-_.``; it becomes a folder name).

    Raises:
        UserError: for an unusable name.

    """
    name = name.strip()
    if not _NAME.match(name):
        raise UserError(f"adapter name {name!r}: use letters, digits, '-', '_' or '.' (at most 64)")
    return name


def read_adapter(folder: Path) -> AdapterInfo | None:
    """The adapter in ``folder``, or None when it is not a complete adapter."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not all((folder / f).is_file() for f in PEFT_FILES):
        return None
    known = {f for f in AdapterInfo.__dataclass_fields__ if f not in ("path", "name")}
    return AdapterInfo(
        name=folder.name, path=folder, **{k: v for k, v in data.items() if k in known}
    )


def list_adapters(paths: Paths) -> list[AdapterInfo]:
    """Every complete adapter, by name."""
    if not paths.adapters.is_dir():
        return []
    found = (read_adapter(p) for p in sorted(paths.adapters.iterdir()) if p.is_dir())
    return [info for info in found if info is not None]


def find_adapter(paths: Paths, name: str) -> AdapterInfo:
    """One adapter by name.

    Raises:
        UserError: when there is none of that name.

    """
    info = read_adapter(paths.adapters / name) if _NAME.match(name) else None
    if info is None:
        names = ", ".join(a.name for a in list_adapters(paths)) or "none yet"
        raise UserError(f"no adapter named {name!r} (saved adapters: {names})")
    return info


def install_adapter(paths: Paths, name: str, source: Path, manifest: dict[str, Any]) -> AdapterInfo:
    """Copy a PEFT folder's adapter files into ``adapters/<name>/`` and write its manifest last.

    The previous adapter of that name stays whole until the new one is complete.
    """
    name = check_name(name)
    target = paths.adapters / name
    with atomic_folder(target) as tmp:  # every file synced, then the folder renamed in
        for file in PEFT_FILES:
            shutil.copy2(source / file, tmp / file)
        atomic_write_text(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    info = read_adapter(target)
    assert info is not None
    return info


def active_adapter_name(paths: Paths, store: Store) -> str | None:
    """The saved active adapter if it still exists."""
    name = store.get_setting(ACTIVE_ADAPTER_KEY)
    if name and read_adapter(paths.adapters / str(name)) is not None:
        return str(name)
    return None


def set_active_adapter(
    paths: Paths, store: Store, name: str | None, *, force: bool = False
) -> AdapterInfo | None:
    """Make an adapter the active one (persists), or none with ``None``.

    Raises:
        UserError: for an adapter that wrote worse than the base model, unless ``force``.

    """
    info = find_adapter(paths, name) if name else None
    if info is not None and info.worse_than_base and not force:
        raise UserError(
            f"adapter {info.name!r} writes your held-out texts worse than the base model "
            f"(perplexity {info.eval_ppl_before} → {info.eval_ppl_after}); activate it anyway "
            "only if you have checked its copy (command line: --force)"
        )
    store.set_setting(ACTIVE_ADAPTER_KEY, info.name if info else None)
    return info


def rename_adapter(paths: Paths, store: Store, old: str, new: str) -> AdapterInfo:
    """Rename an adapter folder (the active setting follows).

    Raises:
        UserError: when the new name is taken or invalid.

    """
    info = find_adapter(paths, old)
    new = check_name(new)
    if (paths.adapters / new).exists():
        raise UserError(f"an adapter named {new!r} already exists")
    info.path.rename(paths.adapters / new)
    if store.get_setting(ACTIVE_ADAPTER_KEY) == old:
        store.set_setting(ACTIVE_ADAPTER_KEY, new)
    return find_adapter(paths, new)


def delete_adapter(paths: Paths, store: Store, name: str) -> None:
    """Delete an adapter folder (deactivating it if it was active)."""
    info = find_adapter(paths, name)
    shutil.rmtree(info.path)
    if store.get_setting(ACTIVE_ADAPTER_KEY) == name:
        store.set_setting(ACTIVE_ADAPTER_KEY, None)


def export_adapter(paths: Paths, name: str, dest: Path, *, overwrite: bool = False) -> Path:
    """Copy an adapter to a folder, or into a zip when ``dest`` ends in ``.zip``.

    The zip is written beside its final place, synced and renamed in (never half a file).

    Raises:
        UserError: when ``dest`` exists already (a zip may be replaced with ``overwrite``).

    """
    info = find_adapter(paths, name)
    dest = Path(dest)
    is_zip = dest.suffix.lower() == ".zip"
    if dest.exists() and not (overwrite and is_zip and dest.is_file()):
        raise UserError(f"{dest} exists already; choose a new name")
    files = [*PEFT_FILES, MANIFEST]
    if is_zip:
        with atomic_path(dest) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                archive.write(info.path / file, f"{info.name}/{file}")
    else:
        with atomic_folder(dest) as tmp:
            shutil.copytree(info.path, tmp, dirs_exist_ok=True)
    return dest


def export_merged(paths: Paths, name: str, model_dir: Path, dest: Path) -> Path:
    """A full model folder with the adapter merged in (loadable as a model of its own)."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    info = find_adapter(paths, name)
    if dest.exists():
        raise UserError(f"{dest} exists already; choose a new name")
    import warnings

    base = AutoModelForCausalLM.from_pretrained(str(model_dir), trust_remote_code=False)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", ".*is_gradient_checkpointing.*", FutureWarning)
        merged = PeftModel.from_pretrained(base, str(info.path)).merge_and_unload()
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), trust_remote_code=False)
    if info.chat_template:
        tokenizer.chat_template = info.chat_template
    with atomic_folder(dest) as tmp:
        merged.save_pretrained(str(tmp), safe_serialization=True)
        tokenizer.save_pretrained(str(tmp))
    return dest


def manifest_for(
    info_name: str, base_model: str, chat_template: str, **extra: Any
) -> dict[str, Any]:
    """The manifest written beside a new adapter."""
    data = asdict(
        AdapterInfo(name=info_name, path=Path(), base_model=base_model, chat_template=chat_template)
    )
    data.pop("path")
    data.pop("name")
    data.update(extra)
    return data


VOICE_LINES = "voice_lines.json"
"""The shop-level sentences an adapter learnt (see :func:`engine.finetune.voice.voice_lines`)."""


def write_voice_lines(folder: Path, lines: list[str]) -> None:
    """Keep the adapter's voice lines beside its weights (atomically)."""
    atomic_write_text(folder / VOICE_LINES, json.dumps(lines, ensure_ascii=False, indent=1))


def read_voice_lines(folder: Path) -> list[str]:
    """The adapter's voice lines (none for an adapter trained before they were kept)."""
    try:
        data = json.loads((folder / VOICE_LINES).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return []
    return [str(line) for line in data] if isinstance(data, list) else []
