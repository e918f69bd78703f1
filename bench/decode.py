"""Decode speed, time to first token, variants and greedy agreement of the app's paths.

Paths measured side by side, interleaved, best of N (the machine is shared):
``shopscribe`` (the app's default CPU decoder: llama.cpp at 8 bits when llama-cpp-python is
installed, else the torch loop), ``torch_int8`` (engine.decoding.torch_loop at the
precision ``auto`` picks), ``shopscribe_bf16`` (the same loop on the model's bf16 weights)
and ``generate`` (plain ``transformers.generate()`` in bf16, the reference).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.bandwidth import weight_bytes
from bench.common import PROMPT
from tests.helpers import stream

PATHS = {
    "shopscribe": ("fast", "auto"),
    "torch_int8": ("fast", "auto"),
    "shopscribe_bf16": ("fast", "bf16"),
    "generate": ("generate", "bf16"),
}
LLAMA: dict[str, Any] = {"generator": None}
"""The app's llama.cpp decoder when it is the default (set by :func:`load_llama`)."""


def load_llama(folder: Path, threads: int) -> tuple[Any, str]:
    """The app's llama.cpp decoder for ``folder`` as the app would choose it, or (None, why)."""
    from engine.decoding.choice import choose_decoder

    decoder, why = choose_decoder("auto", "cpu", folder)
    if decoder != "llama":
        return None, why
    from engine.decoding.llama_generator import LlamaGenerator

    LLAMA["generator"] = LlamaGenerator.load(folder, name=folder.name, threads=threads)
    return LLAMA["generator"], why


def _run(gen: Any, path: str, **kwargs: Any) -> Any:
    if path == "shopscribe" and LLAMA["generator"] is not None:
        return stream(LLAMA["generator"], PROMPT, **kwargs)
    gen.decoder, gen.precision = PATHS[path]
    return stream(gen, PROMPT, **kwargs)


def reference_tokens(gen: Any, new_tokens: int) -> tuple[list[int], list[int]]:
    """(prompt ids, bf16 ``generate()`` greedy continuation ids)."""
    import torch

    ids = gen.encode_chat(PROMPT)
    gen.decoder, gen.precision = PATHS["generate"]
    with torch.inference_mode():
        out = gen.model.generate(
            ids, max_new_tokens=new_tokens, do_sample=False, pad_token_id=gen.tokenizer.pad_token_id
        )
    return ids[0].tolist(), out[0, ids.shape[1] :].tolist()


def agreement(gen: Any, new_tokens: int) -> dict[str, float]:
    """Teacher-forced top-1 agreement with bf16 ``generate()`` (see bench/agreement.py)."""
    from bench.agreement import llama_agreement, torch_agreement

    prompt, ref = reference_tokens(gen, new_tokens)
    out = {
        "torch_int8": torch_agreement(gen, prompt, ref, int8=True),
        "torch_bf16": torch_agreement(gen, prompt, ref, int8=False),
        "reference_tokens": len(ref),
    }
    if LLAMA["generator"] is not None:
        out["llama_q8_0"] = llama_agreement(LLAMA["generator"], prompt, ref)
    return out


def _prefix(tokenizer: Any, a: str, b: str) -> tuple[int, int]:
    """(matching leading tokens, tokens in ``b``)."""
    ta = tokenizer.encode(a, add_special_tokens=False)
    tb = tokenizer.encode(b, add_special_tokens=False)
    same = 0
    for x, y in zip(ta, tb, strict=False):
        if x != y:
            break
        same += 1
    return same, len(tb)


def load_generator(folder: Path, threads: int) -> tuple[Any, float]:
    """The app's Generator for ``folder`` and its load time in seconds."""
    from engine.decoding.torch_generator import TorchGenerator as Generator

    start = time.perf_counter()
    gen = Generator.load(folder, name=folder.name, threads=threads)
    return gen, time.perf_counter() - start


def measure_decode(gen: Any, new_tokens: int, repeats: int) -> dict[str, Any]:
    """Tokens/s and time to first token per path, greedy, ``new_tokens`` tokens."""
    paths = [p for p in PATHS if p != "torch_int8" or LLAMA["generator"] is not None]
    speeds: dict[str, list[float]] = {p: [] for p in paths}
    ttfts: dict[str, list[float]] = {p: [] for p in paths}
    texts: dict[str, str] = {}
    for path in paths[:2]:
        _run(gen, path, max_new_tokens=4, temperature=0)  # warm-up
    for _ in range(repeats):
        for path in paths:
            result = _run(gen, path, max_new_tokens=new_tokens, temperature=0)
            speeds[path].append(result.tokens_per_s)
            ttfts[path].append(result.first_token_s * 1000)
            texts[path] = result.texts[0]
    gen.decoder, gen.precision = PATHS["torch_int8"]
    precision = gen.decode_precision()
    match = {}
    for path in paths:
        if path == "generate":
            continue
        same, total = _prefix(gen.tokenizer, texts[path], texts["generate"])
        match[path] = {"matching_tokens": same, "reference_tokens": total}
    prompt_tokens = int(gen.encode_chat(PROMPT).shape[-1])
    return {
        "tok_s": {p: round(max(v), 2) for p, v in speeds.items()},
        "ttft_ms": {p: round(min(v), 1) for p, v in ttfts.items()},
        "precision": "int8" if LLAMA["generator"] is not None else precision,
        "decoder": "llama.cpp q8_0" if LLAMA["generator"] is not None else f"torch {precision}",
        "greedy_match_vs_generate": match,
        "teacher_forced_agreement": agreement(gen, new_tokens),
        "texts": {p: t[:120] for p, t in texts.items()},
        "prompt_tokens": prompt_tokens,
        "new_tokens": new_tokens,
        "weight_bytes": weight_bytes(gen.model),
    }


def measure_variants(
    gen: Any, new_tokens: int, repeats: int, n: int = 5, with_generate: bool = True
) -> dict[str, Any]:
    """Wall time of ``n`` sampled variants against one, for the app's paths and generate()."""
    out: dict[str, Any] = {}
    for path in ("shopscribe", "torch_int8", "generate"):
        if path == "torch_int8" and LLAMA["generator"] is None:
            continue  # the same as shopscribe then
        if path == "generate" and not with_generate:
            continue
        one: list[float] = []
        many: list[float] = []
        tokens = [0, 0]
        for rep in range(repeats):
            a = _run(gen, path, variants=1, max_new_tokens=new_tokens, temperature=0.7, seed=rep)
            b = _run(gen, path, variants=n, max_new_tokens=new_tokens, temperature=0.7, seed=rep)
            one.append(a.seconds)
            many.append(b.seconds)
            tokens = [a.new_tokens, b.new_tokens]
            distinct = len(set(b.texts))
        out[path] = {
            "one_s": round(min(one), 3),
            f"{n}_s": round(min(many), 3),
            "ratio": round(min(many) / min(one), 2),
            "tokens_one_many": tokens,
            "distinct_texts": distinct,
        }
    gen.decoder, gen.precision = PATHS["torch_int8"]
    return out
