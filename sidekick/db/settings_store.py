"""Settings and small key/value state kept in the ``setting`` table (JSON values).

``load_settings`` reads through a session like every other repository call;
``read_settings`` reads the same rows with the sqlite3 module, for the app's start-up, which
must not pay for importing SQLModel/SQLAlchemy just to learn the hotkey. Both turn rows into
``Settings`` with the same ``settings_from_rows``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sidekick.config.settings import Settings, from_json_values, to_json_values

if TYPE_CHECKING:
    from sqlmodel import Session

# Keys of internal state share the table with settings; they start with this prefix.
STATE_PREFIX = "state."


def get_value(*, session: Session, key: str, default: Any = None) -> Any:
    from sidekick.db.tables import SettingRow

    row = session.get(SettingRow, key)
    return default if row is None else json.loads(row.value)


def set_value(*, session: Session, key: str, value: Any) -> None:
    from sidekick.db.tables import SettingRow

    row = session.get(SettingRow, key)
    text = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(SettingRow(key=key, value=text))
    else:
        row.value = text
    session.flush()


def settings_from_rows(rows: Iterable[tuple[str, str]]) -> tuple[Settings, list[str]]:
    """Settings from ``(key, JSON value)`` rows of the setting table; state keys are skipped."""
    return from_json_values({key: json.loads(value) for key, value in rows if not key.startswith(STATE_PREFIX)})


def load_settings(*, session: Session) -> tuple[Settings, list[str]]:
    """The stored settings (defaults for what is missing) and any problems found in them."""
    from sqlmodel import select

    from sidekick.db.tables import SettingRow

    return settings_from_rows((row.key, row.value) for row in session.exec(select(SettingRow)))


def read_settings(connection: sqlite3.Connection) -> tuple[Settings, list[str]]:
    """``load_settings`` over a plain sqlite3 connection (same rows, same result)."""
    return settings_from_rows(connection.execute("SELECT key, value FROM setting"))


def stored_settings(database: Path) -> Settings:
    """The settings in ``database``, read-only; the defaults when it is missing or unreadable.

    For the first moments of a command (the log level), before the database is opened for
    real: a damaged or absent file is the command's business, not this read's.
    """
    if not database.exists():
        return Settings()
    try:
        with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=5)) as connection:
            return read_settings(connection)[0]
    except (sqlite3.Error, ValueError):
        return Settings()


def stored_value(database: Path, key: str, default: Any = None) -> Any:
    """One stored setting, read-only and without waiting on a writer (``stored_settings`` for a
    single key); ``default`` when the database, the key or a readable value is missing."""
    if not database.is_file():
        return default
    try:
        with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=0.5)) as connection:
            row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default
    except (sqlite3.Error, ValueError):
        return default


def save_settings(*, session: Session, settings: Settings) -> None:
    for key, value in to_json_values(settings).items():
        set_value(session=session, key=key, value=value)
