"""Schema upgrades through Alembic, with a backup of the database taken first.

Opening a database whose schema is already current is every normal start of the tray app, so
that check stays cheap: ``schema_is_current`` reads ``alembic_version`` with the sqlite3
module and compares it with the head revision read from the migration scripts' own text.
Alembic (≈10 MB resident once imported, and it pulls in SQLAlchemy) is imported only by the
functions that really need it: ``upgrade`` when there is something to migrate, and the
reporting helpers ``head_revision``/``current_revision``.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sidekick.db.backup import backup_to, timestamped_name

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    """The newest revision, as Alembic sees the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _script_revisions(source: str) -> tuple[str | None, tuple[str, ...]]:
    """``revision`` and ``down_revision`` of one migration script, from its module-level
    assignments (literals only, as Alembic writes them); (None, ()) when absent."""
    revision: str | None = None
    down: tuple[str, ...] = ()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            value = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names, value = [node.target.id], node.value
        else:
            continue
        try:
            literal = ast.literal_eval(value)
        except ValueError:
            continue
        if "revision" in names and isinstance(literal, str):
            revision = literal
        elif "down_revision" in names:
            if isinstance(literal, str):
                down = (literal,)
            elif isinstance(literal, (tuple, list)):
                down = tuple(str(item) for item in literal)
    return revision, down


def script_head() -> str | None:
    """The single head revision of the migration scripts, read without importing Alembic.

    None when it cannot be told for sure (no scripts, several heads, a script whose revision
    is not a plain literal): callers then ask Alembic itself (``head_revision``).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted(VERSIONS_DIR.glob("*.py")):
        revision, down = _script_revisions(script.read_text(encoding="utf-8"))
        if revision is None:
            return None
        revisions.add(revision)
        parents.update(down)
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def stored_revision(database: Path) -> str | None:
    """The revision recorded in the database file, read with sqlite3 (no file, no table or
    more than one row (branches): None)."""
    if not database.exists():
        return None
    try:
        # A plain connection, not ``mode=ro``: a read-only one cannot open a WAL database whose
        # -shm file is missing. Only SELECTs run on it.
        connection = sqlite3.connect(database, timeout=30)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:  # no alembic_version table: a new or foreign file
        return None
    finally:
        connection.close()
    return rows[0][0] if len(rows) == 1 else None


def schema_is_current(database: Path) -> bool:
    """True when ``database`` exists and is at the head revision, known without Alembic."""
    head = script_head()
    return head is not None and stored_revision(database) == head


def upgrade(engine: Engine, database: Path | None, backups: Path | None) -> Path | None:
    """Bring the schema to the newest revision.

    When a database file with an older schema exists, it is first copied to a timestamped
    backup (returned) so a failed or unwanted migration can be undone with ``sidekick restore``.
    """
    from alembic import command

    current = current_revision(engine)
    if current == head_revision():
        return None
    saved = None
    if current is not None and database is not None and backups is not None and database.exists():
        saved = backup_to(database, backups / timestamped_name(f"before-migration-{current}"))
    config = alembic_config(str(engine.url))
    with engine.execution_options(sidekick_write=True).begin() as connection:  # the write lock, as for every write
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return saved
