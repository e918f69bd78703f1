"""Offline by default: the environment set before any library that could phone home loads.

Nothing leaves the machine unless the merchant chose a remote backend: the Hugging Face hub
and its telemetry are switched off by the app itself, not left to the user's environment.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def go_offline() -> None:
    """Force the offline settings (entry points call this first; child processes inherit)."""
    os.environ.update(OFFLINE_ENV)
