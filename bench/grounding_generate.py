"""Generate the grounding evaluation texts: real outputs of ShopScribe's own models.

Calls the app's command line exactly as a user would, with default settings except channel,
language and seed::

    <cli> --data-dir D --model M --json copy --facts FACTS.json --channel C --lang L --seed S

and keeps ``variants[0].text`` plus the old guard's flags (``variants[0].flags``).

Usage (stdlib only)::

    python bench/grounding_generate.py --sheets tests/data/grounding/fact_sheets.jsonl \
        --out tests/data/grounding/generations.jsonl --data-dir /tmp/gen-data \
        [--cli "PYTHONPATH=/work/snap /work/main/.venv/bin/python -m engine.cli"] [--cwd DIR]

The plan is deterministic (see :func:`plan`): per sheet, qwen-coder writes a description plus
two other channels rotated so every channel is covered; smollm2 writes one or two texts on
every English sheet and one on every third Chinese sheet. Text ``gNNN`` is the NNN-th item of
the plan and uses seed ``1000 + NNN``. The output is appended one line per text, so a run can
be resumed: ids already in ``--out`` are skipped. A failed call is logged and skipped (run
again to retry it).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OTHER_CHANNELS = ["title", "bullets", "seo", "ad", "social", "email"]
DEFAULT_CLI = "PYTHONPATH=/work/snap /work/main/.venv/bin/python -m engine.cli"


def plan(sheets: list[dict]) -> list[dict]:
    """Every text to write, in order: (id, sheet, model, channel, lang, seed)."""
    sheets = sorted(sheets, key=lambda s: s["id"])
    items: list[tuple[dict, str, str]] = []
    en_index = zh_index = 0
    for k, sheet in enumerate(sheets):
        lang = sheet["facts"].get("lang", "en")
        items.append((sheet, "qwen-coder", "description"))
        items.append((sheet, "qwen-coder", OTHER_CHANNELS[(2 * k) % 6]))
        items.append((sheet, "qwen-coder", OTHER_CHANNELS[(2 * k + 1) % 6]))
        if lang == "en":
            i = en_index
            en_index += 1
            first = "description" if i % 4 != 3 else OTHER_CHANNELS[(i // 4) % 6]
            items.append((sheet, "smollm2", first))
            if i % 2 == 0:
                items.append((sheet, "smollm2", OTHER_CHANNELS[(i // 2 + 3) % 6]))
        else:
            j = zh_index
            zh_index += 1
            if j % 3 == 0:
                channel = "description" if j % 6 == 0 else OTHER_CHANNELS[(j // 3) % 6]
                items.append((sheet, "smollm2", channel))
    out = []
    for n, (sheet, model, channel) in enumerate(items, start=1):
        out.append(
            {
                "id": f"g{n:03d}",
                "sheet": sheet["id"],
                "split": sheet["split"],
                "model": model,
                "channel": channel,
                "lang": sheet["facts"].get("lang", "en"),
                "seed": 1000 + n,
                "facts": sheet["facts"],
            }
        )
    return out


def split_cli(cli: str) -> tuple[dict[str, str], list[str]]:
    """``VAR=value ... program args`` → (environment additions, argv)."""
    env: dict[str, str] = {}
    words = shlex.split(cli)
    while words and "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if not words:
        raise SystemExit(f"--cli names no program: {cli!r}")
    return env, words


def run_one(item: dict, args: argparse.Namespace, env_add: dict[str, str], argv: list[str]) -> dict:
    """One CLI call; returns the output record (raises RuntimeError on failure)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as fh:
        json.dump(item["facts"], fh, ensure_ascii=False)
        facts_path = fh.name
    command = [
        *argv,
        "--data-dir",
        args.data_dir,
        "--model",
        item["model"],
        "--json",
        "copy",
        "--facts",
        facts_path,
        "--channel",
        item["channel"],
        "--lang",
        item["lang"],
        "--seed",
        str(item["seed"]),
    ]
    env = dict(os.environ)
    env.update(env_add)
    try:
        proc = subprocess.run(
            command,
            cwd=args.cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=args.timeout,
        )
    finally:
        os.unlink(facts_path)
    if proc.returncode != 0:
        raise RuntimeError(f"rc={proc.returncode}: {proc.stderr.strip()[-500:]}")
    lines = [line for line in proc.stdout.splitlines() if line.strip().startswith("{")]
    if not lines:
        raise RuntimeError(f"no JSON on stdout: {proc.stdout[-300:]!r}")
    result = json.loads(lines[-1])
    variant = result["variants"][0]
    return {
        "id": item["id"],
        "sheet": item["sheet"],
        "split": item["split"],
        "model": item["model"],
        "channel": item["channel"],
        "lang": item["lang"],
        "seed": item["seed"],
        "text": variant["text"],
        "old_guard_flags": variant.get("flags", []),
        "tokens_per_s": result.get("tokens_per_s"),
        "decoder": result.get("decoder"),
        "device": result.get("device"),
        "stopped": result.get("stopped"),
        "reported_model": result.get("model"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--cli", default=DEFAULT_CLI, help="how to start the app's CLI")
    parser.add_argument(
        "--cwd",
        default="/work/snap" if Path("/work/snap").is_dir() else None,
        help="working folder for the CLI (default: /work/snap when present)",
    )
    parser.add_argument("--timeout", type=int, default=900, help="seconds per call")
    parser.add_argument("--only", help="comma-separated text ids to run (default: all)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and stop")
    args = parser.parse_args()

    sheets = [json.loads(x) for x in Path(args.sheets).read_text("utf-8").splitlines() if x.strip()]
    items = plan(sheets)
    if args.dry_run:
        for item in items:
            print(
                item["id"],
                item["sheet"],
                item["split"],
                item["model"],
                item["channel"],
                item["lang"],
                item["seed"],
            )
        print(f"{len(items)} texts", file=sys.stderr)
        return 0
    out = Path(args.out)
    done: set[str] = set()
    if out.exists():
        for line in out.read_text("utf-8").splitlines():
            if line.strip():
                done.add(json.loads(line)["id"])
    only = set(args.only.split(",")) if args.only else None
    env_add, argv = split_cli(args.cli)
    todo = [i for i in items if i["id"] not in done and (only is None or i["id"] in only)]
    print(
        f"{len(items)} planned, {len(done)} done, {len(todo)} to run", file=sys.stderr, flush=True
    )
    failures = 0
    for n, item in enumerate(todo, start=1):
        t0 = time.time()
        try:
            record = run_one(item, args, env_add, argv)
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as exc:
            failures += 1
            print(f"[{n}/{len(todo)}] {item['id']} FAILED: {exc}", file=sys.stderr, flush=True)
            continue
        with out.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(
            f"[{n}/{len(todo)}] {item['id']} {item['model']} {item['channel']} {item['lang']} "
            f"{time.time() - t0:.1f}s {len(record['text'])} chars",
            file=sys.stderr,
            flush=True,
        )
    print(f"finished; {failures} failed", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
