"""Team hub speed against the local PostgreSQL: prints a table, asserts nothing.

Run: ``.venv/bin/python benchmarks/hub.py`` (admin URL from ``SIDEKICK_TEST_PG``, default
``postgresql://postgres@127.0.0.1:5432/postgres``). It creates throwaway hub databases named
``sidekick_bench_<random>`` and drops them (and their roles) at the end.

- initial pull: an empty local copy receives a hub of N phrases (10k, 100k)
- incremental pull: 10 phrases change on a hub of 10k / 100k phrases; one agent pulls them
  (with an open connection, and including connecting)
- publish: a lead publishes 1,000 edited phrases in one transaction
- 200 agents pulling at once: the hub side of an incremental pull (connect, snapshot, read the
  10 changed rows with their products' children) from 200 threads. The server allows
  ``max_connections`` (100 here) including the admin, so a semaphore admits 80 agents at a time;
  the others queue, and their waiting time is part of their latency. Each agent's local apply
  runs on its own machine in reality, so it is measured once above, not 200 times here.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sidekick.db import repository  # noqa: E402
from sidekick.db.settings_store import set_value  # noqa: E402
from sidekick.db.store import open_store  # noqa: E402
from sidekick.db.tables import PhraseRow  # noqa: E402
from sidekick.hub.connection import HubTarget, connect  # noqa: E402
from sidekick.hub.model import CATEGORY_SQL, PHRASE_SQL, PRODUCT_SQL, products_from_rows  # noqa: E402
from sidekick.hub.publish import publish  # noqa: E402
from sidekick.hub.pull import STATE_REVISION, pull  # noqa: E402
from sidekick.hub.schema import add_user, init_hub, roles_for  # noqa: E402

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
AGENTS = 200
AGENT_SLOTS = 80


def hub_url(database: str, user: str | None = None) -> str:
    return psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=database, **({"user": user} if user else {}))


def bulk_load(database: str, phrases: int) -> None:
    """COPY ``phrases`` team phrases in 20 categories (one statement: one revision lock)."""
    with psycopg.connect(hub_url(database), autocommit=True) as conn:
        with conn.cursor() as cur:
            with cur.copy("COPY sidekick.category (id, name, position) FROM STDIN") as copy:
                for c in range(20):
                    copy.write_row((f"cat{c}", f"分类{c}", c))
            with cur.copy("COPY sidekick.phrase (id, category_id, code, title, body, position) FROM STDIN") as copy:
                for i in range(phrases):
                    copy.write_row((f"ph{i:07d}", f"cat{i % 20}", f"c{i}", f"快递说明{i}",
                                    f"亲，您好，默认发中通快递📦，48小时内发货，第{i}条", i))
        conn.execute("ANALYZE")


def change(database: str, count: int) -> None:
    with psycopg.connect(hub_url(database), autocommit=True) as conn:
        conn.execute("UPDATE sidekick.phrase SET body = body || '!' WHERE id = ANY(%s)",
                     ([f"ph{i:07d}" for i in range(0, count * 997, 997)],))


def timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def agent_fetch(target: HubTarget, since: int) -> None:
    """The hub side of an incremental pull (same SQL as sidekick.hub.pull)."""
    with connect(target, None) as conn:
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            head = conn.execute("SELECT revision FROM sidekick.hub_state").fetchone()[0]  # type: ignore[index]
            window = (since, head)
            conn.execute(CATEGORY_SQL + " WHERE c.revision > %s AND c.revision <= %s", window).fetchall()
            conn.execute(PHRASE_SQL + " WHERE p.revision > %s AND p.revision <= %s", window).fetchall()
            products_from_rows(conn, conn.execute(PRODUCT_SQL + " WHERE p.revision > %s AND p.revision <= %s", window).fetchall())


def main() -> None:
    made: list[str] = []
    rows: list[tuple[str, str, str]] = []
    work = Path(tempfile.mkdtemp(prefix="sidekick-bench-"))
    os.environ["SIDEKICK_HOME"] = str(work / "home")
    try:
        for size in (10_000, 100_000):
            database = f"sidekick_bench_{secrets.token_hex(4)}"
            made.append(database)
            init_hub(hub_url(database))
            load_s, _ = timed(lambda: bulk_load(database, size))
            rows.append((f"setup: COPY {size:,} phrases into the hub", f"{load_s:.2f} s", "(setup)"))
            agent_login = f"{database}_agent1"
            add_user(hub_url(database), agent_login, "agent", "bench-pass-1")
            target = HubTarget(f"postgresql://{_hostport()}/{database}", agent_login)
            store = open_store(work / f"agent-{size}.db")
            with connect(target, None) as conn:
                seconds, report = timed(lambda: pull(conn, store))
            rows.append((f"initial pull, {size:,} phrases", f"{seconds:.2f} s",
                         f"{len(report.new_phrases):,} rows, {len(report.new_phrases) / seconds:,.0f} rows/s"))
            change(database, 10)
            with connect(target, None) as conn:
                inc_s, report = timed(lambda: pull(conn, store))
            rows.append((f"incremental pull, 10 changes, hub of {size:,}", f"{inc_s * 1000:.0f} ms",
                         f"{len(report.changed_phrases)} rows; target ≤ 100 ms"))
            change(database, 10)
            inc2_s, report = timed(lambda: _pull_connecting(target, store))
            rows.append((f"  same, including connecting", f"{inc2_s * 1000:.0f} ms", f"{len(report.changed_phrases)} rows"))
            if size == 100_000:
                head = int(report.revision)
                since = head - 10
                change(database, 10)
                rows.append(_many_agents(target, since + 10))
            if size == 10_000:
                rows.append(_publish_1000(database, store, work))
            store.close()
    finally:
        _drop(made)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'time':>10}  notes")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 30}")
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>10}  {note}")


def _hostport() -> str:
    params = psycopg.conninfo.conninfo_to_dict(ADMIN_URL)
    return f"{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}"


def _pull_connecting(target: HubTarget, store):  # type: ignore[no-untyped-def]
    with connect(target, None) as conn:
        return pull(conn, store)


def _publish_1000(database: str, agent_store, work: Path) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """A lead's machine holding the 10k library edits 1,000 phrases and publishes them."""
    lead_login = f"{database}_lead1"
    add_user(hub_url(database), lead_login, "lead", "bench-pass-1")
    lead = open_store(work / "lead.db")
    target = HubTarget(f"postgresql://{_hostport()}/{database}", lead_login)
    with connect(target, None) as conn:
        pull(conn, lead)
    with lead.session() as session:
        ids = [f"ph{i:07d}" for i in range(0, 10_000, 10)]
        for pid in ids:
            phrase = repository.get_phrase(session=session, phrase_id=pid)
            assert phrase is not None
            repository.save_phrase(session=session, phrase=replace(phrase, body=phrase.body + "（已更新）"))
    with connect(target, None) as conn:
        seconds, report = timed(lambda: publish(conn, lead))
    lead.close()
    return ("publish 1,000 changed phrases", f"{seconds * 1000:.0f} ms", f"{len(report.phrases)} rows, one transaction")


def _many_agents(target: HubTarget, since: int) -> tuple[str, str, str]:
    gate = threading.Semaphore(AGENT_SLOTS)
    start_line = threading.Barrier(AGENTS)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def agent() -> None:
        start_line.wait()
        begin = time.perf_counter()
        try:
            with gate:
                agent_fetch(target, since - 10)
        except Exception as error:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(str(error))
            return
        with lock:
            latencies.append(time.perf_counter() - begin)

    threads = [threading.Thread(target=agent) for _ in range(AGENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p50 = statistics.median(latencies) * 1000 if latencies else 0.0
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0.0
    worst = latencies[-1] * 1000 if latencies else 0.0
    return (f"{AGENTS} agents pulling at once (hub of 100,000)", f"p95 {p95:.0f} ms",
            f"p50 {p50:.0f} ms, max {worst:.0f} ms, errors {len(errors)}; target p95 ≤ 500 ms")


def _drop(databases: list[str]) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        for database in databases:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            roles = roles_for(database)
            for role in (f"{database}_agent1", f"{database}_lead1", roles.lead, roles.agent):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


if __name__ == "__main__":
    main()
