"""Importing a merchant's own model: a Hugging Face folder (safetensors only) or a ``.gguf`` file.

Every check runs on bytes and JSON before anything is loaded: pickle weights and custom code
are refused, never unpickled or imported. Accepted files are hard-linked (or copied) into
``<data>/models/<name>/`` beside their final place, the manifest is written, and the folder is
renamed in, so a half-done import never shows up as a model.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import Cancelled, UserError
from engine.models import ModelInfo, folder_bytes, installed_models, write_manifest
from engine.paths import Paths
from engine.weights import (
    WeightsError,
    pickle_files,
    safetensors_files,
    summarize_safetensors,
)

ProgressFn = Callable[[int, int, str], None]

CONFIG_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "vocab.json",
    "merges.txt",
    "tokenizer.model",
    "chat_template.jinja",
    "chat_template.json",
    "model.safetensors.index.json",
    "README.md",
    "LICENSE",
    "LICENSE.txt",
)
"""Everything but the weights that is copied; anything else in the folder stays behind."""

GGUF_MAGIC = b"GGUF"
NAME_RE = re.compile(r"[^a-z0-9._-]+")


def _no_progress(step: int, total: int, info: str) -> None:
    """Default progress sink."""


@dataclass
class FolderCheck:
    """A folder that passed every check, and what it holds."""

    folder: Path
    weights: list[Path]
    others: list[Path]
    params: int
    architecture: str
    licence: str = ""
    skipped: list[str] = field(default_factory=list)


def model_name_for(source: Path, name: str | None) -> str:
    """A safe folder name: the given one or the source's, lower-case ``[a-z0-9._-]``.

    Raises:
        UserError: when nothing usable is left.

    """
    raw = name if name else (source.stem if source.is_file() else source.name)
    clean = NAME_RE.sub("-", raw.strip().lower()).strip("-.")[:64]
    if not clean:
        raise UserError(f"{raw!r} cannot be used as a model name; pass --name")
    return clean


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path.name} in {path.parent} is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise UserError(f"{path.name} in {path.parent} is not a JSON object")
    return data


def _licence_from_readme(folder: Path) -> str:
    """The ``license:`` line of a model card's front matter, if any."""
    readme = folder / "README.md"
    try:
        lines = readme.read_text(encoding="utf-8", errors="replace").splitlines()[:60]
    except OSError:
        return ""
    if not lines or lines[0].strip() != "---":
        return ""
    for line in lines[1:]:
        if line.strip() == "---":
            break
        key, _, value = line.partition(":")
        if key.strip().lower() in ("license", "licence") and value.strip():
            return value.strip().strip("'\"")
    return ""


