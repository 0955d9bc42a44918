"""Is the database file sound? Integrity checks, the cheap start-up check, and disk-full errors.

Three levels, from cheap to thorough:
- ``startup_problem``: every start — the file is not empty, starts with SQLite's header and its
  schema can be read (a few page reads, nothing scanned);
- ``integrity_problems(full=False)``: SQLite's ``PRAGMA quick_check`` (``sidekick doctor``,
  before every backup);
- ``integrity_problems(full=True)``: ``PRAGMA integrity_check`` (``sidekick doctor --full``,
  and a backup before it is restored).
Only plain sqlite3 and SELECT/PRAGMA statements: nothing here writes to the checked file.
"""

from __future__ import annotations

import errno
import sqlite3
from contextlib import closing
from pathlib import Path

from sidekick.core.messages import Message

SQLITE_HEADER = b"SQLite format 3\x00"
MAX_PROBLEMS_SHOWN = 10


class DamagedDatabase(RuntimeError):
    """The database file exists but cannot be used; nothing was written to it.

    The message says what is wrong and what to do (``sidekick restore --latest`` and the newest
    good backup when there is one).
    """

    def __init__(self, path: Path, reason: str, newest_backup: Path | None) -> None:
        self.path, self.reason, self.newest_backup = path, reason, newest_backup
        if newest_backup is not None:
            advice = Message("run `sidekick restore --latest` to put back the newest good backup (%1); the damaged "
                             "file is kept aside", newest_backup.name)
        else:
            advice = Message("no good backup was found; move the file away to start with an empty library, or "
                             "restore a backup you keep elsewhere with `sidekick restore FILE`")
        super().__init__(Message("the database %1 %2; it was left untouched. %3", path, reason, advice))


def disk_full(error: BaseException | None) -> bool:
    """True when ``error`` (or what it wraps) says the disk or the user's quota is full."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OSError) and error.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}:
            return True
        if isinstance(error, sqlite3.Error) and "database or disk is full" in str(error).lower():
            return True
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
        seen += 1
    return False


def damage_error(error: BaseException | None) -> str | None:
    """SQLite's words when ``error`` (or what it wraps) says the file is damaged, else None."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
            text = str(error)
            if "malformed" in text or "not a database" in text or "corrupt" in text:
                return text
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
        seen += 1
    return None


def file_problem(path: Path) -> str | None:
    """What is wrong with the file itself (missing, empty, not SQLite); None when it looks like SQLite."""
    if not path.is_file():
        return Message("does not exist")
    if path.stat().st_size == 0:
        return Message("is empty (0 bytes)")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return Message("is not an SQLite database")
    return None


def startup_problem(path: Path) -> str | None:
    """Why an existing database file cannot be opened as it is (None: open it).

    Cheap enough for every start: the header and the schema table, no scan. A file that does not
    exist is no problem (a first start creates it).
    """
    if not path.exists():
        return None
    problem = file_problem(path)
    if problem is not None:
        return problem
    try:
        # A plain connection (not mode=ro: that cannot open a WAL file whose -shm is missing);
        # only SELECTs run on it.
        with closing(sqlite3.connect(path, timeout=5)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            return None  # another process is writing: the file is in use, not damaged
        return Message("cannot be read (%1)", error)
    except sqlite3.DatabaseError as error:
        return Message("cannot be read (%1)", error)
    return None


def integrity_problems(path: Path, *, full: bool = False) -> list[str]:
    """SQLite's own check of every page (``full``) or of the structure (quick); [] means sound."""
    problem = file_problem(path)
    if problem is not None:
        return [Message("the file %1", problem)]
    pragma = "integrity_check" if full else "quick_check"
    try:
        with closing(sqlite3.connect(path, timeout=5)) as connection:
            rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}({MAX_PROBLEMS_SHOWN})")]
    except sqlite3.OperationalError as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            raise
        return [str(error)]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows
