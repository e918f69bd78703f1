"""The LoRA training loop: a plain step loop with eval, early stop, best checkpoint and resume.

Every step checks the stop flag (cancel within one step, with a checkpoint written so Resume
continues there), every ``eval_every`` steps measures held-out loss and keeps the best adapter,
and a non-finite loss ends the run keeping the last good adapter. Under ``accelerate launch``
with several processes the stop flag, the loss and the held-out loss are shared, so every
process takes each of these decisions at the same step; only the main process writes files
(:mod:`engine.finetune.distributed`).
"""

from __future__ import annotations

import math
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.core.errors import Cancelled, UserError
from engine.finetune import checkpoints as ckpt
from engine.finetune.config import TrainConfig
from engine.finetune.session import Session

EventFn = Callable[[dict[str, Any]], None]
NAN_HOOK = "SHOPSCRIBE_FINETUNE_NAN_AT_STEP"
"""Test hook: the loss at this step is made NaN (to prove the run stops safely); ``STEP@RANK``
poisons one process only (to prove the others stop with it)."""


def _nan_hook(rank: int) -> int:
    """The step the NaN hook poisons in process ``rank`` (0: none)."""
    raw = os.environ.get(NAN_HOOK, "") or "0"
    step, _, only = raw.partition("@")
    if only and int(only) != rank:
        return 0
    return int(step or 0)


def _no_event(event: dict[str, Any]) -> None:
    """Default event sink."""


@dataclass
class RunState:
    """What survives a restart (saved as JSON in each checkpoint)."""

    step: int = 0
    eval_loss_before: float | None = None
    best_eval: float | None = None
    best_step: int = 0
    bad_evals: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunState:
        """Build from a checkpoint's state (unknown keys ignored)."""
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class TrainOutcome:
    """How a run ended."""

    status: str
    """``done``, ``early_stop`` or ``nan``."""
    steps: int
    total_steps: int
    eval_loss_before: float
    eval_loss_after: float | None
    best_step: int
    best_dir: Path | None
    tokens_per_s: float
    seconds: float
    history: list[dict[str, Any]]


def _lr_factor(step: int, warmup: int, total: int) -> float:
    """Linear warm-up, then cosine decay to 10 %."""
    if warmup and step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


