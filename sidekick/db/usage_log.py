"""Recording one use of a phrase or product: the id and the time, never the text.

Plain DB-API SQL, so the app's paste path can record a use with the sqlite3 module alone
(``record_usage_at``) and never load the ORM for it; the repository runs the same statements
inside its own transaction. The running frecency follows ``sidekick.core.frecency``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from sidekick.core.frecency import after_one_more_use

# How SQLAlchemy stores a DateTime in SQLite; rows written here read back the same through the ORM.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def _stamp(moment: datetime) -> str:
    return moment.strftime(SQLITE_DATETIME)


def _parse(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def write_usage(connection: Any, target_id: str, kind: str, when: datetime) -> None:
    """Log the use and update ``usage_stat`` on an open DB-API connection (no commit)."""
    cursor = connection.cursor()
    try:
        cursor.execute("INSERT INTO usage_event (target_id, target_kind, used_at) VALUES (?, ?, ?)",
                       (target_id, kind, _stamp(when)))
        cursor.execute("SELECT count, last_used, decay_score, decay_ref FROM usage_stat WHERE target_id = ?",
                       (target_id,))
        row = cursor.fetchone()
        count, last_used, score, ref = (0, None, 0.0, None) if row is None else row
        last = _parse(last_used)
        last = when if last is None or when > last else last
        score = after_one_more_use(float(score or 0.0), _parse(ref), when)
        cursor.execute(
            "INSERT INTO usage_stat (target_id, target_kind, count, last_used, decay_score, decay_ref) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target_id) DO UPDATE SET count = excluded.count, "
            "last_used = excluded.last_used, decay_score = excluded.decay_score, decay_ref = excluded.decay_ref",
            (target_id, kind, int(count) + 1, _stamp(last), score, _stamp(when)),
        )
    finally:
        cursor.close()


def record_usage_at(database: Path, target_id: str, kind: str, when: datetime) -> None:
    """One use, in its own transaction on the database file (sqlite3 only)."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        with connection:  # commits, or rolls back on an error
            write_usage(connection, target_id, kind, when)
    finally:
        connection.close()
