"""Will a model fit? RAM / VRAM estimates from a folder's headers, checked before loading.

The estimate reads ``config.json`` and safetensors headers only (no torch weights), so the
window can show it for every model on its own thread.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.models.registry import ModelInfo
from engine.models.weights import WeightsError, safetensors_files, summarize_safetensors

log = logging.getLogger(__name__)

GB = 1 << 30
DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2}
RUNTIME_OVERHEAD = int(0.45 * GB)
"""torch, tokenizer and activations beside the weights (measured: SmolLM2 bf16 peaks at
0.65 GB with 0.27 GB of weights; Qwen2.5-0.5B at 1.4 GB with 1.26 GB)."""
KV_TOKENS = 2048
KV_ROWS = 5
"""The KV cache is sized for the longest job the app runs: five variants of 2,048 tokens."""
WARN_FRACTION = 0.8
"""Warn when the estimate takes more than this share of the free memory."""


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes a loaded model needs, by part."""

    weights: int
    kv_cache: int
    overhead: int

    @property
    def total(self) -> int:
        """Everything together."""
        return self.weights + self.kv_cache + self.overhead

    def gb(self) -> float:
        """The total in GiB."""
        return self.total / GB


def _config(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def kv_bytes_per_token(config: dict[str, Any], dtype_bytes: int) -> int:
    """K and V for one token in every layer (0 when the config does not say)."""
    text = config.get("text_config") if isinstance(config.get("text_config"), dict) else config
    assert isinstance(text, dict)
    try:
        layers = int(text["num_hidden_layers"])
        heads = int(text["num_attention_heads"])
        kv_heads = int(text.get("num_key_value_heads") or heads)
        head_dim = int(text.get("head_dim") or int(text["hidden_size"]) // heads)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return 0
    return 2 * layers * kv_heads * head_dim * dtype_bytes


def estimate_memory(info: ModelInfo, dtype_name: str = "bfloat16") -> MemoryEstimate:
    """What loading ``info`` in ``dtype_name`` and generating with it will need."""
    dtype_bytes = DTYPE_BYTES.get(dtype_name, 2)
    params = info.params
    try:
        counted = summarize_safetensors(safetensors_files(info.path)).params
    except WeightsError:
        counted = 0
    params = counted or params
    config = _config(info.path)
    kv = kv_bytes_per_token(config, dtype_bytes) * KV_TOKENS * KV_ROWS
    return MemoryEstimate(weights=params * dtype_bytes, kv_cache=kv, overhead=RUNTIME_OVERHEAD)


def available_bytes(device: str) -> int:
    """Memory free for a model now: GPU memory for CUDA, system RAM otherwise."""
    if device == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info()
        return int(free)
    import psutil

    return int(psutil.virtual_memory().available)


@dataclass(frozen=True)
class LoadPlan:
    """Where to load, and anything the merchant should hear about it."""

    device: str
    note: str = ""


def plan_load(info: ModelInfo, preference: str) -> LoadPlan:
    """Check that ``info`` fits where it would run; fall back or refuse instead of crashing.

    A GPU chosen automatically that lacks the memory gives way to the CPU with a note; a GPU
    the merchant asked for by name, or a CPU without the RAM, refuses with a clear message.

    Raises:
        UserError: when the model will not fit.

    """
    from engine.decoding.devices import pick_device

    choice = pick_device(preference)
    need = estimate_memory(info, choice.dtype_name)
    free = available_bytes(choice.device)
    label = info.display or info.name
    log.info(
        "memory for %s on %s: need ~%.2f GB, free %.2f GB",
        info.name,
        choice.device,
        need.gb(),
        free / GB,
    )
    if need.total <= free:
        note = choice.note
        if need.total > WARN_FRACTION * free:
            note = _join(
                note,
                f"{label} needs about {need.gb():.1f} GB and only {free / GB:.1f} GB is free "
                f"on {choice.device}; it may run slowly. Close other programs if it does.",
            )
        return LoadPlan(choice.device, note)
    short = (
        f"{label} needs about {need.gb():.1f} GB of "
        f"{'GPU memory' if choice.device == 'cuda' else 'memory'} and only "
        f"{free / GB:.1f} GB is free"
    )
    if choice.device != "cpu" and (preference or "auto") == "auto":
        cpu = pick_device("cpu")
        cpu_need = estimate_memory(info, cpu.dtype_name)
        cpu_free = available_bytes("cpu")
        if cpu_need.total <= cpu_free:
            return LoadPlan("cpu", f"{short} on the GPU; using the CPU instead (slower).")
    raise UserError(
        f"{short}. Close other programs, choose a smaller model in Models…, or pick another device."
    )


def _join(first: str, second: str) -> str:
    return f"{first}. {second}" if first else second


def check_llama_ram(info: ModelInfo) -> None:
    """Refuse to load the 8-bit llama.cpp file when the RAM is clearly too small.

    llama.cpp maps the file (it needs about its size in RAM), plus its KV cache (f16, the
    context the runtime creates) and compute buffers.

    Raises:
        UserError: when the model will not fit.

    """
    from engine.decoding.gguf_requant import Q8_FILE

    size = (info.path / Q8_FILE).stat().st_size
    kv = kv_bytes_per_token(_config(info.path), 2) * 4096
    need = size + kv + RUNTIME_OVERHEAD // 2
    free = available_bytes("cpu")
    if need > free:
        raise UserError(
            f"{info.display or info.name} needs about {need / GB:.1f} GB of memory and only "
            f"{free / GB:.1f} GB is free. Close other programs or choose a smaller model."
        )
