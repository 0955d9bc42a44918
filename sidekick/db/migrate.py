"""Schema upgrades through Alembic, with a backup of the database taken first."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from sidekick.db.backup import backup_to, timestamped_name

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, database: Path | None, backups: Path | None) -> Path | None:
    """Bring the schema to the newest revision.

    When a database file with an older schema exists, it is first copied to a timestamped
    backup (returned) so a failed or unwanted migration can be undone with ``sidekick restore``.
    """
    current = current_revision(engine)
    if current == head_revision():
        return None
    saved = None
    if current is not None and database is not None and backups is not None and database.exists():
        saved = backup_to(database, backups / timestamped_name(f"before-migration-{current}"))
    config = alembic_config(str(engine.url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return saved
