"""Shared test setup: every test gets its own empty Sidekick home."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def sidekick_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty data directory in ``SIDEKICK_HOME`` for each test."""
    home = tmp_path_factory.mktemp("sidekick-home")
    monkeypatch.setenv("SIDEKICK_HOME", str(home))
    return home


@pytest.fixture
def store(sidekick_home: Path):
    """The local database in the test's home, migrated and ready."""
    from sidekick.db.store import open_store

    opened = open_store()
    yield opened
    opened.close()
