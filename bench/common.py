"""What every benchmark shares: the prompt, the model folder, threads, timing and memory."""

from __future__ import annotations

import os
import resource
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("SHOPSCRIBE_BENCH_CACHE", Path.home() / ".cache" / "shopscribe-bench"))
"""Built things that must not live in the repository: llama.cpp, GGUF files."""

PROMPT = [
    {
        "role": "user",
        "content": (
            "Write a product description for an online shop. Product: Insulated Steel Bottle, "
            "750 ml, 18/8 stainless steel, keeps drinks cold 24 hours, leak-proof lid. "
            "Audience: hikers. Tone: friendly. Keep it under 120 words."
        ),
    }
]
"""About 64 tokens once the chat template is applied (the issue's prompt length)."""


def model_dir(explicit: str | None = None, name: str = "smollm2") -> Path:
    """The model folder to measure: ``explicit``, else model ``name`` of the default data folder.

    The default pack (SmolLM2) is prepared when missing; ``--model qwen-coder`` measures the
    Qwen pack when it has been prepared.
    """
    if explicit:
        return Path(explicit)
    from engine.core.paths import resolve_paths

    paths = resolve_paths(None)
    folder = paths.models / name
    if not (folder / "config.json").exists() and name == "smollm2":
        from engine.models.packs import prepare_pack

        return prepare_pack(paths, name).path
    return folder


def default_bench_threads() -> int:
    """The threads the window gives the engine (cores - 1): what a merchant gets."""
    from engine.decoding.devices import default_threads

    return default_threads(gui=True)


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its finished children, in MB."""
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / scale / 1024
    return {"bench": round(own, 1), "children_max": round(kids, 1)}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def best(values: Sequence[float]) -> float:
    """Best-of-N for rates (the machine is shared; the best run is the least disturbed)."""
    return max(values) if values else 0.0


def median(values: Sequence[float]) -> float:
    """Median, 0 for nothing."""
    return statistics.median(values) if values else 0.0
