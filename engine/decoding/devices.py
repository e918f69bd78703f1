"""Device and dtype choice: CUDA, then Apple MPS, then CPU, with honest reasons."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

DEVICE_PREFERENCES = ("auto", "cuda", "mps", "cpu")


@dataclass(frozen=True)
class DeviceChoice:
    """Where a model runs and in which precision, and why."""

    device: str
    dtype_name: str
    note: str = ""

    @property
    def dtype(self) -> Any:
        """The torch dtype object."""
        import torch

        return getattr(torch, self.dtype_name)

    def label(self) -> str:
        """Short text for the status bar, e.g. ``cpu · bfloat16``."""
        return f"{self.device} · {self.dtype_name}"


def cpu_prefers_bf16() -> bool:
    """True when bf16 decodes faster than fp32 on this CPU.

    Native bf16 (AVX512-BF16, AMX) clearly wins; on AVX2/AVX512 CPUs without it bf16 still
    wins for decoding, which is memory-bound and reads half the bytes (measured here on an
    AVX2 EPYC: SmolLM2 22.0 vs 17.5 tok/s). Older CPUs fall back to fp32.
    """
    import torch

    native = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
    if (native and native()) or (amx and amx()):
        return True
    return torch.backends.cpu.get_cpu_capability() in ("AVX2", "AVX512")


def pick_device(preference: str = "auto") -> DeviceChoice:
    """Choose the device. A GPU that is present but unusable falls back to CPU with a note.

    fp16 is never used on CPU (its matmuls are far slower than fp32 there).
    """
    import torch

    pref = (preference or "auto").lower()
    note = ""
    if pref in ("auto", "cuda"):
        if torch.cuda.is_available():
            try:
                torch.zeros(1, device="cuda")
                bf16 = torch.cuda.is_bf16_supported()
                return DeviceChoice("cuda", "bfloat16" if bf16 else "float16")
            except Exception as exc:  # driver trouble, out of memory at init
                note = f"GPU found but unusable ({exc.__class__.__name__}: {exc}); using CPU"
        elif pref == "cuda":
            note = "no CUDA GPU is available; using CPU"
    if pref in ("auto", "mps") and not note:
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return DeviceChoice("mps", "float16")
        if pref == "mps":
            note = "Apple MPS is not available; using CPU"
    dtype = "bfloat16" if cpu_prefers_bf16() else "float32"
    return DeviceChoice("cpu", dtype, note)


def default_threads(gui: bool) -> int:
    """Torch threads: all cores for headless work, one fewer when a window must stay smooth."""
    cores = os.cpu_count() or 1
    return max(1, cores - 1) if gui else cores
