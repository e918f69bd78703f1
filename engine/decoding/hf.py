"""transformers set-up for an offline desktop app: no hub, no progress bars on stderr."""

from __future__ import annotations

import os

_DONE = False


def offline_quiet() -> None:
    """Forbid hub access and silence transformers' own bars and advice (we report progress)."""
    global _DONE
    if _DONE:
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    _DONE = True
