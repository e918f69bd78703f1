"""The house model: the shipped LoRA merged into the bf16 weights and into the 8-bit GGUF."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from engine.core.errors import UserError
from engine.decoding.gguf_requant import requantise_q8_0
from engine.finetune.config import ALL_LINEAR
from engine.models.house import gguf_deltas, lora_deltas, merge_safetensors, verified_adapter


def _adapter(model_dir: Path, out: Path) -> Path:
    """A random (non-zero) LoRA on every linear layer of the tiny model's last block."""
    import torch
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM

    from engine.finetune.session import attach_lora

    torch.manual_seed(3)
    base = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32)
    config = LoraConfig(
        r=4,
        lora_alpha=8,
        target_modules=list(ALL_LINEAR),
        layers_to_transform=[1],
        init_lora_weights=False,
        task_type="CAUSAL_LM",
    )
    attach_lora(base, config).save_pretrained(str(out))
    return out


def test_merged_weights_equal_the_adapter_applied(tiny_model_dir: Path, tmp_path: Path) -> None:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    adapter = _adapter(tiny_model_dir, tmp_path / "adapter")
    deltas = lora_deltas(adapter)
    assert {m for _, m in deltas} == {
        "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
        "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj",
    }  # fmt: skip
    assert {b for b, _ in deltas} == {1}
    merged = tmp_path / "merged"
    shutil.copytree(tiny_model_dir, merged)
    merge_safetensors(tiny_model_dir / "model.safetensors", merged / "model.safetensors", deltas)
    ids = torch.tensor([[1, 20, 300, 4000, 50]])
    base = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
    with torch.no_grad():
        want = PeftModel.from_pretrained(base, str(adapter)).eval()(ids).logits
        got = AutoModelForCausalLM.from_pretrained(str(merged), dtype=torch.float32)(ids).logits
        plain = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)(
            ids
        ).logits
    assert float((got - plain).abs().max()) > 1e-3  # the merge changed the model
    assert torch.allclose(got, want, atol=2e-2, rtol=0)  # bf16 weights, as the trainer's


def test_the_8_bit_file_gets_the_same_deltas(tmp_path: Path) -> None:
    from gguf import GGMLQuantizationType, GGUFReader, GGUFWriter, quants

    rng = np.random.default_rng(0)
    weight = rng.standard_normal((8, 64)).astype(np.float32)
    src = tmp_path / "src.gguf"
    writer = GGUFWriter(str(src), "qwen2")
    writer.add_tensor("blk.0.attn_q.weight", weight)
    writer.add_tensor("blk.0.attn_norm.weight", np.ones(64, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    delta = rng.standard_normal((8, 64)).astype(np.float32) * 0.1
    deltas = gguf_deltas({(0, "self_attn.q_proj"): delta})
    assert list(deltas) == ["blk.0.attn_q.weight"]
    dst = requantise_q8_0(src, tmp_path / "q8.gguf", deltas=deltas)
    tensor = next(t for t in GGUFReader(str(dst)).tensors if t.name == "blk.0.attn_q.weight")
    assert tensor.tensor_type == GGMLQuantizationType.Q8_0
    values = quants.dequantize(tensor.data, tensor.tensor_type)
    assert np.abs(values - (weight + delta)).max() < 0.05  # q8_0 rounding
    assert np.abs(values - weight).max() > 0.1


def test_a_changed_adapter_is_refused(tiny_model_dir: Path, tmp_path: Path) -> None:
    adapter = _adapter(tiny_model_dir, tmp_path / "adapter")
    digest = hashlib.sha256((adapter / "adapter_model.safetensors").read_bytes()).hexdigest()
    (adapter / "house.json").write_text(json.dumps({"adapter_sha256": digest}))
    assert verified_adapter(adapter)["adapter_sha256"] == digest
    (adapter / "house.json").write_text(json.dumps({"adapter_sha256": "0" * 64}))
    with pytest.raises(UserError, match="do not match their checksum"):
        verified_adapter(adapter)
