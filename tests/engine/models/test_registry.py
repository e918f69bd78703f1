import pytest

from engine.app import open_store
from engine.core.errors import NoModelError
from engine.models.packs import get_pack, is_prepared, pack_sources, prepare_pack
from engine.models.registry import (
    active_model_name,
    installed_models,
    read_manifest,
    resolve_model,
    set_active_model,
)
from tests.helpers import link_model


def test_no_model_is_a_no_model_error(fresh_store, data_paths):
    with pytest.raises(NoModelError):
        resolve_model(data_paths, fresh_store)


def test_active_model_persists(data_paths, tiny_model_dir, smollm2_dir):
    link_model(tiny_model_dir, data_paths)
    link_model(smollm2_dir, data_paths)
    store = open_store(data_paths)
    assert active_model_name(data_paths, store) == "smollm2"  # preferred when not chosen
    set_active_model(data_paths, store, "tiny")
    store.close()
    reopened = open_store(data_paths)
    assert active_model_name(data_paths, reopened) == "tiny"
    reopened.close()


def test_half_built_folder_is_not_a_model(data_paths):
    (data_paths.models / "broken").mkdir()
    (data_paths.models / "broken" / "config.json").write_text("{}")
    assert installed_models(data_paths) == []


def test_smollm2_pack_is_installed_and_verified(smollm2_dir):
    spec = get_pack("smollm2")
    assert pack_sources(spec) is not None
    info = read_manifest(smollm2_dir)
    assert info is not None and info.source_sha256 == spec.gguf_sha256
    assert (smollm2_dir / "model.safetensors").stat().st_size > 200_000_000
    assert not list(smollm2_dir.glob("*.bin"))


def test_prepare_is_idempotent_and_fast(smollm2_dir):
    from engine.core.paths import Paths

    paths = Paths(smollm2_dir.parent.parent)
    assert is_prepared(paths, "smollm2")
    before = (smollm2_dir / "model.safetensors").stat().st_mtime_ns
    prepare_pack(paths, "smollm2")
    assert (smollm2_dir / "model.safetensors").stat().st_mtime_ns == before
