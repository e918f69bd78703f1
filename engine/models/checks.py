"""What may be imported: checks on a model folder or GGUF file that only read bytes and JSON.

Pickle weights and custom code are refused here, before anything could load them; nothing in
this module unpickles, imports model code or loads torch weights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.models.weights import (
    WeightsError,
    pickle_files,
    safetensors_files,
    summarize_safetensors,
)

CONFIG_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "vocab.json",
    "merges.txt",
    "tokenizer.model",
    "chat_template.jinja",
    "chat_template.json",
    "model.safetensors.index.json",
    "README.md",
    "LICENSE",
    "LICENSE.txt",
)
"""Everything but the weights that is copied; anything else in the folder stays behind."""

GGUF_MAGIC = b"GGUF"


@dataclass
class FolderCheck:
    """A folder that passed every check, and what it holds."""

    folder: Path
    weights: list[Path]
    others: list[Path]
    params: int
    architecture: str
    licence: str = ""
    skipped: list[str] = field(default_factory=list)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path.name} in {path.parent} is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise UserError(f"{path.name} in {path.parent} is not a JSON object")
    return data


def _licence_from_readme(folder: Path) -> str:
    """The ``license:`` line of a model card's front matter, if any."""
    readme = folder / "README.md"
    try:
        lines = readme.read_text(encoding="utf-8", errors="replace").splitlines()[:60]
    except OSError:
        return ""
    if not lines or lines[0].strip() != "---":
        return ""
    for line in lines[1:]:
        if line.strip() == "---":
            break
        key, _, value = line.partition(":")
        if key.strip().lower() in ("license", "licence") and value.strip():
            return value.strip().strip("'\"")
    return ""


def check_folder(folder: Path) -> FolderCheck:
    """Refuse anything unsafe or unusable in a Hugging Face folder, reading files only.

    Raises:
        UserError: naming the reason: custom code, pickle-only weights, no chat template …

    """
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder")
    if not (folder / "config.json").is_file():
        raise UserError(f"{folder} has no config.json; it is not a Hugging Face model folder")
    code = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.py") if p.is_file())
    if code:
        raise UserError(
            f"{folder.name} ships its own Python code ({', '.join(code[:3])}); ShopScribe never "
            "runs code that comes with a model (trust_remote_code is off)"
        )
    config = _read_json(folder / "config.json")
    for json_name in ("config.json", "tokenizer_config.json"):
        data = config if json_name == "config.json" else None
        if data is None and (folder / json_name).is_file():
            data = _read_json(folder / json_name)
        if data and "auto_map" in data:
            raise UserError(
                f"{folder.name}/{json_name} asks for custom code (auto_map); ShopScribe never "
                "runs code that comes with a model (trust_remote_code is off)"
            )
    weights = safetensors_files(folder)
    pickles = pickle_files(folder)
    if not weights:
        if pickles:
            raise UserError(
                f"{folder.name} has only pickle weights ({', '.join(p.name for p in pickles[:3])})"
                ", which can run code when opened; ShopScribe imports safetensors weights only. "
                "Convert the model to safetensors first."
            )
        raise UserError(f"{folder.name} has no .safetensors weights")
    architectures = config.get("architectures") or []
    architecture = str(architectures[0]) if architectures else ""
    if not architecture.endswith("ForCausalLM"):
        raise UserError(
            f"{folder.name} is not a text-generation model (architecture "
            f"{architecture or 'not stated'}); ShopScribe needs a ...ForCausalLM chat model"
        )
    has_tokenizer = any(
        (folder / n).is_file() for n in ("tokenizer.json", "tokenizer.model", "vocab.json")
    )
    if not has_tokenizer:
        raise UserError(f"{folder.name} has no tokenizer (tokenizer.json)")
    tok_config = (
        _read_json(folder / "tokenizer_config.json")
        if (folder / "tokenizer_config.json").is_file()
        else {}
    )
    templated = (folder / "chat_template.jinja").is_file() or "chat_template" in tok_config
    if not templated and (folder / "chat_template.json").is_file():
        templated = "chat_template" in _read_json(folder / "chat_template.json")
    if not templated:
        raise UserError(
            f"{folder.name} has no chat template; ShopScribe needs an instruction-tuned model"
        )
    try:
        summary = summarize_safetensors(weights)
    except WeightsError as exc:
        raise UserError(str(exc)) from exc
    others = [folder / n for n in CONFIG_FILES if (folder / n).is_file()]
    kept = {p.name for p in [*weights, *others]}
    skipped = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in kept)
    return FolderCheck(
        folder=folder,
        weights=weights,
        others=others,
        params=summary.params,
        architecture=architecture,
        licence=_licence_from_readme(folder),
        skipped=skipped,
    )


def gguf_summary(path: Path) -> tuple[int, str, str]:
    """Parameter count, architecture and licence of a GGUF file, read from its header.

    Raises:
        UserError: when the file is not GGUF.

    """
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc}") from exc
    if magic != GGUF_MAGIC:
        raise UserError(f"{path.name} is not a GGUF file")
    from gguf import GGUFReader

    try:
        reader = GGUFReader(str(path))
        params = sum(int(t.n_elements) for t in reader.tensors)
        fields = reader.fields

        def text(key: str) -> str:
            field_ = fields.get(key)
            return str(field_.contents()) if field_ is not None else ""

        return params, text("general.architecture"), text("general.license")
    except (ValueError, KeyError, IndexError, OSError) as exc:
        raise UserError(f"{path.name} is a damaged GGUF file ({exc})") from exc
