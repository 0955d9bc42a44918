"""Start-up on an empty or damaged database: nothing is overwritten, the newest good backup is offered."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sidekick.app.recovery import Choice, ensure_usable_database
from sidekick.cli.main import main
from sidekick.config import paths
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository


def prepared_then_emptied(store) -> Path:
    with store.session() as session:
        repository.save_phrase(session=session, phrase=Phrase(
            id=new_id(), library=LibraryKind.PERSONAL, category=CategoryPath("常用"), title="留着", body="您好"))
    assert main(["backup"]) == 0
    store.close()
    store.path.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    return store.path


def titles(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT title FROM phrase")]
    finally:
        connection.close()


def test_an_empty_database_offers_the_newest_backup_and_restores_it(qapp, store) -> None:
    database = prepared_then_emptied(store)
    asked = []

    def ask(path, problem, newest):
        asked.append((path, problem, newest))
        return Choice.RESTORE

    assert ensure_usable_database(ask)
    (path, problem, newest), = asked
    assert path == database and "empty" in problem and newest is not None
    assert titles(database) == ["留着"]
    assert list(paths.backups_dir().glob("*-damaged.db"))  # the empty file is kept aside


def test_quitting_leaves_the_file_untouched(qapp, store) -> None:
    database = prepared_then_emptied(store)
    assert not ensure_usable_database(lambda *_: Choice.QUIT)
    assert database.stat().st_size == 0
    assert not list(paths.backups_dir().glob("*-damaged.db"))


def test_starting_fresh_keeps_the_damaged_file_aside(qapp, store) -> None:
    database = prepared_then_emptied(store)
    assert ensure_usable_database(lambda *_: Choice.FRESH)
    assert not database.exists()
    (aside,) = paths.backups_dir().glob("*-damaged.db")
    assert aside.stat().st_size == 0


def test_a_sound_database_asks_nothing(qapp, store) -> None:
    def never(*_):
        raise AssertionError("asked about a sound database")

    assert ensure_usable_database(never)
