"""Chat templates without transformers: read from a model folder, rendered in a jinja sandbox.

Templates come with model files (a GGUF, an imported folder), so they are untrusted text:
they render in jinja2's ``ImmutableSandboxedEnvironment``, the way transformers renders them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.core.errors import UserError


def render_chat(template: str, messages: Sequence[dict[str, str]], **special: str) -> str:
    """Render a chat template the way transformers' ``apply_chat_template`` does."""
    from jinja2.ext import loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str) -> None:
        from jinja2.exceptions import TemplateError

        raise TemplateError(message)

    def tojson(x: Any, ensure_ascii: bool = False, indent: Any = None, **kw: Any) -> str:
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, **kw)

    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols]
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    return env.from_string(template).render(
        messages=list(messages), add_generation_prompt=True, **special
    )


def read_template(model_dir: Path) -> str:
    """The model's chat template (``chat_template.jinja`` or ``tokenizer_config.json``).

    Raises:
        UserError: when the folder has none.

    """
    jinja = model_dir / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8")
    template = read_json(model_dir / "tokenizer_config.json").get("chat_template")
    if isinstance(template, str) and template:
        return template
    raise UserError(f"{model_dir.name} has no chat template")


def special_tokens(model_dir: Path) -> dict[str, str]:
    """bos/eos/pad/unk token texts, passed to the template as transformers passes them."""
    config = read_json(model_dir / "tokenizer_config.json")
    keys = ("bos_token", "eos_token", "pad_token", "unk_token")
    return {k: str(config[k]) for k in keys if isinstance(config.get(k), str)}


def config_eos(model_dir: Path) -> set[int]:
    """End-of-reply ids from ``generation_config.json`` (both of Qwen's, for example)."""
    value = read_json(model_dir / "generation_config.json").get("eos_token_id")
    if isinstance(value, int):
        return {value}
    if isinstance(value, list):
        return {int(v) for v in value}
    return set()


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from a file, or {} when it is missing or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
