"""Where Sidekick keeps its files.

The data directory comes from platformdirs; ``SIDEKICK_HOME`` overrides it (tests and scripts
use it). Everything the app writes lives below that one directory.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Sidekick"
HOME_ENV = "SIDEKICK_HOME"


def data_dir() -> Path:
    """The directory holding the database, backups, settings and logs (created if missing)."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    return data_dir() / "sidekick.db"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path

