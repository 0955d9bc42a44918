"""Team hub speed: prints a table, asserts nothing.

Run: ``.venv/bin/python benchmarks/hub.py`` (admin URL from ``SIDEKICK_TEST_PG``, default
``postgresql://postgres@127.0.0.1:5432/postgres``). It creates throwaway hub databases named
``sidekick_bench_<random>`` and drops them (and their roles) at the end.

- initial pull: an empty local copy receives a hub of N phrases (10k, 100k)
- incremental pull: 10 phrases change on a hub of 10k / 100k phrases; one agent pulls them
  over its long-lived connection (as the app does), and once more including connecting
- nothing new: the poll that finds no change (one query)
- publish: a lead publishes 1,000 edited phrases in one transaction
- 200 agents pulling at once: each agent holds its own long-lived connection, as the app
  does (its listener's), and all 200 pull the 10 changes of one publish at the same moment
  (threads released together by a barrier). Measured: the hub side of ``pull`` (the head
  query, then the one pipelined snapshot read), i.e. exactly what ``HubClient.sync`` sends.
  Each agent's local apply runs on its own machine in reality, so it is measured once above
  (incremental pull), not 200 times in this one process, where the GIL would serialise it.

200 long-lived connections do not fit the shared server (``max_connections`` 100), so that
case starts a throwaway PostgreSQL cluster of its own: ``initdb`` into a temporary directory
(as the ``postgres`` OS user when run as root), ``max_connections=260``, a free TCP port on
127.0.0.1, its unix socket in the same directory; stopped and removed afterwards. The table
says which server each row used. If no cluster can be started (no PostgreSQL binaries), the
case runs on the shared server with as many connections as it has free, shared by the agents,
and says so.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from queue import Queue

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.pg_cluster import throwaway_cluster

from sidekick.db import repository
from sidekick.db.store import open_store
from sidekick.hub.connection import HubTarget, connect
from sidekick.hub.publish import publish
from sidekick.hub.pull import fetch_changes, hub_head, pull
from sidekick.hub.schema import add_user, init_hub, roles_for

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
AGENTS = 200
CHANGES = 10

Row = tuple[str, str, str]


def hub_url(admin_url: str, database: str, user: str | None = None) -> str:
    return psycopg.conninfo.make_conninfo(admin_url, dbname=database, **({"user": user} if user else {}))


def hostport(admin_url: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(admin_url)
    return f"{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}"


def bulk_load(admin_url: str, database: str, phrases: int) -> None:
    """COPY ``phrases`` team phrases in 20 categories (one statement: one revision lock)."""
    with psycopg.connect(hub_url(admin_url, database), autocommit=True) as conn:
        with conn.cursor() as cur:
            with cur.copy("COPY sidekick.category (id, name, position) FROM STDIN") as copy:
                for c in range(20):
                    copy.write_row((f"cat{c}", f"分类{c}", c))
            with cur.copy("COPY sidekick.phrase (id, category_id, code, title, body, position) FROM STDIN") as copy:
                for i in range(phrases):
                    copy.write_row((f"ph{i:07d}", f"cat{i % 20}", f"c{i}", f"快递说明{i}",
                                    f"亲，您好，默认发中通快递📦，48小时内发货，第{i}条", i))
        conn.execute("ANALYZE")


def change(admin_url: str, database: str, count: int) -> None:
    """One write of ``count`` phrases (a publish as the hub sees it: one statement, one NOTIFY)."""
    with psycopg.connect(hub_url(admin_url, database), autocommit=True) as conn:
        conn.execute("UPDATE sidekick.phrase SET body = body || '!' WHERE id = ANY(%s)",
                     ([f"ph{i:07d}" for i in range(0, count * 997, 997)],))


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    """(p50, p95, max) in milliseconds."""
    if not latencies:
        return 0.0, 0.0, 0.0
    ordered = sorted(latencies)
    p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


# --------------------------------------------------------------------------- hubs


class Hubs:
    """Hub databases made on one server, dropped (with their roles) at the end."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.made: list[str] = []

    def new(self, phrases: int) -> tuple[str, float]:
        database = f"sidekick_bench_{secrets.token_hex(4)}"
        self.made.append(database)
        init_hub(hub_url(self.admin_url, database), isolate=False)
        seconds, _ = timed(lambda: bulk_load(self.admin_url, database, phrases))
        return database, seconds

    def login(self, database: str, role: str) -> HubTarget:
        name = f"{database}_{role}1"
        add_user(hub_url(self.admin_url, database), name, role, "bench-pass-1")
        return HubTarget(f"postgresql://{hostport(self.admin_url)}/{database}", name)

    def drop(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for database in self.made:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
                roles = roles_for(database)
                for role in (f"{database}_agent1", f"{database}_lead1", roles.lead, roles.agent):
                    conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


# --------------------------------------------------------------------------- a cluster of our own


# --------------------------------------------------------------------------- measures


def _load_search_forms() -> None:
    from sidekick.core.search.forms import phrase_forms
    from sidekick.core.types import CategoryPath, LibraryKind, Phrase

    phrase_forms(Phrase("warm-up", LibraryKind.TEAM, CategoryPath(), "快递", "亲，您好"))


def single_agent(hubs: Hubs, size: int, work: Path) -> list[Row]:
    rows: list[Row] = []
    database, load_s = hubs.new(size)
    rows.append((f"setup: COPY {size:,} phrases into the hub", f"{load_s:.2f} s", "(setup)"))
    target = hubs.login(database, "agent")
    store = open_store(work / f"agent-{size}.db")
    with connect(target, None, autocommit=True) as conn:  # one long-lived connection, as HubClient keeps
        seconds, report = timed(lambda: pull(conn, store))
        count = len(report.new_phrases)
        rows.append((f"initial pull, {size:,} phrases", f"{seconds:.2f} s",
                     f"{count:,} rows, {count / seconds:,.0f} rows/s"))
        rounds = []
        for _ in range(5):  # a single pull right after the big one is at the mercy of caches
            change(hubs.admin_url, database, CHANGES)
            seconds, report = timed(lambda: pull(conn, store))
            rounds.append(seconds)
        note = (f"{len(report.changed_phrases)} rows, incl. local apply, median of 5 "
                f"(max {max(rounds) * 1000:.0f} ms); target ≤ 100 ms")
        rows.append((f"incremental pull, {CHANGES} changes, hub of {size:,}", f"{statistics.median(rounds) * 1000:.0f} ms", note))
        polls = [timed(lambda: pull(conn, store))[0] for _ in range(20)]
        rows.append(("  nothing new (a poll)", f"{statistics.median(polls) * 1000:.1f} ms",
                     "one hub query; median of 20, incl. local bookkeeping"))
    change(hubs.admin_url, database, CHANGES)

    def connecting():
        with connect(target, None, autocommit=True) as conn:
            return pull(conn, store)

    seconds, report = timed(connecting)
    rows.append(("  same, including connecting", f"{seconds * 1000:.0f} ms", f"{len(report.changed_phrases)} rows"))
    if size == 10_000:
        rows.append(publish_1000(hubs, database, work))
    store.close()
    return rows


def publish_1000(hubs: Hubs, database: str, work: Path) -> Row:
    """A lead's machine holding the 10k library edits 1,000 phrases and publishes them."""
    target = hubs.login(database, "lead")
    lead = open_store(work / "lead.db")
    with connect(target, None, autocommit=True) as conn:
        pull(conn, lead)
        with lead.session() as session:
            for pid in (f"ph{i:07d}" for i in range(0, 10_000, 10)):
                phrase = repository.get_phrase(session=session, phrase_id=pid)
                assert phrase is not None
                repository.save_phrase(session=session, phrase=replace(phrase, body=phrase.body + "（已更新）"))
        seconds, report = timed(lambda: publish(conn, lead))
    lead.close()
    return ("publish 1,000 changed phrases", f"{seconds * 1000:.0f} ms", f"{len(report.phrases)} rows, one transaction")


def many_agents(hubs: Hubs, where: str, connections: int) -> list[Row]:
    """200 agents, each with its long-lived connection, pull one publish's changes at once.

    ``connections`` < 200 only in the fallback on the shared server: the agents then share a
    pool of that many connections and their waiting is part of their latency.
    """
    database, _ = hubs.new(100_000)
    target = hubs.login(database, "agent")
    pool: Queue[psycopg.Connection] = Queue()
    opened = [connect(target, None, autocommit=True) for _ in range(connections)]
    try:
        # Agents that have been running: each connection made its start-up catch-up pull and
        # a poll, so its server process has the hub's tables in its caches, as in the app.
        since = hub_head(opened[0])
        for conn in opened:
            fetch_changes(conn, since - 5)
            hub_head(conn)
            pool.put(conn)
        # Every agent has seen `since`; now one publish arrives and everybody pulls at once.
        change(hubs.admin_url, database, CHANGES)
        changed = run_agents(pool, lambda conn: len(fetch_changes(conn, since).phrases) if hub_head(conn) > since else 0)
        # And the poll that finds nothing (head equals the last revision seen).
        head = hub_head(opened[0])
        polled = run_agents(pool, lambda conn: 0 if hub_head(conn) == head else -1)
    finally:
        for conn in opened:
            conn.close()
    # The same pull connecting first, as every pull did before the connection was kept (the
    # long-lived connections are closed first: 200 of them plus 200 new ones exceed the limit).
    fresh = run_agents(None, lambda _: _pull_connecting(target, since), slots=connections)
    shared = "" if connections >= AGENTS else f", {connections} connections shared"
    return [
        _agents_row(f"{AGENTS} agents pulling {CHANGES} changes at once", changed, CHANGES,
                    f"{where}{shared}; target p95 ≤ 500 ms"),
        _agents_row(f"{AGENTS} agents polling, nothing new", polled, 0, where),
        _agents_row(f"{AGENTS} agents pulling, connecting per pull (old)", fresh, CHANGES, where),
    ]


def _pull_connecting(target: HubTarget, since: int) -> int:
    with connect(target, None, autocommit=True) as conn:
        hub_head(conn)
        return len(fetch_changes(conn, since).phrases)


def run_agents(
    pool: Queue[psycopg.Connection] | None, pull_once: Callable[[psycopg.Connection | None], int], *, slots: int = AGENTS,
) -> tuple[list[float], list[str], list[int]]:
    """Release ``AGENTS`` threads together; each takes a connection (from ``pool``) and pulls.

    ``slots`` limits how many connect at once (the fallback on the shared server)."""
    start_line = threading.Barrier(AGENTS)
    gate = threading.Semaphore(slots)
    latencies: list[float] = []
    errors: list[str] = []
    counts: list[int] = []
    lock = threading.Lock()

    def agent() -> None:
        start_line.wait()
        begin = time.perf_counter()
        conn = pool.get() if pool is not None else None
        try:
            with gate:
                got = pull_once(conn)
        except Exception as error:
            with lock:
                errors.append(str(error))
            return
        finally:
            if pool is not None and conn is not None:
                pool.put(conn)
        with lock:
            latencies.append(time.perf_counter() - begin)
            counts.append(got)

    threads = [threading.Thread(target=agent) for _ in range(AGENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, counts


def _agents_row(name: str, result: tuple[list[float], list[str], list[int]], expected: int, note: str) -> Row:
    latencies, errors, counts = result
    wrong = sum(1 for c in counts if c != expected)  # a pull that did not get exactly the changes
    p50, p95, worst = percentiles(latencies)
    return (name, f"p95 {p95:.0f} ms",
            f"p50 {p50:.0f} ms, max {worst:.0f} ms, errors {len(errors) + wrong}; {note}")


def main(argv: list[str] | None = None) -> None:
    import argparse

    # Parsed first: `--help` prints this and creates nothing.
    argparse.ArgumentParser(
        prog="benchmarks/hub.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args(argv)
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="sidekick-bench-"))
    os.environ["SIDEKICK_HOME"] = str(work / "home")
    # The search forms' pinyin tables load on first use (the app has them loaded long before
    # its first sync); shown on its own so the pull rows measure pulling.
    seconds, _ = timed(_load_search_forms)
    rows.append(("setup: load the pinyin tables (once per process)", f"{seconds:.2f} s", "(setup)"))
    shared = Hubs(ADMIN_URL)
    try:
        for size in (10_000, 100_000):
            rows += single_agent(shared, size, work)
    finally:
        shared.drop()
    try:
        with throwaway_cluster() as admin_url:
            own = Hubs(admin_url)
            where = f"own throwaway cluster, max_connections 260, {AGENTS} connections"
            rows += many_agents(own, where, AGENTS)  # dropped with the cluster
    except (OSError, subprocess.CalledProcessError) as error:
        detail = error.stderr.decode(errors="replace").strip().splitlines()[-1:] if isinstance(
            error, subprocess.CalledProcessError) and error.stderr else [str(error)]
        print(f"could not start a throwaway PostgreSQL cluster ({' '.join(detail)}); using the shared server",
              file=sys.stderr)
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            limit = int(conn.execute("SHOW max_connections").fetchone()[0])
            reserved = int(conn.execute("SHOW superuser_reserved_connections").fetchone()[0])
            used = int(conn.execute("SELECT count(*) FROM pg_stat_activity").fetchone()[0])
        free = max(1, min(AGENTS, limit - reserved - used - 5))
        fallback = Hubs(ADMIN_URL)
        try:
            rows += many_agents(fallback, f"shared server (max_connections {limit})", free)
        finally:
            fallback.drop()
    shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'time':>11}  notes")
    print(f"{'-' * width}  {'-' * 11}  {'-' * 30}")
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>11}  {note}")


if __name__ == "__main__":
    main()
