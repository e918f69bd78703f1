"""The llama.cpp decoder: same prompt tokens, same model, variants, stop, bans, LoRA, choice."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from engine.app import open_engine
from engine.core.errors import UserError
from engine.core.paths import Paths
from engine.decoding.choice import choose_decoder, q8_file
from engine.decoding.gguf_requant import Q8_FILE
from engine.decoding.llama_runtime import available
from tests.helpers import stream

pytestmark = pytest.mark.skipif(
    not available() and not os.environ.get("SHOPSCRIBE_CI"),
    reason="llama-cpp-python is not installed (make setup installs it); CI never skips this",
)

CHATS = [
    [{"role": "user", "content": "Write a product title for a blue ceramic mug, 350 ml."}],
    [
        {"role": "system", "content": "You write shop copy."},
        {"role": "user", "content": "Describe: 不锈钢保温杯, 750毫升, keeps cold 24 hours."},
    ],
]


@pytest.fixture(scope="module")
def llama(smollm2_dir: Path):  # type: ignore[no-untyped-def]
    from engine.decoding.llama_generator import LlamaGenerator

    generator = LlamaGenerator.load(smollm2_dir, name="smollm2", threads=2)
    yield generator
    generator.close()


def test_pack_folder_has_the_8bit_file(smollm2_dir: Path) -> None:
    from gguf import GGUFReader

    path = q8_file(smollm2_dir)
    assert path is not None
    reader = GGUFReader(str(path))
    kinds = {t.tensor_type.name for t in reader.tensors}
    assert kinds == {"Q8_0", "F32"}
    assert len(reader.tensors) == 272  # every tensor of SmolLM2's GGUF, none lost
    assert "tokenizer.chat_template" in reader.fields


@pytest.mark.parametrize("chat", CHATS)
def test_prompt_tokens_match_the_torch_tokenizer(llama, default_model, chat) -> None:  # type: ignore[no-untyped-def]
    assert llama.encode_chat(chat) == default_model.encode_chat(chat)[0].tolist()


def test_greedy_start_matches_torch_reference(llama, default_model) -> None:  # type: ignore[no-untyped-def]
    """8-bit weights change late digits of the logits, not the confident first words."""
    ours = stream(llama, CHATS[0], max_new_tokens=12, temperature=0).texts[0]
    ref = stream(default_model, CHATS[0], max_new_tokens=12, temperature=0).texts[0]
    assert ours.split()[:4] == ref.split()[:4]


def test_variants_stream_and_stop(llama) -> None:  # type: ignore[no-untyped-def]
    pieces: dict[int, str] = {}

    def on_text(row: int, text: str) -> None:
        pieces[row] = pieces.get(row, "") + text

    result = stream(
        llama, CHATS[0], variants=3, max_new_tokens=24, temperature=0.8, seed=3, on_text=on_text
    )
    assert len(result.texts) == 3 and len(set(result.texts)) > 1
    assert [pieces.get(i, "").strip() for i in range(3)] == result.texts
    again = stream(llama, CHATS[0], variants=3, max_new_tokens=24, temperature=0.8, seed=3)
    assert again.texts == result.texts  # a seed reproduces the drafts

    stop = threading.Event()
    count = [0]

    def stop_soon(row: int, text: str) -> None:
        count[0] += 1
        if count[0] == 3:
            stop.set()

    stopped = stream(llama, CHATS[0], max_new_tokens=200, on_text=stop_soon, stop=stop)
    assert stopped.stopped and stopped.new_tokens <= 4


def test_banned_words_never_appear_even_inside_longer_words(llama) -> None:  # type: ignore[no-untyped-def]
    chat = [
        {
            "role": "user",
            "content": "Why is this steel bottle cheaper than the others? Answer in two sentences.",
        }
    ]
    for seed in range(3):
        result = stream(
            llama, chat, variants=2, max_new_tokens=60, seed=seed, banned_words=["cheap"]
        )
        for text in result.texts:
            assert "cheap" not in text.lower()


def test_context_grows_and_refuses_beyond_the_model(llama) -> None:  # type: ignore[no-untyped-def]
    runtime = llama.runtime
    runtime.ensure_room(runtime.n_ctx + 1)
    assert runtime.n_ctx > 4096
    with pytest.raises(UserError, match="context"):
        runtime.ensure_room(runtime.train_ctx + 1)


def test_engine_chooses_llama_for_packs_and_torch_on_request(default_paths: Paths) -> None:
    engine = open_engine(default_paths, device="cpu")
    try:
        assert getattr(engine.generator(), "backend", "torch") == "llama"
        engine.decoder_override = "torch"
        assert getattr(engine.generator(), "backend", "torch") == "torch"
    finally:
        engine.close()


def test_choice_without_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPSCRIBE_DECODER", raising=False)
    decoder, why = choose_decoder("auto", "cpu", tmp_path)
    assert decoder == "torch" and Q8_FILE in why
    with pytest.raises(UserError, match="cannot be used"):
        choose_decoder("llama", "cpu", tmp_path)
    assert choose_decoder("auto", "cuda", tmp_path)[0] == "torch"
    monkeypatch.setenv("SHOPSCRIBE_DECODER", "torch")
    assert choose_decoder("llama", "cpu", tmp_path)[0] == "torch"


def test_lora_adapter_runs_on_llama_like_on_torch(default_paths: Paths) -> None:
    """A strong random adapter: both decoders write the same changed start, and off is base."""
    from engine.models.adapters import set_active_adapter
    from tests.engine.models.test_adapters import make_adapter

    make_adapter(default_paths, default_paths.models / "smollm2", "rand", 1, base="smollm2")
    outputs = {}
    for decoder in ("llama", "torch"):
        engine = open_engine(default_paths, device="cpu", decoder=decoder)
        try:
            base = stream(engine.generator(), CHATS[0], max_new_tokens=8, temperature=0).texts[0]
            set_active_adapter(default_paths, engine.store, "rand")
            adapted = stream(engine.generator(), CHATS[0], max_new_tokens=8, temperature=0)
            set_active_adapter(default_paths, engine.store, None)
            back = stream(engine.generator(), CHATS[0], max_new_tokens=8, temperature=0).texts[0]
        finally:
            engine.close()
        assert adapted.texts[0] != base and back == base
        outputs[decoder] = adapted.texts[0]
    assert outputs["llama"][:4] == outputs["torch"][:4]  # the same first token
    assert (default_paths.adapters / "rand" / "adapter-lora.gguf").is_file()


def test_penalty_free_tokens_match_the_torch_decoder(llama, default_model) -> None:  # type: ignore[no-untyped-def]
    assert llama.penalty_free_ids() == default_model.penalty_free_ids()


def test_auto_falls_back_to_torch_when_llama_cannot_load(
    data_paths: Paths, tiny_model_dir: Path
) -> None:
    """An 8-bit file llama.cpp refuses (here: not GGUF at all) must not make the model unusable."""
    from tests.helpers import link_model

    folder = link_model(tiny_model_dir, data_paths)
    (folder / Q8_FILE).write_bytes(b"not a gguf file")
    engine = open_engine(data_paths, model=folder.name, device="cpu")
    try:
        generator = engine.generator()
        assert getattr(generator, "backend", "torch") == "torch"
        assert "llama.cpp could not use this model" in engine.decoder_reason
        assert stream(generator, CHATS[0], max_new_tokens=4, temperature=0).new_tokens > 0
    finally:
        engine.close()
    engine = open_engine(data_paths, model=folder.name, device="cpu", decoder="llama")
    try:
        with pytest.raises(UserError, match="could not load"):
            engine.generator()
    finally:
        engine.close()


def test_a_reply_prefix_continues_and_the_shared_prompt_is_not_decoded_again(llama) -> None:  # type: ignore[no-untyped-def]
    from engine.decoding.protocol import SENTENCE_ENDS, StreamSettings

    greedy = StreamSettings(max_new_tokens=20, temperature=0)
    first = llama.stream(CHATS[0], greedy).texts[0]
    prefix = "Blue Ceramic Mug, 350 ml. "
    settings = StreamSettings(max_new_tokens=30, temperature=0, stop_at=SENTENCE_ENDS)
    cached = llama.stream(CHATS[0], settings, prefix=prefix)
    assert llama.runtime.reused >= len(llama.encode_chat(CHATS[0])) - 1  # only the prefix ran
    llama.runtime.forget_prompt()
    fresh = llama.stream(CHATS[0], settings, prefix=prefix)
    assert llama.runtime.reused == 0
    assert cached.texts == fresh.texts  # the cache changes the cost, not the text
    text = cached.texts[0]
    ends = [text.find(m) for m in SENTENCE_ENDS if m in text]
    assert not ends or min(ends) >= len(text) - 2  # stopped at its first sentence end
    assert first  # the plain call before it still worked


def test_extra_buffers_are_off_on_a_cpu_with_amx_tiles(tmp_path, monkeypatch):
    # ggml's AMX buffers segfault llama_decode on such a CPU (a CI machine did): the check
    # reads the flags line, and the environment variable overrides it either way.
    from engine.decoding.llama_runtime import extra_buffers_safe

    monkeypatch.delenv("SHOPSCRIBE_LLAMA_EXTRA_BUFFERS", raising=False)
    amx = tmp_path / "amx"
    amx.write_text("processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile amx_int8\n")
    plain = tmp_path / "plain"
    plain.write_text("processor\t: 0\nflags\t\t: fpu sse avx2 fma avx512f avx512_vnni\n")
    assert extra_buffers_safe(amx) is False
    assert extra_buffers_safe(plain) is True
    assert extra_buffers_safe(tmp_path / "missing") is True
    monkeypatch.setenv("SHOPSCRIBE_LLAMA_EXTRA_BUFFERS", "1")
    assert extra_buffers_safe(amx) is True
    monkeypatch.setenv("SHOPSCRIBE_LLAMA_EXTRA_BUFFERS", "0")
    assert extra_buffers_safe(plain) is False
