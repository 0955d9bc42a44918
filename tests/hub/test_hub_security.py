"""Permissions enforced by PostgreSQL, clear connection errors, offline use, no password on disk."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.hub.client import HubClient, connect_machine
from sidekick.hub.connection import HubTarget, conninfo, parse_target
from sidekick.hub.errors import (
    HubAuthError,
    HubConfigError,
    HubError,
    HubPermissionError,
    HubUnreachable,
    PasswordNotGiven,
    sanitize_url,
    translate,
)

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

WRITES = {
    "category": ("INSERT INTO sidekick.category (id, name) VALUES ('x', 'x')", "UPDATE sidekick.category SET name = 'x'",
                 "DELETE FROM sidekick.category"),
    "phrase": ("INSERT INTO sidekick.phrase (id, title) VALUES ('x', 'x')", "UPDATE sidekick.phrase SET body = 'x'",
               "DELETE FROM sidekick.phrase"),
    "product": ("INSERT INTO sidekick.product (id, title) VALUES ('x', 'x')", "UPDATE sidekick.product SET title = 'x'",
                "DELETE FROM sidekick.product"),
    "product_tag": ("INSERT INTO sidekick.product_tag (product_id, tag) VALUES ('p', 'x')",
                    "UPDATE sidekick.product_tag SET tag = 'x'", "DELETE FROM sidekick.product_tag"),
    "knowledge_field": ("INSERT INTO sidekick.knowledge_field (product_id, position, name) VALUES ('p', 0, 'x')",
                        "UPDATE sidekick.knowledge_field SET value = 'x'", "DELETE FROM sidekick.knowledge_field"),
    "product_relation": ("INSERT INTO sidekick.product_relation (product_id, target_id, kind) VALUES ('p', 'p', 'pairing')",
                         "UPDATE sidekick.product_relation SET note = 'x'", "DELETE FROM sidekick.product_relation"),
    "hub_state": ("INSERT INTO sidekick.hub_state (id) VALUES (2)", "UPDATE sidekick.hub_state SET revision = 0",
                  "DELETE FROM sidekick.hub_state"),
    "schema_version": ("INSERT INTO sidekick.schema_version VALUES (99, 'x')", "UPDATE sidekick.schema_version SET version = 0",
                       "DELETE FROM sidekick.schema_version"),
}
OTHER_WRITES = [
    *(f"TRUNCATE sidekick.{table}" for table in WRITES),
    "CREATE TABLE sidekick.mine (x int)",
    "CREATE TABLE public.mine (x int)",
    "CREATE TEMP TABLE mine (x int)",
    "CREATE SCHEMA mine",
    "SELECT nextval('sidekick.revision_seq')",
    "SELECT 1 FROM sidekick.hub_state FOR UPDATE",
    "CREATE OR REPLACE FUNCTION sidekick.stamp_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
    "ALTER TABLE sidekick.phrase DISABLE ROW LEVEL SECURITY",
]


def _as(hub, user: str) -> psycopg.Connection:
    return psycopg.connect(psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=hub.database, user=user), autocommit=True)


def test_agent_gets_a_permission_error_on_every_kind_of_write(hub, machines) -> None:
    lead, agent_machine = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent = hub.add_user("agent", "agent")
    agent_machine.connect(hub, agent)
    with lead.store.session() as s:
        repo.save_phrase(session=s, phrase=Phrase(new_id(), LibraryKind.TEAM, CategoryPath("售前"), "A", "a"))
    lead.client.publish()
    statements = [statement for group in WRITES.values() for statement in group] + OTHER_WRITES
    with _as(hub, agent) as conn:
        assert conn.execute("SELECT count(*) FROM sidekick.phrase").fetchone()[0] == 1  # reading is allowed
        for statement in statements:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    # And through the app: publishing as an agent is refused with a clear message.
    with agent_machine.store.session() as s:
        repo.save_phrase(session=s, phrase=Phrase(new_id(), LibraryKind.TEAM, CategoryPath(), "B", "b"))
    with pytest.raises(HubPermissionError, match="only leads may publish"):
        agent_machine.client.publish()
    with hub.admin() as conn:
        assert conn.execute("SELECT count(*) FROM sidekick.phrase").fetchone()[0] == 1


def test_lead_delete_becomes_a_tombstone(hub) -> None:
    lead = hub.add_user("lead", "lead")
    with _as(hub, lead) as conn:
        conn.execute("INSERT INTO sidekick.phrase (id, title) VALUES ('p1', 'x')")
        conn.execute("DELETE FROM sidekick.phrase WHERE id = 'p1'")
        row = conn.execute("SELECT deleted, revision, updated_by FROM sidekick.phrase WHERE id = 'p1'").fetchone()
        assert row is not None and row[0] is True and row[1] >= 2 and row[2] == lead
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE sidekick.phrase")


def test_a_user_of_another_hub_cannot_connect_to_this_one(hubs, machines) -> None:
    ours, theirs = hubs.new(), hubs.new()
    stranger = theirs.add_user("lead", "lead")
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        _as(ours, stranger)
    machine = machines("stranger")
    with pytest.raises(HubPermissionError, match="not a user of this hub"):
        connect_machine(machine.store, ours.url, stranger, "whatever-123")
    assert HubClient(machine.store).status().configured is False  # nothing was saved


def test_a_group_role_cannot_log_in(hub, machines) -> None:
    machine = machines("m")
    with pytest.raises(HubAuthError, match="not allowed to log in"):
        connect_machine(machine.store, hub.url, f"{hub.database}_agent", "whatever-123")


def test_wrong_password_message_from_the_servers_real_error_text() -> None:
    # Exactly what libpq reports when the server rejects a password (this server trusts
    # 127.0.0.1, so the text is reproduced here rather than provoked).
    error = psycopg.OperationalError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  password authentication failed for user "wang"'
    )
    translated = translate(error, where="10.0.0.5:5432/shop", user="wang", secrets=("s3cret-pw",))
    assert isinstance(translated, HubAuthError)
    assert "rejected the password" in str(translated) and "sidekick hub connect" in str(translated)
    assert "s3cret-pw" not in str(translated)


def test_unreachable_hub_gives_a_clear_message_and_the_app_keeps_working_offline(machines) -> None:
    machine = machines("agent")
    with machine.store.session() as s:
        repo.save_phrase(session=s, phrase=Phrase(new_id(), LibraryKind.PERSONAL, CategoryPath(), "问候", "您好"))
    with pytest.raises(HubUnreachable, match=r"cannot reach the hub at 127\.0\.0\.1:1/shop"):
        connect_machine(machine.store, "postgresql://127.0.0.1:1/shop", "wang", "s3cret-pw")
    assert machine.client.status(check_online=False).configured is False  # nothing saved
    note = connect_machine(machine.store, "postgresql://127.0.0.1:1/shop", "wang", "s3cret-pw", verify=False).describe()
    assert "not verified" in note
    with pytest.raises(HubUnreachable, match="keeps working offline") as caught:
        machine.client.sync()
    assert caught.value.__cause__ is None and "s3cret" not in repr(caught.value)
    status = machine.client.status()
    assert (status.configured, status.online) == (True, False) and "cannot reach" in status.message
    with machine.store.session() as s:
        assert [p.title for p in repo.list_phrases(session=s)] == ["问候"]  # the local copy still works


def test_the_password_never_reaches_the_data_directory_or_logs(hub, machines, memory_keyring, sidekick_home) -> None:
    password = "Zq7-unique-hub-password-9x"
    agent_login = hub.add_user("agent", "agent", password)
    machine = machines("agent")
    connect_machine(machine.store, hub.url, agent_login, password)
    machine.client.sync()
    machine.client.status()
    # A failing connection (hub gone) must not spill it either.
    with pytest.raises(HubError) as refused:
        connect_machine(machine.store, "postgresql://127.0.0.1:1/" + hub.database, agent_login, password, replace_hub=True)
    assert password not in str(refused.value)
    connect_machine(machine.store, "postgresql://127.0.0.1:1/" + hub.database, agent_login, password, verify=False,
                    replace_hub=True)
    with pytest.raises(HubUnreachable) as caught:
        machine.client.sync()
    assert password not in str(caught.value)
    machine.store.close()
    for root in (machine.home, Path(sidekick_home)):
        for path in root.rglob("*"):
            if path.is_file():
                assert password.encode() not in path.read_bytes(), path
    assert password in memory_keyring.items.values()  # it lives in the keyring only


def test_no_keyring_and_no_passphrase_is_a_clear_error(machines, monkeypatch) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("SIDEKICK_KEYRING_PASSPHRASE", raising=False)
    machine = machines("m")
    with pytest.raises(PasswordNotGiven, match=r"encrypted file .* passphrase"):
        connect_machine(machine.store, "postgresql://127.0.0.1:1/shop", "wang", "pw-123456", verify=False)
    assert HubClient(machine.store).status(check_online=False).configured is False


def test_remote_hosts_require_tls_unless_the_url_says_otherwise() -> None:
    assert "sslmode=require" in conninfo(HubTarget("postgresql://hub.example.com/shop", "wang"), None)
    assert "sslmode" not in conninfo(HubTarget("postgresql://127.0.0.1/shop", "wang"), None)
    assert "sslmode=verify-full" in conninfo(HubTarget("postgresql://hub.example.com/shop?sslmode=verify-full", "w"), None)
    with pytest.raises(HubConfigError, match="must not contain a password"):
        parse_target("postgresql://wang:pw@hub.example.com/shop", "wang")
    assert sanitize_url("postgresql://wang:pw@hub.example.com/shop") == "postgresql://wang@hub.example.com/shop"
