"""Re-quantise a model pack's GGUF to 8 bits (q8_0) for the llama.cpp decoder.

The packs ship mixed 4–6-bit GGUF files (SmolLM2: Q4_1; Qwen: Q4_K/Q5_0/Q6_K). The app's
reference weights are those dequantised to bf16 (:func:`engine.packs.convert_gguf`); the fast
decoder (:mod:`engine.llama_backend`) runs the same weights at 8 bits: every matrix is
dequantised and quantised again as Q8_0 (32-value blocks, one fp16 scale each), vectors stay
F32, and all metadata (tokenizer, chat template, shapes) is copied unchanged. Pure numpy (gguf-py);
no torch, no network. The file is written beside the model and renamed into place when whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.core.files import atomic_path

Q8_FILE = "model-q8_0.gguf"
"""The 8-bit GGUF's name inside a model folder."""

ProgressFn = Callable[[int, int, str], None]

_MOSTLY_Q8_0 = 7  # llama_ftype LLAMA_FTYPE_MOSTLY_Q8_0


def _no_progress(step: int, total: int, info: str) -> None:
    """Default progress sink."""


def _copy_fields(reader: Any, writer: Any) -> None:
    """Copy every metadata key except the ones the writer owns."""
    from gguf import GGUFValueType

    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key in ("general.architecture", "general.file_type"):
            continue
        main = field.types[0]
        sub = field.types[-1] if main == GGUFValueType.ARRAY else None
        writer.add_key_value(key, field.contents(), main, sub_type=sub)
    writer.add_uint32("general.file_type", _MOSTLY_Q8_0)


def _target(tensor: Any) -> Any:
    """The type a tensor gets: Q8_0 for matrices whose rows split into 32-value blocks."""
    from gguf import GGMLQuantizationType as T

    rows_len = int(tensor.shape[0])  # ggml order: ne0 is the row length
    if len(tensor.shape) >= 2 and rows_len % 32 == 0:
        return T.Q8_0
    return T.F32


def _convert(tensor: Any, target: Any, delta: Any = None) -> Any:
    """The tensor's data as ``target`` (numpy, numpy's row-major shape), ``delta`` added."""
    from gguf import GGMLQuantizationType as T
    from gguf import quants

    if tensor.tensor_type == target and delta is None:
        return tensor.data
    values = quants.dequantize(tensor.data, tensor.tensor_type).astype("float32", copy=False)
    if delta is not None:
        values = values + delta.reshape(values.shape).astype("float32", copy=False)
    if target == T.F32:
        return values
    return quants.quantize(values, target)


def _add_info(writer: Any, tensor: Any, target: Any) -> None:
    """Declare one output tensor (shape, dtype, bytes) before the data is written."""
    import numpy as np

    rows = int(np.prod(tensor.shape[1:])) if len(tensor.shape) > 1 else 1
    length = int(tensor.shape[0])
    if target.name == "F32":
        shape, size = (rows, length), rows * length * 4
        writer.add_tensor_info(tensor.name, shape, np.dtype("float32"), size)
    else:
        row_bytes = length // 32 * 34  # Q8_0: 32 int8 values and one fp16 scale
        shape, size = (rows, row_bytes), rows * row_bytes
        writer.add_tensor_info(tensor.name, shape, np.dtype("uint8"), size, raw_dtype=target)


def requantise_q8_0(
    src: Path,
    dst: Path,
    on_progress: ProgressFn = _no_progress,
    deltas: dict[str, Any] | None = None,
) -> Path:
    """Write ``dst``: the model in ``src`` with every matrix as Q8_0.

    ``deltas`` (GGUF tensor name → float32 array of the tensor's shape) are added to those
    tensors before quantising: a LoRA merged into the 8-bit file.

    Returns:
        ``dst``.

    Raises:
        ValueError: when ``src`` is not a GGUF file gguf-py can read.

    """
    import numpy as np
    from gguf import GGUFReader, GGUFWriter

    reader = GGUFReader(str(src))
    arch = str(reader.fields["general.architecture"].contents())
    plan = [(t, _target(t)) for t in reader.tensors]
    with atomic_path(dst) as tmp:
        writer = GGUFWriter(str(tmp), arch)
        _copy_fields(reader, writer)
        for tensor, target in plan:
            _add_info(writer, tensor, target)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()
        for index, (tensor, target) in enumerate(plan):
            on_progress(index, len(plan), f"8-bit weights: {tensor.name}")
            delta = (deltas or {}).get(tensor.name)
            data = np.ascontiguousarray(_convert(tensor, target, delta))
            writer.write_tensor_data(data)
        writer.close()
    on_progress(len(plan), len(plan), "8-bit weights ready")
    return dst
