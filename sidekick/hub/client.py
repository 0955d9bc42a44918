"""The app-facing hub API: connect this machine, status, sync and publish.

``HubClient`` reads the hub URL and user from the settings and the password from the OS
keyring, opens a short-lived connection per operation, and turns every driver problem into a
``HubError`` with a clear, password-free message. Nothing here blocks search or paste: the
app calls it from a worker thread or through ``HubListener``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import psycopg

from sidekick.db.settings_store import get_value, load_settings, save_settings, set_value
from sidekick.db.store import Store
from sidekick.hub.connection import HubTarget, connect, load_password, parse_target, store_password
from sidekick.hub.errors import HubConfigError, HubError, HubUnreachable, translate
from sidekick.hub.model import PublishReport, SyncReport
from sidekick.hub.publish import pending_count, publish
from sidekick.hub.pull import STATE_LAST_SYNC, STATE_RETRY, STATE_REVISION, BatchHook, pull
from sidekick.hub.schema import roles_for

STATE_ROLE = "state.hub.role"  # last role seen, so an offline status can still show it


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


class HubClient:
    """One machine's view of its hub; see the module docstring."""

    def __init__(self, store: Store, *, password_loader: Callable[[HubTarget], str | None] = load_password) -> None:
        self.store = store
        self._load_password = password_loader

    # ------------------------------------------------------------------ connection

    def target(self) -> HubTarget:
        with self.store.session() as session:
            settings, _ = load_settings(session=session)
        if not settings.hub_url or not settings.hub_user:
            raise HubConfigError("this machine is not connected to a hub: run `sidekick hub connect URL --user NAME`")
        return HubTarget(settings.hub_url, settings.hub_user)

    def open(self, *, autocommit: bool = False) -> psycopg.Connection:
        target = self.target()
        return connect(target, self._load_password(target), autocommit=autocommit)

    def _run(self, action: Callable[[psycopg.Connection], object]) -> object:
        target = self.target()
        password = self._load_password(target)
        with connect(target, password) as conn:
            try:
                return action(conn)
            except HubError:
                raise
            except (psycopg.Error, OSError) as error:
                raise translate(error, where=target.where, user=target.user, secrets=(password or "",)) from None

    # ------------------------------------------------------------------ operations

    def sync(self, *, on_batch: BatchHook | None = None) -> SyncReport:
        """Pull once (raises ``HubError``; the local copy is untouched when it does)."""
        report = self._run(lambda conn: pull(conn, self.store, on_batch=on_batch))
        assert isinstance(report, SyncReport)
        return report

    def publish(self, resolve: str | None = None) -> PublishReport:
        """Publish pending team edits (leads only: an agent gets ``HubPermissionError``)."""
        report = self._run(lambda conn: publish(conn, self.store, resolve=resolve))
        assert isinstance(report, PublishReport)
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
            return HubStatus(configured=False, pending=pending_count(self.store), message=str(error))
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
            return replace(status, online=False, message=str(error))
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


def connect_machine(store: Store, url: str, user: str, password: str, *, verify: bool = True) -> str:
    """``sidekick hub connect``: check the login, keep the password in the keyring, the rest in settings.

    Returns a one-line result. A wrong password or a refused login raises and saves nothing; an
    unreachable hub is saved anyway (the machine syncs once the hub is reachable).
    """
    target = parse_target(url, user)
    note = ""
    role = ""
    if verify:
        try:
            with connect(target, password) as conn:
                role = query_role(conn, target.database)
        except HubUnreachable as error:
            note = f" (not verified: {error})"
    store_password(target, password)  # raises KeyringUnavailable before anything is saved
    with store.session() as session:
        settings, _ = load_settings(session=session)
        if (settings.hub_url, settings.hub_user) != (target.url, target.user):
            # Another hub (or login): its revisions mean nothing here, start from scratch.
            set_value(session=session, key=STATE_REVISION, value=0)
            set_value(session=session, key=STATE_RETRY, value=[])
        save_settings(session=session, settings=replace(settings, hub_url=target.url, hub_user=target.user))
        set_value(session=session, key=STATE_ROLE, value=role)
    shown = f" as {role}" if role else ""
    return f"connected to hub {target.where} as user {target.user!r}{shown}{note}"
