"""Shared pieces of the CLI commands: context, output, progress on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from engine.app import open_engine
from engine.core.paths import Paths
from engine.runtime.backend import BackendChoice
from engine.runtime.engine import Engine


class CommandModule(Protocol):
    """A module that adds one command (or group) to the parser."""

    def register(self, sub: Any) -> None:
        """Add the command's parser to ``sub`` and set ``func``."""


@dataclass
class CliContext:
    """Per-run state: the parsed arguments, the data folder and a lazily made engine."""

    args: argparse.Namespace
    paths: Paths
    log_path: Path
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def json(self) -> bool:
        """True when stdout must be one JSON document."""
        return bool(self.args.json)

    @property
    def engine(self) -> Engine:
        """The engine for this run (honours --model, --adapter and --device)."""
        if self._engine is None:
            self._engine = open_engine(
                self.paths,
                model=self.args.model,
                adapter=self.args.adapter,
                device=self.args.device,
                decoder=getattr(self.args, "decoder", None),
                backend=backend_override(self.args, self.paths),
            )
        return self._engine

    def close(self) -> None:
        """Release the engine."""
        if self._engine is not None:
            self._engine.close()


def backend_override(args: argparse.Namespace, paths: Paths) -> BackendChoice | None:
    """``--backend``/``--base-url``/``--remote-model`` for this run (None: the saved choice).

    Missing remote details come from the saved setting, so ``--backend openai`` alone uses
    the server chosen with ``shopscribe backend set``.
    """
    kind = getattr(args, "backend", None)
    if kind is None and not (getattr(args, "base_url", None) or args.remote_model):
        return None
    if kind == "local":
        return BackendChoice("local")
    from engine.app import open_store
    from engine.runtime.backend import load_backend

    store = open_store(paths)
    try:
        saved = load_backend(store)
    finally:
        store.close()
    return BackendChoice(
        "remote", args.base_url or saved.base_url, args.remote_model or saved.model
    ).checked()


def emit_json(data: Any) -> None:
    """Write one JSON document to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def emit_json_line(data: Any) -> None:
    """Write one JSON Lines record to stdout."""
    emit_json(data)


def say(text: str) -> None:
    """Human text: always stderr, so stdout stays clean for --json."""
    print(text, file=sys.stderr, flush=True)


class StderrProgress:
    """Progress on stderr, one line per info change and every ~10 %."""

    def __init__(self) -> None:
        self.last_info = ""
        self.last_pct = -10

    def __call__(self, step: int, total: int, info: str) -> None:
        """Report one progress step."""
        pct = int(100 * step / total) if total else 0
        if info != self.last_info or pct >= self.last_pct + 10 or step == total:
            print(f"  {info}: {pct}%", file=sys.stderr, flush=True)
            self.last_info, self.last_pct = info, pct


def json_parent() -> argparse.ArgumentParser:
    """A parent parser so ``--json`` is accepted after the subcommand too (as in the contract)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="JSON on stdout"
    )
    return parent
