"""A library change mark that other processes can see cheaply: SQLite's ``user_version``.

The running app keeps its search index in memory; an import, a restore or a hub sync run by
another process must reach it. Every writer that changes the library's content (phrases,
categories, products) bumps ``PRAGMA user_version`` inside its own transaction, so the mark
changes exactly when the change commits. The app polls ``PRAGMA data_version`` (changes when any
other connection commits; costs no disk read) and, only when that moved, reads the mark: a use
recorded after a paste or a settings write moves ``data_version`` but not the mark, so it never
triggers a rebuild of the index. ``user_version`` is not used for anything else in Sidekick
(the schema revision lives in ``alembic_version``).
"""

from __future__ import annotations

from typing import Any


def read_mark(connection: Any) -> int:
    """The current mark, on a DB-API connection."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def bump_mark(connection: Any, at_least: int = 0) -> int:
    """Advance the mark inside the caller's write transaction (DB-API connection); the new value."""
    value = max(read_mark(connection), at_least) + 1
    connection.execute(f"PRAGMA user_version = {int(value) & 0x7FFFFFFF}")
    return value


def mark_library_changed(session: Any) -> None:
    """``bump_mark`` on the connection of an SQLAlchemy session (its write transaction)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    raw = session.connection().connection.dbapi_connection
    bump_mark(raw)
