"""scripts/setup.py: platform-neutral paths, stamps that skip what is done, stdlib only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import setup as setup_script  # noqa: E402


def test_it_imports_the_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names) | {"lock", "__future__"}
    for name in ("setup.py", "lock.py"):
        tree = ast.parse((ROOT / "scripts" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            # lock.py's packaging import is optional (inside a try, names-only without it)
            assert roots <= allowed | {"packaging"}, (name, roots)


def test_venv_layout_follows_the_platform() -> None:
    assert setup_script.venv_layout(True) == ("Scripts", ".exe")
    assert setup_script.venv_layout(False) == ("bin", "")
    assert Path(setup_script.python()).parent == setup_script.BIN
    assert setup_script.BIN.parent == ROOT / ".venv"


def test_a_step_runs_once_until_its_inputs_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(setup_script, "VENV", tmp_path)
    source = tmp_path / "requirements.txt"
    source.write_text("a==1\n")
    calls: list[int] = []
    for _ in range(2):
        setup_script.step("demo", [source], lambda: calls.append(1))
    assert len(calls) == 1
    source.write_text("a==2\n")
    setup_script.step("demo", [source], lambda: calls.append(1))
    assert len(calls) == 2


def test_a_failed_step_runs_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(setup_script, "VENV", tmp_path)

    def fail() -> None:
        raise SystemExit(1)

    with pytest.raises(SystemExit):
        setup_script.step("demo", [], fail)
    calls: list[int] = []
    setup_script.step("demo", [], lambda: calls.append(1))
    assert calls == [1]


def test_the_makefile_sets_up_through_the_script() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("setup", "run", "test", "lint", "lock"):
        assert f"@$(SETUP) {target}" in makefile
