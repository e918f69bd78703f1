"""The house plan, checked: packages by concern, imports pointing one way, small files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
LAYERS = [
    "core",
    "store",
    "decoding",
    "models",
    "runtime",
    "catalog",
    "guard",
    "grounding",
    "history",
    "listing",
    "bulk",
    "finetune",
    "faq",
    "customers",
    "corpus",
    "app",
    "jobs",
    "cli",
]
"""Each package may import only packages listed before it (``app`` is the composition root)."""
MAX_LINES = 450


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every engine module ``path`` imports, lazy (inside functions) imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("engine"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("engine"))
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in ENGINE.rglob("*.py")}
    return {m: {d for d in _imports(p) if d in files and d != m} for m, p in files.items()}


def test_no_import_cycles_in_the_engine() -> None:
    graph = _graph()
    # lazy imports (inside functions) count: the engine loads llama.cpp in a method
    assert "engine.decoding.llama_generator" in graph["engine.runtime.engine"]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in graph[node]:
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert cycles == []


def test_packages_import_only_downwards() -> None:
    wrong = []
    for module, deps in _graph().items():
        parts = module.split(".")
        if len(parts) < 2:
            continue
        package = parts[1]
        assert package in LAYERS, f"{module}: add its package to the layer list"
        for dep in deps:
            target = dep.split(".")[1] if dep.count(".") else "engine"
            if (
                target != package
                and target != "engine"
                and (LAYERS.index(target) > LAYERS.index(package))
            ):
                wrong.append(f"{module} -> {dep}")
    assert wrong == []


def test_the_engine_top_level_is_only_the_composition_root() -> None:
    top = sorted(p.name for p in ENGINE.glob("*.py"))
    assert len(top) <= 4, top
    assert top == ["__init__.py", "app.py"]


def test_every_package_says_what_it_holds_and_may_import() -> None:
    for init in ENGINE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, init
    for init in (ROOT / "gui").glob("*/__init__.py"):
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), init


def test_the_engine_never_imports_qt() -> None:
    for path in ENGINE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "PySide6" not in text and "qasync" not in text, path


@pytest.mark.parametrize("folder", ["engine", "gui"])
def test_files_stay_small_and_documented(folder: str) -> None:
    for path in (ROOT / folder).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) < MAX_LINES, f"{path}: split it by concept"
        assert ast.get_docstring(ast.parse(text)), f"{path} has no module docstring"


def test_the_suite_runs_without_network_sockets() -> None:
    import socket

    from pytest_socket import SocketBlockedError

    # --disable-socket (pyproject.toml): the attempt is refused, and warned about
    with pytest.warns(UserWarning, match="socket"), pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
