"""Which decoder a model gets, and the 8-bit llama.cpp file it needs.

``decoder`` (setting, ``--decoder``, or ``SHOPSCRIBE_DECODER``) is ``auto``, ``llama`` or
``torch``. ``auto`` takes llama.cpp (:mod:`engine.llama_generator`) when llama-cpp-python is
installed, the model folder holds ``model-q8_0.gguf`` and the model will run on the CPU;
otherwise the torch decoder (:mod:`engine.generate`), which also serves GPUs, imported
safetensors folders and training. Deciding never imports torch unless a GPU may be present,
so loading on the llama.cpp path never holds the GIL for long.
"""

from __future__ import annotations

import os
import platform
import shutil
from importlib import metadata
from pathlib import Path

from engine.errors import UserError
from engine.gguf_requant import Q8_FILE, ProgressFn, _no_progress, requantise_q8_0
from engine.llama_runtime import available as llama_available

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
        from engine.devices import pick_device

        if pick_device("auto").device != "cpu":
            reason = "a GPU is available"
    if not reason:
        return "llama", "llama.cpp, 8-bit"
    if pref == "llama":
        raise UserError(f"the llama.cpp decoder cannot be used: {reason}")
    return "torch", reason


def add_q8(sources: list[Path], target: Path, on_progress: ProgressFn = _no_progress) -> Path:
    """Write ``target/model-q8_0.gguf`` from a pack's (possibly split) GGUF files.

    Raises:
        UserError: when the disk is too full or the file cannot be read as GGUF.

    """
    from engine.packs import join_files, require_free_disk

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
