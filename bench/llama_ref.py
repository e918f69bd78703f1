"""The llama.cpp reference: built once from the llama-cpp-python sdist, cached outside the repo.

``ensure_llama_cpp()`` installs the wheel (built from the PyPI sdist with ``-DGGML_NATIVE=ON``;
see ``build_command()``) into ``<cache>/pylib``; ``ensure_gguf()`` converts our bf16 safetensors
folder with the sdist's own ``convert_hf_to_gguf.py`` to f16, bf16 and q8_0 GGUF files (same
weights, same bit widths as the app's paths). The measurement runs in a child process
(bench/llama_worker.py) so llama.cpp's threads never share a process with torch's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import CACHE, ROOT

PYLIB = CACHE / "pylib"
WHEELS = CACHE / "wheels"
SDIST = CACHE / "sdist"
GGUF = CACHE / "gguf"
OUTTYPES = ("q8_0", "f16", "bf16")


def build_command() -> str:
    """How the cached wheel is built (about 10–30 minutes on 2 busy cores)."""
    return (
        'CMAKE_ARGS="-DGGML_NATIVE=ON" nice pip wheel --no-deps --no-binary llama-cpp-python '
        f"llama-cpp-python -w {WHEELS}  &&  pip download --no-deps --no-binary :all: "
        f"llama-cpp-python -d {SDIST}  (then untar it there)"
    )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PYLIB), str(ROOT), env.get("PYTHONPATH", "")])
    return env


def ensure_llama_cpp(build: bool) -> str | None:
    """Make ``llama_cpp`` importable from the cache; returns a reason when it is not."""
    if (PYLIB / "llama_cpp").is_dir():
        return None
    wheels = sorted(WHEELS.glob("llama_cpp_python-*.whl"))
    if not wheels and build:
        WHEELS.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, CMAKE_ARGS="-DGGML_NATIVE=ON")
        print("building llama.cpp from the llama-cpp-python sdist (once)…", file=sys.stderr)
        subprocess.run(
            ["nice", sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-binary",
             "llama-cpp-python", "llama-cpp-python", "-w", str(WHEELS)],
            env=env, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wheels = sorted(WHEELS.glob("llama_cpp_python-*.whl"))
    if not wheels:
        return f"llama.cpp is not built (no wheel in {WHEELS}); build it with: {build_command()}"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(PYLIB),
         str(wheels[-1]), "diskcache"],
        check=False, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        return f"installing the llama.cpp wheel failed: {done.stderr.strip()[-300:]}"
    return None


def _convert_script() -> Path | None:
    found = sorted(SDIST.glob("llama_cpp_python-*/vendor/llama.cpp/convert_hf_to_gguf.py"))
    return found[-1] if found else None


def ensure_gguf(model_dir: Path, outtype: str) -> tuple[Path | None, str | None]:
    """The GGUF file of ``model_dir`` at ``outtype``, converting once; or a reason."""
    target = GGUF / f"{model_dir.name}-{outtype}.gguf"
    if target.exists():
        return target, None
    script = _convert_script()
    if script is None:
        return None, f"no llama.cpp sdist in {SDIST} (for convert_hf_to_gguf.py)"
    GGUF.mkdir(parents=True, exist_ok=True)
    env = _env()
    env["PYTHONPATH"] = os.pathsep.join([str(script.parent / "gguf-py"), env["PYTHONPATH"]])
    partial = target.with_suffix(".partial")
    done = subprocess.run(
        [sys.executable, str(script), str(model_dir), "--outtype", outtype,
         "--outfile", str(partial)],
        env=env, check=False, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0 or not partial.exists():
        return None, f"GGUF conversion to {outtype} failed: {done.stderr.strip()[-300:]}"
    partial.replace(target)
    return target, None


def measure_llama(
    model_dir: Path, prompt_ids: list[int], threads: int, new_tokens: int, repeats: int,
    outtypes: tuple[str, ...] = OUTTYPES, build: bool = True,
) -> tuple[dict[str, Any] | None, str | None]:  # fmt: skip
    """Decode tok/s, time to first token and greedy tokens per GGUF type, or a reason."""
    reason = ensure_llama_cpp(build)
    if reason:
        return None, reason
    files: dict[str, str] = {}
    notes: list[str] = []
    for outtype in outtypes:
        path, why = ensure_gguf(model_dir, outtype)
        if path is None:
            notes.append(str(why))
        else:
            files[outtype] = str(path)
    if not files:
        return None, "; ".join(notes)
    request = {"files": files, "prompt_ids": prompt_ids, "threads": threads,
               "new_tokens": new_tokens, "repeats": repeats}  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "llama_worker.py")],
        input=json.dumps(request),
        env=_env(),
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return None, f"llama.cpp run failed: {done.stderr.strip()[-300:]}"
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if notes:
        result["notes"] = notes
    return result, None
