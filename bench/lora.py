"""LoRA against full finetuning, tokens/s.

A self-contained loop (peft LoRA r8 on q/k/v/o, AdamW) on the real model; bf16 autocast is
used only where the CPU has native bf16 (AVX512-BF16/AMX): on AVX2, bf16 matmuls with many rows
are many times slower than fp32, so both sides train in fp32 there.
"""

from __future__ import annotations

import copy
import time
from typing import Any


def native_bf16() -> bool:
    """True when the CPU multiplies bf16 natively."""
    import torch

    native = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool((native and native()) or (amx and amx()))


def _trainable(base: Any, lora: bool) -> Any:
    import torch

    model = copy.deepcopy(base).float()
    model.train()
    if lora:
        from peft import LoraConfig, get_peft_model

        config = LoraConfig(
            r=8, lora_alpha=16, lora_dropout=0.0,
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
        )  # fmt: skip
        model = get_peft_model(model, config)
    else:
        for p in model.parameters():
            p.requires_grad_(True)
    params = [p for p in model.parameters() if p.requires_grad]
    return model, torch.optim.AdamW(params, lr=1e-4)


def train_steps(base: Any, *, lora: bool, steps: int, batch: int, seq: int) -> dict[str, float]:
    """Run ``steps`` optimiser steps on random tokens; tokens/s after the first step."""
    import torch

    model, optim = _trainable(base, lora)
    vocab = int(model.config.vocab_size)
    gen = torch.Generator().manual_seed(0)
    autocast = native_bf16()
    start = 0.0
    for step in range(steps + 1):
        if step == 1:
            start = time.perf_counter()
        ids = torch.randint(100, vocab, (batch, seq), generator=gen)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        optim.step()
        optim.zero_grad(set_to_none=True)
    seconds = time.perf_counter() - start
    return {
        "tok_s": round(steps * batch * seq / seconds, 1) if seconds > 0 else 0.0,
        "autocast_bf16": float(autocast),
    }


def measure_lora(
    base: Any, steps: int, batch: int = 4, seq: int = 128, rounds: int = 2
) -> dict[str, Any]:
    """LoRA and full-finetune tokens/s side by side (LoRA, full, LoRA, full…), best of rounds."""
    lora: list[float] = []
    full: list[float] = []
    for _ in range(rounds):
        lora.append(train_steps(base, lora=True, steps=steps, batch=batch, seq=seq)["tok_s"])
        full.append(train_steps(base, lora=False, steps=steps, batch=batch, seq=seq)["tok_s"])
    return {
        "shopscribe": max(lora),
        "baseline": max(full),
        "ratio": round(max(lora) / max(full), 2) if max(full) else None,
        "batch": batch,
        "seq": seq,
        "steps": steps,
        "autocast_bf16": native_bf16(),
    }
