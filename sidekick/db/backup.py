"""Backups of the local SQLite database with SQLite's online backup API, and putting one back.

The online API copies a consistent snapshot even while the app holds the database open
(WAL included), which a plain file copy does not guarantee.

Rules that keep a way back open:
- a backup is only taken of a sound database (``quick_check`` first): a damaged file would
  push good backups out of the rolling set;
- it is written to a hidden temporary name, checked, flushed to disk and only then renamed to
  its final name, so a killed or disk-full backup never leaves a partial ``.db`` that looks
  like a backup (``.part`` leftovers of a killed one are removed by the next backup);
- old backups are rotated out only after the new one is complete, so the newest good backup
  always survives;
- ``restore_from`` moves a damaged current database aside (a rename: nothing needs to read it)
  instead of copying it through SQLite, which fails on exactly the files that need restoring.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sidekick.core.messages import Message
from sidekick.db.change_mark import bump_mark, read_mark
from sidekick.db.health import disk_full, integrity_problems

BACKUP_SUFFIX = ".db"
PART_SUFFIX = ".part"
STALE_PART_SECONDS = 3600  # a .part file this old belongs to a backup that was killed
SIDECARS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database


class BackupError(ValueError):
    """A backup or restore that cannot be done; the message says why."""


def backup_to(database: Path, destination: Path) -> Path:
    """Copy ``database`` into ``destination`` (a new file) and return it.

    Refuses a damaged source; the copy appears under its name only once it is complete.
    """
    if not database.exists():
        raise BackupError(Message("there is no database at %1 to back up", database))
    problems = integrity_problems(database)
    if problems:
        raise BackupError(Message("the database %1 is damaged (%2), so a copy of it would not be a good backup; "
                                  "nothing was written and no backup was removed. Run `sidekick doctor`, then "
                                  "`sidekick restore --latest`", database, problems[0]))
    destination.parent.mkdir(parents=True, exist_ok=True)
    _write_complete(lambda: sqlite3.connect(database, timeout=30), destination)
    return destination


def _part_name(destination: Path) -> Path:
    return destination.with_name(f".{destination.name}{PART_SUFFIX}")


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *SIDECARS):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _write_complete(open_source: Callable[[], sqlite3.Connection], destination: Path) -> None:
    """Copy the database ``open_source()`` opens to ``destination`` through a temporary name."""
    part = _part_name(destination)
    _remove_with_sidecars(part)
    try:
        _copy(open_source(), part)
        problems = integrity_problems(part)
        if problems:
            raise BackupError(Message("the copy written to %1 did not check out (%2); nothing was kept", part, problems[0]))
        with part.open("rb+") as handle:
            os.fsync(handle.fileno())  # the data is on disk before the name says "complete"
        os.replace(part, destination)
    except (OSError, sqlite3.Error) as error:
        _remove_with_sidecars(part)
        if disk_full(error):
            raise BackupError(Message("the disk is full: %1 was not written (nothing half-written was left). Free "
                                      "some space in %2 and try again", destination.name, destination.parent)) from error
        raise BackupError(Message("%1 could not be written: %2", destination, error)) from error
    except BaseException:
        _remove_with_sidecars(part)
        raise


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


def _remove_stale_parts(directory: Path) -> None:
    cutoff = time.time() - STALE_PART_SECONDS
    for part in directory.glob(f".sidekick-*{PART_SUFFIX}*"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except OSError:
            pass


def rolling_backup(database: Path, directory: Path, keep: int, reason: str = "auto") -> Path:
    """A new timestamped backup in ``directory``; keeps the newest ``keep`` of this ``reason``.

    Older ones are removed only after the new one is complete and checked, so the newest good
    backup is never rotated out.
    """
    if directory.exists():
        _remove_stale_parts(directory)
    path = backup_to(database, directory / timestamped_name(reason))
    ours = sorted(directory.glob(f"sidekick-*-{reason}{BACKUP_SUFFIX}"))
    for old in ours[: max(0, len(ours) - max(1, keep))]:
        if old != path:
            old.unlink(missing_ok=True)
    return path


def check_backup_file(path: Path, *, full: bool = True) -> None:
    """Refuse a file that is not a Sidekick database (or is damaged)."""
    if not path.is_file():
        raise BackupError(Message("%1 does not exist", path))
    if path.name.endswith(PART_SUFFIX) or path.name.startswith("."):
        raise BackupError(Message("%1 is an unfinished backup (it was interrupted); choose a complete one", path))
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupError(Message("%1 is not a Sidekick backup (not an SQLite database)", path))
    problems = integrity_problems(path, full=full)
    if problems:
        raise BackupError(Message("%1 is damaged (integrity check failed: %2)", path, problems[0]))
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(Message("%1 cannot be read: %2", path, error)) from error
    if not {"phrase", "product", "alembic_version"} <= tables:
        raise BackupError(Message("%1 is not a Sidekick backup (its tables are missing)", path))


def newest_good_backup(directory: Path) -> Path | None:
    """The newest complete backup in ``directory`` that passes the quick check (None: none)."""
    if not directory.is_dir():
        return None
    for candidate in sorted(directory.glob(f"sidekick-*{BACKUP_SUFFIX}"), reverse=True):  # names sort by time
        try:
            check_backup_file(candidate, full=False)
        except BackupError:
            continue
        return candidate
    return None


def restore_from(backup: Path, database: Path, safety_directory: Path) -> Path | None:
    """Replace ``database`` with ``backup`` and return where the previous database was kept.

    A sound current database is backed up first (``…-before-restore.db``) and the backup is
    copied into it through SQLite, so a running app's connections see the change. A damaged or
    empty one is renamed aside (``…-damaged.db``, its WAL beside it) and the backup put in its
    place under a temporary name first. None when there was no database yet.
    """
    check_backup_file(backup)
    if database.exists() and not integrity_problems(database):
        safety = backup_to(database, safety_directory / timestamped_name("before-restore"))
        with closing(sqlite3.connect(database, timeout=30)) as current:
            mark = read_mark(current)
        try:
            _copy(sqlite3.connect(f"file:{backup}?mode=ro", uri=True), database)
            with closing(sqlite3.connect(database, timeout=30)) as restored, restored:
                bump_mark(restored, at_least=mark)  # the backup's own mark may equal the current one
        except sqlite3.Error as error:
            if disk_full(error):
                raise BackupError(Message("the disk is full: the restore was not done and the database is unchanged. "
                                          "Free some space and try again")) from error
            raise BackupError(Message("the restore failed (%1); the database is unchanged", error)) from error
        return safety
    aside = None
    if database.exists():
        safety_directory.mkdir(parents=True, exist_ok=True)
        aside = safety_directory / timestamped_name("damaged")
        for suffix in ("", *SIDECARS):
            source = Path(f"{database}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{aside}{suffix}"))
    else:
        for suffix in SIDECARS:  # leftovers of a file that is gone would be applied to the new one
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    _write_complete(lambda: sqlite3.connect(f"file:{backup}?mode=ro", uri=True), database)
    return aside
