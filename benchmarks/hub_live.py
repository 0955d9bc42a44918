"""Team hub live updates under stress: prints two figures, asserts nothing.

Run: ``.venv/bin/python benchmarks/hub_live.py`` (admin URL from ``SIDEKICK_TEST_PG``, default
``postgresql://postgres@127.0.0.1:5432/postgres``; a throwaway hub database, dropped at the end).

- notification flood: 2,000 ``NOTIFY sidekick_hub`` sent as fast as one connection can; how
  many pulls one listening app makes (coalescing: one in flight, one queued, at most one every
  0.25 s)
- restart after outages: the hub is reached through a TCP proxy that goes down twice for
  ``--outage`` seconds, then for a 2 s restart; how long after the hub is back the listener
  (the app's defaults: 1 s backoff doubling to 60 s, with jitter) is online again
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.tcp_proxy import TcpProxy

from sidekick.db.store import open_store
from sidekick.hub.client import HubClient
from sidekick.hub.listener import HubListener
from sidekick.hub.schema import add_user, init_hub, roles_for

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _wait(condition: Callable[[], bool]) -> None:
    while not condition():
        time.sleep(0.02)


def _machine(home: Path, url: str, login: str) -> HubClient:
    from dataclasses import replace

    from sidekick.db.settings_store import load_settings, save_settings, set_value

    store = open_store(home / f"{secrets.token_hex(3)}.db")
    with store.session() as session:  # as `hub connect` leaves it (trust auth: no password needed)
        settings, _ = load_settings(session=session)
        save_settings(session=session, settings=replace(settings, hub_url=url, hub_user=login))
        set_value(session=session, key="state.hub.role", value="agent")
    return HubClient(store, password_loader=lambda _target: None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks/hub_live.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outage", type=float, default=20.0, help="seconds of each of the two earlier outages")
    args = parser.parse_args(argv)
    params = psycopg.conninfo.conninfo_to_dict(ADMIN_URL)
    host, port = str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432)
    database = f"sidekick_bench_{secrets.token_hex(5)}"
    admin = psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=database)
    login = f"{database}_u_agent"
    home = Path(tempfile.mkdtemp(prefix="sidekick-bench-"))
    os.environ["SIDEKICK_HOME"] = str(home)
    init_hub(admin, isolate=False)
    add_user(admin, login, "agent", secrets.token_hex(8))
    try:
        client = _machine(home, f"postgresql://{host}:{port}/{database}", login)
        listener = HubListener(client, poll_s=3600)
        listener.start()
        _wait(lambda: listener.pulls >= 1)
        before = listener.pulls
        with psycopg.connect(admin, autocommit=True) as conn:
            started = time.monotonic()
            for _ in range(2000):
                conn.execute("NOTIFY sidekick_hub")
            flood = time.monotonic() - started
        time.sleep(3)
        print(f"notification flood: 2000 NOTIFY in {flood:.2f} s -> {listener.pulls - before} pulls")
        listener.stop()
        client.close()

        proxy = TcpProxy((host, port))
        proxy.up()
        client = _machine(home, f"postgresql://127.0.0.1:{proxy.port}/{database}", login)
        listener = HubListener(client, poll_s=3600)
        listener.start()
        _wait(lambda: listener.online)
        for outage in (args.outage, args.outage, 2.0):
            proxy.down()
            _wait(lambda: not listener.online)
            time.sleep(outage)
            proxy.up()
            back = time.monotonic()
            _wait(lambda: listener.online)
        print(f"2 s restart after two {args.outage:.0f} s outages: online again {time.monotonic() - back:.2f} s "
              "after the hub came back")
        listener.stop()
        client.close()
        proxy.down()
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            roles = roles_for(database)
            for role in (login, roles.lead, roles.agent):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


if __name__ == "__main__":
    main()
