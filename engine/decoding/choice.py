"""Which decoder a model gets, and the 8-bit llama.cpp file it needs.

``decoder`` (setting, ``--decoder``, or ``SHOPSCRIBE_DECODER``) is ``auto``, ``llama`` or
``torch``. ``auto`` takes llama.cpp (:mod:`engine.decoding.llama_generator`) when
llama-cpp-python is installed, the model folder holds ``model-q8_0.gguf`` and the model will
run on the CPU; otherwise the torch decoder (:mod:`engine.decoding.torch_generator`), which
also serves GPUs, imported safetensors folders and training. Deciding never imports torch
unless a GPU may be present, so loading on the llama.cpp path never holds the GIL for long.
"""

from __future__ import annotations

import os
import platform
import shutil
from importlib import metadata
from pathlib import Path

from engine.core.errors import UserError
from engine.decoding.gguf_requant import Q8_FILE
from engine.decoding.llama_runtime import available as llama_available

DECODERS = ("auto", "llama", "torch")


def q8_file(model_dir: Path) -> Path | None:
    """The folder's 8-bit GGUF, when it has one."""
    path = model_dir / Q8_FILE
    return path if path.is_file() else None


def gpu_possible() -> bool:
    """False when no GPU can be used, decided without importing torch.

    True means "ask torch": an NVIDIA driver is present and torch is not a CPU-only build, or
    this is an Apple Silicon Mac (MPS).
    """
    if platform.system() == "Darwin":
        return platform.machine() == "arm64"
    try:
        version = metadata.version("torch")
    except metadata.PackageNotFoundError:
        return False
    if "+cpu" in version:
        return False
    return Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi") is not None


def decoder_setting(preference: str | None) -> str:
    """The decoder asked for: ``SHOPSCRIBE_DECODER`` over the setting, ``auto`` by default."""
    return (os.environ.get("SHOPSCRIBE_DECODER") or preference or "auto").lower()


def choose_decoder(preference: str, device: str, model_dir: Path) -> tuple[str, str]:
    """(``llama`` or ``torch``, why) for a model folder and a device preference.

    Raises:
        UserError: when ``llama`` is asked for by name and cannot be used.

    """
    pref = decoder_setting(preference)
    if pref not in DECODERS:
        raise UserError(f"unknown decoder {pref!r}; choose one of {', '.join(DECODERS)}")
    if pref == "torch":
        return "torch", "the torch decoder was chosen"
    reason = ""
    if not llama_available():
        reason = "llama-cpp-python is not installed (make setup installs it)"
    elif q8_file(model_dir) is None:
        reason = f"{model_dir.name} has no {Q8_FILE} (packs get one from `shopscribe models setup`)"
    elif device in ("cuda", "mps"):
        reason = f"the model runs on {device}"
    elif device == "auto" and pref == "auto" and gpu_possible():
        from engine.decoding.devices import pick_device

        if pick_device("auto").device != "cpu":
            reason = "a GPU is available"
    if not reason:
        return "llama", "llama.cpp, 8-bit"
    if pref == "llama":
        raise UserError(f"the llama.cpp decoder cannot be used: {reason}")
    return "torch", reason
