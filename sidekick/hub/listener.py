"""Live updates: a background thread that pulls when a lead publishes.

It LISTENs on the hub's channel over the client's long-lived connection, the same one its
pulls use (one connection per agent on the hub); a notification (sent by the hub on every
committed publish) wakes a pull at once, and a periodic poll covers a lost notification or a
hub edited by hand. The LISTEN is a connect hook of the client, so whichever operation
reconnects also re-subscribes, before its own pull reads the hub. When the hub is unreachable
it reports offline and reconnects with capped exponential backoff with jitter (so hundreds of
agents do not retry in lockstep), reset once a connection works again (so a short restart after
earlier outages is recovered from in seconds, not minutes).

Notifications are coalesced: whatever arrives (one publish, or a flood of ``NOTIFY`` from any
login), at most one pull runs and one more is queued; notifications that arrive meanwhile are
drained, and notification-driven pulls start at most every ``min_pull_interval_s``.
No Qt here: the app passes callbacks that emit queued Qt signals.
Search and paste never wait for this thread; they read the local copy.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

import psycopg

from sidekick.core.messages import Message, message_of
from sidekick.hub.client import HubClient
from sidekick.hub.errors import HubError, translate
from sidekick.hub.model import SyncReport
from sidekick.hub.schema import CHANNEL

log = logging.getLogger(__name__)

ChangeCallback = Callable[[SyncReport], None]
StatusCallback = Callable[[bool, str], None]  # (online, message: a Message when it came from an error)


class Backoff:
    """Capped exponential backoff with jitter: the n-th delay after a success is drawn from
    [½, 1] × min(initial × 2ⁿ, maximum); ``reset()`` after a success starts again at initial."""

    def __init__(self, initial_s: float, maximum_s: float, rng: Callable[[], float] = random.random) -> None:
        self.initial_s = initial_s
        self.maximum_s = maximum_s
        self.attempt = 0
        self._rng = rng

    def next(self) -> float:
        ceiling = min(self.initial_s * (2 ** min(self.attempt, 30)), self.maximum_s)
        self.attempt += 1
        return ceiling * (0.5 + 0.5 * self._rng())

    def reset(self) -> None:
        self.attempt = 0


class HubListener:
    """Start with ``start()``, stop with ``stop()``; see the module docstring."""

    def __init__(
        self,
        client: HubClient,
        *,
        on_change: ChangeCallback | None = None,
        on_status: StatusCallback | None = None,
        on_progress: Callable[[str, int], None] | None = None,
        poll_s: float = 60.0,
        backoff_initial_s: float = 1.0,
        backoff_max_s: float = 60.0,
        tick_s: float = 0.5,
        min_pull_interval_s: float = 0.25,
    ) -> None:
        self.client = client
        self.on_change = on_change
        self.on_status = on_status
        self.on_progress = on_progress  # (table, rows so far) during a pull: the first one can be long
        self.poll_s = poll_s
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.tick_s = tick_s  # how often the blocking wait checks for stop() and sync_now()
        self.min_pull_interval_s = min_pull_interval_s
        self.backoff = Backoff(backoff_initial_s, backoff_max_s)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._online: bool | None = None
        self.pulls = 0  # completed pulls, for tests and the status line

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sidekick-hub-listener", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def sync_now(self) -> None:
        """Ask for a pull soon (e.g. the tray's "sync" item)."""
        self._wake.set()

    @property
    def online(self) -> bool:
        return bool(self._online)

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        self.backoff = Backoff(self.backoff_initial_s, self.backoff_max_s)
        while not self._stop.is_set():
            try:
                self._listen()
            except HubError as error:
                self._set_online(False, message_of(error))
            except (psycopg.Error, OSError) as error:
                self._set_online(False, message_of(translate(error, where=self._where())))
            except Exception:
                log.exception("hub listener failed; retrying")
                self._set_online(False, Message("hub sync failed unexpectedly; retrying"))
            if self._stop.wait(self.backoff.next()):
                break

    def _where(self) -> str:
        try:
            return self.client.target().where
        except HubError:
            return "the hub"

    def _subscribe(self, conn: psycopg.Connection) -> None:
        conn.execute(f"LISTEN {CHANNEL}")

    def _listen(self) -> None:
        self.client.add_connect_hook(self._subscribe)
        try:
            self._pull()  # connects (and LISTENs), and catches up with what happened while offline
            self.backoff.reset()  # it works again: the next outage starts with a short delay
            self._set_online(True, "")
            last_pull = time.monotonic()
            while not self._stop.is_set():
                notified = self._wait()
                woken = self._wake.is_set()
                if self._stop.is_set():
                    return
                if notified or woken or time.monotonic() - last_pull >= self.poll_s:
                    if notified and not woken:
                        # However many notifications come, one pull: hold back until the minimum
                        # interval since the last one, swallowing what arrives meanwhile.
                        self._drain(last_pull + self.min_pull_interval_s - time.monotonic())
                    self._wake.clear()
                    last_pull = time.monotonic()
                    self._pull()
        finally:
            self.client.remove_connect_hook(self._subscribe)

    def _wait(self) -> bool:
        """Wait up to ``tick_s`` for a notification; True when one came (or may have been missed).

        The wait holds the connection only for ``tick_s``, so another thread's publish or sync
        queues behind it at most that long; notifications that arrive during such an operation
        are buffered by the driver and returned by the next wait.
        """
        generation = self.client.generation
        try:
            conn = self.client.connection()
            got = any(True for _ in conn.notifies(timeout=self.tick_s, stop_after=1))
            if got:
                self._drain(0.0)  # the ones already here are covered by the same pull
            return got
        except (psycopg.Error, OSError):
            if self._stop.is_set():
                return False
            # The connection died while idle (or another thread replaced it). Pull now: that
            # reconnects and re-LISTENs, and catches up with anything missed; if the hub is
            # really gone, the pull raises and the thread goes offline with backoff.
            log.debug("hub connection lost while waiting (generation %s); reconnecting", generation)
            return True

    def _drain(self, seconds: float) -> None:
        """Consume notifications for ``seconds`` (0: only those already received)."""
        deadline = time.monotonic() + max(0.0, seconds)
        try:
            conn = self.client.connection()
            while not self._stop.is_set():
                remaining = deadline - time.monotonic()
                for _ in conn.notifies(timeout=max(0.0, remaining)):
                    pass
                if time.monotonic() >= deadline:
                    return
        except (psycopg.Error, OSError):
            return  # the pull that follows reconnects

    def _pull(self) -> None:
        report = self.client.sync(on_batch=self.on_progress)
        self.pulls += 1
        if report.changed and self.on_change is not None:
            self.on_change(report)

    def _set_online(self, online: bool, message: str) -> None:
        if online == self._online and online:
            return
        self._online = online
        if not online:
            log.info("hub offline: %s", message)
        if self.on_status is not None:
            self.on_status(online, message)
