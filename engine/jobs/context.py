"""How a running job talks back: streamed text, progress and the stop flag."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from engine.core.callbacks import ProgressFn, TextFn, no_progress, no_text


@dataclass
class JobContext:
    """The callbacks and stop flag one job run gets (unpacked into plain callbacks)."""

    on_text: TextFn = no_text
    on_progress: ProgressFn = no_progress
    stop: threading.Event = field(default_factory=threading.Event)
