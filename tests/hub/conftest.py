"""Hub tests: a real PostgreSQL (``SIDEKICK_TEST_PG``), fresh databases per run, never skipped.

Each test gets its own hub database ``sidekick_test_<random>`` with its own roles; everything
created is dropped at the end of the session. "Machines" are separate data directories, each
with its own local database. The OS keyring is replaced by an in-memory backend (this headless
machine has none, and tests must not touch a real one).

Authentication note: this server trusts 127.0.0.1, so PostgreSQL does not check passwords
here. The wrong-password message is covered with the server's real error text through the
error translator (test_hub_errors.py); refusals the server does enforce under trust (CONNECT
privilege, NOLOGIN roles) are tested against the server.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from psycopg import sql

from sidekick.config.settings import Settings
from sidekick.db.settings_store import load_settings
from sidekick.db.store import Store, open_store
from sidekick.hub.client import HubClient, connect_machine
from sidekick.hub.schema import add_user, init_hub, roles_for

if TYPE_CHECKING:
    from sidekick.app.workspace import Workspace

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.hub)


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the process ends."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def english_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the language stored in the settings, and a machine that ``hub
    connect`` set up stores the default, Chinese. These tests read its English words; the Chinese
    ones are checked in tests/unit/test_storage_hub_language.py."""
    monkeypatch.setattr("sidekick.cli.common.cli_language", lambda: "en")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def admin_url_for(database: str) -> str:
    return psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=database)


def _url(database: str) -> str:
    """The hub URL as agents get it: postgresql://host:port/db (no user, no password)."""
    params = psycopg.conninfo.conninfo_to_dict(ADMIN_URL)
    return f"postgresql://{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{database}"


@dataclass
class Hub:
    database: str
    users: list[str] = field(default_factory=list)

    @property
    def admin_url(self) -> str:
        return f"postgresql://{_admin_user()}@{_url(self.database).split('://', 1)[1]}"

    @property
    def url(self) -> str:
        return _url(self.database)

    def add_user(self, name: str, role: str, password: str = "pw-not-checked-1") -> str:
        login = f"{self.database}_u_{name}"
        add_user(self.admin_url, login, role, password)
        self.users.append(login)
        return login

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(admin_url_for(self.database), autocommit=True)


def _admin_user() -> str:
    return str(psycopg.conninfo.conninfo_to_dict(ADMIN_URL).get("user") or "postgres")


class HubRegistry:
    """Creates hubs with unique names and drops them (and their roles) at the end."""

    def __init__(self) -> None:
        self.hubs: list[Hub] = []
        self.extra_roles: list[str] = []

    def reserve(self) -> Hub:
        """A unique hub name, dropped at the end, not yet initialised."""
        hub = Hub(f"sidekick_test_{secrets.token_hex(5)}")
        self.hubs.append(hub)
        return hub

    def new(self) -> Hub:
        hub = self.reserve()
        init_hub(hub.admin_url, isolate=False)  # the shared server's other databases stay as they are
        return hub

    def cleanup(self) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            for hub in self.hubs:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(hub.database)))
                roles = roles_for(hub.database)
                for role in [*hub.users, roles.lead, roles.agent]:
                    conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
            for role in self.extra_roles:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture(scope="session")
def hubs() -> Iterator[HubRegistry]:
    registry = HubRegistry()
    yield registry
    registry.cleanup()


@pytest.fixture
def hub(hubs: HubRegistry) -> Hub:
    return hubs.new()


@dataclass
class Machine:
    """One agent's or lead's computer: its own data directory and local database."""

    home: Path
    store: Store
    user: str = ""

    @property
    def client(self) -> HubClient:
        return HubClient(self.store)

    def connect(self, hub: Hub, user: str, password: str = "pw-not-checked-1") -> None:
        self.user = user
        connect_machine(self.store, hub.url, user, password)

    def settings(self) -> Settings:
        with self.store.session() as session:
            return load_settings(session=session)[0]

    def workspace(self, messages: list[tuple[str, bool]] | None = None) -> Workspace:
        """The app's workspace on this machine, as the tray app wires it; its messages go to ``messages``."""
        from sidekick.app.workspace import Workspace

        def message(text: str, critical: bool = False) -> None:
            if messages is not None:
                messages.append((text, critical))

        return Workspace(store=self.store, settings=self.settings, message=message, paste_text=lambda _t: None,
                         replace_index=lambda _i: None, search=lambda q, n: [])


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[callable]:
    opened: list[Machine] = []

    def make(name: str) -> Machine:
        home = tmp_path / name
        home.mkdir()
        machine = Machine(home, open_store(home / "sidekick.db"))
        opened.append(machine)
        return machine

    yield make
    for machine in opened:
        machine.store.close()


@pytest.fixture(scope="session")
def password_server() -> Iterator[str]:
    """A throwaway cluster of our own that checks passwords (SCRAM-SHA-256 over TCP); yields
    its admin URL (superuser ``postgres`` with password ``ADMIN_PASSWORD``). Init with
    isolation runs only here: the shared server's other databases are never changed."""
    from helpers.pg_cluster import throwaway_cluster

    with throwaway_cluster(max_connections=40, password=ADMIN_PASSWORD) as url:
        yield url


ADMIN_PASSWORD = "Adm1n-throwaway-Pw7"
