"""A LoRA training session: the base model wrapped with peft, batches, eval, pre-flight.

Placement goes through accelerate's ``Accelerator`` when it is installed (so the same code runs
under ``accelerate launch`` on several GPUs or CPU processes); a single process otherwise. With
several processes the batches are split without duplicates and the loss, the held-out loss and
the stop flag are shared (:mod:`engine.finetune.distributed`). On CPU the forward pass runs
under bf16 autocast when the model is in bf16.
"""

from __future__ import annotations

import math
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.finetune.config import TrainConfig
from engine.finetune.dataset import Example
from engine.finetune.distributed import Collective, epoch_order, shard
from engine.finetune.tokens import IGNORE, Encoded, encode_all


@dataclass
class Batch:
    """Padded tensors of one step."""

    input_ids: Any
    attention_mask: Any
    labels: Any
    tokens: int
    indices: tuple[int, ...] = ()
    """The training pairs in it (for the trace hook)."""
    counts: bool = True
    """False for the weight-0 stand-in of a process the global batch had no pair left for."""


def attach_lora(base: Any, lora: Any) -> Any:
    """``base`` wrapped with the LoRA ``lora`` (a peft ``LoraConfig``), as training does.

    Whatever peft and transformers warn about each other's deprecations (it differs between
    releases: peft read a deprecated transformers attribute up to 0.21) is not ours to act on,
    so no ``FutureWarning`` from wrapping reaches the caller.
    """
    from peft import get_peft_model

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return get_peft_model(base, lora)
    except ValueError as exc:
        raise UserError(f"LoRA cannot be applied to this model: {exc}") from None


