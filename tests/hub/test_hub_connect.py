"""Connecting a machine, setting up a hub: verified logins, no password anywhere, isolation.

Password checks need a server that checks passwords: these tests use a throwaway cluster with
SCRAM-SHA-256 (``password_server``), besides the shared trust-auth server.
"""

from __future__ import annotations

import io

import keyring
import psycopg
import pytest
from conftest import ADMIN_PASSWORD

from sidekick.cli.main import main
from sidekick.db.store import open_store
from sidekick.hub.client import HubClient, connect_machine
from sidekick.hub.errors import HubAuthError, PasswordNotGiven
from sidekick.hub.schema import add_user, init_hub


def run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def _db(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


def _port(url: str) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(url)["port"])


def _nothing_saved(memory_keyring) -> None:
    store = open_store()
    try:
        assert HubClient(store).status(check_online=False).configured is False
    finally:
        store.close()
    assert memory_keyring.items == {}


def test_connect_verifies_and_saves_nothing_when_unreachable_tls_fails_or_password_is_wrong(
    password_server, hub, monkeypatch, capsys, memory_keyring
) -> None:
    # Unreachable.
    assert run(["hub", "connect", "postgresql://127.0.0.1:1/shop", "--user", "wang", "--password-stdin"],
               monkeypatch, "pw-123456\n") == 2
    assert "cannot reach" in capsys.readouterr().err
    _nothing_saved(memory_keyring)
    # TLS required but the server has none.
    assert run(["hub", "connect", hub.url + "?sslmode=require", "--user", hub.add_user("t", "agent"),
                "--password-stdin"], monkeypatch, "pw-not-checked-1\n") == 2
    assert "TLS" in capsys.readouterr().err
    _nothing_saved(memory_keyring)
    # Wrong password, on a server that checks it.
    port = _port(password_server)
    init_hub(_db(password_server, "shop_pw"))
    add_user(_db(password_server, "shop_pw"), "li_pw", "agent", "right-password-1")
    url = f"postgresql://127.0.0.1:{port}/shop_pw"
    assert run(["hub", "connect", url, "--user", "li_pw", "--password-stdin"], monkeypatch, "wrong-password-1\n") == 2
    err = capsys.readouterr().err
    assert "rejected the password" in err and "wrong-password-1" not in err
    _nothing_saved(memory_keyring)
    # --no-verify saves without trying; the right password connects and pulls.
    assert run(["hub", "connect", "postgresql://127.0.0.1:1/shop", "--user", "wang", "--password-stdin", "--no-verify"],
               monkeypatch, "pw-123456\n") == 0
    assert run(["hub", "connect", url, "--user", "li_pw", "--password-stdin", "--replace"], monkeypatch,
               "right-password-1\n") == 0
    assert "as agent" in capsys.readouterr().out
    assert run(["hub", "sync"], monkeypatch) == 0


def test_init_and_add_user_never_print_the_admin_password_of_a_conninfo(password_server, monkeypatch, capsys) -> None:
    port = _port(password_server)
    conninfo = f"host=127.0.0.1 port={port} user=postgres password={ADMIN_PASSWORD} dbname=shop_ci"
    assert run(["hub", "init", conninfo], monkeypatch) == 0
    assert run(["hub", "add-user", "wang_ci", "--role", "lead", "--url", conninfo, "--generate"], monkeypatch) == 0
    bad = f"host=127.0.0.1 port={port} user=postgres password={ADMIN_PASSWORD} dbname=Bad-Name"
    assert run(["hub", "init", bad], monkeypatch) == 2
    wrong = f"host=127.0.0.1 port={port} user=postgres password={ADMIN_PASSWORD}x dbname=shop_ci"
    assert run(["hub", "add-user", "li_ci", "--role", "agent", "--url", wrong, "--generate"], monkeypatch) == 2
    as_url = f"postgresql://postgres@127.0.0.1:{port}/shop_ci?password={ADMIN_PASSWORD}"
    assert run(["hub", "init", as_url], monkeypatch) == 0
    captured = capsys.readouterr()
    assert "shop_ci" in captured.out
    assert ADMIN_PASSWORD not in captured.out + captured.err


def test_agents_cannot_connect_to_other_databases_nor_list_roles_or_databases() -> None:
    from helpers.pg_cluster import throwaway_cluster

    with throwaway_cluster(max_connections=20, password=ADMIN_PASSWORD) as admin:  # a server of its own
        with psycopg.connect(admin, autocommit=True) as conn:  # a role of another application, made before
            conn.execute("CREATE ROLE other_app LOGIN PASSWORD 'other-app-pw1'")
            conn.execute("CREATE DATABASE other_app_db")
        report = init_hub(_db(admin, "shop_iso"))
        assert any(line.startswith("postgres: CONNECT and TEMPORARY revoked") for line in report.isolation)
        add_user(_db(admin, "shop_iso"), "li_iso", "agent", "agent-password-1")
        port = _port(admin)
        agent = f"postgresql://li_iso:agent-password-1@127.0.0.1:{port}"
        for database in ("postgres", "other_app_db", "template1"):
            with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
                psycopg.connect(f"{agent}/{database}").close()
        with psycopg.connect(agent + "/shop_iso", autocommit=True) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("CREATE TEMP TABLE t (x int)")
            for catalog in ("pg_roles", "pg_database", "pg_user"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(f"SELECT count(*) FROM pg_catalog.{catalog}")
            assert conn.execute("SELECT count(*) FROM sidekick.phrase").fetchone() == (0,)
        # Nobody else lost access, and the hub still works for its agent.
        psycopg.connect(f"postgresql://other_app:other-app-pw1@127.0.0.1:{port}/postgres").close()
        with psycopg.connect(f"postgresql://other_app:other-app-pw1@127.0.0.1:{port}/other_app_db") as conn:
            conn.execute("CREATE TEMP TABLE t (x int)")


def test_a_keyring_backend_that_keeps_the_password_in_a_plain_file_is_never_used(hub, machines, monkeypatch) -> None:
    written: list[str] = []
    plaintext = type("PlaintextKeyring", (keyring.backend.KeyringBackend,), {
        "priority": 1, "get_password": lambda self, s, u: None,
        "set_password": lambda self, s, u, p: written.append(p), "delete_password": lambda self, s, u: None,
    })
    plaintext.__module__ = "keyrings.alt.file"
    monkeypatch.delenv("SIDEKICK_KEYRING_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(plaintext())
    try:
        machine = machines("m")
        # Not a safe keyring: the encrypted file is used instead, and it needs a passphrase.
        with pytest.raises(PasswordNotGiven, match="SIDEKICK_KEYRING_PASSPHRASE"):
            connect_machine(machine.store, hub.url, hub.add_user("k", "agent"), "pw-not-checked-1")
        assert machine.client.status(check_online=False).configured is False
        assert written == []
    finally:
        keyring.set_keyring(previous)


def test_wrong_password_is_an_auth_error_from_the_real_server(password_server, machines) -> None:
    admin = _db(password_server, "shop_auth")
    init_hub(admin)
    add_user(admin, "wang_auth", "lead", "right-password-2")
    machine = machines("lead")
    with pytest.raises(HubAuthError):
        connect_machine(machine.store, f"postgresql://127.0.0.1:{_port(admin)}/shop_auth", "wang_auth", "nope-nope-1")
    result = connect_machine(machine.store, f"postgresql://127.0.0.1:{_port(admin)}/shop_auth", "wang_auth",
                             "right-password-2")
    assert result.role == "lead"
