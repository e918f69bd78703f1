"""Before/after: the same held-out products written by the base model and by an adapter."""

from __future__ import annotations

import threading
from typing import Any

from engine.core.callbacks import ProgressFn, no_progress, raise_if_stopped
from engine.decoding.protocol import WRITING_REPETITION_PENALTY, StreamSettings
from engine.finetune.dataset import Dataset
from engine.models.adapters import find_adapter
from engine.runtime.engine import Engine


def compare_adapter(
    engine: Engine,
    adapter_name: str,
    dataset: Dataset,
    *,
    count: int = 2,
    max_new_tokens: int = 120,
    seed: int = 7,
    on_progress: ProgressFn = no_progress,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Write ``count`` held-out products with the base model and with the adapter.

    As the Copy tab writes (sampling at 0.7), with the same seed for both sides; greedy
    decoding makes small models loop and would judge neither fairly. The adapter that was
    applied before is applied again afterwards.

    Returns:
        ``{"adapter", "rows": [{"prompt", "owner", "base", "adapted"}]}``.

    Raises:
        UserError: for an unknown adapter or one of another base model.
        Cancelled: when ``stop`` is set.

    """
    adapter = find_adapter(engine.paths, adapter_name)
    held = (dataset.eval or dataset.train)[:count]
    generator = engine.generator(on_progress)
    before = generator.adapter
    rows = []
    try:
        for index, example in enumerate(held):
            row: dict[str, Any] = {
                "prompt": example.prompt[-1]["content"],
                "owner": example.completion,
            }
            for label, spec in (("base", None), ("adapted", adapter.spec())):
                raise_if_stopped(stop)
                on_progress(index, len(held), f"writing {label} version {index + 1}")
                generator.use_adapter(spec)
                settings = StreamSettings(
                    max_new_tokens=max_new_tokens,
                    temperature=0.7,
                    seed=seed + index,
                    repetition_penalty=WRITING_REPETITION_PENALTY,
                )
                row[label] = generator.stream(example.prompt, settings, stop=stop).texts[0]
            rows.append(row)
    finally:
        restore = find_adapter(engine.paths, before).spec() if before else None
        generator.use_adapter(restore)
    return {"adapter": adapter.name, "rows": rows}
