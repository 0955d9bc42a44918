"""Opening the local database: migrate (with a backup first), then hand out transactions.

The tray app opens its database once per start, and a normal start finds the schema current
and the library rows present. That path is kept free of SQLAlchemy, SQLModel and Alembic
(together ≈50 MB resident, most of the app's idle memory): ``open_store`` checks the schema
revision and the library rows with the sqlite3 module, and the engine is only made when
something first asks for it (``Store.engine``/``Store.session()``: every write, and the
loaders that take an engine). A database that needs creating or upgrading goes the full way
through Alembic and the repository, as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sidekick.config import paths
from sidekick.config.settings import Settings
from sidekick.db.backup import newest_good_backup, rolling_backup
from sidekick.db.health import DamagedDatabase, startup_problem
from sidekick.db.migrate import schema_is_current
from sidekick.db.settings_store import read_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

# The rows ``repository.ensure_libraries`` creates (``repository.LIBRARY_IDS``; a test keeps
# the two in step). Only read here: creating them stays the repository's job.
STARTUP_LIBRARY_IDS = ("team", "personal")


class Store:
    """The agent's local database."""

    def __init__(self, path: Path, engine: Engine | None = None, migration_backup: Path | None = None) -> None:
        self.path = path
        self.migration_backup = migration_backup  # set when opening upgraded an older schema
        self._engine = engine

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        if self._engine is None:
            from sidekick.db.engine import make_engine, sqlite_url

            self._engine = make_engine(sqlite_url(self.path))
        return self._engine

    @property
    def engine_made(self) -> bool:
        """Whether anything has needed the engine yet (tests check the lean start-up path)."""
        return self._engine is not None

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """One transaction (committed at the end of the block, rolled back on error);
        ``read_only``: a read transaction that never waits on a writer."""
        from sidekick.db.engine import session_scope

        with session_scope(self.engine, read_only=read_only) as session:
            yield session

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A short-lived plain sqlite3 connection for start-up reads (SELECTs only)."""
        with closing(sqlite3.connect(self.path, timeout=30)) as connection:
            yield connection

    def read_settings(self) -> tuple[Settings, list[str]]:
        """The stored settings and any problems found in them (``settings_store.load_settings``
        without a session)."""
        with self.reader() as connection:
            return read_settings(connection)

    def auto_backup(self, reason: str = "auto") -> Path | None:
        """A rolling backup, keeping as many as the ``backups_keep`` setting says."""
        if not self.path.exists():
            return None
        settings, _ = self.read_settings()
        return rolling_backup(self.path, paths.backups_dir(), settings.backups_keep, reason)

    def is_empty(self) -> bool:
        """No live phrase and no live product (what ``repository.counts`` would report as all
        zeros), read with sqlite3."""
        with self.reader() as connection:
            (found,) = connection.execute(
                "SELECT EXISTS (SELECT 1 FROM phrase WHERE NOT deleted)"
                " OR EXISTS (SELECT 1 FROM product WHERE NOT deleted)"
            ).fetchone()
        return not found

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _libraries_present(path: Path) -> bool:
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        marks = ",".join("?" * len(STARTUP_LIBRARY_IDS))
        (count,) = connection.execute(f"SELECT count(*) FROM library WHERE id IN ({marks})", STARTUP_LIBRARY_IDS).fetchone()
    return int(count) == len(STARTUP_LIBRARY_IDS)


def open_ready(path: Path) -> Store | None:
    """The normal start: the database at ``path`` opened without writing anything, or None when
    it must first be created or upgraded (``open_store`` does that). Read with sqlite3 only.

    An existing file that is empty or damaged is never opened for writing (SQLite would turn a
    0-byte file into a new, empty library): ``DamagedDatabase`` names the newest good backup.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    problem = startup_problem(path)
    if problem is not None:
        raise DamagedDatabase(path, problem, newest_good_backup(paths.backups_dir()))
    if schema_is_current(path) and _libraries_present(path):
        return Store(path)  # nothing to write, no engine yet
    return None


def open_store(path: Path | None = None) -> Store:
    """Open (creating or upgrading as needed) the database at ``path``, default the user's;
    ``DamagedDatabase`` as ``open_ready``."""
    path = path or paths.database_path()
    ready = open_ready(path)
    if ready is not None:
        return ready

    from sidekick.db import repository
    from sidekick.db.engine import make_engine, session_scope, sqlite_url
    from sidekick.db.migrate import upgrade

    engine = make_engine(sqlite_url(path))
    saved = upgrade(engine, path, paths.backups_dir())
    with session_scope(engine) as session:
        repository.ensure_libraries(session=session)
    return Store(path, engine=engine, migration_backup=saved)
