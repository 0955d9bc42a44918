"""Recording one use of a phrase or product: the id and the time, never the text.

Plain DB-API SQL, so the app's paste path can record a use with the sqlite3 module alone
(``record_usage_at``) and never load the ORM for it; the repository runs the same statements
inside its own transaction. The running frecency follows ``sidekick.core.frecency``.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sidekick.core.frecency import after_one_more_use
from sidekick.core.insights import UsageRecord, UseDetails

# How SQLAlchemy stores a DateTime in SQLite; rows written here read back the same through the ORM.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def _stamp(moment: datetime) -> str:
    return moment.strftime(SQLITE_DATETIME)


def _parse(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def write_usage(connection: Any, target_id: str, kind: str, when: datetime, details: UseDetails | None = None,
                *, keep_event: bool = True) -> None:
    """Log the use and update ``usage_stat`` on an open DB-API connection (no commit).

    ``keep_event`` False (local statistics switched off) keeps only the running count that
    ranks the popup, not the dated event."""
    cursor = connection.cursor()
    try:
        if keep_event:
            details = details or UseDetails()
            cursor.execute(
                "INSERT INTO usage_event (target_id, target_kind, used_at, found_via, by_alt_number, rank, action, "
                "popup_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (target_id, kind, _stamp(when), details.found_via, details.by_alt_number if details.found_via else None,
                 details.rank, details.action, details.popup_ms))
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


def write_search_miss(connection: Any, day: date, query: str | None = None) -> None:
    """Count one search that found nothing on ``day``; keep ``query`` only when given (opt-in)."""
    connection.execute("INSERT INTO search_miss_day (day, count) VALUES (?, 1) "
                       "ON CONFLICT (day) DO UPDATE SET count = count + 1", (day.isoformat(),))
    if query:
        connection.execute("INSERT INTO search_miss_query (day, query) VALUES (?, ?)", (day.isoformat(), query))


_EVENTS = ("SELECT target_id, target_kind, used_at, found_via, by_alt_number, rank, action, popup_ms "
           "FROM usage_event")


def load_usage_records(database: Path, since: datetime | None = None) -> list[UsageRecord]:
    """The local usage history (sqlite3 only), oldest first."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        query, params = (_EVENTS + " WHERE used_at >= ?", (_stamp(since),)) if since else (_EVENTS, ())
        parse = datetime.fromisoformat  # the column holds SQLITE_DATETIME text
        return [UsageRecord(target, kind, parse(used_at), via, None if alt is None else bool(alt), rank, action, ms)
                for target, kind, used_at, via, alt, rank, action, ms in connection.execute(query + " ORDER BY used_at",
                                                                                            params)]
    finally:
        connection.close()


def load_search_misses(database: Path) -> dict[date, int]:
    connection = sqlite3.connect(database, timeout=30)
    try:
        return {date.fromisoformat(day): int(count)
                for day, count in connection.execute("SELECT day, count FROM search_miss_day ORDER BY day")}
    finally:
        connection.close()


def load_missed_queries(database: Path) -> list[tuple[date, str]]:
    """The queries kept by the agent's opt-in, for their own eyes only."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        return [(date.fromisoformat(day), query)
                for day, query in connection.execute("SELECT day, query FROM search_miss_query ORDER BY id")]
    finally:
        connection.close()


def clear_statistics(database: Path) -> None:
    """Delete the dated history (events, no-result counts, kept queries) in one transaction.

    ``usage_stat`` stays: it is the running count that ranks the popup, not a history."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        with connection:
            for table in ("usage_event", "search_miss_day", "search_miss_query"):
                connection.execute(f"DELETE FROM {table}")
    finally:
        connection.close()


def load_last_uses(database: Path) -> dict[str, datetime]:
    """The last use (naive UTC) of every target, from the running ``usage_stat`` (no event scan)."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        return {target: datetime.fromisoformat(last) for target, last in
                connection.execute("SELECT target_id, last_used FROM usage_stat WHERE last_used IS NOT NULL")}
    finally:
        connection.close()
