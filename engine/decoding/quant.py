"""Int8 weight-only quantisation for CPU decoding, swapped in only while decoding.

Decoding one token at a time is memory-bound: every step reads every weight once. Storing the
linear layers' weights as int8 (one bf16 scale per output row, symmetric, as gpt-fast does)
halves the bytes read against bf16; ``torch._weight_int8pack_mm`` multiplies bf16 activations
by those int8 weights without materialising a bf16 copy (weight-only: the closest to bf16).

Many rows at once (the prompt's prefill) dequantise the layer to fp32 and use the fp32 GEMM:
on an AVX2 CPU without bf16 instructions a bf16 matmul with 48 rows measured 6x slower than
fp32 and int8pack_mm 1.8x slower. fbgemm's dynamic int8 kernel (activations quantised per
tensor, as ``quantize_dynamic`` does) was 2.6x faster still, but it changed the real model's
next-token choice at 63% of prompt positions, so it is not used: int8 here is weight-only.

The bf16 model is never changed for good: :func:`int8_swapped` puts the int8 layers in place for
one decode and puts the originals back afterwards, so training, LoRA adapters (peft wraps the
original ``nn.Linear`` modules) and the reference ``generate()`` path see the model as loaded.
A model that carries LoRA layers decodes in bf16 (see :func:`can_quantise`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PRECISIONS = ("auto", "bf16", "int8")
"""Values of the engine's ``precision`` setting."""


def _torch() -> Any:
    import torch

    return torch


class Int8Linear(_torch().nn.Module):  # type: ignore[misc]
    """A bias-optional linear layer with int8 weights and per-output-row scales."""

    dequant_min_rows = 16
    """Calls with at least this many rows dequantise to fp32 and use the fp32 GEMM."""

    def __init__(self, weight: Any, scales: Any, bias: Any = None) -> None:
        super().__init__()
        self.register_buffer("weight_int8", weight, persistent=False)
        self.register_buffer("scales", scales, persistent=False)
        self.bias = bias
        self.in_features = int(weight.shape[1])
        self.out_features = int(weight.shape[0])

    @classmethod
    def from_linear(cls, linear: Any) -> Int8Linear:
        """Quantise an ``nn.Linear`` (symmetric, one scale per output row)."""
        torch = _torch()
        with torch.no_grad():
            w = linear.weight.detach().float()
            scales = (w.abs().amax(dim=1) / 127.0).clamp(min=1e-8)
            q = torch.round(w / scales[:, None]).clamp(-127, 127).to(torch.int8).contiguous()
            bias = None if linear.bias is None else linear.bias.detach()
        return cls(q, scales.to(linear.weight.dtype), bias)

    def forward(self, x: Any) -> Any:
        """``x @ W.T * scale + bias`` for any leading shape of ``x``."""
        torch = _torch()
        shape = x.shape
        flat = x.reshape(-1, shape[-1])
        if flat.dtype != self.scales.dtype:
            flat = flat.to(self.scales.dtype)
        if flat.shape[0] >= self.dequant_min_rows:
            weight = self.weight_int8.float() * self.scales.float()[:, None]
            out = torch.nn.functional.linear(flat.float(), weight).to(self.scales.dtype)
        else:
            out = torch._weight_int8pack_mm(flat.contiguous(), self.weight_int8, self.scales)
        if self.bias is not None:
            out = out + self.bias
        return out.reshape(*shape[:-1], self.out_features)


def int8_supported() -> bool:
    """True when this torch build offers the int8 weight-only kernel on CPU."""
    torch = _torch()
    if not hasattr(torch, "_weight_int8pack_mm"):
        return False
    try:
        x = torch.ones(1, 32, dtype=torch.bfloat16)
        w = torch.ones(8, 32, dtype=torch.int8)
        s = torch.ones(8, dtype=torch.bfloat16)
        out = torch._weight_int8pack_mm(x, w, s)
    except RuntimeError:
        return False
    return bool(out[0, 0].item() == 32.0)


def can_quantise(model: Any) -> bool:
    """False for models that carry LoRA/peft layers (they decode in bf16 instead)."""
    if hasattr(model, "peft_config"):
        return False
    return not any(
        hasattr(module, "lora_A") or type(module).__name__.startswith("Lora")
        for module in model.modules()
    )


class Int8Plan:
    """The int8 layers for one model, built once and swapped in for each decode."""

    def __init__(self, model: Any, *, include_lm_head: bool = True) -> None:
        torch = _torch()
        self.swaps: list[tuple[Any, str, Any, Any]] = []
        targets: list[tuple[Any, str, Any]] = []
        for parent_name, parent in model.named_modules():
            for child_name, child in parent.named_children():
                if not isinstance(child, torch.nn.Linear):
                    continue
                full = f"{parent_name}.{child_name}" if parent_name else child_name
                if full.endswith("lm_head") and not include_lm_head:
                    continue
                targets.append((parent, child_name, child))
        for parent, name, linear in targets:
            self.swaps.append((parent, name, linear, Int8Linear.from_linear(linear)))

    def nbytes(self) -> int:
        """Bytes of the int8 weights and scales."""
        return sum(
            q.weight_int8.numel() + q.scales.numel() * q.scales.element_size()
            for *_, q in self.swaps
        )

    @contextmanager
    def swapped(self) -> Iterator[None]:
        """The int8 layers in place for the duration of the block."""
        for parent, name, _linear, quant in self.swaps:
            setattr(parent, name, quant)
        try:
            yield
        finally:
            for parent, name, linear, _quant in self.swaps:
                setattr(parent, name, linear)


@contextmanager
def int8_swapped(plan: Int8Plan | None) -> Iterator[None]:
    """``plan.swapped()`` when there is a plan, otherwise nothing."""
    if plan is None:
        yield
        return
    with plan.swapped():
        yield


def resolve_precision(preference: str, device: str, dtype_name: str) -> str:
    """The decode precision to use: ``int8`` or ``bf16`` (meaning: the model's own dtype).

    ``auto`` picks int8 on CPU whenever the kernel works: it measured fastest here (see
    bench/); GPUs and fp32-only CPUs keep the model's dtype.
    """
    pref = (preference or "auto").lower()
    if pref not in PRECISIONS:
        pref = "auto"
    if device != "cpu" or dtype_name != "bfloat16":
        return "bf16"
    if pref == "bf16":
        return "bf16"
    return "int8" if int8_supported() else "bf16"
