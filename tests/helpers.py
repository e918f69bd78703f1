"""Test helpers: model folders for fixtures (tiny config-built, and the real SmolLM2)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from engine.models import ModelInfo, folder_bytes, write_manifest
from engine.packs import prepare_pack
from engine.paths import Paths, resolve_paths

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")


def real_smollm2_dir() -> Path:
    """The prepared SmolLM2 folder in the default data folder (`make setup` builds it)."""
    default = resolve_paths(os.environ.get("SHOPSCRIBE_TEST_MODEL_HOME"))
    return prepare_pack(default, "smollm2").path


def link_model(source: Path, paths: Paths, name: str | None = None) -> Path:
    """Hard-link a model folder into another data folder (fast, no extra disk)."""
    target = paths.models / (name or source.name)
    if target.exists():
        return target

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)
    return target


def build_tiny_model(folder: Path, tokenizer_from: Path) -> Path:
    """A 2-layer Llama with SmolLM2's tokenizer and random (seeded) weights: loads in a second."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=49152,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=2,
        tie_word_embeddings=True,
    )
    model = LlamaForCausalLM(config)
    with torch.no_grad():
        # Special tokens (ids < 17 in SmolLM2's vocabulary) get zero logits so the random
        # model writes visible words instead of control tokens.
        model.get_input_embeddings().weight[:17] = 0.0
    model = model.to(torch.bfloat16)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder), safe_serialization=True)
    for name in TOKENIZER_FILES:
        if (tokenizer_from / name).exists():
            shutil.copy2(tokenizer_from / name, folder / name)
    write_manifest(
        ModelInfo(
            name=folder.name,
            path=folder,
            display="tiny test model",
            params=sum(p.numel() for p in model.parameters()),
            bytes=folder_bytes(folder),
            languages=["en"],
            architecture="LlamaForCausalLM",
        )
    )
    return folder
