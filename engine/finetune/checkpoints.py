"""Crash-safe checkpoints of a LoRA run: adapter, optimizer, RNG and loop state, no pickle.

A checkpoint is written into a temporary folder, every file fsynced, the folder renamed into
place and only then marked complete with a ``COMPLETE`` file. Resume takes the newest complete
one; a half-written folder (``kill -9`` in the middle) is ignored and cleaned up.
Tensors go to safetensors, everything else to JSON.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from engine.core.files import atomic_write_text

COMPLETE = "COMPLETE"
STATE = "state.json"
OPTIMIZER = "optimizer.safetensors"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
PREFIX = "step-"


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; rename is still atomic there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_complete(folder: Path) -> bool:
    """True when a checkpoint folder was fully written."""
    return (folder / COMPLETE).is_file()


def save_adapter_folder(model: Any, folder: Path) -> None:
    """Write a PEFT adapter (standard layout) atomically into ``folder`` (replacing it)."""
    tmp = folder.with_name(f".tmp-{folder.name}")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp), safe_serialization=True)
    _fsync_tree(tmp)
    old = folder.with_name(f".old-{folder.name}")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    _fsync_dir(folder.parent)
    shutil.rmtree(old, ignore_errors=True)


def optimizer_tensors(optimizer: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split an optimizer's state dict into (tensors for safetensors, JSON-able rest)."""
    import torch

    state = optimizer.state_dict()
    tensors: dict[str, Any] = {}
    meta: dict[str, Any] = {"param_groups": state["param_groups"], "state": {}}
    for index, entry in state["state"].items():
        rest = {}
        for key, value in entry.items():
            if isinstance(value, torch.Tensor):
                tensors[f"state.{index}.{key}"] = value.detach().contiguous().cpu()
            else:
                rest[key] = value
        meta["state"][str(index)] = rest
    return tensors, meta


def restore_optimizer(optimizer: Any, tensors: dict[str, Any], meta: dict[str, Any]) -> None:
    """Inverse of :func:`optimizer_tensors`."""
    state: dict[int, dict[str, Any]] = {int(k): dict(v) for k, v in meta["state"].items()}
    for name, value in tensors.items():
        if not name.startswith("state."):
            continue
        _, index, key = name.split(".", 2)
        state.setdefault(int(index), {})[key] = value
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})


def save_checkpoint(
    run_dir: Path, step: int, model: Any, optimizer: Any, state: dict[str, Any], keep: int = 2
) -> Path:
    """Write checkpoint ``step`` (adapter + optimizer + RNG + ``state``) and mark it complete."""
    import torch
    from safetensors.torch import save_file

    root = run_dir / "checkpoints"
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"{PREFIX}{step:07d}"
    tmp = root / f".tmp-{PREFIX}{step:07d}"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp), safe_serialization=True)
    tensors, meta = optimizer_tensors(optimizer)
    tensors["rng.cpu"] = torch.get_rng_state()
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        tensors["rng.cuda"] = torch.cuda.get_rng_state()
    save_file(tensors, str(tmp / OPTIMIZER))
    (tmp / STATE).write_text(
        json.dumps({**state, "step": step, "optimizer": meta}, indent=1), encoding="utf-8"
    )
    _fsync_tree(tmp)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    _fsync_dir(root)
    atomic_write_text(final / COMPLETE, str(step))
    prune(root, keep)
    return final


def prune(root: Path, keep: int) -> None:
    """Remove all but the newest ``keep`` complete checkpoints and any unfinished ones."""
    complete = [p for p in checkpoints(root.parent) if is_complete(p)]
    for old in complete[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)
    for path in root.iterdir():
        unfinished = path.name.startswith(PREFIX) and not is_complete(path)
        if path.name.startswith(".tmp-") or unfinished:
            shutil.rmtree(path, ignore_errors=True)


def checkpoints(run_dir: Path) -> list[Path]:
    """Checkpoint folders of a run, oldest first (complete or not)."""
    root = run_dir / "checkpoints"
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and p.name.startswith(PREFIX)]
    return sorted(found, key=lambda p: p.name)


def latest_complete(run_dir: Path) -> Path | None:
    """The newest complete checkpoint, or None."""
    complete = [p for p in checkpoints(run_dir) if is_complete(p)]
    return complete[-1] if complete else None


def load_checkpoint(folder: Path, model: Any, optimizer: Any) -> dict[str, Any]:
    """Restore adapter weights, optimizer and RNG from ``folder``; returns its loop state."""
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    weights = load_file(str(folder / ADAPTER_WEIGHTS))
    set_peft_model_state_dict(model, weights)
    state = json.loads((folder / STATE).read_text(encoding="utf-8"))
    tensors = load_file(str(folder / OPTIMIZER))
    restore_optimizer(optimizer, tensors, state.pop("optimizer"))
    torch.set_rng_state(tensors["rng.cpu"])
    if "rng.cuda" in tensors and torch.cuda.is_available():
        torch.cuda.set_rng_state(tensors["rng.cuda"])
    return dict(state)
