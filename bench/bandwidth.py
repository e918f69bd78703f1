"""The memory-bandwidth ceiling for decoding, measured on the spot.

Decoding one token reads every linear weight once, so tokens/s can not exceed
read bandwidth ÷ bytes of weights.
"""

from __future__ import annotations

import time
from typing import Any


def read_bandwidth_gbs(threads: int, megabytes: int = 512, repeats: int = 5) -> float:
    """Best read bandwidth (GB/s) of summing a large fp32 tensor with ``threads`` threads."""
    import torch

    torch.set_num_threads(threads)
    data = torch.ones(megabytes * 1024 * 1024 // 4, dtype=torch.float32)
    data.sum()
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        data.sum()
        seconds = time.perf_counter() - start
        best = max(best, data.numel() * 4 / seconds / 1e9)
    del data
    return best


def weight_bytes(model: Any) -> dict[str, int]:
    """Bytes read per decoded token at each bit width (the linear layers, lm_head included)."""
    import torch

    params = sum(m.weight.numel() for m in model.modules() if isinstance(m, torch.nn.Linear))
    rows = sum(m.weight.shape[0] for m in model.modules() if isinstance(m, torch.nn.Linear))
    return {"bf16": params * 2, "int8": params + rows * 2, "fp32": params * 4}


def limits(gbs: float, nbytes: dict[str, int]) -> dict[str, float]:
    """Tokens/s ceilings per bit width."""
    return {k: round(gbs * 1e9 / v, 1) for k, v in nbytes.items()}
