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
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine.core.errors import UserError
from engine.core.files import atomic_path, fsync_dir

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

    def to_json(self) -> dict[str, object]:
        """The backup as the CLI and the window list it."""
        return {
            "path": str(self.path),
            "label": self.label,
            "created": self.created.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": self.size,
        }

    @property
    def size(self) -> int:
        """The file's size in bytes (0 when it is gone)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


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


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of the database ``source`` at ``target`` (temp file, fsync, rename).

    Uses SQLite's online backup API, so a writer may be busy meanwhile.

    Raises:
        DiskFull: when there is no room (the partial copy is removed).

    """
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
    try:
        with atomic_path(target) as tmp:
            copy = sqlite3.connect(tmp)
            try:
                reader.backup(copy)
            finally:
                copy.close()
    finally:
        reader.close()


def make_backup(db_path: Path, reason: str = "manual") -> Path | None:
    """A consistent copy of the database in ``backups/``; the oldest beyond :data:`KEEP` go.

    Returns:
        The backup's path, or None when there is no database yet.

    """
    if not re.fullmatch(r"[a-z-]+", reason):
        raise ValueError(f"a backup reason is lowercase words and dashes, not {reason!r}")
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    copy_database(db_path, target)
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
    copy_database(backup, db_path)
    return aside


def newest_good_backup(db_path: Path) -> Backup | None:
    """The newest backup that passes ``quick_check`` (None when there is none)."""
    return next((b for b in list_backups(db_path) if quick_check(b.path) == "ok"), None)


def restore_into(conn: sqlite3.Connection, db_path: Path, backup: Path) -> Path:
    """Copy ``backup`` into the open database in place; every connection sees it at once.

    Nothing needs closing: SQLite's backup API writes the pages under its own lock. The
    content it replaces is kept first beside the database as ``<name>.replaced-<stamp>``.

    Returns:
        Where the replaced content was kept.

    Raises:
        UserError: when the backup does not pass the integrity check (nothing is changed).

    """
    if quick_check(backup) != "ok":
        raise UserError(f"the backup {backup.name} is damaged too; choose an older one")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    kept = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    copy_database(db_path, kept)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True, timeout=10)
    try:
        source.backup(conn)
    finally:
        source.close()
    return kept


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
    newest = newest_good_backup(db_path)
    offer = f" The newest backup is from {newest.label}." if newest else " There is no backup."
    raise CorruptDatabase(
        f"ShopScribe's database is damaged ({verdict[:120]}). It was moved aside to "
        f"{aside or db_path} and nothing was deleted.{offer}",
        db_path,
        aside,
    )