def check_folder(folder: Path) -> FolderCheck:
    """Refuse anything unsafe or unusable in a Hugging Face folder, reading files only.

    Raises:
        UserError: naming the reason: custom code, pickle-only weights, no chat template …

    """
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder")
    if not (folder / "config.json").is_file():
        raise UserError(f"{folder} has no config.json; it is not a Hugging Face model folder")
    code = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.py") if p.is_file())
    if code:
        raise UserError(
            f"{folder.name} ships its own Python code ({', '.join(code[:3])}); ShopScribe never "
            "runs code that comes with a model (trust_remote_code is off)"
        )
    config = _read_json(folder / "config.json")
    for json_name in ("config.json", "tokenizer_config.json"):
        data = config if json_name == "config.json" else None
        if data is None and (folder / json_name).is_file():
            data = _read_json(folder / json_name)
        if data and "auto_map" in data:
            raise UserError(
                f"{folder.name}/{json_name} asks for custom code (auto_map); ShopScribe never "
                "runs code that comes with a model (trust_remote_code is off)"
            )
    weights = safetensors_files(folder)
    pickles = pickle_files(folder)
    if not weights:
        if pickles:
            raise UserError(
                f"{folder.name} has only pickle weights ({', '.join(p.name for p in pickles[:3])})"
                ", which can run code when opened; ShopScribe imports safetensors weights only. "
                "Convert the model to safetensors first."
            )
        raise UserError(f"{folder.name} has no .safetensors weights")
    architectures = config.get("architectures") or []
    architecture = str(architectures[0]) if architectures else ""
    if not architecture.endswith("ForCausalLM"):
        raise UserError(
            f"{folder.name} is not a text-generation model (architecture "
            f"{architecture or 'not stated'}); ShopScribe needs a ...ForCausalLM chat model"
        )
    has_tokenizer = any(
        (folder / n).is_file() for n in ("tokenizer.json", "tokenizer.model", "vocab.json")
    )
    if not has_tokenizer:
        raise UserError(f"{folder.name} has no tokenizer (tokenizer.json)")
    tok_config = (
        _read_json(folder / "tokenizer_config.json")
        if (folder / "tokenizer_config.json").is_file()
        else {}
    )
    templated = (folder / "chat_template.jinja").is_file() or "chat_template" in tok_config
    if not templated and (folder / "chat_template.json").is_file():
        templated = "chat_template" in _read_json(folder / "chat_template.json")
    if not templated:
        raise UserError(
            f"{folder.name} has no chat template; ShopScribe needs an instruction-tuned model"
        )
    try:
        summary = summarize_safetensors(weights)
    except WeightsError as exc:
        raise UserError(str(exc)) from exc
    others = [folder / n for n in CONFIG_FILES if (folder / n).is_file()]
    kept = {p.name for p in [*weights, *others]}
    skipped = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in kept)
    return FolderCheck(
        folder=folder,
        weights=weights,
        others=others,
        params=summary.params,
        architecture=architecture,
        licence=_licence_from_readme(folder),
        skipped=skipped,
    )


def _place(src: Path, dst: Path, stop: threading.Event) -> None:
    """Hard-link ``src`` to ``dst`` (instant, no extra disk), or copy it in chunks."""
    try:
        os.link(src, dst)
        return
    except OSError:
        pass
    with src.open("rb") as source, dst.open("wb") as sink:
        while chunk := source.read(16 << 20):
            if stop.is_set():
                raise Cancelled()
            sink.write(chunk)


def _check_free_disk(where: Path, need: int) -> None:
    free = shutil.disk_usage(where).free
    if free < need:
        raise UserError(
            f"importing needs about {need / 1e9:.1f} GB of disk and only {free / 1e9:.1f} GB "
            f"is free in {where}"
        )


def _install(paths: Paths, name: str, build: Callable[[Path], ModelInfo]) -> ModelInfo:
    """Build a model folder beside its place with ``build(work)``, then rename it in."""
    target = paths.models / name
    if target.exists() or name in {m.name for m in installed_models(paths)}:
        raise UserError(
            f"a model named {name!r} is already installed; choose another name or delete it"
        )
    work = paths.models / f".{name}.import-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        info = build(work)
        info.path = work
        info.bytes = folder_bytes(work)
        write_manifest(info)  # complete before it becomes visible
        os.replace(work, target)
        info.path = target
        return info
    finally:
        shutil.rmtree(work, ignore_errors=True)


def import_folder(
    paths: Paths,
    folder: Path,
    name: str | None = None,
    *,
    languages: list[str] | None = None,
    on_progress: ProgressFn = _no_progress,
    stop: threading.Event | None = None,
) -> ModelInfo:
    """Check and install a Hugging Face safetensors folder.

    Raises:
        UserError: when the folder is refused, the name is taken or disk is short.
        Cancelled: when ``stop`` is set.

    """
    stop = stop or threading.Event()
    given = folder.expanduser()
    folder = given.resolve()
    checked = check_folder(folder)
    model_name = model_name_for(given if given.name else folder, name)
    files = [*checked.others, *checked.weights]
    total = sum(p.stat().st_size for p in files)
    if folder.stat().st_dev != paths.models.stat().st_dev:  # no hard links across disks
        _check_free_disk(paths.models, total + (64 << 20))

    def build(work: Path) -> ModelInfo:
        done = 0
        for path in files:
            if stop.is_set():
                raise Cancelled()
            on_progress(done, total, f"copying {path.name}")
            try:
                _place(path, work / path.name, stop)
            except OSError as exc:
                raise UserError(f"could not copy {path.name} into {paths.models}: {exc}") from exc
            done += path.stat().st_size
        on_progress(total, total, "model copied")
        return ModelInfo(
            name=model_name,
            path=work,
            display=model_name,
            params=checked.params,
            languages=list(languages or ["en"]),
            licence=checked.licence,
            source=str(folder),
            architecture=checked.architecture,
        )

    return _install(paths, model_name, build)


