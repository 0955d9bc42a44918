"""The Alembic migrations build exactly the schema the SQLModel tables describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import sidekick.db.tables  # noqa: F401  imported for its side effect: registers the tables
from sidekick.db.engine import make_engine, sqlite_url
from sidekick.db.migrate import current_revision, head_revision, upgrade


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "fresh.db"))
    upgrade(engine, None, None)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    engine.dispose()
