"""The background usage writer: a paste never waits on the database, and no use is lost to a lock."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path

from sidekick.app.usage_writer import UsageWriter
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository


def saved_phrase(store) -> str:
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


def test_record_returns_at_once_while_another_process_holds_the_lock_and_writes_after(store) -> None:
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


def test_a_burst_is_written_in_batches(store) -> None:
    target = saved_phrase(store)
    writer = UsageWriter(store.path, batch=7)
    for minute in range(20):
        writer.record(target, "phrase", datetime(2026, 11, 23, 12, minute))
    assert writer.flush(timeout=10)
    assert used(store.path, target) == 20
    with store.session(read_only=True) as session:
        assert repository.usage_stats(session=session, now=datetime(2026, 11, 23, 13))[target].count == 20
    writer.stop()


def test_past_the_bound_uses_are_dropped_and_counted(store) -> None:
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


def test_a_batch_that_keeps_failing_is_dropped_not_retried_forever(tmp_path: Path, capsys) -> None:
    def broken() -> sqlite3.Connection:
        raise sqlite3.DatabaseError("database disk image is malformed")

    writer = UsageWriter(tmp_path / "x.db", connect=broken, first_retry_s=0.01, longest_retry_s=0.01)
    writer.record("p1", "phrase", datetime(2026, 11, 23, 12, 0))
    assert writer.flush(timeout=5)
    assert writer.dropped == 1
    writer.stop()
    assert "uses could not be recorded" in capsys.readouterr().err


def test_how_a_reply_was_chosen_is_recorded_and_read_back_without_text(store) -> None:
    from sidekick.core.insights import UseDetails
    from sidekick.db.usage_log import load_usage_records

    target = saved_phrase(store)
    writer = UsageWriter(store.path)
    writer.record(target, "phrase", datetime(2026, 11, 23, 12, 0),
                  UseDetails(found_via="suggestion", by_alt_number=True, rank=2, action="paste_send", popup_ms=1800))
    writer.record(target, "phrase", datetime(2026, 11, 23, 12, 5))  # no details: an older caller
    assert writer.flush(timeout=5)
    writer.stop()
    first, second = load_usage_records(store.path)
    assert (first.found_via, first.by_alt_number, first.rank, first.action, first.popup_ms) == (
        "suggestion", True, 2, "paste_send", 1800)
    assert (second.found_via, second.by_alt_number, second.rank, second.action, second.popup_ms) == (
        None, None, None, None, None)


def test_searches_that_found_nothing_are_a_count_per_day_and_text_only_when_opted_in(store) -> None:
    from datetime import date

    from sidekick.db.usage_log import load_missed_queries, load_search_misses

    writer = UsageWriter(store.path)
    writer.record_search_miss(date(2026, 11, 23), "退货地址")
    writer.record_search_miss(date(2026, 11, 23), "发票")
    writer.keep_missed_queries = True
    writer.record_search_miss(date(2026, 11, 24), "保修")
    assert writer.flush(timeout=5)
    writer.stop()
    assert load_search_misses(store.path) == {date(2026, 11, 23): 2, date(2026, 11, 24): 1}
    assert load_missed_queries(store.path) == [(date(2026, 11, 24), "保修")]
    raw = store.path.read_bytes()
    assert "退货地址".encode() not in raw and "发票".encode() not in raw


def test_statistics_off_keeps_the_popup_ranking_but_no_history_and_clear_empties_it(store) -> None:
    from datetime import date

    from sidekick.db.usage_log import clear_statistics, load_search_misses, load_usage_records

    target = saved_phrase(store)
    writer = UsageWriter(store.path)
    writer.record(target, "phrase", datetime(2026, 11, 23, 12, 0))
    writer.record_search_miss(date(2026, 11, 23), "x")
    assert writer.flush(timeout=5)
    writer.statistics = False
    writer.record(target, "phrase", datetime(2026, 11, 23, 13, 0))
    writer.record_search_miss(date(2026, 11, 23), "y")
    assert writer.flush(timeout=5)
    writer.stop()
    assert used(store.path, target) == 1  # the second use kept no dated event
    connection = sqlite3.connect(store.path)
    assert connection.execute("SELECT count FROM usage_stat WHERE target_id = ?", (target,)).fetchone()[0] == 2
    connection.close()
    assert load_search_misses(store.path) == {date(2026, 11, 23): 1}
    clear_statistics(store.path)
    assert load_usage_records(store.path) == [] and load_search_misses(store.path) == {}


def test_nothing_the_insights_record_reaches_the_log(store, caplog, capsys) -> None:
    import logging
    from datetime import date

    from sidekick.core.insights import UseDetails

    target = saved_phrase(store)
    caplog.set_level(logging.DEBUG)
    writer = UsageWriter(store.path)
    writer.keep_missed_queries = True  # even the opted-in text goes to the database only
    writer.record(target, "phrase", datetime(2026, 11, 23, 12, 0), UseDetails(found_via="search", rank=1))
    writer.record_search_miss(date(2026, 11, 23), "开发票的问题")
    assert writer.flush(timeout=5)
    writer.stop()
    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err):
        assert "开发票" not in text and target not in text
    assert caplog.records == []
    sources = [Path(module).read_text(encoding="utf-8") for module in (
        "sidekick/app/usage_writer.py", "sidekick/core/insights.py", "sidekick/db/usage_log.py",
        "sidekick/db/insights_load.py", "sidekick/app/insights_service.py", "sidekick/ui/insights/window.py")]
    assert not any("import logging" in source or "getLogger" in source for source in sources)
