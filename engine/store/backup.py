"""Backups of the database, its integrity check, and recovery from a damaged file.

A backup is a consistent copy made with SQLite's online backup API (readers and a writer may
be busy meanwhile), written beside its final name, synced and renamed in. One is made before
every migration and once a day while the app runs; the newest :data:`KEEP` are kept in
``<data folder>/backups/``. ``PRAGMA quick_check`` runs at start; a damaged database is moved
aside (never deleted) and the newest good backup can be restored in its place.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine.core.errors import UserError
from engine.core.files import fsync_dir

KEEP = 7
DAILY = timedelta(hours=24)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.db$")


class CorruptDatabase(UserError):
    """The database file is damaged; it was set aside and a backup may be restored."""

    def __init__(self, message: str, path: Path, aside: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.aside = aside


@dataclass(frozen=True)
class Backup:
    """One backup file."""

    path: Path
    created: datetime
    reason: str

    @property
    def label(self) -> str:
        """How the window lists it: when and why."""
        local = self.created.astimezone()
        return f"{local:%Y-%m-%d %H:%M} ({self.reason.replace('-', ' ')})"


def backups_dir(db_path: Path) -> Path:
    """Where a database's backups live (``backups/`` beside it)."""
    return db_path.parent / "backups"


def list_backups(db_path: Path) -> list[Backup]:
    """The database's backups, newest first."""
    folder = backups_dir(db_path)
    found = []
    for path in folder.glob(f"{db_path.stem}-*.db") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match is None:
            continue
        created = datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
        found.append(Backup(path, created, match.group("reason")))
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def make_backup(db_path: Path, reason: str = "manual") -> Path | None:
    """A consistent copy of the database in ``backups/``; the oldest beyond :data:`KEEP` go.

    Returns:
        The backup's path, or None when there is no database yet.

    """
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    tmp = target.with_name(f".{target.name}.tmp")
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        copy = sqlite3.connect(tmp)
        try:
            source.backup(copy)
        finally:
            copy.close()
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        fsync_dir(folder)
    finally:
        source.close()
        tmp.unlink(missing_ok=True)
    for old in list_backups(db_path)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return target


def backup_due(db_path: Path) -> bool:
    """True when the newest backup is older than a day (or there is none)."""
    newest = next(iter(list_backups(db_path)), None)
    return newest is None or datetime.now(UTC) - newest.created >= DAILY


def quick_check(db_path: Path) -> str:
    """``"ok"``, or what SQLite says is wrong with the file."""
    if not db_path.exists():
        return "ok"
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows[:5])
    return "ok" if result == "ok" else result


def set_aside(db_path: Path) -> Path:
    """Move a damaged database (and its -wal/-shm files) aside; returns where it went."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = db_path.with_name(db_path.name + suffix)
        if part.exists():
            os.replace(part, aside.with_name(aside.name + suffix))
    fsync_dir(db_path.parent)
    return aside


def restore(db_path: Path, backup: Path) -> Path | None:
    """Put ``backup`` in place of the database; the current one is set aside first.

    Returns:
        Where the replaced database went (None when there was none).

    Raises:
        UserError: when the backup itself does not pass the integrity check.

    """
    if quick_check(backup) != "ok":
        raise UserError(f"the backup {backup.name} is damaged too; choose an older one")
    aside = set_aside(db_path) if db_path.exists() else None
    tmp = db_path.with_name(f".{db_path.name}.restore.tmp")
    shutil.copyfile(backup, tmp)
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
    return aside


def check_or_set_aside(db_path: Path) -> None:
    """Raise :class:`CorruptDatabase` (after moving the file aside) when it is damaged.

    Raises:
        CorruptDatabase: naming what SQLite found, where the file went, the newest backup.

    """
    verdict = quick_check(db_path)
    if verdict == "ok":
        return
    aside = None
    with contextlib.suppress(OSError):
        aside = set_aside(db_path)
    newest = next(iter(list_backups(db_path)), None)
    offer = f" The newest backup is from {newest.label}." if newest else " There is no backup."
    raise CorruptDatabase(
        f"ShopScribe's database is damaged ({verdict[:120]}). It was moved aside to "
        f"{aside or db_path} and nothing was deleted.{offer}",
        db_path,
        aside,
    )
