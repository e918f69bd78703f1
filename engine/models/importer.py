"""Importing a merchant's own model: a Hugging Face folder (safetensors only) or a ``.gguf`` file.

Every check runs on bytes and JSON before anything is loaded: pickle weights and custom code
are refused, never unpickled or imported. Accepted files are hard-linked (or copied) into
``<data>/models/<name>/`` beside their final place, the manifest is written, and the folder is
renamed in, so a half-done import never shows up as a model.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from engine.core.errors import Cancelled, UserError
from engine.core.files import folder_bytes, fsync_tree, require_free_disk, require_free_ram
from engine.core.paths import Paths
from engine.models.checks import check_folder, gguf_summary
from engine.models.registry import ModelInfo, installed_models, write_manifest

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]

NAME_RE = re.compile(r"[^a-z0-9._-]+")


def _no_progress(step: int, total: int, info: str) -> None:
    """Default progress sink."""


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
        fsync_tree(work)  # every file on disk before the rename makes it visible
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
        require_free_disk(paths.models, total + (64 << 20), "importing")

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
    from engine.models.gguf_convert import convert_gguf

    stop = stop or threading.Event()
    model_name = model_name_for(gguf.expanduser(), name)  # as named, even through a link
    gguf = gguf.expanduser().resolve()
    if not gguf.is_file():
        raise UserError(f"{gguf} is not a file")
    params, arch, licence = gguf_summary(gguf)
    # Conversion holds fp32 weights, a bf16 copy and its state dict: ~8 bytes a parameter
    # (measured: Qwen2.5-0.5B, 630M parameters, peaks at 5.1 GiB).
    need_gb = (params * 8 + (400 << 20)) / (1 << 30)
    require_free_ram(need_gb, f"converting {gguf.name}")
    require_free_disk(paths.models, params * 2 + (64 << 20), "importing")
    if stop.is_set():
        raise Cancelled()

    def build(work: Path) -> ModelInfo:
        architecture = convert_gguf(gguf, work, on_progress, stop)
        from engine.models.packs import add_q8
        from engine.models.weights import count_params

        try:  # the fast decoder's 8-bit copy; the torch decoder works without it
            add_q8([gguf], work, on_progress)
        except UserError as exc:
            log.warning("no 8-bit llama.cpp file for %s: %s", model_name, exc)

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
