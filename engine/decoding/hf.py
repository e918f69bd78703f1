"""transformers set-up for an offline desktop app: no hub, no progress bars on stderr."""

from __future__ import annotations

from engine.core.offline import go_offline

_DONE = False


def offline_quiet() -> None:
    """Forbid hub access and silence transformers' own bars and advice (we report progress)."""
    global _DONE
    if _DONE:
        return
    go_offline()
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    _DONE = True
