"""``make stress``: the kill test in full, 200 SIGKILLs of a real writer (about 7 minutes).

``python bench/stress.py [--kills 200] [--seed 14] [--window-every 5] [--data DIR] [--json]``
prints the figures (kills survived, of the window among them, integrity checks passed,
acknowledged saves by kind, resumes, whether the last resume finished the bulk run) and exits
1 when anything was lost or torn. See ``tests/reliability/harness.py`` for what is checked.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.harness import run_kills


def main(argv: list[str] | None = None) -> int:
    """Run the harness and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--window-every", type=int, default=5, help="every n-th writer: the window")
    parser.add_argument("--data", help="data folder to use (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shopscribe-stress-") as tmp:
        data = Path(args.data) if args.data else Path(tmp) / "data"
        report = run_kills(
            data, args.kills, seed=args.seed, gui_every=args.window_every, verbose=not args.json
        )
    figures = report.to_json()
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 1 if report.problems or not report.finished else 0


if __name__ == "__main__":
    sys.exit(main())
