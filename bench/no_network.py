"""Network proof: launch, load a model, generate, 5 training steps; count inet connect() calls.

``python bench/no_network.py [--json] [--model-dir DIR]`` runs, in a fresh data folder with
the real SmolLM2 linked in (the test model cache, see tests/helpers.py):

1. the window (offscreen) up to its first painted frame (``main.py --first-paint-exit``);
2. ``shopscribe copy`` (loads the model, writes one description);
3. ``shopscribe finetune --steps 5`` on tests/data/finetune_products.jsonl;

all under ``strace -f -e trace=connect`` (Debian: ``apt-get install strace``), every process
and thread followed, and reports how many ``connect()`` calls went to AF_INET/AF_INET6 (must
be 0; AF_UNIX ones, e.g. D-Bus or Qt, are listed apart). With ``unshare`` available it also
runs the copy step again with no network at all (``unshare -rn``: a network namespace with
only a downed loopback) to show the app does not need one. Exits 1 when any inet connect
was seen or a step failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.core.paths import Paths  # noqa: E402
from tests.helpers import link_model, real_smollm2_dir  # noqa: E402

_CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_[A-Z0-9]+)(.*?)\}")
FACTS = {"title": "Speckled Stoneware Mug", "attributes": {"capacity": "350 ml"}}


def _steps(data: Path, facts: Path) -> list[list[str]]:
    cli = [sys.executable, "-m", "engine.cli", "--data-dir", str(data)]
    training = ROOT / "tests" / "data" / "finetune_products.jsonl"
    return [
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "--first-paint-exit"],
        [*cli, "copy", "--facts", str(facts), "--max-new-tokens", "48", "--seed", "1", "--json"],
        [*cli, "finetune", "--data", str(training), "--steps", "5", "--out", "proof", "--json"],
    ]


def count_connects(trace: Path) -> dict[str, list[str]]:
    """``connect()`` calls in an strace log, by address family."""
    found: dict[str, list[str]] = {}
    for line in trace.read_text(errors="replace").splitlines():
        match = _CONNECT.search(line)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2).strip(", ")[:120])
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the flow under strace and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--model-dir", help="a prepared SmolLM2 folder (default: test cache)")
    args = parser.parse_args(argv)
    strace = shutil.which("strace")
    if strace is None:
        print("strace is not installed (Debian: apt-get install strace)", file=sys.stderr)
        return 2
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HF_HUB_OFFLINE", None)  # the app must set these itself
    env.pop("TRANSFORMERS_OFFLINE", None)
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="shopscribe-net-") as tmp:
        data = Paths(Path(tmp) / "data").ensure()
        link_model(Path(args.model_dir) if args.model_dir else real_smollm2_dir(), data)
        facts = Path(tmp) / "facts.json"
        facts.write_text(json.dumps(FACTS), encoding="utf-8")
        steps, codes, started = _steps(data.root, facts), [], time.perf_counter()
        trace = Path(tmp) / "connect.trace"
        for index, step in enumerate(steps):
            part = trace.with_suffix(f".{index}")
            done = subprocess.run(
                [strace, "-f", "-qq", "-e", "trace=connect", "-o", str(part), *step],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            codes.append(done.returncode)
            if done.returncode:
                print(done.stderr[-2000:], file=sys.stderr)
        calls: dict[str, list[str]] = {}
        for part in sorted(Path(tmp).glob("connect.*")):
            for family, addresses in count_connects(part).items():
                calls.setdefault(family, []).extend(addresses)
        inet = calls.get("AF_INET", []) + calls.get("AF_INET6", [])
        report = {
            "steps": ["launch window", "copy (load + generate)", "finetune 5 steps"],
            "exit_codes": codes,
            "connect_calls": {family: len(a) for family, a in sorted(calls.items())},
            "inet_connects": len(inet),
            "inet_addresses": sorted(set(inet))[:10],
            "seconds": round(time.perf_counter() - started, 1),
        }
        unshare = shutil.which("unshare")
        if unshare is not None:
            isolated = subprocess.run(
                [unshare, "-rn", *steps[1]],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            report["copy_without_any_network_exit_code"] = isolated.returncode
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    failed = report["inet_connects"] or any(report["exit_codes"])  # type: ignore[arg-type]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
