"""LoRA adapters: saved folders, the active one, hot-swapping on a loaded model, export.

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

from engine.errors import UserError
from engine.paths import Paths, atomic_write_text
from engine.store import Store

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
    data: str = ""
    config: dict[str, Any] = field(default_factory=dict)

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
    tmp = paths.adapters / f".tmp-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for file in PEFT_FILES:
        shutil.copy2(source / file, tmp / file)
    atomic_write_text(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    old = paths.adapters / f".old-{name}"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    info = read_adapter(target)
    assert info is not None
    return info


def active_adapter_name(paths: Paths, store: Store) -> str | None:
    """The saved active adapter if it still exists."""
    name = store.get_setting(ACTIVE_ADAPTER_KEY)
    if name and read_adapter(paths.adapters / str(name)) is not None:
        return str(name)
    return None


def set_active_adapter(paths: Paths, store: Store, name: str | None) -> AdapterInfo | None:
    """Make an adapter the active one (persists), or none with ``None``."""
    info = find_adapter(paths, name) if name else None
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


def export_adapter(paths: Paths, name: str, dest: Path) -> Path:
    """Copy an adapter to a folder, or into a zip when ``dest`` ends in ``.zip``.

    Raises:
        UserError: when ``dest`` exists already.

    """
    info = find_adapter(paths, name)
    dest = Path(dest)
    if dest.exists():
        raise UserError(f"{dest} exists already; choose a new name")
    files = [*PEFT_FILES, MANIFEST]
    if dest.suffix.lower() == ".zip":
        tmp = dest.with_name(f".{dest.name}.tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                archive.write(info.path / file, f"{info.name}/{file}")
        tmp.rename(dest)
    else:
        shutil.copytree(info.path, dest)
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
    tmp = dest.with_name(f".{dest.name}.tmp")
    merged.save_pretrained(str(tmp), safe_serialization=True)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), trust_remote_code=False)
    if info.chat_template:
        tokenizer.chat_template = info.chat_template
    tokenizer.save_pretrained(str(tmp))
    tmp.rename(dest)
    return dest


# -- hot-swap on a loaded generator -------------------------------------------------------------
def current_adapter(generator: Any) -> str | None:
    """The adapter now applied to this generator's model (None: the base)."""
    return getattr(generator, "_shopscribe_adapter", None)


def apply_adapter(generator: Any, info: AdapterInfo | None) -> None:
    """Switch the loaded model to ``info`` (or the plain base with None) in place.

    The first adapter wraps the loaded model with peft, which injects LoRA layers into the same
    module objects; later ones are added with ``load_adapter`` and chosen with ``set_adapter``.
    The base weights are never reloaded or merged, and ``generator.model`` stays the same object.

    Raises:
        UserError: when the adapter was trained on another base model.

    """
    if getattr(generator, "backend", "torch") == "llama":
        _apply_llama(generator, info)
        return
    import warnings

    from peft import PeftModel

    peft_model: Any = getattr(generator, "_shopscribe_peft", None)
    with generator.lock:
        if info is None:
            if peft_model is not None:
                peft_model.base_model.disable_adapter_layers()
                _set_template(generator, None)
            generator._shopscribe_adapter = None
            return
        _check_base(generator, info)
        loaded: dict[str, str] = getattr(generator, "_shopscribe_loaded", {})
        key = f"{info.name}@{info.path.stat().st_mtime_ns}"
        if key not in loaded.values():
            slot = f"a{len(loaded)}"
            with warnings.catch_warnings():
                # peft reads a deprecated transformers attribute; not ours to fix.
                warnings.filterwarnings("ignore", ".*is_gradient_checkpointing.*", FutureWarning)
                if peft_model is None:
                    peft_model = PeftModel.from_pretrained(
                        generator.model, str(info.path), adapter_name=slot
                    )
                    generator._shopscribe_peft = peft_model
                else:
                    peft_model.load_adapter(str(info.path), adapter_name=slot)
            loaded[slot] = key
            generator._shopscribe_loaded = loaded
        slot = next(s for s, k in loaded.items() if k == key)
        peft_model.set_adapter(slot)
        peft_model.base_model.enable_adapter_layers()
        peft_model.eval()
        _set_template(generator, info.chat_template or None)
        generator._shopscribe_adapter = info.name


def _check_base(generator: Any, info: AdapterInfo) -> None:
    """Refuse an adapter trained on another base model."""
    if info.base_model and info.base_model != generator.name:
        raise UserError(
            f"adapter {info.name!r} was trained on {info.base_model!r}, not on "
            f"{generator.name!r}; switch the model first"
        )


def _apply_llama(generator: Any, info: AdapterInfo | None) -> None:
    """The llama.cpp decoder's hot-swap: the adapter converted once to a LoRA GGUF."""
    from engine.lora_gguf import convert_adapter

    if info is None:
        generator.use_adapter(None, None, None)
        generator._shopscribe_adapter = None
        return
    _check_base(generator, info)
    arch = generator.runtime.meta("general.architecture")
    gguf = convert_adapter(info.path, generator.model_dir, arch)
    key = f"{info.name}@{gguf.stat().st_mtime_ns}"
    generator.use_adapter(key, gguf, info.chat_template or None)
    generator._shopscribe_adapter = info.name


def _set_template(generator: Any, template: str | None) -> None:
    """Use the adapter's recorded chat template (restoring the base's when None)."""
    tokenizer = generator.tokenizer
    if not hasattr(generator, "_shopscribe_base_template"):
        generator._shopscribe_base_template = tokenizer.chat_template
    base = generator._shopscribe_base_template
    tokenizer.chat_template = template or base


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
