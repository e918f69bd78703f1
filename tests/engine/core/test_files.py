import os

import pytest

from engine.core.files import atomic_write_bytes, atomic_write_text, join_files, sha256_of


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("engine.core.files.os.replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left behind


def test_join_and_hash(tmp_path):
    parts = []
    for i, data in enumerate((b"abc", b"", b"def")):
        part = tmp_path / f"p{i}"
        part.write_bytes(data)
        parts.append(part)
    join_files(parts, tmp_path / "joined")
    assert (tmp_path / "joined").read_bytes() == b"abcdef"
    assert sha256_of(parts) == sha256_of([tmp_path / "joined"])
    assert os.path.getsize(tmp_path / "joined") == 6


def test_free_ram_and_disk_checks_name_both_figures(monkeypatch, tmp_path):
    import shutil
    from collections import namedtuple

    import engine.core.files as files
    from engine.core.errors import UserError

    monkeypatch.setattr(files, "available_ram_gb", lambda: 1.5)
    with pytest.raises(UserError, match=r"converting x needs about 5\.0 GB .* 1\.5 GB is free"):
        files.require_free_ram(5.0, "converting x")
    files.require_free_ram(1.0, "converting x")  # enough: no error

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda where: usage(10**12, 0, 2 * 10**9))
    with pytest.raises(UserError, match=r"importing needs about 3\.0 GB of disk .* 2\.0 GB"):
        files.require_free_disk(tmp_path, 3 * 10**9, "importing")
    files.require_free_disk(tmp_path, 10**9, "importing")
