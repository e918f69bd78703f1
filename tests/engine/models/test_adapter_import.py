"""``adapters import``: folders and zips from another machine, safetensors only, refused when
unsafe (pickle, code, paths leaving the folder, broken weights)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.models.adapter_import import import_adapter
from engine.models.adapters import MANIFEST, export_adapter, find_adapter
from tests.cli import cli


def _adapter(folder: Path, manifest: bool = True) -> Path:
    folder.mkdir(parents=True)
    config = {"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj"]}
    (folder / "adapter_config.json").write_text(json.dumps(config))
    weights = {
        "base_model.model.layers.0.q_proj.lora_A.weight": np.ones((4, 8), np.float32),
        "base_model.model.layers.0.q_proj.lora_B.weight": np.zeros((8, 4), np.float32),
    }
    save_file(weights, str(folder / "adapter_model.safetensors"))
    if manifest:
        data = {"base_model": "smollm2", "chat_template": "<|im_start|>", "steps": 40}
        (folder / MANIFEST).write_text(json.dumps(data))
    return folder


def test_a_folder_from_the_gpu_box_and_its_zip_import(data_paths: Paths, tmp_path: Path) -> None:
    info = import_adapter(data_paths, _adapter(tmp_path / "box" / "voice"))
    assert (info.name, info.base_model, info.steps) == ("voice", "smollm2", 40)
    archive = export_adapter(data_paths, "voice", tmp_path / "voice.zip")
    again = import_adapter(data_paths, archive, name="voice2")
    assert find_adapter(data_paths, "voice2").chat_template == "<|im_start|>"
    assert (again.path / "adapter_model.safetensors").read_bytes() == (
        info.path / "adapter_model.safetensors"
    ).read_bytes()
    with pytest.raises(UserError, match="exists; give --name or --replace"):
        import_adapter(data_paths, archive, name="voice")
    assert import_adapter(data_paths, archive, name="voice", replace=True).name == "voice"


def test_a_plain_peft_folder_needs_its_base_model(data_paths: Paths, tmp_path: Path) -> None:
    plain = _adapter(tmp_path / "peft", manifest=False)
    with pytest.raises(UserError, match="--base-model"):
        import_adapter(data_paths, plain)
    assert import_adapter(data_paths, plain, base_model="tiny").base_model == "tiny"


def test_pickle_code_and_escaping_zips_are_refused(data_paths: Paths, tmp_path: Path) -> None:
    folder = _adapter(tmp_path / "evil")
    (folder / "adapter_model.bin").write_bytes(b"\x80\x04pickle")
    with pytest.raises(UserError, match="pickle or code"):
        import_adapter(data_paths, folder)
    sneaky = tmp_path / "sneaky.zip"
    with zipfile.ZipFile(sneaky, "w") as archive:
        archive.writestr("../../outside.json", "{}")
    with pytest.raises(UserError, match="outside its folder"):
        import_adapter(data_paths, sneaky)
    coded = tmp_path / "coded.zip"
    with zipfile.ZipFile(coded, "w") as archive:
        archive.writestr("a/modeling.py", "import os")
    with pytest.raises(UserError, match="pickle or code"):
        import_adapter(data_paths, coded)
    assert not (tmp_path / "outside.json").exists()


def test_broken_or_missing_weights_are_refused(data_paths: Paths, tmp_path: Path) -> None:
    folder = _adapter(tmp_path / "broken")
    weights = folder / "adapter_model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-8])  # truncated
    with pytest.raises(UserError, match="truncated"):
        import_adapter(data_paths, folder)
    weights.unlink()
    with pytest.raises(UserError, match=r"adapter_model\.safetensors missing"):
        import_adapter(data_paths, folder)
    assert not any(p.name.startswith(".import-") for p in data_paths.adapters.iterdir())


def test_cli_adapters_import(data_paths: Paths, tmp_path: Path) -> None:
    run = cli(
        "adapters", "import", str(_adapter(tmp_path / "shop")), "--json", data_dir=data_paths.root
    )
    assert run.code == 0, run.err
    out = run.json()
    assert out["name"] == "shop" and "not installed" in out["note"]
    listed = cli("adapters", "list", "--json", data_dir=data_paths.root).json()
    assert [a["name"] for a in listed] == ["shop"]
