"""The app-facing hub API: connect this machine, status, sync and publish.

``HubClient`` reads the hub URL and user from the settings and the password from where this
machine keeps it (``sidekick.hub.passwords``: the OS keyring, an encrypted file, or asked for),
and turns every driver problem into a ``HubError`` with a clear, password-free
message. Nothing here blocks search or paste: the app calls it from a worker thread or
through ``HubListener``.

It keeps ONE long-lived autocommit connection and runs every operation over it, one at a time:
opening a PostgreSQL connection forks a server process and costs far more than a small pull,
and the app holds a connection open anyway for LISTEN (the listener shares this one, so an
agent costs the hub one connection, not two). A connection that died while idle (hub restart,
network change, idle timeout) is only noticed when used; the operation then reconnects and
runs once more. That repeat is safe: a pull applies nothing locally unless it completes, and
a publish whose first attempt did commit is recognised as no conflict the second time.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import psycopg
from psycopg.pq import ConnStatus

from sidekick.core.insights import TeamCount, local_offset
from sidekick.core.messages import Message, message_of
from sidekick.db.settings_store import (
    get_value,
    load_settings,
    save_settings,
    set_value,
)
from sidekick.db.store import Store
from sidekick.db.team_access import HUB_ROLE_KEY
from sidekick.db.team_data import TEAM_ID, discard_team_data
from sidekick.hub.connection import HubTarget, connect, parse_target
from sidekick.hub.errors import HubAuthError, HubConfigError, HubError, HubPermissionError, translate
from sidekick.hub.model import PublishReport, SyncReport
from sidekick.hub.passwords import PasswordKeeper, choose_storage
from sidekick.hub.proposals import ProposalExchange, send_proposals, take_proposals
from sidekick.hub.publish import count_pending_team_rows, pending_count, publish
from sidekick.hub.pull import (
    STATE_LAST_SYNC,
    STATE_RETRY,
    STATE_REVISION,
    BatchHook,
    last_revision,
    pull,
)
from sidekick.hub.schema import roles_for
from sidekick.hub.shop import reset_to_defaults
from sidekick.hub.usage import UsageUpload, read_team_usage, upload_pending

log = logging.getLogger(__name__)

STATE_ROLE = HUB_ROLE_KEY  # last role seen, so an offline status can still show it


@dataclass(frozen=True, slots=True)
class HubStatus:
    """What ``sidekick hub status`` and the tray show."""

    configured: bool
    hub: str = ""  # host:port/db, never with a password
    user: str = ""
    role: str = ""  # "lead", "agent" or "" when unknown
    last_revision: int = 0
    last_sync: str = ""  # ISO time in UTC, "" when never
    pending: int = 0  # local team edits waiting to be published
    online: bool = False
    message: str = ""  # why offline, when it is


ConnectHook = Callable[[psycopg.Connection], None]


class _Slot:
    """Holds the client's connection; closed by a finalizer when the client is dropped, so a
    short-lived client (one CLI command) leaves no connection behind."""

    def __init__(self) -> None:
        self.conn: psycopg.Connection | None = None
        self.target: HubTarget | None = None
        self.generation = 0  # bumped on every new connection
        self.secret = ""  # masked from driver messages, as when connecting

    def close(self) -> None:
        conn, self.conn, self.target, self.secret = self.conn, None, None, ""
        if conn is not None:
            try:
                conn.close()
            except Exception:
                log.debug("closing the hub connection failed", exc_info=True)


def _usable(conn: psycopg.Connection) -> bool:
    return not conn.closed and not conn.broken and conn.pgconn.status == ConnStatus.OK


class HubClient:
    """One machine's view of its hub; see the module docstring. Thread-safe: operations from
    several threads run one after another over the one connection."""

    def __init__(
        self, store: Store, *, password_loader: Callable[[HubTarget], str | None] | None = None,
        on_password_rejected: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        # Without a loader of the caller's (which may ask the user), only what is kept:
        # the OS keyring, or the encrypted file with its passphrase from the environment.
        self._load_password = password_loader or PasswordKeeper(store).load
        self._password_rejected = on_password_rejected  # e.g. forget a password typed wrong
        self._lock = threading.RLock()
        self._slot = _Slot()
        self._hooks: list[ConnectHook] = []
        weakref.finalize(self, self._slot.close)

    # ------------------------------------------------------------------ connection

    def target(self) -> HubTarget:
        with self.store.session() as session:
            settings, _ = load_settings(session=session)
        if not settings.hub_url or not settings.hub_user:
            raise HubConfigError(Message("this machine is not connected to a hub: run `sidekick hub connect URL "
                                         "--user NAME`"))
        return HubTarget(settings.hub_url, settings.hub_user)

    def open(self, *, autocommit: bool = False) -> psycopg.Connection:
        """A new connection of the caller's own (not the shared one); the caller closes it."""
        target = self.target()
        return connect(target, self._load_password(target), autocommit=autocommit)

    def close(self) -> None:
        """Close the long-lived connection (the next operation opens a new one)."""
        with self._lock:
            self._slot.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def generation(self) -> int:
        """How many connections this client has opened; changes when it reconnected."""
        return self._slot.generation

    def add_connect_hook(self, hook: ConnectHook) -> None:
        """Run ``hook(conn)`` on every new connection (and now, on the open one): the listener
        LISTENs this way, so a reconnect made by any operation keeps notifications coming."""
        with self._lock:
            self._hooks.append(hook)
            conn = self._slot.conn
            if conn is not None and _usable(conn):
                hook(conn)

    def remove_connect_hook(self, hook: ConnectHook) -> None:
        with self._lock:
            if hook in self._hooks:
                self._hooks.remove(hook)

    def connection(self) -> psycopg.Connection:
        """The long-lived connection, opened if needed (raises ``HubError``).

        For waiting on notifications only: psycopg serialises use of one connection, but
        queries belong in ``_run`` so that two operations never interleave their statements.
        """
        with self._lock:
            return self._ensure(self.target())[0]

    def _ensure(self, target: HubTarget) -> tuple[psycopg.Connection, bool]:
        """(connection, reused): the open connection if it is for ``target`` and looks alive."""
        slot = self._slot
        if slot.conn is not None and slot.target == target and _usable(slot.conn):
            return slot.conn, True
        slot.close()  # dead, or the machine was connected to another hub meanwhile
        password = self._load_password(target)
        try:
            conn = connect(target, password, autocommit=True)
        except HubAuthError:
            if self._password_rejected is not None:
                self._password_rejected()
            raise
        try:
            for hook in self._hooks:
                hook(conn)
        except (psycopg.Error, OSError) as error:
            conn.close()
            raise translate(error, where=target.where, user=target.user, secrets=(password or "",)) from None
        slot.conn, slot.target, slot.secret = conn, target, password or ""
        slot.generation += 1
        return conn, False

    def _run(self, action: Callable[[psycopg.Connection], object]) -> object:
        target = self.target()
        with self._lock:
            while True:
                conn, reused = self._ensure(target)
                try:
                    return action(conn)
                except HubError:
                    raise
                except (psycopg.Error, OSError) as error:
                    secret = self._slot.secret
                    lost = not _usable(conn)
                    if lost:
                        self._slot.close()
                    if lost and reused:
                        continue  # it died while idle: once more on a fresh connection
                    raise translate(error, where=target.where, user=target.user, secrets=(secret,)) from None

    # ------------------------------------------------------------------ operations

    def sync(self, *, on_batch: BatchHook | None = None) -> SyncReport:
        """Pull once (raises ``HubError``; the local copy is untouched when it does).

        On an agent's machine the team data is the hub's alone: should it hold local team edits
        (made before it was connected, or by an older Sidekick), they are backed up and
        discarded first, and the hub's copy is pulled whole.
        """
        backup = ""
        with self.store.session() as session:
            role = str(get_value(session=session, key=STATE_ROLE, default="") or "")
        if not role:  # connected with --no-verify: learn the role once (it decides what is editable)
            role = str(self._run(self.role))
        if role == "agent" and pending_team_rows(self.store):
            backup = str(discard_team_copy(self.store, reason="hub-agent-edits") or "")
        report = self._run(lambda conn: pull(conn, self.store, on_batch=on_batch))
        assert isinstance(report, SyncReport)
        self.share_usage()  # after the pull: it brings the shop's share_usage setting
        self.exchange_proposals(role)
        return replace(report, discarded_backup=backup) if backup else report

    def exchange_proposals(self, role: str) -> ProposalExchange | None:
        """Buyer-question proposals (``hub.proposals``): an agent sends its own, a lead takes the team's.

        Never raises, like ``share_usage``: what could not travel waits for the next sync."""
        move = send_proposals if role == "agent" else take_proposals if role == "lead" else None
        if move is None:
            return None
        try:
            done = self._run(lambda conn: move(conn, self.store))
        except (HubError, sqlite3.Error) as error:
            log.info("question proposals not exchanged: %s", error)
            return None
        return done if isinstance(done, ProposalExchange) else None

    def share_usage(self, *, today: date | None = None) -> UsageUpload | None:
        """Send the completed days' usage counts when the shop shares usage (``hub.usage``).

        Never raises: the counts wait for the next sync when the hub refuses or is gone, and a
        failure here must not fail the pull that brought the team library."""
        if not self.store.read_settings()[0].share_usage:
            return None  # the usual case: no hub round for nothing to send
        target = self.target()
        login = f"{target.user}@{target.where}"
        try:
            done = self._run(lambda conn: upload_pending(conn, self.store, login, today=today or date.today(),
                                                         tz_offset=local_offset()))
        except (HubError, sqlite3.Error) as error:
            log.info("usage counts not sent: %s", error)
            return None
        return done if isinstance(done, UsageUpload) else None

    def team_usage(self, since: date, until: date) -> list[TeamCount]:
        """Every agent's daily counts in [since, until] (a lead's view; raises ``HubError``,
        ``HubPermissionError`` when this login is not the shop's lead)."""
        def read(conn: psycopg.Connection) -> list[TeamCount]:
            if self.role(conn) != "lead":
                raise HubPermissionError(Message("the team's usage is for the shop's lead: this login is an agent"))
            return read_team_usage(conn, since, until)

        rows = self._run(read)
        assert isinstance(rows, list)
        return rows

    def reset(self, *, on_batch: BatchHook | None = None) -> tuple[str, SyncReport]:
        """``sidekick hub reset``: back up, discard the local team data and pending edits, pull
        the hub's copy whole. Returns (backup file, pull report). The hub is checked first, so
        an unreachable hub leaves the local copy as it was."""
        with self._lock:  # no other pull may slip in between the discard and the pull
            self._run(self.role)
            backup = discard_team_copy(self.store, reason="hub-reset")
            return str(backup or ""), self.sync(on_batch=on_batch)

    def publish(self, resolve: str | None = None) -> PublishReport:
        """Publish pending team edits (leads only: an agent gets ``HubPermissionError``)."""
        report = self._run(lambda conn: publish(conn, self.store, resolve=resolve))
        assert isinstance(report, PublishReport)
        if report.written and last_revision(self.store) != report.revision:
            # Others published since this machine's last pull: catch up now, so the lead's copy
            # (and its "last sync") is current right after publishing.
            try:
                self.sync()
            except HubError as error:
                log.info("pull after publishing failed: %s", error)
        return report

    def role(self, conn: psycopg.Connection) -> str:
        role = query_role(conn, self.target().database)
        with self.store.session() as session:
            set_value(session=session, key=STATE_ROLE, value=role)
        return role

    def status(self, *, check_online: bool = True) -> HubStatus:
        """The hub status; never raises for hub problems (they become ``online=False`` + message)."""
        try:
            target = self.target()
        except HubConfigError as error:
            return HubStatus(configured=False, pending=pending_count(self.store), message=message_of(error))
        with self.store.session() as session:
            revision = int(get_value(session=session, key=STATE_REVISION, default=0) or 0)
            last_sync = str(get_value(session=session, key=STATE_LAST_SYNC, default="") or "")
            role = str(get_value(session=session, key=STATE_ROLE, default="") or "")
        status = HubStatus(
            configured=True, hub=target.where, user=target.user, role=role, last_revision=revision,
            last_sync=last_sync, pending=pending_count(self.store),
        )
        if not check_online:
            return status
        try:
            found = self._run(self.role)
        except HubError as error:
            return replace(status, online=False, message=message_of(error))
        return replace(status, online=True, role=str(found))


