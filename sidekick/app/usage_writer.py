"""Recording uses off the paste path: an in-memory queue written by one background thread.

A paste must never wait on the disk: another process (an import, a backup, a hub sync) may
hold SQLite's write lock for seconds. ``record`` only appends (id, kind, time) to a queue and
returns; the writer thread writes what has gathered in one transaction per batch. When the
database is busy it keeps the events and retries with a growing pause; other errors are retried
``MAX_ATTEMPTS`` times, then that batch is dropped. The queue is bounded (``MAX_PENDING``): past
that, new uses are dropped and counted (``dropped``), so memory stays bounded if the disk never
comes back. Only ids, times and how a reply was chosen are kept, never pasted text; a search
that found nothing is one more in the day's count (its text only when the agent opted in,
``keep_missed_queries``). With local statistics off (``statistics`` False) only the running
count that ranks the popup is written. No Qt here: plain threading.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sidekick.core.insights import UseDetails
from sidekick.db.usage_log import write_search_miss, write_usage

MAX_PENDING = 10_000  # uses waiting to be written; a day of pasting is a few hundred
BATCH = 200  # uses written in one transaction
BUSY_TIMEOUT_S = 1.0  # how long one write attempt waits for the lock before the thread pauses
FIRST_RETRY_S = 0.25
LONGEST_RETRY_S = 5.0
MAX_ATTEMPTS = 5  # for errors other than "busy": a batch that keeps failing is dropped

UsageEvent = tuple[str, str, datetime, "UseDetails | None"]  # target id, target kind, when (naive UTC), how


@dataclass(frozen=True, slots=True)
class SearchMiss:
    """A search that found nothing: its local day, and its text only with the agent's opt-in."""

    day: date
    query: str | None = None


Connect = Callable[[], Any]


def _is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class UsageWriter:
    """Queue uses from any thread; a daemon thread writes them to ``database``."""

    def __init__(self, database: Path, *, max_pending: int = MAX_PENDING, batch: int = BATCH,
                 busy_timeout_s: float = BUSY_TIMEOUT_S, first_retry_s: float = FIRST_RETRY_S,
                 longest_retry_s: float = LONGEST_RETRY_S, connect: Connect | None = None) -> None:
        self._connect: Connect = connect or (lambda: sqlite3.connect(database, timeout=busy_timeout_s))
        self._max_pending = max_pending
        self._batch = batch
        self._first_retry_s, self._longest_retry_s = first_retry_s, longest_retry_s
        self._queue: deque[UsageEvent | SearchMiss] = deque()
        self._condition = threading.Condition()
        self._in_flight = 0  # taken from the queue, not yet written or dropped
        self._stopping = False
        self.dropped = 0
        self.written = 0
        self.statistics = True  # settings: usage_statistics (read by the writer thread at each batch)
        self.keep_missed_queries = False  # settings: keep_missed_queries
        self._thread = threading.Thread(target=self._run, name="sidekick-usage-writer", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ any thread

    def record(self, target_id: str, kind: str, when: datetime, details: UseDetails | None = None) -> None:
        """Queue one use; returns at once, whatever the database is doing."""
        self._put((target_id, kind, when, details))

    def record_search_miss(self, day: date, query: str) -> None:
        """Queue one search that found nothing (nothing at all with statistics off)."""
        if self.statistics:
            self._put(SearchMiss(day, query if self.keep_missed_queries else None))

    def _put(self, item: UsageEvent | SearchMiss) -> None:
        with self._condition:
            if len(self._queue) + self._in_flight >= self._max_pending:
                self.dropped += 1
                return
            self._queue.append(item)
            self._condition.notify()

    @property
    def pending(self) -> int:
        with self._condition:
            return len(self._queue) + self._in_flight

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s until everything queued is written (or dropped); True if so."""
        with self._condition:
            return self._condition.wait_for(lambda: not self._queue and not self._in_flight, timeout)

    def stop(self, timeout: float = 2.0) -> None:
        """Write what can be written within ``timeout`` s, then end the thread (at app exit)."""
        self.flush(timeout)
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        self._thread.join(timeout=1.0)
        left = self.pending
        if self.dropped or left:
            # Counts only: the uses themselves say nothing about what was pasted.
            print(f"sidekick: {self.dropped + left} uses were not recorded (database unavailable)", file=sys.stderr)

    # ------------------------------------------------------------------ the writer thread

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._queue or self._stopping)
                if self._stopping:
                    return
                batch = [self._queue.popleft() for _ in range(min(self._batch, len(self._queue)))]
                self._in_flight = len(batch)
            self._write_with_retries(batch)
            with self._condition:
                self._in_flight = 0
                self._condition.notify_all()

    def _write_with_retries(self, batch: list[UsageEvent | SearchMiss]) -> None:
        pause = self._first_retry_s
        failures = 0
        while True:
            try:
                self._write(batch)
                self.written += len(batch)
                return
            except sqlite3.Error as error:
                if not _is_busy(error):
                    failures += 1
                    if failures >= MAX_ATTEMPTS:
                        with self._condition:
                            self.dropped += len(batch)
                        print(f"sidekick: {len(batch)} uses could not be recorded: {error}", file=sys.stderr)
                        return
            with self._condition:
                if self._condition.wait_for(lambda: self._stopping, pause):
                    self.dropped += len(batch)
                    return
            pause = min(pause * 2, self._longest_retry_s)

    def _write(self, batch: list[UsageEvent | SearchMiss]) -> None:
        keep_events = self.statistics
        connection = self._connect()
        try:
            with connection:  # one transaction: all of the batch or none of it
                for item in batch:
                    if isinstance(item, SearchMiss):
                        write_search_miss(connection, item.day, item.query)
                    else:
                        target_id, kind, when, details = item
                        write_usage(connection, target_id, kind, when, details, keep_event=keep_events)
        finally:
            connection.close()
