"""Shared fixtures: fresh stores and data folders, a tiny model, and the real default model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from engine.packs import is_prepared
from engine.paths import Paths, resolve_paths
from engine.store import Store
from tests.helpers import build_tiny_model, link_model, real_smollm2_dir

SHOPIFY_TEMPLATE = Path(__file__).resolve().parent / "data" / "shopify_product_template.csv"
"""Shopify's product import template, a copy of ../shared/data's (see tests/data/SOURCES.md)."""


@pytest.fixture
def data_paths(tmp_path: Path) -> Paths:
    """An empty data folder of its own."""
    return Paths(tmp_path / "data").ensure()


@pytest.fixture
def fresh_store(data_paths: Paths) -> Iterator[Store]:
    """A migrated SQLite store in a temporary data folder."""
    store = Store(data_paths.db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def smollm2_dir() -> Path:
    """The real SmolLM2 folder (prepared once; `make setup` usually did it already)."""
    return real_smollm2_dir()


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, smollm2_dir: Path) -> Path:
    """A config-built 2-layer model with the real tokenizer (seconds to load)."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny", smollm2_dir)


@pytest.fixture
def tiny_paths(data_paths: Paths, tiny_model_dir: Path) -> Paths:
    """A data folder whose only (and so active) model is the tiny one."""
    link_model(tiny_model_dir, data_paths)
    return data_paths


@pytest.fixture
def default_paths(data_paths: Paths, smollm2_dir: Path) -> Paths:
    """A data folder with the real SmolLM2 installed."""
    link_model(smollm2_dir, data_paths)
    return data_paths


@pytest.fixture
def qwen_paths(data_paths: Paths) -> Paths:
    """A data folder with the prepared Qwen2.5-Coder pack hard-linked in (skips when absent)."""
    home = resolve_paths(os.environ.get("SHOPSCRIBE_TEST_MODEL_HOME"))
    if not is_prepared(home, "qwen-coder"):
        pytest.skip(
            f"the qwen-coder pack is not prepared in {home.models} (its wheels did not install "
            "or `shopscribe models prepare qwen-coder` was not run)"
        )
    link_model(home.models / "qwen-coder", data_paths)
    return data_paths


@pytest.fixture(scope="session")
def default_model(smollm2_dir: Path):  # type: ignore[no-untyped-def]
    """The real SmolLM2 loaded once per session."""
    from engine.generate import Generator

    return Generator.load(smollm2_dir, name="smollm2", threads=2)


@pytest.fixture(scope="session")
def shopify_template() -> Path:
    """Shopify's product import template (in the repository, so a bare clone tests too)."""
    return SHOPIFY_TEMPLATE


@pytest.fixture(autouse=True, scope="session")
def _empty_clipboard_at_exit(qapp):  # type: ignore[no-untyped-def]
    """Qt's offscreen platform crashes at interpreter exit if the clipboard still owns data.

    The real window on xcb does not (checked under Xvfb); tests leave the clipboard empty.
    """
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
