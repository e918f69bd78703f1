import threading

import pytest
import torch

from engine.app import open_engine, open_store
from engine.core.errors import UserError
from engine.decoding.devices import DeviceChoice
from engine.decoding.torch_generator import TorchGenerator as Generator
from engine.jobs.registry import JobContext, run_job
from engine.models import memory
from engine.models.manager import set_device_preference
from engine.models.memory import GB, estimate_memory, kv_bytes_per_token, plan_load
from engine.models.registry import find_model
from tests.helpers import stream


def test_estimate_counts_weights_kv_and_overhead(default_paths):
    info = find_model(default_paths, "smollm2")
    bf16 = estimate_memory(info, "bfloat16")
    fp32 = estimate_memory(info, "float32")
    assert bf16.weights == 134_515_008 * 2
    assert fp32.weights == 2 * bf16.weights
    # SmolLM2: 30 layers, 3 KV heads of 64 → 23,040 bytes a token in bf16
    assert bf16.kv_cache == 30 * 2 * 3 * 64 * 2 * memory.KV_TOKENS * memory.KV_ROWS
    assert 0.5 < bf16.gb() < 1.5  # measured peak generating: 0.65 GB


def test_kv_size_handles_missing_config_fields():
    assert kv_bytes_per_token({}, 2) == 0
    cfg = {"num_hidden_layers": 2, "num_attention_heads": 4, "hidden_size": 64}
    assert kv_bytes_per_token(cfg, 2) == 2 * 2 * 4 * 16 * 2


def test_absurd_model_is_refused_before_loading(tiny_paths, monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda device: 1 << 20)  # 1 MB free
    loads: list[str] = []
    monkeypatch.setattr(Generator, "load", classmethod(lambda cls, *a, **k: loads.append("x")))
    engine = open_engine(tiny_paths, threads=1)
    try:
        with pytest.raises(UserError, match=r"needs about .* GB of memory and only 0\.0 GB"):
            engine.generator()
        ctx = JobContext()
        with pytest.raises(UserError, match="Close other programs"):
            run_job(engine, "load_model", {}, ctx)
    finally:
        engine.close()
    assert loads == []  # never tried to load


def test_tight_memory_warns_but_loads(tiny_paths, monkeypatch):
    info = find_model(tiny_paths, "tiny")
    need = estimate_memory(info).total
    monkeypatch.setattr(memory, "available_bytes", lambda device: int(need * 1.1))
    engine = open_engine(tiny_paths, device="cpu", threads=1)
    try:
        result = run_job(engine, "load_model", {}, JobContext())
    finally:
        engine.close()
    assert result["model"] == "tiny"
    assert "may run slowly" in result["note"]


def test_auto_gpu_without_room_falls_back_to_cpu_with_a_note(tiny_paths, monkeypatch):
    import engine.decoding.devices as devices

    def fake_pick(preference="auto"):
        if preference == "cpu":
            return DeviceChoice("cpu", "float32")
        return DeviceChoice("cuda", "bfloat16")

    monkeypatch.setattr(devices, "pick_device", fake_pick)
    monkeypatch.setattr(
        memory, "available_bytes", lambda device: 1 << 20 if device == "cuda" else 64 * GB
    )
    info = find_model(tiny_paths, "tiny")
    plan = plan_load(info, "auto")
    assert plan.device == "cpu"
    assert "GPU memory" in plan.note and "using the CPU instead" in plan.note
    with pytest.raises(UserError, match="GPU memory"):
        plan_load(info, "cuda")  # asked for by name: refuse, do not move silently


def test_device_choice_persists_and_reloads_the_model(tiny_paths):
    engine = open_engine(tiny_paths, threads=1)
    try:
        first = engine.generator()
        assert engine.generator() is first  # nothing changed: same model object
        store = open_store(tiny_paths)  # the GUI thread's own connection
        set_device_preference(store, "cpu")
        store.close()
        assert engine.device_preference == "cpu"
        second = engine.generator()
        assert second is not first and second.choice.device == "cpu"
    finally:
        engine.close()
    with pytest.raises(UserError, match="device must be one of"):
        set_device_preference(open_store(tiny_paths), "tpu")
    reopened = open_engine(tiny_paths)
    try:
        assert reopened.device_preference == "cpu"  # survives a restart
    finally:
        reopened.close()


def test_cuda_oom_during_generation_is_a_clear_error_and_model_stays_usable(
    tiny_model_dir, monkeypatch
):
    generator = Generator.load(tiny_model_dir, name="tiny", threads=1)
    # Patch the forward pass, so the out-of-memory comes from whichever decode path runs
    # (the app's own loop or transformers' generate).
    real_forward = generator.model.forward
    calls = {"n": 0}

    def forward_oom_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real_forward(*args, **kwargs)

    monkeypatch.setattr(generator.model, "forward", forward_oom_once)
    messages = [{"role": "user", "content": "Describe a mug."}]
    with pytest.raises(UserError, match="ran out of memory"):
        stream(generator, messages, variants=5, max_new_tokens=8)
    assert not generator.lock.locked()
    result = stream(generator, messages, max_new_tokens=6, seed=1, stop=threading.Event())
    assert result.new_tokens > 0 and result.texts[0]
    assert calls["n"] >= 2  # the failing forward really ran, then the model served again
