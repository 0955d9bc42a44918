"""The lean start-up path of the local database: no Alembic, no SQLAlchemy when nothing is due.

``open_store`` on a current schema, ``Store.read_settings`` and ``Store.is_empty`` use the
sqlite3 module; these tests hold them to what the repository (the source of truth) says, and
check that the full path (migration with a backup first, library rows) still runs when needed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Product, new_id
from sidekick.db import repository
from sidekick.db.migrate import head_revision, script_head, stored_revision
from sidekick.db.settings_store import load_settings, save_settings, set_value
from sidekick.db.store import STARTUP_LIBRARY_IDS, open_store

REPO = Path(__file__).resolve().parents[3]


def _phrase(library: LibraryKind = LibraryKind.PERSONAL) -> Phrase:
    return Phrase(id=new_id(), library=library, category=CategoryPath("常用"), title="您好", body="您好，在的😊")


def _repository_empty(store) -> bool:
    with store.session() as session:
        return not any(repository.counts(session=session).values())


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    assert script_head() == head_revision() != ""


def test_the_library_ids_checked_at_start_are_the_repositorys() -> None:
    assert set(STARTUP_LIBRARY_IDS) == set(repository.LIBRARY_IDS.values())


def test_raw_settings_read_agrees_with_the_repository(store) -> None:
    assert store.read_settings() == (Settings(), [])
    changed = replace(Settings(), hotkey="<ctrl>+<alt>+k", agent_name="小棉", shop_name="青棉小筑", popup_limit=12)
    with store.session() as session:
        save_settings(session=session, settings=changed)
        set_value(session=session, key="state.hub.role", value="lead")  # state: not a setting
        set_value(session=session, key="no_such_setting", value=1)  # reported, as the ORM read does
        expected = load_settings(session=session)
    assert store.read_settings() == expected
    assert expected[0] == changed and expected[1]


def test_raw_emptiness_agrees_with_the_repository(store) -> None:
    assert store.is_empty() is _repository_empty(store) is True
    phrase = _phrase()
    with store.session() as session:
        repository.save_phrase(session=session, phrase=phrase)
    assert store.is_empty() is _repository_empty(store) is False
    with store.session() as session:
        repository.delete_phrase(session=session, phrase_id=phrase.id)
    assert store.is_empty() is _repository_empty(store) is True  # a deleted phrase is not a phrase
    with store.session() as session:
        repository.save_product(session=session, product=Product(new_id(), "600001", "纯棉T恤", price=Decimal(79)))
    assert store.is_empty() is _repository_empty(store) is False


@pytest.mark.slow  # a child process
def test_a_current_database_opens_without_alembic_or_sqlalchemy(sidekick_home: Path) -> None:
    first = open_store()
    with first.session() as session:
        repository.save_phrase(session=session, phrase=_phrase(LibraryKind.TEAM))
    first.close()
    probe = """
import json, sys
from sidekick.db.store import open_store
store = open_store()
settings, problems = store.read_settings()
print(json.dumps({"empty": store.is_empty(), "hotkey": settings.hotkey, "engine": store.engine_made,
                  "loaded": sorted(m for m in ("alembic", "sqlalchemy", "sqlmodel", "pydantic") if m in sys.modules)}))
"""
    env = {**os.environ, "SIDEKICK_HOME": str(sidekick_home), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, cwd=REPO)
    seen = json.loads(result.stdout)
    assert seen == {"empty": False, "hotkey": Settings().hotkey, "engine": False, "loaded": []}


def test_an_older_schema_is_still_migrated_with_a_backup_first(sidekick_home: Path) -> None:
    from alembic import command

    from sidekick.db.engine import make_engine, sqlite_url
    from sidekick.db.migrate import alembic_config

    path = sidekick_home / "sidekick.db"
    engine = make_engine(sqlite_url(path))
    config = alembic_config(str(engine.url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    assert stored_revision(path) == "0001" != script_head()

    store = open_store()
    assert stored_revision(path) == head_revision()
    assert store.migration_backup is not None and store.migration_backup.exists()
    assert stored_revision(store.migration_backup) == "0001"
    with sqlite3.connect(path) as connection:  # the library rows were made by the full path
        assert sorted(row[0] for row in connection.execute("SELECT id FROM library")) == sorted(STARTUP_LIBRARY_IDS)
    store.close()


def test_a_missing_library_row_is_recreated_through_the_repository(sidekick_home: Path) -> None:
    open_store().close()
    path = sidekick_home / "sidekick.db"
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM library WHERE id = 'team'")
    connection.close()
    store = open_store()
    assert store.engine_made  # not the lean path: something had to be written
    with sqlite3.connect(path) as connection:
        assert sorted(row[0] for row in connection.execute("SELECT id FROM library")) == sorted(STARTUP_LIBRARY_IDS)
    connection.close()
    store.close()


def test_a_new_database_is_created_through_alembic(sidekick_home: Path) -> None:
    store = open_store()
    assert stored_revision(sidekick_home / "sidekick.db") == head_revision()
    assert store.migration_backup is None  # nothing to back up in a new file
    assert store.is_empty()
    store.close()
