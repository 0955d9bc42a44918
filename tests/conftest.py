"""Shared test setup: every test gets its own empty Sidekick home."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.shared_data import SHARED, missing_message


def pytest_sessionstart(session: pytest.Session) -> None:
    """Without ../shared/ the run stops before collecting, with one message naming the folder.

    Dozens of tests read real files from there; one clear failure beats dozens of identical ones.
    """
    if not SHARED.is_dir():
        pytest.exit(missing_message(SHARED), returncode=pytest.ExitCode.USAGE_ERROR)


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
