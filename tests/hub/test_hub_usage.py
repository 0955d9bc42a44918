"""Team usage on the real PostgreSQL: an agent sends only its own daily counts and reads no one
else's; a lead reads the whole shop's; a day is one statement."""

from __future__ import annotations

import os
from datetime import date, datetime

import psycopg
import pytest

from sidekick.core.insights import UsageRecord, daily_counts
from sidekick.hub.usage import read_team_usage, upload_day

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DAY = date(2026, 11, 30)


def _as(hub, user: str) -> psycopg.Connection:  # type: ignore[no-untyped-def]
    return psycopg.connect(psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=hub.database, user=user), autocommit=True)


def test_daily_counts_are_per_phrase_with_the_suggestion_share() -> None:
    records = [UsageRecord("a", "phrase", datetime(2026, 11, 30, 9), "suggestion"),
               UsageRecord("a", "phrase", datetime(2026, 11, 30, 10), "search"),
               UsageRecord("b", "phrase", datetime(2026, 11, 30, 11), "suggestion"),
               UsageRecord("b", "phrase", datetime(2026, 11, 29, 11), "suggestion")]
    assert daily_counts(records, DAY) == [("a", 2, 1), ("b", 1, 1)]


def test_agents_write_and_read_only_their_own_counts_and_the_lead_reads_all(hub) -> None:  # type: ignore[no-untyped-def]
    lead = hub.add_user("lead", "lead")
    first, second = hub.add_user("anna", "agent"), hub.add_user("bo", "agent")
    with _as(hub, first) as conn:
        upload_day(conn, DAY, [("p1", 5, 2), ("p2", 1, 0)])
        upload_day(conn, DAY, [("p1", 6, 3)])  # sending the day again replaces its counts
    with _as(hub, second) as conn:
        upload_day(conn, DAY, [("p1", 4, 4)])
        assert read_team_usage(conn, DAY, DAY) == [(second, DAY, "p1", 4, 4)]  # none of anna's
        for statement in (
            f"INSERT INTO sidekick.usage_daily (agent, day, target_id, uses) VALUES ('{first}', '{DAY}', 'p9', 1)",
            f"INSERT INTO sidekick.usage_daily (agent, day, target_id, uses) VALUES ('{lead}', '{DAY}', 'p9', 1)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # Rows of others are invisible, so updating or deleting them touches nothing.
        assert conn.execute(f"UPDATE sidekick.usage_daily SET uses = 0 WHERE agent = '{first}'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM sidekick.usage_daily")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE sidekick.usage_daily")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"UPDATE sidekick.usage_daily SET agent = '{first}' WHERE agent = '{second}'")
    with _as(hub, lead) as conn:
        assert read_team_usage(conn, DAY, DAY) == sorted([
            (first, DAY, "p1", 6, 3), (first, DAY, "p2", 1, 0), (second, DAY, "p1", 4, 4)],
            key=lambda row: (row[1], row[0], row[2]))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"INSERT INTO sidekick.usage_daily (agent, day, target_id, uses) VALUES ('{first}', '{DAY}', 'p9', 1)")
        assert conn.execute(f"UPDATE sidekick.usage_daily SET uses = 0 WHERE agent = '{first}'").rowcount == 0


def test_a_day_is_one_statement(hub) -> None:  # type: ignore[no-untyped-def]
    agent = hub.add_user("cy", "agent")
    with _as(hub, agent) as conn:
        statements: list[str] = []
        original = conn.execute

        def counting(query, params=None, **kwargs):  # type: ignore[no-untyped-def]
            statements.append(str(query))
            return original(query, params, **kwargs)

        conn.execute = counting  # type: ignore[method-assign]
        upload_day(conn, DAY, [(f"p{n}", n + 1, 0) for n in range(500)])
        assert len(statements) == 1
        conn.execute = original  # type: ignore[method-assign]
        assert conn.execute("SELECT count(*), sum(uses) FROM sidekick.usage_daily").fetchone() == (500, sum(range(1, 501)))
