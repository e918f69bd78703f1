"""Shared fixtures: fresh stores and data folders, a tiny model, the real default model, and
the qasync loop GUI flows run on. Tests never touch the merchant's data folder."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# No test may read or write the user's OS keyring (the remote backend's API key lives there):
# the fail backend refuses everything; tests that store a key install an in-memory one.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from engine.app import open_engine, open_store
from engine.core.paths import ENV_DATA_DIR, Paths
from engine.runtime.engine import Engine
from engine.store.connection import Store
from tests.helpers import build_tiny_model, link_model, model_home, real_model_dir, real_smollm2_dir

DATA = Path(__file__).resolve().parent / "data"
SHOPIFY_TEMPLATE = DATA / "shopify_product_template.csv"
"""Shopify's product import template, a copy of ../shared/data's (see tests/data/SOURCES.md)."""


@pytest.fixture(autouse=True)
def _no_real_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point the default data folder at a throwaway one: nothing reads the merchant's."""
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "default-data"))


@pytest.fixture
def data_paths(tmp_path: Path) -> Paths:
    """An empty data folder of its own."""
    return Paths(tmp_path / "data").ensure()


@pytest.fixture
def fresh_store(data_paths: Paths) -> Iterator[Store]:
    """A migrated SQLite store (every feature's schema) in a temporary data folder."""
    store = open_store(data_paths)
    yield store
    store.close()


@pytest.fixture
def engine_for() -> Iterator[Any]:
    """A factory of engines on data folders, all closed after the test."""
    made: list[Engine] = []

    def make(paths: Paths, **overrides: Any) -> Engine:
        engine = open_engine(paths, **overrides)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


@pytest.fixture(scope="session")
def smollm2_dir() -> Path:
    """The real SmolLM2 folder, prepared once in the test model cache."""
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


@pytest.fixture(scope="session")
def qwen_dir() -> Path:
    """The Qwen2.5-Coder pack prepared in the test model cache (skips without its wheels)."""
    folder = real_model_dir("qwen-coder")
    if folder is None:
        pytest.skip(
            f"the qwen-coder pack's wheels are not installed, so it cannot be prepared in "
            f"{model_home().models} (make setup tries to install them)"
        )
    return folder


@pytest.fixture
def qwen_paths(data_paths: Paths, qwen_dir: Path) -> Paths:
    """A data folder with the prepared Qwen2.5-Coder pack hard-linked in."""
    link_model(qwen_dir, data_paths)
    return data_paths


@pytest.fixture(scope="session")
def default_model(smollm2_dir: Path):  # type: ignore[no-untyped-def]
    """The real SmolLM2 loaded once per session in the torch decoder."""
    from engine.decoding.torch_generator import TorchGenerator

    return TorchGenerator.load(smollm2_dir, name="smollm2", threads=2)


@pytest.fixture(scope="session")
def shopify_template() -> Path:
    """Shopify's product import template (in the repository, so a bare clone tests too)."""
    return SHOPIFY_TEMPLATE


@pytest.fixture(scope="session")
def qasync_loop(qapp):  # type: ignore[no-untyped-def]
    """The qasync event loop over the Qt loop: GUI flows (coroutines) run while qtbot waits."""
    from gui.app import install_loop

    loop = install_loop(qapp)
    yield loop
    asyncio.set_event_loop(None)


@pytest.fixture(autouse=True, scope="session")
def _empty_clipboard_at_exit(qapp):  # type: ignore[no-untyped-def]
    """Qt's offscreen platform crashes at interpreter exit if the clipboard still owns data.

    The real window on xcb does not (checked under Xvfb); tests leave the clipboard empty.
    """
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
