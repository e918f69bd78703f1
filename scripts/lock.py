"""The dependency locks: ``requirements/lock/<platform>.txt``, every package pinned by hash.

``python scripts/lock.py`` (``make lock``) resolves ``pyproject.toml``'s dependencies and its
``dev`` extra with uv for each platform in :data:`PLATFORMS` and writes one lock per platform,
each headed by the SHA-256 of the dependency spec it was made from.
``python scripts/lock.py --check`` (CI, ``make lint``) fails when ``pyproject.toml`` and a lock
disagree: the spec changed since the lock was made, or a direct requirement is not met by its
pinned version. It needs only the standard library (``packaging`` is used when present).

Standard library only: set-up runs it before any package is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK_DIR = ROOT / "requirements" / "lock"
PYTHON_VERSION = "3.11"
HEADER = "# pyproject-spec-sha256: "
LOCAL_WHEELS = Path("/opt/wheels")
"""Where the development machines keep PyTorch's CPU wheel (the same file as on PyTorch's CPU
index); the Linux x86-64 lock pins that build, so a laptop without a GPU gets 200 MB, not 3 GB."""

PLATFORMS: dict[str, str] = {
    "linux-x86_64": "x86_64-manylinux_2_34",
    "linux-aarch64": "aarch64-manylinux_2_39",
    "macos-arm64": "aarch64-apple-darwin",
    "windows-amd64": "x86_64-pc-windows-msvc",
}
"""Lock name → uv's ``--python-platform`` target (PySide6 6.11 needs glibc 2.34 on x86-64
Linux and 2.39 on ARM Linux)."""
MACOS_TARGET = "14.0"


def spec() -> dict[str, object]:
    """What the locks are made from: requires-python, dependencies and extras."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return {
        "requires-python": project.get("requires-python", ""),
        "dependencies": sorted(project.get("dependencies", [])),
        "dev": sorted(project.get("optional-dependencies", {}).get("dev", [])),
    }


def spec_digest() -> str:
    """SHA-256 of :func:`spec` as canonical JSON."""
    return hashlib.sha256(json.dumps(spec(), sort_keys=True).encode()).hexdigest()


def lock_path(name: str) -> Path:
    """The lock file of one platform."""
    return LOCK_DIR / f"{name}.txt"


def current_platform() -> str | None:
    """The lock name for this machine, or None when no lock covers it."""
    import platform

    machine = platform.machine().lower()
    if sys.platform.startswith("linux"):
        name = {"x86_64": "linux-x86_64", "amd64": "linux-x86_64", "aarch64": "linux-aarch64"}
        key = name.get(machine)
    elif sys.platform == "darwin":
        key = "macos-arm64" if machine in ("arm64", "aarch64") else None
    elif sys.platform == "win32":
        key = "windows-amd64" if machine in ("amd64", "x86_64") else None
    else:
        key = None
    return key if key and lock_path(key).exists() else None


def pins(text: str) -> dict[str, str]:
    """``{normalised name: version}`` of a lock file's text."""
    found: dict[str, str] = {}
    for match in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, re.M):
        found[normalise(match.group(1))] = match.group(2)
    return found


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _uv() -> str:
    found = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(found).exists():
        raise SystemExit("uv is not installed: run set-up first (it is in the dev extra)")
    return found


def make(names: list[str]) -> None:
    """Resolve and write the locks of ``names``."""
    digest = spec_digest()
    LOCK_DIR.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = lock_path(name)
        tmp = target.with_suffix(".tmp")
        cmd = [
            _uv(), "pip", "compile", str(PYPROJECT.relative_to(ROOT)), "--extra", "dev",
            "--generate-hashes", "--python-version", PYTHON_VERSION,
            "--python-platform", PLATFORMS[name], "--custom-compile-command", "make lock",
            "--no-emit-find-links", "-q", "-o", str(tmp),
        ]  # fmt: skip
        if name == "linux-x86_64" and LOCAL_WHEELS.is_dir():
            cmd += ["--find-links", str(LOCAL_WHEELS)]
        env = dict(os.environ)
        if name.startswith("macos"):
            env["MACOSX_DEPLOYMENT_TARGET"] = MACOS_TARGET  # torch 2.13 has macOS 14 wheels only
        print(f"locking {name} …", flush=True)
        subprocess.run(cmd, check=True, cwd=ROOT, env=env)
        body = tmp.read_text(encoding="utf-8")
        tmp.unlink()
        target.write_text(f"{HEADER}{digest}\n{body}", encoding="utf-8")
    print(f"wrote {len(names)} lock(s) in {LOCK_DIR.relative_to(ROOT)}")


def problems(name: str) -> list[str]:
    """Why the lock of ``name`` disagrees with pyproject.toml (empty when it agrees)."""
    path = lock_path(name)
    if not path.exists():
        return [f"{path.name}: missing (run make lock)"]
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    found: list[str] = []
    if first != HEADER + spec_digest():
        found.append(f"{path.name}: pyproject.toml's dependencies changed since it was made")
    locked = pins(text)
    for line in [*spec()["dependencies"], *spec()["dev"]]:  # type: ignore[misc]
        found += _unmet(path.name, str(line), locked)
    return found


def _unmet(lock_name: str, requirement: str, locked: dict[str, str]) -> list[str]:
    try:
        from packaging.requirements import Requirement
    except ImportError:  # bare interpreter: names only
        name = normalise(re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0])
        return [] if name in locked else [f"{lock_name}: {name} is not locked"]
    req = Requirement(requirement)
    version = locked.get(normalise(req.name))
    if version is None:
        if req.marker is not None:
            return []  # a marker may leave it out on this lock's platform
        return [f"{lock_name}: {req.name} is not locked"]
    if req.specifier and not req.specifier.contains(version, prereleases=True):
        return [f"{lock_name}: {req.name}=={version} does not meet '{req.specifier}'"]
    return []


def main(argv: list[str] | None = None) -> int:
    """``lock.py [--check] [--platform NAME ...]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a lock disagrees")
    parser.add_argument("--platform", action="append", choices=sorted(PLATFORMS))
    args = parser.parse_args(argv)
    names = args.platform or sorted(PLATFORMS)
    if not args.check:
        make(names)
        return 0
    found = [line for name in names for line in problems(name)]
    for line in found:
        print(f"lock: {line}", file=sys.stderr)
    if found:
        print("lock: run `make lock` (or python scripts/lock.py) and commit the result",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"lock: {len(names)} lock(s) agree with pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