class Session:
    """Model, tokenizer, optimizer and data for one run, on the chosen device."""

    def __init__(
        self,
        model_dir: Path,
        config: TrainConfig,
        train_examples: list[Example],
        eval_examples: list[Example],
        device: str = "auto",
    ) -> None:
        from engine.decoding.devices import pick_device
        from engine.decoding.hf import offline_quiet

        offline_quiet()
        import torch
        from peft import LoraConfig
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.config = config
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir), trust_remote_code=False)
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        train = encode_all(self.tokenizer, train_examples, config.max_length)
        if not train:
            raise UserError("no training texts fit in the chosen max length")
        self.train = train
        self.held = encode_all(self.tokenizer, eval_examples, config.max_length) or train
        self.eval_examples = eval_examples
        self.choice = pick_device(device)
        self.accelerator = _accelerator(self.choice.device)
        self.device = self.accelerator.device if self.accelerator else self.choice.device
        self.group = Collective(self.accelerator)
        self.choice = _training_choice(self.choice)
        base = AutoModelForCausalLM.from_pretrained(
            str(model_dir), dtype=self.choice.dtype, trust_remote_code=False, use_safetensors=True
        )
        lora = LoraConfig(
            r=config.rank,
            lora_alpha=config.alpha,
            lora_dropout=config.dropout,
            target_modules=list(config.target_modules),
            task_type="CAUSAL_LM",
            layers_to_transform=_top_layers(base, config.top_layers),
        )
        model = attach_lora(base, lora)
        torch.manual_seed(config.seed)
        self.peft_model = model
        params = [p for p in model.parameters() if p.requires_grad]
        self.trainable = sum(p.numel() for p in params)
        self.optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
        if self.accelerator:
            self.model, self.optimizer = self.accelerator.prepare(model, self.optimizer)
        else:
            self.model = model.to(self.device)
        self.autocast = self.choice.dtype_name == "bfloat16"
        self.batches_per_epoch = math.ceil(len(train) / (config.batch_size * self.group.world))

    # -- data ------------------------------------------------------------------------------
    @property
    def is_main(self) -> bool:
        """True in the process that writes files (always, without accelerate launch)."""
        return self.accelerator is None or bool(self.accelerator.is_main_process)

    def total_steps(self) -> int:
        """Steps of the whole run (``max_steps`` or whole epochs)."""
        return self.config.max_steps or self.config.epochs * self.batches_per_epoch

    def collate(self, items: list[Encoded]) -> Batch:
        """Right-pad a list of pairs into tensors on the device."""
        import torch

        width = max(len(i.input_ids) for i in items)
        pad = int(self.tokenizer.pad_token_id)
        ids = torch.full((len(items), width), pad, dtype=torch.long)
        mask = torch.zeros((len(items), width), dtype=torch.long)
        labels = torch.full((len(items), width), IGNORE, dtype=torch.long)
        for row, item in enumerate(items):
            n = len(item.input_ids)
            ids[row, :n] = torch.tensor(item.input_ids)
            mask[row, :n] = 1
            labels[row, :n] = torch.tensor(item.labels)
        return Batch(
            ids.to(self.device), mask.to(self.device), labels.to(self.device), int(mask.sum())
        )

    def batch_for_step(self, step: int) -> Batch:
        """The share of 1-based ``step``'s global batch that is this process's.

        A seeded shuffle per epoch, so resume sees the same (see
        :func:`engine.finetune.distributed.shard`).
        """
        epoch, index = divmod(step - 1, self.batches_per_epoch)
        order = epoch_order(len(self.train), self.config.seed, epoch)
        group = self.group
        chosen, counts = shard(order, index, self.config.batch_size, group.rank, group.world)
        batch = self.collate([self.train[i] for i in chosen])
        batch.indices, batch.counts = tuple(chosen), counts
        group.trace(step, chosen, counts)
        return batch

    # -- steps -----------------------------------------------------------------------------
    def _autocast(self) -> Any:
        import contextlib

        import torch

        if not self.autocast:
            return contextlib.nullcontext()
        device_type = "cuda" if str(self.device).startswith("cuda") else "cpu"
        return torch.autocast(device_type=device_type, dtype=torch.bfloat16)

    def loss(self, batch: Batch) -> Any:
        """Mean loss over the completion tokens of one batch."""
        with self._autocast():
            out = self.model(
                input_ids=batch.input_ids, attention_mask=batch.attention_mask, labels=batch.labels
            )
        return out.loss

    def step_loss(self, batch: Batch, poison: bool = False) -> tuple[Any, float, int]:
        """(loss to back-propagate, the global batch's mean loss, its tokens).

        One process: the model's loss as is. Several: each process's loss is weighted by its
        share of the global batch's completion tokens (0 for a stand-in), so the averaged
        gradient equals one process's on the whole global batch, and every process gets the
        same mean loss (NaN anywhere is NaN everywhere). ``poison`` makes this process's
        loss NaN (the trainer's test hook).
        """
        loss = self.loss(batch)
        if poison:
            loss = loss * float("nan")
        if not self.group.many:
            return loss, float(loss.detach()), batch.tokens
        n = int((batch.labels[:, 1:] != IGNORE).sum()) if batch.counts else 0
        share = float(loss.detach()) * n if n or poison else 0.0
        total_loss, total_n, tokens = self.group.sum(
            [share, float(n), float(batch.tokens if batch.counts else 0)], self.device
        )
        if total_n <= 0:
            return loss * 0.0, float("nan"), 0
        scaled = loss * (n * self.group.world / total_n)
        return scaled, total_loss / total_n, int(tokens)

    def backward(self, loss: Any) -> None:
        """Back-propagate (through accelerate when present) and clip gradients."""
        import torch

        if self.accelerator:
            self.accelerator.backward(loss)
        else:
            loss.backward()
        if self.config.grad_clip > 0:
            params = [p for p in self.model.parameters() if p.requires_grad]
            torch.nn.utils.clip_grad_norm_(params, self.config.grad_clip)

    def evaluate(self, adapter: bool = True) -> float:
        """Mean per-token loss on the held-out pairs (with or without the adapter).

        Runs on the unwrapped model (no collective inside a forward pass); with several
        processes each takes its share of the pairs and the sums are added up, so every
        process gets the same value.
        """
        import contextlib

        import torch

        total, count = 0.0, 0
        group = self.group
        held = self.held[group.rank :: group.world]
        model = self.peft_model
        model.eval()
        off = model.disable_adapter() if not adapter else contextlib.nullcontext()
        with torch.no_grad(), off:
            size = max(1, self.config.batch_size)
            for start in range(0, len(held), size):
                batch = self.collate(held[start : start + size])
                n = int((batch.labels[:, 1:] != IGNORE).sum())
                with self._autocast():
                    out = model(
                        input_ids=batch.input_ids,
                        attention_mask=batch.attention_mask,
                        labels=batch.labels,
                    )
                total += float(out.loss) * n
                count += n
        self.model.train()
        total, count_all = group.sum([total, float(count)], self.device)
        return total / max(1.0, count_all)

    def close(self) -> None:
        """Leave the process group when there are several processes."""
        self.group.close()

    def preflight(self, steps: int = 3) -> dict[str, Any]:
        """Measure a few forward/backward passes on the longest pairs; estimate time and memory.

        No optimizer step is taken, so the run itself starts from the same weights.
        """
        import psutil
        import torch

        longest = sorted(self.train, key=lambda e: -len(e.input_ids))[: self.config.batch_size]
        batch = self.collate(longest)
        process = psutil.Process(os.getpid())
        rss0 = process.memory_info().rss
        peak_rss = rss0
        cuda = str(self.device).startswith("cuda")
        if cuda:
            torch.cuda.reset_peak_memory_stats()
        times = []
        self.model.train()
        for _ in range(max(2, steps)):
            start = time.perf_counter()
            loss = self.loss(batch)
            peak_rss = max(peak_rss, process.memory_info().rss)
            self.backward(loss)
            peak_rss = max(peak_rss, process.memory_info().rss)
            self.optimizer.zero_grad(set_to_none=True)
            times.append(time.perf_counter() - start)
        step_s = sorted(times[1:])[len(times[1:]) // 2]
        # AdamW keeps two fp32 moments per trainable parameter, allocated at the first step.
        optimizer_bytes = self.trainable * 4 * 2
        peak_ram = peak_rss + (0 if cuda else optimizer_bytes)
        available = psutil.virtual_memory().available + rss0
        step_s = round(step_s, 4)  # every figure below derives from the one reported
        result: dict[str, Any] = {
            "step_s": step_s,
            "steps_per_epoch": self.batches_per_epoch,
            "epoch_s": round(step_s * self.batches_per_epoch, 3),
            "total_steps": self.total_steps(),
            "total_s": round(step_s * self.total_steps(), 3),
            "tokens_per_s_max": round(batch.tokens / step_s, 1),
            "peak_ram_gb": round(peak_ram / 1e9, 2),
            "available_ram_gb": round(available / 1e9, 2),
            "peak_vram_gb": None,
            "trainable_params": self.trainable,
            "device": str(self.device),
            "fits": peak_ram < 0.9 * available,
            "suggestion": "",
        }
        if cuda:
            peak = torch.cuda.max_memory_allocated() + optimizer_bytes
            _free, total = torch.cuda.mem_get_info()
            result["peak_vram_gb"] = round(peak / 1e9, 2)
            result["fits"] = result["fits"] and peak < 0.9 * total
        if not result["fits"]:
            result["suggestion"] = (
                f"will not fit in memory: try batch size {max(1, self.config.batch_size // 2)} "
                f"or max length {max(64, self.config.max_length // 2)}"
            )
        elif result["total_s"] > 3 * 3600:
            result["suggestion"] = "this will take hours: try the quick preset or fewer steps"
        return result


def _top_layers(model: Any, top: int) -> list[int] | None:
    """The indices of the last ``top`` transformer blocks (None: every block)."""
    blocks = int(getattr(model.config, "num_hidden_layers", 0) or 0)
    if not top or not blocks or top >= blocks:
        return None
    return list(range(blocks - top, blocks))


def _training_choice(choice: Any) -> Any:
    """bf16 training on CPU only with native bf16 (AVX512-BF16 / AMX); fp32 otherwise.

    Measured on a shared AVX2 CPU: a bf16 autocast LoRA step was ~4x slower than fp32.
    """
    import torch

    from engine.decoding.devices import DeviceChoice

    if choice.device != "cpu" or choice.dtype_name != "bfloat16":
        return choice
    native = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
    if (native and native()) or (amx and amx()):
        return choice
    return DeviceChoice("cpu", "float32", "fp32 training: this CPU has no native bf16")


def _accelerator(device: str) -> Any:
    """An ``Accelerator`` for device placement, or None when accelerate is missing."""
    try:
        from accelerate import Accelerator
    except ImportError:
        return None
    return Accelerator(cpu=device == "cpu", mixed_precision="no")
