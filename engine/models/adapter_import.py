"""``adapters import DIR|ZIP``: bring in an adapter trained elsewhere (a GPU box), safely.

Takes what ``shopscribe finetune`` wrote there (``<data folder>/adapters/<name>/``), what
``adapters export`` made (a folder or a ``.zip``), or a plain PEFT LoRA folder. For your
safety nothing is unpickled and no code comes along: the weights must be
``adapter_model.safetensors`` (its header is checked without loading a tensor), a folder or
zip holding pickle weights (``.bin``, ``.pt``, ``.pth``, ``.ckpt``, ``.pkl``) or code
(``.py``) is refused, zip entries may not leave their folder, and sizes are bounded.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.models.adapters import (
    MANIFEST,
    PEFT_FILES,
    AdapterInfo,
    check_name,
    install_adapter,
    manifest_for,
)

UNSAFE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".py", ".pyc", ".so")
WANTED = (*PEFT_FILES, MANIFEST)
MAX_BYTES = 4 * 1024**3
"""The most an adapter may unpack to (a LoRA of a 70B model at rank 64 is far less)."""
MAX_HEADER = 100 * 1024**2


def check_safetensors(path: Path) -> int:
    """Check a safetensors file's header (JSON, offsets inside the file); returns tensors.

    Raises:
        UserError: when the file is not a well-formed safetensors file.

    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        raw = handle.read(8)
        if len(raw) < 8:
            raise UserError(f"{path.name} is not a safetensors file (too short)")
        (length,) = struct.unpack("<Q", raw)
        if length > min(MAX_HEADER, size - 8):
            raise UserError(f"{path.name} is not a safetensors file (bad header length)")
        try:
            header = json.loads(handle.read(length))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise UserError(f"{path.name} is not a safetensors file (bad header)") from None
    if not isinstance(header, dict):
        raise UserError(f"{path.name} is not a safetensors file (bad header)")
    tensors = {k: v for k, v in header.items() if k != "__metadata__"}
    data = size - 8 - length
    for name, entry in tensors.items():
        offsets = entry.get("data_offsets") if isinstance(entry, dict) else None
        if not (isinstance(offsets, list) and len(offsets) == 2 and 0 <= offsets[0] <= offsets[1]):
            raise UserError(f"{path.name}: tensor {name!r} has no valid offsets")
        if offsets[1] > data:
            raise UserError(f"{path.name} is truncated (tensor {name!r} ends past the file)")
    if not any("lora_" in name for name in tensors):
        raise UserError(f"{path.name} holds no LoRA weights")
    return len(tensors)


def _refuse_unsafe(names: list[str]) -> None:
    bad = sorted(n for n in names if n.lower().endswith(UNSAFE_SUFFIXES))
    if bad:
        raise UserError(
            f"refused: {', '.join(bad[:3])} can run programs when opened (pickle or code); "
            "only adapter_model.safetensors weights are imported"
        )


def _extract(archive: Path, into: Path) -> Path:
    """The adapter folder inside a zip, unpacked into ``into`` (only the files we need)."""
    try:
        zipped = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(f"{archive.name} is not a readable zip file ({exc})") from None
    with zipped:
        entries = [e for e in zipped.infolist() if not e.is_dir()]
        _refuse_unsafe([e.filename for e in entries])
        if sum(e.file_size for e in entries) > MAX_BYTES:
            raise UserError(f"{archive.name} unpacks to more than {MAX_BYTES >> 30} GB")
        picked: dict[str, zipfile.ZipInfo] = {}
        for entry in entries:
            path = PurePosixPath(entry.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in entry.filename:
                raise UserError(f"refused: {entry.filename!r} would be written outside its folder")
            if path.name in WANTED and len(path.parts) <= 2:
                if path.name in picked:
                    raise UserError(f"{archive.name} holds more than one adapter")
                picked[path.name] = entry
        for name, entry in picked.items():
            with zipped.open(entry) as src, (into / name).open("wb") as dst:
                shutil.copyfileobj(src, dst)
    return into


def _manifest(folder: Path, base_model: str | None) -> dict[str, Any]:
    """The adapter's manifest: its own (ShopScribe made it) or one built for a PEFT folder."""
    try:
        config = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        raise UserError("adapter_config.json is missing or not JSON") from None
    if str(config.get("peft_type", "")).upper() != "LORA":
        raise UserError("only LoRA adapters can be imported (adapter_config.json peft_type)")
    if config.get("auto_mapping"):
        raise UserError("refused: the adapter asks for custom model code (auto_mapping)")
    manifest: dict[str, Any] = {}
    if (folder / MANIFEST).is_file():
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise UserError(f"{MANIFEST} is not JSON") from None
    base = base_model or manifest.get("base_model")
    if not base:
        raise UserError(
            "this PEFT folder does not say which ShopScribe model it was trained on; "
            "give --base-model NAME (see `shopscribe models list`)"
        )
    if manifest:
        return {**manifest, "base_model": base}
    return manifest_for("", base, "", data=f"imported PEFT folder ({config.get('r', '?')} rank)")


def import_adapter(
    paths: Paths,
    source: Path,
    *,
    name: str | None = None,
    base_model: str | None = None,
    replace: bool = False,
) -> AdapterInfo:
    """Install the adapter in folder or zip ``source`` as ``adapters/<name>``.

    Raises:
        UserError: for anything unsafe, incomplete or clashing (see the module docstring).

    """
    source = Path(source).expanduser()
    if not source.exists():
        raise UserError(f"{source} does not exist")
    is_zip = source.is_file() and source.suffix.lower() == ".zip"
    if source.is_file() and not is_zip:
        raise UserError("give an adapter folder or a .zip made by `shopscribe adapters export`")
    paths.adapters.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.adapters, prefix=".import-") as tmp:
        if is_zip:
            folder = _extract(source, Path(tmp))
        else:
            _refuse_unsafe([p.name for p in source.rglob("*") if p.is_file()])
            folder = source
        missing = [f for f in PEFT_FILES if not (folder / f).is_file()]
        if missing:
            raise UserError(f"not a LoRA adapter: {', '.join(missing)} missing in {source.name}")
        check_safetensors(folder / "adapter_model.safetensors")
        manifest = _manifest(folder, base_model)
        stem = source.stem if is_zip else source.name
        target = check_name(name or stem)
        if (paths.adapters / target).exists() and not replace:
            raise UserError(f"an adapter named {target!r} exists; give --name or --replace")
        return install_adapter(paths, target, folder, manifest)
