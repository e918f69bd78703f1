"""A PEFT LoRA adapter as a llama.cpp LoRA GGUF, so adapters work on the fast decoder too.

The same layout llama.cpp's ``convert_lora_to_gguf.py`` writes: ``general.type = adapter``,
``adapter.type = lora``, ``adapter.lora.alpha``, and for each adapted matrix
``blk.N.<name>.weight.lora_a`` [r, in] and ``.lora_b`` [out, r] in fp32. For the ``llama``
architecture the GGUF stores q/k rows in rotary-interleaved order, so ``lora_b`` of q_proj and
k_proj is permuted the same way. Reads safetensors with numpy (nothing is unpickled) and
writes next to the adapter, once per adapter version.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.core.files import atomic_path

GGUF_NAME = "adapter-lora.gguf"
GGUF_MODULES = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
"""An adapted module (``self_attn.q_proj``…) → its tensor name in llama.cpp's GGUF."""
LORA_KEY = re.compile(r"layers\.(\d+)\.(self_attn\.\w+|mlp\.\w+)\.lora_([AB])\.weight$")
"""A PEFT LoRA weight's key: block index, module (``self_attn.q_proj``…), A or B."""
_PERMUTED_ARCHES = ("llama",)


def _permute(rows: Any, heads: int) -> Any:
    """llama.cpp's q/k row order for the llama architecture (as its converter does)."""
    shape = rows.shape
    return rows.reshape(heads, 2, shape[0] // heads // 2, *shape[1:]).swapaxes(1, 2).reshape(shape)


def _config(model_dir: Path) -> dict[str, Any]:
    data = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def lora_tensors(adapter_dir: Path, arch: str, model_dir: Path) -> dict[str, Any]:
    """GGUF tensor name → fp32 numpy array for every LoRA matrix in the adapter.

    Raises:
        UserError: when the adapter adapts something llama.cpp's LoRA cannot take.

    """
    from safetensors.numpy import load_file

    weights = load_file(str(adapter_dir / "adapter_model.safetensors"))
    config = _config(model_dir)
    heads = int(config.get("num_attention_heads") or 0)
    kv_heads = int(config.get("num_key_value_heads") or heads)
    out: dict[str, Any] = {}
    for name, value in weights.items():
        match = LORA_KEY.search(name)
        if match is None or match.group(2) not in GGUF_MODULES:
            raise UserError(f"the fast decoder cannot use this adapter's tensor {name}")
        layer, module, which = match.groups()
        array = value.astype("float32")
        if which == "B" and arch in _PERMUTED_ARCHES and module.endswith(("q_proj", "k_proj")):
            array = _permute(array, heads if module.endswith("q_proj") else kv_heads)
        out[f"blk.{layer}.{GGUF_MODULES[module]}.weight.lora_{which.lower()}"] = array
    if not out:
        raise UserError(f"{adapter_dir.name} holds no LoRA weights")
    return out


def convert_adapter(adapter_dir: Path, model_dir: Path, arch: str) -> Path:
    """Write (or reuse) ``adapter_dir/adapter-lora.gguf`` and return its path.

    The file is rebuilt when the adapter's weights are newer than it.

    Raises:
        UserError: for an adapter the fast decoder cannot use.

    """
    from gguf import GGUFType, GGUFWriter, Keys

    target = adapter_dir / GGUF_NAME
    source = adapter_dir / "adapter_model.safetensors"
    if not source.is_file():
        raise UserError(f"{adapter_dir.name} has no adapter_model.safetensors")
    if target.is_file() and target.stat().st_mtime_ns >= source.stat().st_mtime_ns:
        return target
    config = json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    if config.get("use_rslora") or config.get("use_dora"):
        raise UserError("the fast decoder supports plain LoRA adapters only")
    tensors = lora_tensors(adapter_dir, arch, model_dir)
    with atomic_path(target) as tmp:  # synced, then renamed in (a crash leaves the old one)
        writer = GGUFWriter(str(tmp), arch)
        writer.add_type(GGUFType.ADAPTER)
        writer.add_string(Keys.Adapter.TYPE, "lora")
        writer.add_float32(Keys.Adapter.LORA_ALPHA, float(config.get("lora_alpha") or 8))
        for name, array in sorted(tensors.items()):
            writer.add_tensor(name, array)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
    return target