def query_role(conn: psycopg.Connection, database: str) -> str:
    """``lead``, ``agent`` or "" for the connected login in the hub ``database``."""
    roles = roles_for(database)
    row = conn.execute(
        "SELECT pg_has_role(current_user, %s, 'MEMBER'), pg_has_role(current_user, %s, 'MEMBER')",
        (roles.lead, roles.agent),
    ).fetchone()
    conn.rollback()
    return "lead" if row and row[0] else "agent" if row and row[1] else ""


def _same_hub(a: HubTarget, b: HubTarget) -> bool:
    return (a.host, a.port, a.database) == (b.host, b.port, b.database)


def pending_team_rows(store: Store) -> int:
    """Local team rows waiting to be published (shop settings not counted)."""
    with store.session() as session:
        return count_pending_team_rows(session)


def has_team_data(store: Store) -> bool:
    with store.reader() as connection:
        (found,) = connection.execute(
            "SELECT EXISTS (SELECT 1 FROM phrase WHERE library_id = ?) OR EXISTS (SELECT 1 FROM product)"
            " OR EXISTS (SELECT 1 FROM category WHERE library_id = ?)",
            (TEAM_ID, TEAM_ID),
        ).fetchone()
    return bool(found)


def discard_team_copy(store: Store, *, reason: str) -> Path | None:
    """Back up the local database, then remove the team data, pending edits, received shop
    settings and the hub bookkeeping in one transaction (the next pull takes everything)."""
    backup = store.auto_backup(reason)
    with store.session() as session:
        discard_team_data(session)
        reset_to_defaults(session)
        set_value(session=session, key=STATE_REVISION, value=0)
        set_value(session=session, key=STATE_RETRY, value=[])
        set_value(session=session, key=STATE_LAST_SYNC, value="")
    return backup


