"""Training on several processes (``accelerate launch``): the batch split and shared decisions.

**Batches.** Each step takes one *global* batch of ``batch_size × processes`` pairs from a
seeded shuffle of the epoch, and each process its own slice of it (``rank::world``): no pair
is seen twice in an epoch and none is skipped. When the last global batch of an epoch is too
short for every process to get a pair, a process without one runs the first pair of the batch
with weight 0 (every process must take part in the gradient all-reduce), so it counts for
nothing. Each process's loss is scaled by its share of the global batch's completion tokens,
so the averaged gradient is the one a single process would compute on the global batch.

**Decisions.** Stop, NaN and early stop are reached together: the stop flag is all-reduced
(any process stopping stops all), the step's loss is the global mean (a NaN anywhere is a NaN
everywhere) and held-out loss is summed over the processes' shares of the held-out pairs, so
every process sees the same value and breaks out of the loop at the same step. Without
several processes every collective is the identity and nothing is imported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

TRACE_ENV = "SHOPSCRIBE_FINETUNE_TRACE"
"""Test hook: a folder where each process appends the pair indices of its steps as JSON lines."""


def epoch_order(count: int, seed: int, epoch: int) -> list[int]:
    """The seeded shuffle of ``count`` pairs for ``epoch`` (the same in every process)."""
    import torch

    gen = torch.Generator().manual_seed(seed + epoch)
    return [int(i) for i in torch.randperm(count, generator=gen).tolist()]


def shard(
    order: list[int], index: int, batch_size: int, rank: int, world: int
) -> tuple[list[int], bool]:
    """(pair indices of global batch ``index`` for process ``rank``, whether they count).

    Returns ``([first pair of the batch], False)`` when the batch has no pair left for
    ``rank``: the process still runs a forward/backward pass, with weight 0.
    """
    size = batch_size * world
    batch = order[index * size : (index + 1) * size]
    mine = batch[rank::world]
    if mine:
        return mine, True
    return batch[:1] or order[:1], False


class Collective:
    """The processes of one run (one process: every operation is the identity)."""

    def __init__(self, accelerator: Any = None) -> None:
        self.accelerator = accelerator
        self.world = int(accelerator.num_processes) if accelerator is not None else 1
        self.rank = int(accelerator.process_index) if accelerator is not None else 0

    @property
    def many(self) -> bool:
        """True with more than one process."""
        return self.world > 1

    def sum(self, values: list[float], device: Any = "cpu") -> list[float]:
        """Element-wise sum over the processes."""
        if not self.many:
            return list(values)
        import torch

        tensor = torch.tensor(values, dtype=torch.float64, device=device)
        return [float(v) for v in self.accelerator.reduce(tensor, reduction="sum").tolist()]

    def any(self, flag: bool, device: Any = "cpu") -> bool:
        """True when ``flag`` is true in any process."""
        return self.sum([1.0 if flag else 0.0], device)[0] > 0 if self.many else flag

    def barrier(self) -> None:
        """Wait until every process got here."""
        if self.accelerator is not None:
            self.accelerator.wait_for_everyone()

    def close(self) -> None:
        """Leave the process group (after a last barrier)."""
        if not self.many:
            return
        import torch.distributed as dist

        self.barrier()
        if dist.is_initialized():
            dist.destroy_process_group()

    def trace(self, step: int, indices: list[int], counts: bool) -> None:
        """Record a step's pairs for the test hook (:data:`TRACE_ENV`)."""
        folder = os.environ.get(TRACE_ENV)
        if not folder:
            return
        path = Path(folder) / f"rank-{self.rank}.jsonl"
        record = {"rank": self.rank, "world": self.world, "step": step}
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({**record, "indices": indices, "counts": counts}) + "\n")
