"""Settings and small key/value state kept in the ``setting`` table (JSON values)."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from sidekick.config.settings import Settings, from_json_values, to_json_values
from sidekick.db.tables import SettingRow

# Keys of internal state share the table with settings; they start with this prefix.
STATE_PREFIX = "state."


def get_value(*, session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    return default if row is None else json.loads(row.value)


def set_value(*, session: Session, key: str, value: Any) -> None:
    row = session.get(SettingRow, key)
    text = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(SettingRow(key=key, value=text))
    else:
        row.value = text
    session.flush()


def load_settings(*, session: Session) -> tuple[Settings, list[str]]:
    """The stored settings (defaults for what is missing) and any problems found in them."""
    values = {
        row.key: json.loads(row.value)
        for row in session.exec(select(SettingRow))
        if not row.key.startswith(STATE_PREFIX)
    }
    return from_json_values(values)


def save_settings(*, session: Session, settings: Settings) -> None:
    for key, value in to_json_values(settings).items():
        set_value(session=session, key=key, value=value)
