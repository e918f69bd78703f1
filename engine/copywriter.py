"""Listing copy: facts in, checked variants out, saved to history."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.adapters import current_adapter
from engine.errors import UserError
from engine.facts import ProductFacts
from engine.generate import WRITING_REPETITION_PENALTY, TextFn
from engine.guard import check_text
from engine.jobs import JobContext, job
from engine.prompts import build_listing_prompt, get_channel, get_length, max_new_tokens_for
from engine.service import Engine
from engine.textfmt import to_html
from engine.voice import apply_voice, get_voice

FORMATS = ("plain", "html")


@dataclass
class CopyRequest:
    """What the merchant asked for."""

    facts: ProductFacts
    channel: str = "description"
    variants: int = 1
    seed: int | None = None
    max_new_tokens: int | None = None
    temperature: float = 0.7
    examples: list[str] = field(default_factory=list)
    length: str = "medium"
    fmt: str = "plain"
    voice_id: int = 0
    variant_index: int | None = None
    """Set when one variant of an earlier batch is regenerated: its card index."""
    batch_id: str = ""

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> CopyRequest:
        """Build from a plain dict (the worker's and CLI's request form)."""
        facts = params["facts"]
        if not isinstance(facts, ProductFacts):
            facts = ProductFacts.from_dict(facts)
        get_channel(str(params.get("channel") or "description"))
        get_length(str(params.get("length") or "medium"))
        fmt = str(params.get("format") or "plain")
        if fmt not in FORMATS:
            raise UserError(f"unknown format {fmt!r}; choose plain or html")
        index = params.get("variant_index")
        return cls(
            facts=facts,
            channel=str(params.get("channel") or "description"),
            variants=int(params.get("variants") or 1),
            seed=params.get("seed"),
            max_new_tokens=params.get("max_new_tokens"),
            temperature=float(params.get("temperature", 0.7)),
            examples=list(params.get("examples") or []),
            length=str(params.get("length") or "medium"),
            fmt=fmt,
            voice_id=int(params.get("voice_id") or 0),
            variant_index=None if index is None else int(index),
            batch_id=str(params.get("batch_id") or ""),
        )


def write_copy(
    engine: Engine,
    request: CopyRequest,
    on_text: TextFn,
    stop: threading.Event,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, Any]:
    """Generate listing copy, run the fact guard on each variant and save them to history.

    Returns:
        ``{"variants": [{"text", "flags", "id"}], "model", "device", "tokens_per_s", ...}``
        (the CLI contract's shape plus history ids).

    """
    voice = None
    if request.voice_id:
        voice = get_voice(engine.store, request.voice_id)
        if voice is None:
            raise UserError("that brand voice no longer exists; pick another one")
    facts, voice_examples = apply_voice(request.facts, voice)
    generator = engine.generator(on_progress) if on_progress else engine.generator()
    max_new = request.max_new_tokens or max_new_tokens_for(
        request.channel, request.length, facts.lang
    )
    messages = build_listing_prompt(
        facts, request.channel, [*request.examples, *voice_examples], length=request.length
    )
    first = request.variant_index or 0
    if request.variant_index is not None and request.variants != 1:
        raise UserError("regenerate one variant at a time")

    def emit(variant: int, text: str) -> None:
        on_text(first + variant, text)

    result = generator.stream(
        messages,
        variants=request.variants,
        max_new_tokens=max_new,
        temperature=request.temperature,
        seed=request.seed,
        banned_words=facts.banned_words,
        repetition_penalty=WRITING_REPETITION_PENALTY,
        on_text=emit,
        stop=stop,
    )
    batch = request.batch_id or uuid.uuid4().hex[:12]
    settings: dict[str, Any] = {
        "variants": request.variants,
        "seed": request.seed,
        "temperature": request.temperature,
        "repetition_penalty": WRITING_REPETITION_PENALTY,
        "max_new_tokens": max_new,
        "length": request.length,
        "format": request.fmt,
        "stopped": result.stopped,
    }
    if voice is not None:
        settings["voice"] = {"id": voice.id, "name": voice.name}
    if request.variant_index is not None:
        settings["regenerated_variant"] = request.variant_index
    variants = []
    for offset, text in enumerate(result.texts):
        index = first + offset
        flags = [f.to_json() for f in check_text(text, facts)]
        item_id = 0
        if text:
            item_id = engine.store.add_generation(
                text,
                kind="copy",
                channel=request.channel,
                lang=request.facts.lang,
                title=request.facts.title,
                facts=request.facts.to_dict(),
                settings=settings,
                model=generator.name,
                adapter=current_adapter(generator) or "",
                batch_id=batch,
                variant=index,
            )
        entry: dict[str, Any] = {"text": text, "flags": flags, "id": item_id, "variant": index}
        if request.fmt == "html":
            entry["html"] = to_html(text)
        variants.append(entry)
    return {
        "variants": variants,
        "model": generator.name,
        "adapter": current_adapter(generator),
        "device": generator.choice.device,
        "dtype": generator.choice.dtype_name,
        "decoder": getattr(generator, "backend", "torch"),
        "tokens_per_s": round(result.tokens_per_s, 2),
        "ttft_ms": round(result.first_token_s * 1000, 1),
        "stopped": result.stopped,
        "batch_id": batch,
    }


@job("copy")
def copy_job(engine: Engine, params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Listing copy for one product (see :func:`engine.copywriter.write_copy`)."""
    request = CopyRequest.from_params(params)
    return write_copy(engine, request, ctx.on_text, ctx.stop, ctx.on_progress)
