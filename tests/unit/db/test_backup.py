"""Backups: the online copy, rolling retention, and a restore that refuses what is not ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from sidekick.cli.main import main
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository
from sidekick.db.backup import BackupError, rolling_backup
from sidekick.db.store import open_store


def add_phrase(store, title: str) -> None:
    with store.session() as session:
        repository.save_phrase(session=session, phrase=Phrase(
            id=new_id(), library=LibraryKind.PERSONAL, category=CategoryPath("常用"), title=title, body="您好"))


def titles(store) -> list[str]:
    with store.session() as session:
        return [p.title for p in repository.list_phrases(session=session)]


def test_backup_then_restore_brings_the_old_library_back(store, tmp_path: Path, capsys) -> None:
    add_phrase(store, "备份前")
    backup = tmp_path / "b.db"
    assert main(["backup", str(backup)]) == 0
    add_phrase(store, "备份后")
    store.close()
    assert main(["restore", str(backup)]) == 0
    assert "previous database was saved" in capsys.readouterr().out
    reopened = open_store()
    assert titles(reopened) == ["备份前"]
    reopened.close()


def test_restore_refuses_a_file_that_is_not_a_backup(store, tmp_path: Path, capsys) -> None:
    add_phrase(store, "保留")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all")
    assert main(["restore", str(junk)]) == 2
    assert "not a Sidekick backup" in capsys.readouterr().err
    assert titles(store) == ["保留"]


def test_rolling_backups_keep_the_newest(store, tmp_path: Path) -> None:
    for _ in range(5):
        rolling_backup(store.path, tmp_path, keep=3)
    assert len(list(tmp_path.glob("*-auto.db"))) == 3
    with pytest.raises(BackupError):
        rolling_backup(tmp_path / "missing.db", tmp_path, keep=3)


def test_opening_an_older_schema_backs_it_up_first(sidekick_home: Path) -> None:
    """A database at an older revision is copied aside, then upgraded; the copy keeps the data."""
    import sqlite3

    from alembic import command

    from sidekick.db.engine import make_engine, sqlite_url
    from sidekick.db.migrate import alembic_config, current_revision, head_revision

    path = sidekick_home / "sidekick.db"
    engine = make_engine(sqlite_url(path))
    config = alembic_config(str(engine.url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO library (id, kind, name, shop, owner) VALUES ('personal', 'personal', '私人短语', 'default', '')")
    engine.dispose()
    assert head_revision() != "0001"

    store = open_store()
    assert store.migration_backup is not None and store.migration_backup.exists()
    assert current_revision(store.engine) == head_revision()
    saved = sqlite3.connect(store.migration_backup)
    assert saved.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert saved.execute("SELECT name FROM library").fetchall() == [("私人短语",)]
    saved.close()
    store.close()
