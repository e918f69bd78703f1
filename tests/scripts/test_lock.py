"""The dependency locks: they agree with pyproject.toml, and a disagreement is caught."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import lock  # noqa: E402


def test_every_lock_agrees_with_pyproject() -> None:
    assert lock.main(["--check"]) == 0


def test_every_lock_pins_every_package_by_hash() -> None:
    for name in lock.PLATFORMS:
        text = lock.lock_path(name).read_text(encoding="utf-8")
        blocks = [b for b in text.split("\n") if "==" in b and not b.startswith("#")]
        assert len(blocks) > 50, name
        for line in blocks:
            assert line.rstrip().endswith("\\"), f"{name}: {line} has no hash"
        assert text.count("--hash=sha256:") >= len(blocks)


def test_the_linux_lock_takes_pytorchs_cpu_build() -> None:
    pins = lock.pins(lock.lock_path("linux-x86_64").read_text(encoding="utf-8"))
    assert pins["torch"] == "2.13.0+cpu"
    assert not any(name.startswith("nvidia-") for name in pins)


def _changed_pyproject(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "pyproject.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_changed_dependency_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _changed_pyproject(tmp_path, '"peft>=0.13"', '"peft>=0.99"')
    monkeypatch.setattr(lock, "PYPROJECT", path)
    found = lock.problems("linux-x86_64")
    assert any("changed since" in line for line in found)
    assert any("peft==" in line and ">=0.99" in line for line in found)
    assert lock.main(["--check", "--platform", "linux-x86_64"]) == 1


def test_a_new_dependency_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _changed_pyproject(tmp_path, '"jinja2>=3.1",', '"jinja2>=3.1",\n    "xxhash>=3",')
    monkeypatch.setattr(lock, "PYPROJECT", path)
    assert "linux-x86_64.txt: xxhash is not locked" in lock.problems("linux-x86_64")


def test_this_machine_has_a_lock() -> None:
    assert lock.current_platform() is not None