class Trainer:
    """Runs one LoRA training run in ``run_dir`` (checkpoints, best adapter, state)."""

    def __init__(
        self,
        session: Session,
        run_dir: Path,
        *,
        on_event: EventFn = _no_event,
        stop: threading.Event | None = None,
    ) -> None:
        self.s = session
        self.config: TrainConfig = session.config
        self.run_dir = run_dir
        self.on_event = on_event
        self.stop = stop or threading.Event()
        self.state = RunState()
        self.best_dir = run_dir / "best"

    def _set_lr(self, step: int, total: int) -> float:
        factor = _lr_factor(step, self.config.warmup_steps, total)
        lr = self.config.lr * factor
        for group in self.s.optimizer.param_groups:
            group["lr"] = lr
        return lr

    def _save(self) -> None:
        if self.s.is_main:
            unwrapped = self.s.peft_model
            state = {**self.state.to_dict(), "config": self.config.to_dict()}
            ckpt.save_checkpoint(self.run_dir, self.state.step, unwrapped, self.s.optimizer, state)
        self._barrier()

    def _barrier(self) -> None:
        self.s.group.barrier()

    def start(self, resume: bool) -> None:
        """Fresh start (clearing an old run of this name) or resume from the newest checkpoint.

        Raises:
            UserError: when ``resume`` is asked but there is no complete checkpoint.

        """
        latest = ckpt.latest_complete(self.run_dir)
        if resume:
            if latest is None:
                raise UserError(
                    f"nothing to resume in {self.run_dir.name}: no complete checkpoint yet"
                )
            data = ckpt.load_checkpoint(latest, self.s.peft_model, self.s.optimizer)
            self.state = RunState.from_dict(data)
            self.on_event({"kind": "resume", "step": self.state.step})
            return
        if self.s.is_main:
            shutil.rmtree(self.run_dir / "checkpoints", ignore_errors=True)
            shutil.rmtree(self.best_dir, ignore_errors=True)
            self.run_dir.mkdir(parents=True, exist_ok=True)
        self._barrier()
        before = self.s.evaluate(adapter=False)
        # Step 0 (the base model) takes part in the best-checkpoint choice: an adapter is
        # only "best" when it beats the model it started from.
        self.state = RunState(eval_loss_before=before, best_eval=before, best_step=0)
        self.on_event({"kind": "eval", "step": 0, "eval_loss": self.state.eval_loss_before})

    def run(self, resume: bool = False) -> TrainOutcome:
        """Train to the end, an early stop, a NaN, or a cancel (raises :class:`Cancelled`)."""
        self.start(resume)
        total = self.s.total_steps()
        status = "done"
        tokens = 0
        train_s = 0.0  # forward + backward + optimizer only (no eval, no checkpoint writes)
        started = time.perf_counter()
        first_step = self.state.step + 1
        nan_at = _nan_hook(self.s.group.rank)
        self.s.model.train()
        for step in range(first_step, total + 1):
            if self.s.group.any(self.stop.is_set(), self.s.device):  # all stop together
                if self.state.step >= first_step:
                    self._save()
                raise Cancelled()
            lr = self._set_lr(step - 1, total)
            step_start = time.perf_counter()
            batch = self.s.batch_for_step(step)
            loss, value, batch_tokens = self.s.step_loss(batch, poison=step == nan_at)
            if not math.isfinite(value):  # the global mean: every process sees the NaN
                self.s.optimizer.zero_grad(set_to_none=True)
                status = "nan"
                self.on_event({"kind": "nan", "step": step, "loss": value})
                break
            self.s.backward(loss)
            self.s.optimizer.step()
            self.s.optimizer.zero_grad(set_to_none=True)
            self.state.step = step
            tokens += batch_tokens
            train_s += time.perf_counter() - step_start
            elapsed = time.perf_counter() - started
            done = step - first_step + 1
            record: dict[str, Any] = {
                "kind": "step",
                "step": step,
                "total": total,
                "loss": value,
                "lr": lr,
                "tokens_per_s": tokens / train_s if train_s else 0.0,
                "steps_per_s": done / elapsed if elapsed else 0.0,
                "eta_s": (total - step) * elapsed / done,
            }
            self.state.history.append({"step": step, "loss": round(value, 5)})
            if step % self.config.eval_every == 0 or step == total:
                record["eval_loss"] = self._eval_and_keep_best(step)
                self.state.history[-1]["eval_loss"] = round(record["eval_loss"], 5)
            self.on_event(record)
            stop_early = bool(self.config.patience and self.state.bad_evals >= self.config.patience)
            if step % self.config.save_every == 0 or step == total or stop_early:
                self._save()
            if stop_early:
                status = "early_stop"
                break
        seconds = time.perf_counter() - started
        after = None
        if self.best_dir.is_dir():
            self._load_best()
            after = self.state.best_eval
        elif status != "nan":
            after = self.s.evaluate()
        return TrainOutcome(
            status=status,
            steps=self.state.step,
            total_steps=total,
            eval_loss_before=float(self.state.eval_loss_before or 0.0),
            eval_loss_after=after,
            best_step=self.state.best_step,
            best_dir=self.best_dir if self.best_dir.is_dir() else None,
            tokens_per_s=tokens / train_s if train_s else 0.0,
            seconds=seconds,
            history=list(self.state.history),
        )

    def _eval_and_keep_best(self, step: int) -> float:
        value = self.s.evaluate()
        best = self.state.best_eval
        if math.isfinite(value) and (best is None or value < best - 1e-4):
            self.state.best_eval, self.state.best_step, self.state.bad_evals = value, step, 0
            if self.s.is_main:
                ckpt.save_adapter_folder(self.s.peft_model, self.best_dir)
            self._barrier()
        else:
            self.state.bad_evals += 1
        return value

    def _load_best(self) -> None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        weights = load_file(str(self.best_dir / ckpt.ADAPTER_WEIGHTS))
        set_peft_model_state_dict(self.s.peft_model, weights)