def gguf_summary(path: Path) -> tuple[int, str, str]:
    """Parameter count, architecture and licence of a GGUF file, read from its header.

    Raises:
        UserError: when the file is not GGUF.

    """
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc}") from exc
    if magic != GGUF_MAGIC:
        raise UserError(f"{path.name} is not a GGUF file")
    from gguf import GGUFReader

    try:
        reader = GGUFReader(str(path))
        params = sum(int(t.n_elements) for t in reader.tensors)
        fields = reader.fields

        def text(key: str) -> str:
            field_ = fields.get(key)
            return str(field_.contents()) if field_ is not None else ""

        return params, text("general.architecture"), text("general.license")
    except (ValueError, KeyError, IndexError, OSError) as exc:
        raise UserError(f"{path.name} is a damaged GGUF file ({exc})") from exc


def import_gguf(
    paths: Paths,
    gguf: Path,
    name: str | None = None,
    *,
    languages: list[str] | None = None,
    on_progress: ProgressFn = _no_progress,
    stop: threading.Event | None = None,
) -> ModelInfo:
    """Convert a ``.gguf`` file once into a bf16 safetensors model folder.

    Raises:
        UserError: when the file is not GGUF, memory or disk is short, or conversion fails.
        Cancelled: when ``stop`` is set before conversion starts.

    """
    from engine.packs import available_ram_gb, convert_gguf

    stop = stop or threading.Event()
    model_name = model_name_for(gguf.expanduser(), name)  # as named, even through a link
    gguf = gguf.expanduser().resolve()
    if not gguf.is_file():
        raise UserError(f"{gguf} is not a file")
    params, arch, licence = gguf_summary(gguf)
    # Conversion holds fp32 weights, a bf16 copy and its state dict: ~8 bytes a parameter
    # (measured: Qwen2.5-0.5B, 630M parameters, peaks at 5.1 GiB).
    need_gb = (params * 8 + (400 << 20)) / (1 << 30)
    free_gb = available_ram_gb()
    if free_gb < need_gb:
        raise UserError(
            f"converting {gguf.name} needs about {need_gb:.1f} GB of free memory and "
            f"{free_gb:.1f} GB is free; close other programs and try again"
        )
    _check_free_disk(paths.models, params * 2 + (64 << 20))
    if stop.is_set():
        raise Cancelled()

    def build(work: Path) -> ModelInfo:
        architecture = convert_gguf(gguf, work, on_progress)
        from engine.weights import count_params

        return ModelInfo(
            name=model_name,
            path=work,
            display=model_name,
            params=count_params(work) or params,
            languages=list(languages or ["en"]),
            licence=licence,
            source=str(gguf),
            architecture=architecture or arch,
        )

    return _install(paths, model_name, build)


def import_model(
    paths: Paths,
    source: Path,
    name: str | None = None,
    *,
    languages: list[str] | None = None,
    on_progress: ProgressFn = _no_progress,
    stop: threading.Event | None = None,
) -> ModelInfo:
    """Import a folder or a ``.gguf`` file (see :func:`import_folder`, :func:`import_gguf`).

    Raises:
        UserError: when the path is neither.

    """
    source = source.expanduser()
    if source.is_dir():
        return import_folder(
            paths, source, name, languages=languages, on_progress=on_progress, stop=stop
        )
    if source.is_file() and source.suffix.lower() == ".gguf":
        return import_gguf(
            paths, source, name, languages=languages, on_progress=on_progress, stop=stop
        )
    if source.is_file():
        raise UserError(
            f"{source.name}: choose a model folder (safetensors) or a .gguf file; "
            "single pickle or other weight files are not imported"
        )
    raise UserError(f"{source} does not exist")
