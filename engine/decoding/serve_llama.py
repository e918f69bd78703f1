"""``python -m engine.decoding.serve_llama ARGS``: llama_cpp.server with crash-safe weight buffers.

llama-cpp-python's OpenAI-compatible server takes the library's default model parameters,
which keep ggml's "extra" (AMX) weight buffers; on a CPU with AMX tiles those crash
``llama_decode`` after the first request (see
:func:`engine.decoding.llama_runtime.extra_buffers_safe`).
This entry point applies the same check as the app's own llama.cpp decoder, then runs the
server with the given arguments unchanged (``--model``, ``--host``, ``--port``, ...).
"""

from __future__ import annotations

import runpy
import sys
from typing import Any


def main(argv: list[str]) -> None:
    """Patch the default model parameters, then run ``llama_cpp.server`` with ``argv``."""
    import llama_cpp.llama_cpp as lib

    from engine.decoding.llama_runtime import extra_buffers_safe

    defaults = lib.llama_model_default_params
    safe = extra_buffers_safe()

    def _params() -> Any:
        params = defaults()
        params.use_extra_bufts = safe
        return params

    lib.llama_model_default_params = _params
    sys.argv = ["llama_cpp.server", *argv]
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
