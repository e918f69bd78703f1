"""Adapters: list, activate (hot-swap without reloading the base), rename, delete, export."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from engine.app import open_engine
from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.models.adapters import (
    active_adapter_name,
    delete_adapter,
    export_adapter,
    install_adapter,
    list_adapters,
    manifest_for,
    rename_adapter,
    set_active_adapter,
)
from engine.runtime.engine import Engine
from tests.helpers import stream

PROMPT = [{"role": "user", "content": "Write about a blue mug."}]


def make_adapter(paths: Paths, model_dir: Path, name: str, seed: int, base: str = "tiny") -> None:
    """A LoRA adapter with random (non-zero) weights, saved as the trainer saves one."""
    import torch
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM

    from engine.finetune.session import attach_lora

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(str(model_dir))
    config = LoraConfig(
        r=4,
        lora_alpha=64,
        target_modules=["q_proj", "v_proj"],
        init_lora_weights=False,
        task_type="CAUSAL_LM",
    )
    peft_model = attach_lora(model, config)
    folder = paths.root / f"src-{name}"
    peft_model.save_pretrained(str(folder))
    install_adapter(paths, name, folder, manifest_for(name, base, ""))


def _greedy(engine: Engine) -> str:
    return stream(engine.generator(), PROMPT, max_new_tokens=12, temperature=0).texts[0]


def test_hot_swap_changes_output_without_reloading_base(tiny_paths: Paths) -> None:
    model_dir = tiny_paths.models / "tiny"
    make_adapter(tiny_paths, model_dir, "one", 1)
    make_adapter(tiny_paths, model_dir, "two", 2)
    engine = open_engine(tiny_paths, device="cpu")
    try:
        base_text = _greedy(engine)
        generator = engine.generator()
        weight = generator.model.get_input_embeddings().weight
        set_active_adapter(tiny_paths, engine.store, "one")
        one_text = _greedy(engine)
        assert engine.generator() is generator
        assert generator.model.get_input_embeddings().weight is weight  # base not reloaded
        assert generator.adapter == "one"
        set_active_adapter(tiny_paths, engine.store, "two")
        two_text = _greedy(engine)
        set_active_adapter(tiny_paths, engine.store, None)
        again = _greedy(engine)
        assert generator.adapter is None
    finally:
        engine.close()
    assert one_text != base_text and two_text != one_text
    assert again == base_text


def test_adapter_override_and_base_mismatch(tiny_paths: Paths) -> None:
    make_adapter(tiny_paths, tiny_paths.models / "tiny", "other", 3, base="smollm2")
    engine = open_engine(tiny_paths, device="cpu", adapter="other")
    try:
        with pytest.raises(UserError, match="trained on 'smollm2'"):
            engine.generator()
    finally:
        engine.close()
    # As the saved active adapter, a mismatch falls back to the base instead of failing.
    engine = open_engine(tiny_paths, device="cpu")
    try:
        set_active_adapter(tiny_paths, engine.store, "other")
        assert engine.generator().adapter is None
    finally:
        engine.close()


def test_manage_adapters(tiny_paths: Paths, fresh_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_adapter(tiny_paths, tiny_paths.models / "tiny", "shop", 1)
    set_active_adapter(tiny_paths, fresh_store, "shop")
    renamed = rename_adapter(tiny_paths, fresh_store, "shop", "shop-v2")
    assert renamed.name == "shop-v2"
    assert active_adapter_name(tiny_paths, fresh_store) == "shop-v2"
    with pytest.raises(UserError, match="letters"):
        rename_adapter(tiny_paths, fresh_store, "shop-v2", "../evil")
    archive = export_adapter(tiny_paths, "shop-v2", tmp_path / "out.zip")
    names = zipfile.ZipFile(archive).namelist()
    assert "shop-v2/adapter_model.safetensors" in names
    assert "shop-v2/shopscribe_adapter.json" in names
    folder = export_adapter(tiny_paths, "shop-v2", tmp_path / "copy")
    assert json.loads((folder / "shopscribe_adapter.json").read_text())["base_model"] == "tiny"
    with pytest.raises(UserError, match="exists"):
        export_adapter(tiny_paths, "shop-v2", folder)
    delete_adapter(tiny_paths, fresh_store, "shop-v2")
    assert list_adapters(tiny_paths) == []
    assert active_adapter_name(tiny_paths, fresh_store) is None
    with pytest.raises(UserError, match="no adapter"):
        set_active_adapter(tiny_paths, fresh_store, "shop-v2")


def test_merged_export_writes_the_same_as_the_adapter(tiny_paths: Paths, tmp_path: Path) -> None:
    from engine.decoding.torch_generator import TorchGenerator as Generator
    from engine.models.adapters import export_merged, find_adapter

    make_adapter(tiny_paths, tiny_paths.models / "tiny", "shop", 1)
    out = export_merged(tiny_paths, "shop", tiny_paths.models / "tiny", tmp_path / "merged")
    assert (out / "model.safetensors").is_file() and (out / "tokenizer.json").is_file()
    merged = Generator.load(out, name="merged", device="cpu")
    engine = open_engine(tiny_paths, device="cpu", adapter="shop")
    try:
        adapted = _greedy(engine)
    finally:
        engine.close()
    assert find_adapter(tiny_paths, "shop").base_model == "tiny"
    assert stream(merged, PROMPT, max_new_tokens=12, temperature=0).texts[0] == adapted


def test_retrained_adapter_replaces_its_slot(tiny_paths: Paths) -> None:
    import os

    model_dir = tiny_paths.models / "tiny"
    make_adapter(tiny_paths, model_dir, "shop", 1)
    engine = open_engine(tiny_paths, device="cpu", adapter="shop")
    try:
        first = _greedy(engine)
        generator = engine.generator()
        assert len(generator.loaded_slots()) == 1
        for seed in (2, 3, 4, 5):  # retrained under the same name, again and again
            make_adapter(tiny_paths, model_dir, "shop", seed)
            weights = tiny_paths.adapters / "shop" / "adapter_model.safetensors"
            os.utime(weights, ns=(seed * 10**18, seed * 10**18))  # a distinct mtime each time
            assert _greedy(engine) != first
            assert len(generator.loaded_slots()) == 1  # the old copy was unloaded
            assert set(generator._peft.peft_config) == set(generator.loaded_slots())
    finally:
        engine.close()
