"""Opening the local database: migrate (with a backup first), then hand out transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from sidekick.config import paths
from sidekick.db import repository
from sidekick.db.backup import rolling_backup
from sidekick.db.engine import make_engine, session_scope, sqlite_url
from sidekick.db.migrate import upgrade
from sidekick.db.settings_store import load_settings


@dataclass
class Store:
    """The agent's local database."""

    engine: Engine
    path: Path
    migration_backup: Path | None = None  # set when opening upgraded an older schema

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction (committed at the end of the block, rolled back on error)."""
        with session_scope(self.engine) as session:
            yield session

    def auto_backup(self, reason: str = "auto") -> Path | None:
        """A rolling backup, keeping as many as the ``backups_keep`` setting says."""
        if not self.path.exists():
            return None
        with self.session() as session:
            settings, _ = load_settings(session=session)
        return rolling_backup(self.path, paths.backups_dir(), settings.backups_keep, reason)

    def is_empty(self) -> bool:
        with self.session() as session:
            counted = repository.counts(session=session)
        return not any(counted.values())

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path | None = None) -> Store:
    """Open (creating or upgrading as needed) the database at ``path``, default the user's."""
    path = path or paths.database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(sqlite_url(path))
    saved = upgrade(engine, path, paths.backups_dir())
    with session_scope(engine) as session:
        repository.ensure_libraries(session=session)
    return Store(engine=engine, path=path, migration_backup=saved)
