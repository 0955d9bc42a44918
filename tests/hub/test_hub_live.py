"""Live updates under stress: notification floods and repeated hub outages."""

from __future__ import annotations

import threading
import time

import psycopg

from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.hub.client import HubClient, connect_machine
from sidekick.hub.listener import Backoff, HubListener

TEAM = LibraryKind.TEAM


def wait_until(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return bool(check())


def test_a_flood_of_notifications_makes_a_few_pulls_not_thousands(hub, machines) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    client = HubClient(agent.store)
    listener = HubListener(client, poll_s=3600, tick_s=0.1)
    listener.start()
    try:
        assert wait_until(lambda: listener.pulls >= 1, 10)
        start_pulls = listener.pulls
        with hub.admin() as conn:  # any login that may connect can NOTIFY
            started = time.monotonic()
            for _ in range(2000):
                conn.execute("NOTIFY sidekick_hub")
            flood_s = time.monotonic() - started
        # A real publish right after the flood still arrives.
        with lead.store.session() as s:
            repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("售前"), "活动", "今天有活动"))
        assert lead.client.publish().written
        assert wait_until(lambda: any(p.title == "活动" for p in _team(agent)), 10)
        time.sleep(1.0)
        pulls = listener.pulls - start_pulls
    finally:
        listener.stop()
        client.close()
    # At most one pull in flight and one queued, at most one every min_pull_interval_s.
    assert pulls <= 4 + (flood_s + 2.0) / listener.min_pull_interval_s, (pulls, flood_s)
    assert pulls < 200, pulls  # one per notification would be 2,000


def _team(machine) -> list[Phrase]:
    with machine.store.session() as s:
        return repo.list_phrases(session=s, library=TEAM)


def test_reconnect_delay_resets_after_a_success(hub, machines) -> None:
    from helpers.tcp_proxy import TcpProxy

    params = psycopg.conninfo.conninfo_to_dict(hub.admin_url)
    proxy = TcpProxy((str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432)))
    proxy.up()
    agent = machines("agent")
    login = hub.add_user("agent", "agent")
    connect_machine(agent.store, f"postgresql://127.0.0.1:{proxy.port}/{hub.database}", login, "pw-not-checked-1")
    client = HubClient(agent.store)
    online: list[bool] = []
    listener = HubListener(client, on_status=lambda up, _m: online.append(up), poll_s=3600, tick_s=0.05,
                           backoff_initial_s=0.1, backoff_max_s=8.0)
    listener.start()
    try:
        assert wait_until(lambda: listener.online, 10)
        for outage_s in (2.5, 2.5):  # two earlier outages push the backoff up
            proxy.down()
            assert wait_until(lambda: not listener.online, 10)
            time.sleep(outage_s)
            proxy.up()
            assert wait_until(lambda: listener.online, 15)
        # A short restart: recovered within a few initial delays, not the 8 s cap.
        proxy.down()
        assert wait_until(lambda: not listener.online, 10)
        time.sleep(0.2)
        proxy.up()
        restarted = time.monotonic()
        assert wait_until(lambda: listener.online, 15)
        recovered_s = time.monotonic() - restarted
    finally:
        listener.stop()
        client.close()
        proxy.down()
    assert recovered_s < 1.5, recovered_s


def test_backoff_is_capped_exponential_with_jitter_and_resets() -> None:
    import random

    rng = random.Random(7)
    delays = [Backoff(1.0, 60.0, rng.random) for _ in range(200)]
    first = [b.next() for b in delays]
    assert all(0.5 <= d <= 1.0 for d in first)
    assert len({round(d, 3) for d in first}) > 100  # 200 agents do not retry in lockstep
    one = Backoff(1.0, 60.0, lambda: 1.0)
    assert [one.next() for _ in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]
    one.reset()
    assert one.next() == 1.0


def test_concurrent_sync_and_listener_share_the_connection_safely(hub, machines) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    client = HubClient(agent.store)
    listener = HubListener(client, poll_s=3600, tick_s=0.05)
    listener.start()
    errors: list[BaseException] = []

    def sync_many() -> None:
        try:
            for _ in range(20):
                client.sync()
        except BaseException as error:
            errors.append(error)

    try:
        threads = [threading.Thread(target=sync_many) for _ in range(2)]
        for t in threads:
            t.start()
        with hub.admin() as conn:
            for _ in range(200):
                conn.execute("NOTIFY sidekick_hub")
        for t in threads:
            t.join(30)
    finally:
        listener.stop()
        client.close()
    assert errors == []
