"""Engines and sessions: SQLite on the agent's machine (WAL, foreign keys), any URL for tests.

Every write goes through ``session_scope()``: one transaction, committed on success and
rolled back on any exception, so a failed import or a crash leaves nothing half-written.

Readers never wait on writers: a write transaction starts with ``BEGIN IMMEDIATE`` (two writers
queue instead of deadlocking), every other transaction with a plain ``BEGIN``, which in WAL mode
reads its snapshot beside a running writer. ``session_scope(engine, read_only=True)`` is the
read transaction. A writer waits ``WRITE_WAIT_SECONDS`` for another writer, then gets
``DatabaseBusy`` (``is_busy`` recognises the driver's error).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from sidekick.core.messages import Message

# How long a write waits for another Sidekick process's write transaction (an import of a large
# file holds it for its whole write phase) before giving up with a message instead of hanging.
WRITE_WAIT_SECONDS = 5.0
BUSY_MESSAGE = Message("another Sidekick command is writing; try again in a moment")
_WRITE_OPTION = "sidekick_write"


class DatabaseBusy(RuntimeError):
    """Another process holds the write lock longer than ``WRITE_WAIT_SECONDS``."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


def is_busy(error: BaseException | None) -> bool:
    """True when ``error`` (or what it wraps) is SQLite's "database is locked"/"busy"."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DatabaseBusy):
            return True
        if isinstance(error, sqlite3.OperationalError):
            text = str(error).lower()
            if "locked" in text or "busy" in text:
                return True
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
        seen += 1
    return False


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and real transactions."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)

    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": WRITE_WAIT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin
        # (the documented pysqlite recipe; the module's own handling breaks SAVEPOINTs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(WRITE_WAIT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: two writers queue instead of deadlocking.
        # Everything else reads a snapshot and never waits for (or blocks) a writer.
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def session_scope(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """One transaction: commit when the block ends, roll back if it raises.

    ``read_only`` makes it a read transaction (never takes the write lock, ended by a rollback).
    A write that waited ``WRITE_WAIT_SECONDS`` for another writer raises ``DatabaseBusy``.
    """
    bind = engine if read_only else engine.execution_options(**{_WRITE_OPTION: True})
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
        if read_only:
            session.rollback()
        else:
            session.commit()
    except BaseException as error:
        session.rollback()
        if is_busy(error) and not isinstance(error, DatabaseBusy):
            raise DatabaseBusy() from error
        raise
    finally:
        session.close()
