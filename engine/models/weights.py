"""Weight files read without loading them: safetensors headers, pickle detection, code checks.

Nothing here imports torch or unpickles anything; it only reads bytes and JSON, so it is safe
to run on a folder nobody has vetted yet.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path

PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
"""Weight files in Python's pickle format: loading one can run arbitrary code."""

DTYPE_BYTES = {
    "F64": 8,
    "I64": 8,
    "U64": 8,
    "F32": 4,
    "I32": 4,
    "U32": 4,
    "F16": 2,
    "BF16": 2,
    "I16": 2,
    "U16": 2,
    "F8_E4M3": 1,
    "F8_E5M2": 1,
    "I8": 1,
    "U8": 1,
    "BOOL": 1,
}

MAX_HEADER_BYTES = 100 << 20
"""A safetensors header larger than this is malformed (real ones are a few MB at most)."""


class WeightsError(ValueError):
    """A weight file that cannot be read as what it claims to be."""


@dataclass
class SafetensorsSummary:
    """Counts from the headers of one or more ``.safetensors`` files."""

    params: int = 0
    bytes: int = 0
    dtypes: dict[str, int] = field(default_factory=dict)
    """Parameters per safetensors dtype name (``BF16``, ``F32`` …)."""

    @property
    def main_dtype(self) -> str:
        """The dtype that holds most parameters (``BF16`` when there are none)."""
        if not self.dtypes:
            return "BF16"
        return max(self.dtypes.items(), key=lambda item: item[1])[0]


def read_safetensors_header(path: Path) -> dict[str, dict[str, object]]:
    """The tensor table of a ``.safetensors`` file (8-byte length, then JSON).

    Raises:
        WeightsError: when the file is not a readable safetensors file.

    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(8)
            if len(raw) != 8:
                raise WeightsError(f"{path.name} is too short to be a safetensors file")
            (length,) = struct.unpack("<Q", raw)
            if length > MAX_HEADER_BYTES:
                raise WeightsError(f"{path.name} has an implausible safetensors header")
            header = json.loads(handle.read(length).decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WeightsError(f"{path.name} is not a readable safetensors file ({exc})") from exc
    if not isinstance(header, dict):
        raise WeightsError(f"{path.name} has a malformed safetensors header")
    header.pop("__metadata__", None)
    return header


def summarize_safetensors(files: list[Path]) -> SafetensorsSummary:
    """Parameter count, tensor bytes and dtypes over ``files``, from their headers only."""
    summary = SafetensorsSummary()
    for path in files:
        for name, entry in read_safetensors_header(path).items():
            if not isinstance(entry, dict):
                raise WeightsError(f"{path.name}: tensor {name!r} has no description")
            shape = entry.get("shape")
            dtype = str(entry.get("dtype", ""))
            if not isinstance(shape, list):
                raise WeightsError(f"{path.name}: tensor {name!r} has no shape")
            count = 1
            for dim in shape:
                count *= int(dim)
            summary.params += count
            summary.bytes += count * DTYPE_BYTES.get(dtype, 2)
            summary.dtypes[dtype] = summary.dtypes.get(dtype, 0) + count
    return summary


def safetensors_files(folder: Path) -> list[Path]:
    """The ``.safetensors`` weight files directly in ``folder``, sorted."""
    return sorted(p for p in folder.glob("*.safetensors") if p.is_file())


def pickle_files(folder: Path) -> list[Path]:
    """Files anywhere under ``folder`` whose suffix says pickle weights."""
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in PICKLE_SUFFIXES
    )


def count_params(folder: Path) -> int:
    """Parameters stored in a folder's safetensors files (0 when there are none)."""
    return summarize_safetensors(safetensors_files(folder)).params