@dataclass(frozen=True, slots=True)
class ConnectResult:
    target: HubTarget
    role: str
    storage: str = "keyring"  # where the password is kept (sidekick.hub.passwords)
    replaced: str = ""  # the hub whose team data was moved out ("" when none)
    backup: str = ""  # where the local database was backed up first ("" when nothing was removed)

    def describe(self) -> str:
        shown = f" as {self.role}" if self.role else " (not verified: role unknown until the hub is reached)"
        text = f"connected to hub {self.target.where} as user {self.target.user!r}{shown}"
        text += {
            "keyring": "; password kept in the OS keyring",
            "file": "; password kept in an encrypted file (asks for its passphrase)",
            "ask": "; password kept nowhere (asked for each time)",
        }.get(self.storage, "")
        if self.backup:
            what = f"the team data of hub {self.replaced}" if self.replaced else "the local team data"
            text += f"; {what} was backed up to {self.backup} and removed (the hub's copy comes with the first sync)"
        return text


def connect_machine(
    store: Store, url: str, user: str, password: str, *, verify: bool = True, replace_hub: bool = False,
    ask_each_time: bool = False, keeper: PasswordKeeper | None = None,
) -> ConnectResult:
    """``sidekick hub connect``: check the login, keep the password, the rest in settings.

    The password goes to the OS keyring when it keeps secrets safely, else to the encrypted
    file (``keeper`` asks for its passphrase); with ``ask_each_time`` it is kept nowhere and
    asked for whenever it is needed. The ``hub_password_storage`` setting records which.

    With ``verify`` (the default), the login is tried first: an unreachable hub, a TLS failure,
    a wrong password or a login of another hub raises and nothing is saved. A machine already
    connected to ANOTHER hub is only switched with ``replace_hub``; the old shop's team data
    (with any pending edits) is then backed up and removed before the first pull, so nothing of
    one shop is ever searchable in, or published to, another. A machine that joins as an agent
    likewise gives up team data it held before (the demo shop, an earlier solo library): the
    team library of an agent is the hub's. A lead keeps it, to publish.
    """
    target = parse_target(url, user)
    with store.session() as session:
        settings, _ = load_settings(session=session)
        stored_role = str(get_value(session=session, key=STATE_ROLE, default="") or "")
    previous = HubTarget(settings.hub_url, settings.hub_user) if settings.hub_url and settings.hub_user else None
    switching = previous is not None and not _same_hub(previous, target)
    if switching and not replace_hub:
        assert previous is not None
        raise HubConfigError(Message(
            "this machine is connected to the hub %1; its team library is that shop's. To switch to %2, run the "
            "command again with --replace: the old shop's team data and any unpublished edits are backed up and "
            "removed first (nothing of it goes to the new hub).", previous.where, target.where))
    role = ""
    if verify:
        with connect(target, password) as conn:  # any HubError: nothing saved
            role = query_role(conn, target.database)
        if not role:
            raise HubPermissionError(Message(
                "user %1 is neither a lead nor an agent of the hub at %2; ask the hub's lead to run "
                "`sidekick hub add-user`", repr(target.user), target.where))
    storage = choose_storage(ask_each_time=ask_each_time)
    keeper = keeper or PasswordKeeper(store)
    keeper.store(target, password, storage)  # raises (no keyring, no passphrase) before anything is saved
    same_login = previous is not None and not switching and previous.user == target.user
    discard = switching or (
        not same_login and role == "agent" and (has_team_data(store) if previous is None else bool(pending_team_rows(store)))
    )
    backup = str(discard_team_copy(store, reason="hub-switch" if switching else "hub-join") or "") if discard else ""
    with store.session() as session:
        settings, _ = load_settings(session=session)
        if not same_login:
            # Another hub (or login): its revisions mean nothing here, start from scratch.
            set_value(session=session, key=STATE_REVISION, value=0)
            set_value(session=session, key=STATE_RETRY, value=[])
        save_settings(session=session, settings=replace(
            settings, hub_url=target.url, hub_user=target.user, hub_password_storage=storage))
        set_value(session=session, key=STATE_ROLE, value=role or (stored_role if same_login else ""))
    return ConnectResult(target, role, storage, previous.where if switching and previous else "", backup)
