"""The background usage writer: a paste never waits on the database, and no use is lost to a lock."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path

from sidekick.app.usage_writer import UsageWriter
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository


def saved_phrase(store) -> str:  # type: ignore[no-untyped-def]
    phrase = Phrase(id=new_id(), library=LibraryKind.PERSONAL, category=CategoryPath("常用"), title="快递", body="您好")
    with store.session() as session:
        repository.save_phrase(session=session, phrase=phrase)
    return phrase.id


def used(path: Path, target_id: str) -> int:
    connection = sqlite3.connect(path, timeout=5)
    try:
        return connection.execute("SELECT count(*) FROM usage_event WHERE target_id = ?", (target_id,)).fetchone()[0]
    finally:
        connection.close()


def lock_exclusively(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_record_returns_at_once_while_another_process_holds_the_lock_and_writes_after(store) -> None:  # type: ignore[no-untyped-def]
    target = saved_phrase(store)
    writer = UsageWriter(store.path, busy_timeout_s=0.1, first_retry_s=0.05, longest_retry_s=0.2)
    holder = lock_exclusively(store.path)
    try:
        started = time.monotonic()
        writer.record(target, "phrase", datetime(2026, 11, 23, 12, 0))
        assert time.monotonic() - started < 0.05  # the old path waited up to 30 s here, on the GUI thread
        assert not writer.flush(timeout=0.5)  # the lock is held: nothing can be written yet
        assert used(store.path, target) == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert writer.flush(timeout=5)
    assert used(store.path, target) == 1 and writer.dropped == 0
    writer.stop()


def test_a_burst_is_written_in_batches(store) -> None:  # type: ignore[no-untyped-def]
    target = saved_phrase(store)
    writer = UsageWriter(store.path, batch=7)
    for minute in range(20):
        writer.record(target, "phrase", datetime(2026, 11, 23, 12, minute))
    assert writer.flush(timeout=10)
    assert used(store.path, target) == 20
    with store.session(read_only=True) as session:
        assert repository.usage_stats(session=session, now=datetime(2026, 11, 23, 13))[target].count == 20
    writer.stop()


def test_past_the_bound_uses_are_dropped_and_counted(store) -> None:  # type: ignore[no-untyped-def]
    target = saved_phrase(store)
    writer = UsageWriter(store.path, max_pending=3, busy_timeout_s=0.05, first_retry_s=0.05, longest_retry_s=0.1)
    holder = lock_exclusively(store.path)
    try:
        for minute in range(5):
            writer.record(target, "phrase", datetime(2026, 11, 23, 12, minute))
        assert writer.dropped == 2 and writer.pending == 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert writer.flush(timeout=5)
    assert used(store.path, target) == 3
    writer.stop()


def test_a_batch_that_keeps_failing_is_dropped_not_retried_forever(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    def broken() -> sqlite3.Connection:
        raise sqlite3.DatabaseError("database disk image is malformed")

    writer = UsageWriter(tmp_path / "x.db", connect=broken, first_retry_s=0.01, longest_retry_s=0.01)
    writer.record("p1", "phrase", datetime(2026, 11, 23, 12, 0))
    assert writer.flush(timeout=5)
    assert writer.dropped == 1
    writer.stop()
    assert "uses could not be recorded" in capsys.readouterr().err
