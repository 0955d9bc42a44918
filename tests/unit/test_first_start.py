"""What a first start leaves to the helper process (``sidekick prepare-start``) and what it does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sidekick.app.first_start import needs_preparing
from sidekick.cli.main import main
from sidekick.config import paths
from sidekick.config.settings import Settings
from sidekick.db.search_load import load_index
from sidekick.db.settings_store import save_settings
from sidekick.db.store import Store, open_store


def test_a_new_machine_needs_it_and_afterwards_nothing_is_left_to_do(sidekick_home: Path) -> None:
    database = paths.database_path()
    assert not database.exists() and needs_preparing(database)
    assert main(["prepare-start"]) == 0
    assert not needs_preparing(database)
    store = Store(database)
    assert not store.is_empty()  # the demo shop
    assert load_index(database).recomputed_forms == {}  # the phrases' search forms were stored


def test_a_damaged_database_is_left_to_the_apps_own_recovery(sidekick_home: Path) -> None:
    database = paths.database_path()
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"not a database at all" * 100)
    assert not needs_preparing(database)


def test_an_empty_library_waiting_for_its_team_hub_needs_nothing(sidekick_home: Path) -> None:
    store = open_store()
    with store.session() as session:
        save_settings(session=session, settings=replace(Settings(), hub_url="postgresql://hub.example/shop"))
    store.close()
    assert not needs_preparing(paths.database_path())
    # Without the hub the same empty library is filled with the demo shop by the helper.
    store = open_store()
    with store.session() as session:
        save_settings(session=session, settings=Settings())
    store.close()
    assert needs_preparing(paths.database_path())
