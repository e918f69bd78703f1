"""The house model: a LoRA trained on the corpus's training split, shipped in ``resources/house``.

``python -m engine.corpus.house [--steps N] [--fresh]`` (``make house-model``) renders every
training example through the app's own house prompts (:mod:`engine.corpus.render`), trains
LoRA on the prepared Qwen pack with the finetune engine (loss on the answer only, the model's
chat template, a checkpoint every ``save_every`` steps: run it again after an interruption and
it resumes), scores a fixed sample of the held-out split, and writes the best adapter with a
``house.json`` record (corpus digest, steps, losses, seconds, device) into ``resources/house``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from engine.core.files import atomic_folder
from engine.core.paths import Paths, default_root
from engine.corpus.examples import ROOT, CorpusExample, Split, load, split
from engine.corpus.render import completion, prompt
from engine.finetune.checkpoints import latest_complete
from engine.finetune.config import ALL_LINEAR, TrainConfig
from engine.finetune.dataset import Example

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "house"
BASE = "qwen-coder"
EVAL_SAMPLE = 48
"""Held-out examples scored at each evaluation (a fixed, stratified sample: speed)."""


def house_config(steps: int) -> TrainConfig:
    """The house run's settings: LoRA r16 on every linear layer of the top 12 of 24 blocks.

    Half the blocks keeps a step on two CPU cores near two thirds of a full LoRA step's cost.
    """
    return TrainConfig(
        rank=16,
        alpha=32,
        dropout=0.05,
        target_modules=list(ALL_LINEAR),
        top_layers=12,
        lr=4e-4,
        epochs=1,
        max_steps=steps,
        batch_size=4,
        max_length=512,
        warmup_steps=20,
        eval_every=100,
        save_every=10,
        patience=0,
        seed=20261207,
    )


def to_example(example: CorpusExample) -> Example:
    """A corpus example as a training pair."""
    return Example(prompt(example), completion(example), example.id)


def eval_sample(held: list[CorpusExample], n: int = EVAL_SAMPLE) -> list[CorpusExample]:
    """A fixed sample of the held-out split, spread over task, language and channel."""
    groups: dict[tuple[str, str, str], list[CorpusExample]] = {}
    for example in sorted(held, key=lambda e: e.id):
        groups.setdefault((example.task, example.lang, example.channel), []).append(example)
    rng = random.Random(7)
    for items in groups.values():
        rng.shuffle(items)
    picked: list[CorpusExample] = []
    while len(picked) < min(n, len(held)):
        for items in groups.values():
            if items and len(picked) < n:
                picked.append(items.pop())
    return picked


def corpus_digest(examples: list[CorpusExample]) -> str:
    """SHA-256 over the examples' ids and records (what the adapter was trained on)."""
    h = hashlib.sha256()
    for example in examples:
        h.update(json.dumps(example.record, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def train_house(
    model_dir: Path, run_dir: Path, out_dir: Path, steps: int, resume: bool, root: Path = ROOT
) -> dict[str, Any]:
    """Train (or resume) the house LoRA and write the best adapter to ``out_dir``."""
    from engine.finetune.session import Session
    from engine.finetune.trainer import Trainer

    train, held = split(load(root), Split.load(root))
    rng = random.Random(20261207)
    ordered = sorted(train, key=lambda e: e.id)
    rng.shuffle(ordered)
    config = house_config(steps)
    session = Session(
        model_dir,
        config,
        [to_example(e) for e in ordered],
        [to_example(e) for e in eval_sample(held)],
    )
    started = time.perf_counter()

    def event(record: dict[str, Any]) -> None:
        if record.get("kind") in ("step", "eval", "resume"):
            print(json.dumps({k: v for k, v in record.items() if k != "kind"}), flush=True)

    outcome = Trainer(session, run_dir, on_event=event).run(resume)
    if outcome.best_dir is None:
        raise SystemExit("no checkpoint beat the base model on the held-out sample")
    weights = outcome.best_dir / "adapter_model.safetensors"
    record = {
        "base": BASE,
        "adapter_sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
        "corpus_sha256": corpus_digest(train),
        "train_examples": len(train),
        "heldout_examples": len(held),
        "eval_sample": EVAL_SAMPLE,
        "steps": outcome.steps,
        "best_step": outcome.best_step,
        "eval_loss_before": round(outcome.eval_loss_before, 4),
        "eval_loss_after": round(outcome.eval_loss_after or float("nan"), 4),
        "seconds_this_session": round(time.perf_counter() - started, 1),
        "tokens_per_s": round(outcome.tokens_per_s, 1),
        "device": str(session.device),
        "config": config.to_dict(),
        "history": outcome.history,
    }
    with atomic_folder(out_dir) as staged:  # peft's model-card README is left behind
        for name in ("adapter_config.json", "adapter_model.safetensors"):
            shutil.copyfile(outcome.best_dir / name, staged / name)
        (staged / "house.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


def main(argv: list[str] | None = None) -> int:
    """``python -m engine.corpus.house [--steps N] [--fresh] [--model-dir DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=320)
    parser.add_argument(
        "--fresh", action="store_true", help="start over (default: resume a run it finds)"
    )
    parser.add_argument("--model-dir", type=Path, help="the prepared Qwen pack's folder")
    parser.add_argument("--run-dir", type=Path, help="checkpoints (default: data folder runs/)")
    parser.add_argument("--out", type=Path, default=SHIPPED / BASE)
    args = parser.parse_args(argv)
    paths = Paths(default_root())
    model_dir = args.model_dir or paths.models / BASE
    if not (model_dir / "config.json").exists():
        print(f"no prepared {BASE} model in {model_dir}: run make setup first", file=sys.stderr)
        return 3
    run_dir = args.run_dir or paths.runs / "house-model"
    resume = not args.fresh and latest_complete(run_dir) is not None
    print(f"{'resuming' if resume else 'starting'} the house run in {run_dir}", file=sys.stderr)
    record = train_house(model_dir, run_dir, args.out, args.steps, resume)
    print(json.dumps({k: v for k, v in record.items() if k != "history"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
