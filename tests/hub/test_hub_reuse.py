"""The long-lived hub connection: reuse, reconnect, queries per pull, the stored role."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import pq

from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.settings_store import get_value, set_value
from sidekick.hub.client import STATE_ROLE, HubClient
from sidekick.hub.listener import HubListener
from sidekick.hub.model import SyncReport
from sidekick.hub.pull import pull

TEAM = LibraryKind.TEAM


def phrase(title: str, body: str = "您好") -> Phrase:
    return Phrase(id=new_id(), library=TEAM, category=CategoryPath("售前"), title=title, body=body)


def publish(lead, *titles: str) -> None:
    with lead.store.session() as s:
        for title in titles:
            repo.save_phrase(session=s, phrase=phrase(title))
    assert lead.client.publish().written


def setup(hub, machines):
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    return lead, agent


def backend_pids(hub, user: str) -> list[int]:
    with hub.admin() as conn:
        return [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE usename = %s", (user,))]


def kill(hub, user: str) -> None:
    """End ``user``'s server processes and wait until they are gone (a reconnect may follow)."""
    killed = set(backend_pids(hub, user))
    with hub.admin() as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY(%s)", (list(killed),))
    deadline = time.monotonic() + 5
    while killed & set(backend_pids(hub, user)) and time.monotonic() < deadline:
        time.sleep(0.02)


@dataclass
class Traffic:
    statements: int = 0  # simple queries and extended-protocol executions sent
    round_trips: int = 0  # times the client waited for the server to be ready again


@contextmanager
def traffic(conn: psycopg.Connection) -> Iterator[Traffic]:
    """Count what the client sends, from libpq's own protocol trace of ``conn``."""
    counted = Traffic()
    with tempfile.TemporaryFile() as log:
        conn.pgconn.trace(log.fileno())
        conn.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield counted
        finally:
            conn.pgconn.untrace()
        log.seek(0)
        for line in log.read().decode("utf-8", "replace").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and parts[0] == "F" and parts[2] in ("Query", "Execute"):
                counted.statements += 1
            if len(parts) >= 3 and parts[0] == "B" and parts[2] == "ReadyForQuery":
                counted.round_trips += 1


def test_pulls_reuse_one_connection(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    with HubClient(agent.store) as client:
        publish(lead, "一")
        assert len(client.sync().new_phrases) == 1
        pids = backend_pids(hub, agent.user)
        publish(lead, "二")
        assert len(client.sync().new_phrases) == 1
        assert client.status().online
        assert client.generation == 1 and backend_pids(hub, agent.user) == pids and len(pids) == 1
    assert backend_pids(hub, agent.user) == []  # close() hangs up


def test_connection_killed_between_pulls_reconnects_and_the_next_pull_completes(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    with HubClient(agent.store) as client:
        publish(lead, "一")
        client.sync()
        kill(hub, agent.user)  # e.g. the hub restarted, or an idle timeout, while the agent idled
        publish(lead, "二", "三")
        report = client.sync()
        assert sorted(i.title for i in report.new_phrases) == ["三", "二"]
        assert client.generation == 2
        # A lead's publish over a connection that died while idle goes through the same way.
        with HubClient(lead.store) as lead_client:
            lead_client.status()
            kill(hub, lead.user)
            with lead.store.session() as s:
                repo.save_phrase(session=s, phrase=phrase("四"))
            assert lead_client.publish().written
        assert [i.title for i in client.sync().new_phrases] == ["四"]


def test_nothing_new_is_one_query_and_a_small_pull_two(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    with HubClient(agent.store) as client:
        publish(lead, "一")
        client.sync()
        conn = client.connection()
        with traffic(conn) as idle:
            assert not client.sync().changed
        assert (idle.statements, idle.round_trips) == (1, 1)
        publish(lead, "二", "三")
        with traffic(conn) as small:
            assert len(client.sync().new_phrases) == 2
        assert (small.statements, small.round_trips) == (2, 2)


def test_one_statement_and_streamed_pulls_give_the_same_copy(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    other = machines("agent2")
    other.connect(hub, hub.add_user("agent2", "agent"))
    publish(lead, *[f"短语{i}" for i in range(12)])
    with agent.client.open() as conn:
        pull(conn, agent.store)  # 12 revisions fit a batch: the one-statement read
    with other.client.open() as conn:
        pull(conn, other.store, batch_size=5)  # streamed in batches of 5

    def copy(machine) -> dict[str, Phrase]:
        with machine.store.session() as s:
            return {p.id: p for p in repo.list_phrases(session=s, library=TEAM)}

    assert copy(agent) == copy(other) and len(copy(agent)) == 12


def test_status_online_stores_the_role_for_the_windows(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    for machine, role in ((lead, "lead"), (agent, "agent")):
        with machine.store.session() as s:
            set_value(session=s, key="state.hub.role", value="")  # e.g. a role changed by the admin
        assert machine.client.status().role == role
        with machine.store.session() as s:
            assert get_value(session=s, key="state.hub.role") == role == get_value(session=s, key=STATE_ROLE)


def test_listener_shares_the_connection_and_keeps_listening_after_a_reconnect(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    arrived: list[SyncReport] = []
    event = threading.Event()
    statuses: list[bool] = []

    def on_change(report: SyncReport) -> None:
        arrived.append(report)
        event.set()

    client = HubClient(agent.store)
    listener = HubListener(client, on_change=on_change, on_status=lambda online, _m: statuses.append(online),
                           poll_s=3600, tick_s=0.1)
    listener.start()
    try:
        deadline = time.monotonic() + 10
        while listener.pulls < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(backend_pids(hub, agent.user)) == 1  # LISTEN and pulls: one connection
        kill(hub, agent.user)
        deadline = time.monotonic() + 10
        while client.generation < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert client.generation == 2
        publish(lead, "活动通知")
        assert event.wait(2.0), "no notification after the reconnect"
        assert arrived[-1].new_phrases[0].title == "活动通知"
        assert False not in statuses  # a reconnect that succeeds at once is not "offline"
        assert len(backend_pids(hub, agent.user)) == 1
    finally:
        listener.stop()
        client.close()
