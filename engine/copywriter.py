"""Listing copy: facts in, checked variants out, saved to history."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.adapters import current_adapter
from engine.facts import ProductFacts
from engine.generate import TextFn
from engine.guard import check_text
from engine.jobs import JobContext, job
from engine.prompts import build_listing_prompt, get_channel
from engine.service import Engine


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

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> CopyRequest:
        """Build from a plain dict (the worker's and CLI's request form)."""
        facts = params["facts"]
        if not isinstance(facts, ProductFacts):
            facts = ProductFacts.from_dict(facts)
        get_channel(str(params.get("channel") or "description"))
        return cls(
            facts=facts,
            channel=str(params.get("channel") or "description"),
            variants=int(params.get("variants") or 1),
            seed=params.get("seed"),
            max_new_tokens=params.get("max_new_tokens"),
            temperature=float(params.get("temperature", 0.7)),
            examples=list(params.get("examples") or []),
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
    generator = engine.generator(on_progress) if on_progress else engine.generator()
    spec = get_channel(request.channel)
    messages = build_listing_prompt(request.facts, request.channel, request.examples)
    result = generator.stream(
        messages,
        variants=request.variants,
        max_new_tokens=request.max_new_tokens or spec.max_new_tokens,
        temperature=request.temperature,
        seed=request.seed,
        banned_words=request.facts.banned_words,
        on_text=on_text,
        stop=stop,
    )
    batch = uuid.uuid4().hex[:12]
    settings = {
        "variants": request.variants,
        "seed": request.seed,
        "temperature": request.temperature,
        "max_new_tokens": request.max_new_tokens or spec.max_new_tokens,
        "stopped": result.stopped,
    }
    variants = []
    for index, text in enumerate(result.texts):
        flags = [f.to_json() for f in check_text(text, request.facts)]
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
        variants.append({"text": text, "flags": flags, "id": item_id})
    return {
        "variants": variants,
        "model": generator.name,
        "adapter": current_adapter(generator),
        "device": generator.choice.device,
        "dtype": generator.choice.dtype_name,
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
