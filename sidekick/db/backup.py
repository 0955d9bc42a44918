"""Backups of the local SQLite database with SQLite's online backup API.

The online API copies a consistent snapshot even while the app holds the database open
(WAL included), which a plain file copy does not guarantee.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

BACKUP_SUFFIX = ".db"


class BackupError(ValueError):
    """A backup or restore that cannot be done; the message says why."""


def backup_to(database: Path, destination: Path) -> Path:
    """Copy ``database`` into ``destination`` (a new file) and return it."""
    if not database.exists():
        raise BackupError(f"there is no database at {database} to back up")
    destination.parent.mkdir(parents=True, exist_ok=True)
    _copy(sqlite3.connect(database), destination)
    return destination


def _copy(source: sqlite3.Connection, destination: Path) -> None:
    """Copy the open ``source`` database into ``destination`` page by page; closes ``source``."""
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def timestamped_name(reason: str) -> str:
    return f"sidekick-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}-{reason}{BACKUP_SUFFIX}"


def rolling_backup(database: Path, directory: Path, keep: int, reason: str = "auto") -> Path:
    """A new timestamped backup in ``directory``; keeps the newest ``keep`` of this ``reason``."""
    path = backup_to(database, directory / timestamped_name(reason))
    ours = sorted(directory.glob(f"sidekick-*-{reason}{BACKUP_SUFFIX}"))
    for old in ours[: max(0, len(ours) - max(1, keep))]:
        old.unlink(missing_ok=True)
    return path


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not a Sidekick database (or is damaged)."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not a Sidekick backup (not an SQLite database)")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (integrity check failed)")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read: {error}") from error
    finally:
        connection.close()
    if not {"phrase", "product", "alembic_version"} <= tables:
        raise BackupError(f"{path} is not a Sidekick backup (its tables are missing)")


def restore_from(backup: Path, database: Path, safety_directory: Path) -> Path | None:
    """Replace ``database`` with ``backup``; the current database is backed up first.

    Returns the safety backup's path (None when there was no database yet).
    """
    check_backup_file(backup)
    safety = None
    if database.exists():
        safety = backup_to(database, safety_directory / timestamped_name("before-restore"))
    _copy(sqlite3.connect(f"file:{backup}?mode=ro", uri=True), database)
    return safety
