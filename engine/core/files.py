"""File utilities: atomic writes, joining and hashing files, free memory and disk checks."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.core.callbacks import ProgressFn, no_progress
from engine.core.errors import DiskFull, UserError

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""OS errors that mean "no room": no space, over quota, file too large."""
SQLITE_FULL = 13
"""SQLite's result code for "database or disk is full"."""


def is_disk_full(exc: BaseException) -> bool:
    """True when ``exc`` says the disk (or the database's size limit) is full."""
    if isinstance(exc, OSError):
        return exc.errno in DISK_FULL_ERRNOS
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)
        return code == SQLITE_FULL or "database or disk is full" in str(exc)
    return False


def disk_full(where: Path | str) -> DiskFull:
    """The merchant's message for a full disk while saving to ``where``."""
    return DiskFull(
        f"the disk is full: ShopScribe could not save to {where}. What was saved before is "
        "intact; free some space and try again."
    )


@contextmanager
def disk_full_as_user_error(where: Path | str) -> Iterator[None]:
    """Turn a full-disk OSError or SQLite error inside the block into :class:`DiskFull`.

    Raises:
        DiskFull: naming ``where``, chained to the original error.

    """
    try:
        yield
    except (OSError, sqlite3.OperationalError) as exc:
        if is_disk_full(exc):
            raise disk_full(where) from exc
        raise


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk where the OS allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old or the whole new content.

    Temp file in the same folder, fsync, ``os.replace``, then the folder is synced too.

    Raises:
        DiskFull: when there is no room; the old file is untouched and the temp file gone.

    """
    with disk_full_as_user_error(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Text flavour of :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode(encoding))


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_tree(folder: Path) -> None:
    """Sync every file under ``folder`` and the folders themselves (before a rename)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            _fsync_file(path)
        elif path.is_dir():
            fsync_dir(path)
    fsync_dir(folder)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temp path beside ``target`` for writers that stream (GGUF, zips); renamed in at the end.

    The block writes the file at the yielded path; on success it is synced and replaces
    ``target`` at once; on any error it is removed and ``target`` stays as it was.

    Raises:
        DiskFull: when the block runs out of room.

    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    try:
        with disk_full_as_user_error(target):
            yield tmp
            _fsync_file(tmp)
            os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(target.parent)


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """A temp folder beside ``target`` (a model, an adapter); it replaces ``target`` at the end.

    Every file in it is synced before the rename; an old ``target`` is moved aside first and
    removed after, so a reader sees the old folder or the whole new one.

    Raises:
        DiskFull: when the block runs out of room.

    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".tmp-{target.name}")
    old = target.with_name(f".old-{target.name}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with disk_full_as_user_error(target):
            tmp.mkdir()
            yield tmp
            fsync_tree(tmp)
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                os.replace(target, old)
            os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def join_files(parts: list[Path], out: Path, on_progress: ProgressFn = no_progress) -> None:
    """Concatenate split weight files into one, reporting bytes written."""
    total = sum(p.stat().st_size for p in parts)
    done = 0
    with out.open("wb") as sink:
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(8 << 20):
                    sink.write(chunk)
                    done += len(chunk)
                    on_progress(done, total, "joining parts")
        sink.flush()
        os.fsync(sink.fileno())


def sha256_of(files: list[Path], on_progress: ProgressFn = no_progress) -> str:
    """SHA-256 of the concatenation of ``files``, reporting bytes read."""
    digest = hashlib.sha256()
    total = sum(f.stat().st_size for f in files)
    done = 0
    for path in files:
        with path.open("rb") as handle:
            while chunk := handle.read(8 << 20):
                digest.update(chunk)
                done += len(chunk)
                on_progress(done, total, "verifying checksum")
    return digest.hexdigest()


def folder_bytes(folder: Path) -> int:
    """Size on disk of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def available_ram_gb() -> float:
    """Memory the OS can give us now, in GiB."""
    import psutil

    return float(psutil.virtual_memory().available) / (1 << 30)


def require_free_ram(need_gb: float, action: str) -> None:
    """Refuse ``action`` (e.g. "preparing X") when less memory is free than it needs.

    Raises:
        UserError: naming both figures, so the merchant knows how much to free.

    """
    free = available_ram_gb()
    if free < need_gb:
        raise UserError(
            f"{action} needs about {need_gb:.1f} GB of free memory; {free:.1f} GB is free now. "
            "Close other programs and try again."
        )


def require_free_disk(where: Path, need_bytes: int, action: str) -> None:
    """Refuse ``action`` when the disk holding ``where`` has less room than it needs.

    Raises:
        UserError: naming both figures and the folder.

    """
    free = shutil.disk_usage(where).free
    if free < need_bytes:
        raise UserError(
            f"{action} needs about {need_bytes / 1e9:.1f} GB of disk in {where}; "
            f"{free / 1e9:.1f} GB is free"
        )
