"""What the model manager shows and sets: model rows with memory estimates, the device choice."""

from __future__ import annotations

from typing import Any

from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.decoding.devices import DEVICE_PREFERENCES
from engine.models.memory import estimate_memory
from engine.models.registry import ModelInfo, active_model_name, installed_models
from engine.store.connection import Store

DEVICE_KEY = "device"
"""Settings key of the merchant's device choice (read by ``Engine.device_preference``)."""


def model_rows(paths: Paths, store: Store) -> list[dict[str, Any]]:
    """Every installed model as the CLI's JSON row plus the RAM estimate (file reads only)."""
    active = active_model_name(paths, store)
    return [model_row(info, active) for info in installed_models(paths)]


def set_device_preference(store: Store, device: str) -> str:
    """Persist the device choice (``auto``, ``cuda``, ``mps`` or ``cpu``).

    Raises:
        UserError: for anything else.

    """
    device = (device or "auto").lower()
    if device not in DEVICE_PREFERENCES:
        raise UserError(f"device must be one of {', '.join(DEVICE_PREFERENCES)}, not {device!r}")
    store.set_setting(DEVICE_KEY, device)
    return device


def model_row(info: ModelInfo, active: str | None) -> dict[str, Any]:
    """One model as the CLI's JSON row plus the RAM estimate (file reads only)."""
    row = info.to_json(active=info.name == active)
    row["ram_gb"] = round(estimate_memory(info).gb(), 2)
    return row
