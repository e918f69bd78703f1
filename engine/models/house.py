"""The house writer: the Qwen pack with ShopScribe's own LoRA merged in, prepared as a model.

The LoRA (``resources/house/qwen-coder``, trained on the corpus by ``make house-model``) ships
in the repository and is pinned by the SHA-256 in its ``house.json``. Preparing the house model
(``shopscribe models prepare house``, and ``models setup`` after the Qwen pack) merges it into a
copy of the prepared Qwen folder: each adapted matrix gets ``alpha / r · B A`` added, in the
bf16 safetensors weights the torch decoder and training read, and before quantisation in the
8-bit GGUF the llama.cpp decoder reads (dequantised from the pack's GGUF, as for the plain
pack). A merged model is an ordinary model folder, so a merchant's own adapter trains on top
of it like on any other. Its manifest says ``prompt_style: house``: the app then writes with
the short prompts the house model was trained on.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from engine.core.errors import NoModelError, UserError
from engine.core.files import atomic_path, folder_bytes, fsync_tree, join_files
from engine.core.paths import Paths
from engine.decoding.gguf_requant import Q8_FILE, ProgressFn, requantise_q8_0
from engine.decoding.lora_gguf import GGUF_MODULES, LORA_KEY
from engine.models.registry import ModelInfo, read_manifest, write_manifest

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "house" / "qwen-coder"
NAME = "house"
BASE = "qwen-coder"
WEIGHTS = "adapter_model.safetensors"


def _no_progress(step: int, total: int, info: str) -> None:
    """Default progress sink."""


def shipped_record(folder: Path = SHIPPED) -> dict[str, Any] | None:
    """The shipped adapter's ``house.json`` (None when no house adapter ships)."""
    path = folder / "house.json"
    if not (folder / WEIGHTS).exists() or not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else None


def verified_adapter(folder: Path = SHIPPED) -> dict[str, Any]:
    """The shipped adapter's record, after checking its weights against the pinned SHA-256.

    Raises:
        NoModelError: when no house adapter ships.
        UserError: when the weights do not match their checksum.

    """
    record = shipped_record(folder)
    if record is None:
        raise NoModelError("no house adapter ships with this copy of ShopScribe")
    digest = hashlib.sha256((folder / WEIGHTS).read_bytes()).hexdigest()
    if digest != record.get("adapter_sha256"):
        raise UserError(f"the house adapter's weights do not match their checksum ({digest[:12]}…)")
    return record


def lora_deltas(folder: Path) -> dict[tuple[int, str], Any]:
    """``(block, module) → alpha/r · B @ A`` as float32 numpy arrays, for every adapted matrix."""
    import numpy as np
    from safetensors import safe_open

    config = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8"))
    scale = float(config["lora_alpha"]) / float(config["r"])
    parts: dict[tuple[int, str], dict[str, Any]] = {}
    with safe_open(str(folder / WEIGHTS), framework="pt") as weights:
        for key in weights.keys():  # noqa: SIM118  (safe_open has no __iter__)
            match = LORA_KEY.search(key)
            if match:
                block, module, side = int(match.group(1)), match.group(2), match.group(3)
                tensor = weights.get_tensor(key).float().numpy()
                parts.setdefault((block, module), {})[side] = tensor
    return {
        where: (scale * (ab["B"].astype(np.float32) @ ab["A"].astype(np.float32)))
        for where, ab in parts.items()
    }


def merge_safetensors(src: Path, dst: Path, deltas: dict[tuple[int, str], Any]) -> None:
    """Copy the bf16 weights file ``src`` to ``dst`` with the deltas added."""
    import torch
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(src))
    for (block, module), delta in deltas.items():
        key = f"model.layers.{block}.{module}.weight"
        weight = tensors[key]
        merged = weight.float() + torch.from_numpy(delta).reshape(weight.shape)
        tensors[key] = merged.to(weight.dtype).contiguous()
    with atomic_path(dst) as tmp:
        save_file(tensors, str(tmp), metadata={"format": "pt"})


def gguf_deltas(deltas: dict[tuple[int, str], Any]) -> dict[str, Any]:
    """The deltas keyed by GGUF tensor name (``blk.3.attn_q.weight``); qwen2 rows unpermuted."""
    return {f"blk.{b}.{GGUF_MODULES[m]}.weight": d for (b, m), d in deltas.items()}


def is_house_prepared(paths: Paths, folder: Path = SHIPPED) -> bool:
    """True when the house model is prepared from the shipped adapter's current weights."""
    record = shipped_record(folder)
    info = read_manifest(paths.models / NAME)
    return bool(record and info and info.source_sha256 == record.get("adapter_sha256"))


def prepare_house(
    paths: Paths,
    gguf_sources: list[Path],
    on_progress: ProgressFn = _no_progress,
    folder: Path = SHIPPED,
) -> ModelInfo:
    """Build ``models/house`` from the prepared Qwen folder and the shipped LoRA (once).

    ``gguf_sources`` are the Qwen pack's GGUF part files (already checked by the pack), from
    which the merged 8-bit file is made.

    Raises:
        NoModelError: when the Qwen pack is not prepared or no house adapter ships.
        UserError: when the adapter fails its checksum.

    """
    record = verified_adapter(folder)
    base = read_manifest(paths.models / BASE)
    if base is None:
        raise NoModelError("the house model needs the Qwen2.5-Coder pack prepared first")
    target = paths.models / NAME
    if is_house_prepared(paths, folder):
        info = read_manifest(target)
        assert info is not None
        return info
    deltas = lora_deltas(folder)
    work = paths.models / f".{NAME}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        skip = ("model.safetensors", "shopscribe.json")
        for item in base.path.iterdir():
            if item.is_file() and item.suffix != ".gguf" and item.name not in skip:
                shutil.copy2(item, work / item.name)
        on_progress(0, 3, "house model: merging the house LoRA into the weights")
        merge_safetensors(base.path / "model.safetensors", work / "model.safetensors", deltas)
        on_progress(1, 3, "house model: 8-bit weights")
        _merged_q8(gguf_sources, work, gguf_deltas(deltas), on_progress)
        info = ModelInfo(
            name=NAME,
            path=target,
            display="ShopScribe house writer (Qwen2.5-Coder-0.5B + house LoRA)",
            params=base.params,
            languages=list(base.languages),
            licence=base.licence,
            source=f"{base.name} + resources/house/{BASE} ({record.get('steps')} steps)",
            source_sha256=str(record["adapter_sha256"]),
            architecture=base.architecture,
            prompt_style="house",
        )
        shutil.rmtree(target, ignore_errors=True)
        fsync_tree(work)
        os.replace(work, target)
        info.bytes = folder_bytes(target)
        write_manifest(info)
        on_progress(3, 3, "house model ready")
        return info
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _merged_q8(
    sources: list[Path], target: Path, deltas: dict[str, Any], on_progress: ProgressFn
) -> None:
    joined = target / ".joined.gguf"
    try:
        src = sources[0]
        if len(sources) > 1:
            join_files(sources, joined, on_progress)
            src = joined
        try:
            requantise_q8_0(src, target / Q8_FILE, on_progress, deltas=deltas)
        except (ValueError, KeyError) as exc:
            raise UserError(f"cannot make the house model's 8-bit weights: {exc}") from exc
    finally:
        joined.unlink(missing_ok=True)
