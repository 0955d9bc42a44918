"""Team usage on the real PostgreSQL: an agent sends only its own daily counts and reads no one
else's; a lead reads the whole shop's; a day is one statement."""

from __future__ import annotations

import csv
import os
import random
import sqlite3
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import psycopg
import pytest

from sidekick.cli.main import main
from sidekick.core.insights import FOUND_VIA, TeamCount, UsageRecord, UseDetails, daily_counts_by_day, local_offset
from sidekick.db.settings_store import load_settings, save_settings, set_value
from sidekick.db.usage_log import write_usage
from sidekick.hub.errors import HubPermissionError
from sidekick.hub.usage import BACKFILL_DAYS, STATE_USAGE, UPLOAD_SQL, last_sent, read_team_usage, upload_day

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DAY = date(2026, 11, 30)


def _as(hub, user: str) -> psycopg.Connection:
    return psycopg.connect(psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=hub.database, user=user), autocommit=True)


def test_daily_counts_are_per_phrase_with_the_suggestion_share() -> None:
    records = [UsageRecord("a", "phrase", datetime(2026, 11, 30, 9), "suggestion"),
               UsageRecord("a", "phrase", datetime(2026, 11, 30, 10), "search"),
               UsageRecord("b", "phrase", datetime(2026, 11, 30, 11), "suggestion"),
               UsageRecord("b", "phrase", datetime(2026, 11, 29, 11), "suggestion")]
    assert daily_counts_by_day(records)[DAY] == [("a", 2, 1), ("b", 1, 1)]


def test_agents_write_and_read_only_their_own_counts_and_the_lead_reads_all(hub) -> None:
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


def test_a_day_is_one_statement(hub) -> None:
    agent = hub.add_user("cy", "agent")
    with _as(hub, agent) as conn:
        statements: list[str] = []
        original = conn.execute

        def counting(query, params=None, **kwargs):
            statements.append(str(query))
            return original(query, params, **kwargs)

        conn.execute = counting
        upload_day(conn, DAY, [(f"p{n}", n + 1, 0) for n in range(500)])
        assert len(statements) == 1
        conn.execute = original
        assert conn.execute("SELECT count(*), sum(uses) FROM sidekick.usage_daily").fetchone() == (500, sum(range(1, 501)))


# --------------------------------------------------------------------------- the app's daily upload


def _record_history(machine, days: int, seed: int) -> list[UsageRecord]:
    """Uses on the last ``days`` days and today, at varied hours, some found by suggestion."""
    rng = random.Random(seed)
    today = date.today()
    records: list[UsageRecord] = []
    connection = sqlite3.connect(machine.store.path)
    with connection:
        for back in range(days, -1, -1):
            for _ in range(rng.randint(0, 12)):
                moment = datetime.combine(today - timedelta(days=back), time(rng.randint(0, 23), rng.randint(0, 59)))
                moment -= local_offset()  # naive UTC, as the app stores it
                via = rng.choice(FOUND_VIA)
                target = f"p{rng.randint(1, 15)}"
                write_usage(connection, target, "phrase", moment, UseDetails(found_via=via))
                records.append(UsageRecord(target, "phrase", moment, via))
    connection.close()
    return records


def _expected(records: list[UsageRecord], agent: str) -> list[TeamCount]:
    """The rows the hub should hold, computed directly from the events."""
    today = date.today()
    first = today - timedelta(days=BACKFILL_DAYS)
    totals: dict[tuple[str, date, str], list[int]] = {}
    for record in records:
        day = (record.used_at + local_offset()).date()
        if first <= day < today:
            entry = totals.setdefault((agent, day, record.target_id), [0, 0])
            entry[0] += 1
            entry[1] += record.found_via == "suggestion"
    return sorted((TeamCount(a, d, t, u, s) for (a, d, t), (u, s) in totals.items()),
                  key=lambda row: (row.day, row.agent, row.target_id))


def _hub_rows(hub) -> list[TeamCount]:
    with hub.admin() as conn:
        return read_team_usage(conn, date(2000, 1, 1), date(2100, 1, 1))


def _share(lead, on: bool) -> None:
    with lead.store.session() as session:
        save_settings(session=session, settings=replace(load_settings(session=session)[0], share_usage=on))
    assert lead.client.publish().written


def test_nothing_is_sent_until_the_lead_shares_usage_then_each_completed_day_once(hub, machines) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    records = _record_history(agent, 40, seed=7)
    agent.client.sync()
    assert _hub_rows(hub) == [] and last_sent(agent.store) == []  # sharing is off by default
    _share(lead, True)
    agent.client.sync()  # receives share_usage, then sends
    expected = _expected(records, agent.user)
    assert expected and _hub_rows(hub) == expected
    assert sorted(last_sent(agent.store)) == sorted((r.day.isoformat(), r.target_id, r.uses, r.by_suggestion)
                                                    for r in expected)
    assert agent.client.share_usage() is None  # every completed day is sent already: not one statement
    # Sending again (a lost local record) changes nothing on the hub.
    with agent.store.session() as session:
        set_value(session=session, key=STATE_USAGE, value={})
    again = agent.client.share_usage()
    assert again is not None and again.statements == len({r.day for r in expected})
    assert _hub_rows(hub) == expected
    # The lead switches sharing off: the next day's counts stay on the agent's machine.
    _share(lead, False)
    agent.client.sync()
    assert settings_off(agent)
    assert agent.client.share_usage(today=date.today() + timedelta(days=2)) is None
    assert _hub_rows(hub) == expected


def settings_off(machine) -> bool:
    return not machine.store.read_settings()[0].share_usage


def test_an_upload_costs_one_statement_per_day_with_uses(hub, machines, monkeypatch) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    records = _record_history(agent, 12, seed=3)
    _share(lead, True)
    with agent.store.session() as session:  # the setting as a pull brings it, without sending yet
        save_settings(session=session, settings=replace(load_settings(session=session)[0], share_usage=True))
    client = agent.client
    client.status()  # the connection is open: what follows is the upload alone
    statements: list[str] = []
    original = psycopg.Connection.execute

    def counting(self, query, params=None, **kwargs):
        statements.append(str(query))
        return original(self, query, params, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "execute", counting)
    upload = client.share_usage()
    monkeypatch.setattr(psycopg.Connection, "execute", original)
    days_with_uses = {r.day for r in _expected(records, agent.user)}
    assert upload is not None and len(upload.days) == BACKFILL_DAYS
    assert len(statements) == upload.statements == len(days_with_uses) > 1
    assert all(s == UPLOAD_SQL for s in statements)


def test_an_agents_app_cannot_read_or_overwrite_another_agents_counts(hub, machines) -> None:
    lead, anna, bo = machines("lead"), machines("anna"), machines("bo")
    lead.connect(hub, hub.add_user("lead", "lead"))
    anna.connect(hub, hub.add_user("anna", "agent"))
    bo.connect(hub, hub.add_user("bo", "agent"))
    _share(lead, True)
    anna_records, bo_records = _record_history(anna, 5, seed=1), _record_history(bo, 5, seed=2)
    anna.client.sync()
    bo.client.sync()
    expected = sorted([*_expected(anna_records, anna.user), *_expected(bo_records, bo.user)],
                      key=lambda row: (row.day, row.agent, row.target_id))
    assert _hub_rows(hub) == expected
    with pytest.raises(HubPermissionError):
        bo.client.team_usage(date(2000, 1, 1), date.today())
    with bo.client.open(autocommit=True) as conn:
        assert {row.agent for row in read_team_usage(conn, date(2000, 1, 1), date.today())} == {bo.user}
        # bo's statement with anna's name in it is refused, the upsert can only ever be bo's own.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO sidekick.usage_daily (agent, day, target_id, uses) VALUES (%s, %s, 'p1', 99) "
                         "ON CONFLICT (agent, day, target_id) DO UPDATE SET uses = 99", (anna.user, date.today()))
    assert _hub_rows(hub) == expected
    assert lead.client.team_usage(date(2000, 1, 1), date.today()) == expected


def test_stats_team_gives_the_lead_the_team_figures_and_refuses_an_agent(hub, machines, monkeypatch, capsys, tmp_path) -> None:
    lead, anna, bo = machines("lead"), machines("anna"), machines("bo")
    lead.connect(hub, hub.add_user("lead", "lead"))
    anna.connect(hub, hub.add_user("anna", "agent"))
    bo.connect(hub, hub.add_user("bo", "agent"))
    _share(lead, True)
    records = {anna.user: _record_history(anna, 6, seed=4), bo.user: _record_history(bo, 6, seed=5)}
    anna.client.sync()
    bo.client.sync()

    def cli(machine, *argv: str) -> int:
        monkeypatch.setenv("SIDEKICK_HOME", str(machine.home))
        return main(["stats", "--team", *argv])

    since = (date.today() - timedelta(days=6)).isoformat()
    assert cli(lead, "--since", since) == 0
    out = capsys.readouterr().out
    sent = [row for agent in records for row in _expected(records[agent], agent)]
    total = sum(row.uses for row in sent if row.day >= date.fromisoformat(since))
    assert f"{total} uses by 2 agents" in out
    assert cli(lead, "--since", since, "--csv", str(tmp_path / "team.csv")) == 0
    capsys.readouterr()
    rows = list(csv.reader((tmp_path / "team.csv").read_text(encoding="utf-8-sig").splitlines()))
    per_agent = {row[1]: int(row[2]) for row in rows if row[0] == "agent_uses"}
    assert per_agent == {agent: sum(r.uses for r in _expected(records[agent], agent) if r.day >= date.fromisoformat(since))
                         for agent in records}
    assert cli(anna, "--since", since) == 2
    assert "for the shop's lead" in capsys.readouterr().err
    alone = machines("alone")
    assert cli(alone) == 2
    assert "for a lead connected to a hub" in capsys.readouterr().err


def test_the_insights_window_backend_gives_the_team_to_a_lead_only(hub, machines) -> None:
    from sidekick.app.insights_service import InsightsService
    from sidekick.config.settings import Settings
    from sidekick.ui.insights import TeamUsageError

    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    _share(lead, True)
    records = _record_history(agent, 4, seed=9)
    agent.client.sync()
    period = (date.today() - timedelta(days=10), date.today())

    def service(machine):
        return InsightsService(machine.store, Settings, library=None, on_change=lambda: None, hub=machine.client)

    for_lead, for_agent = service(lead), service(agent)
    assert for_lead.team_available() and not for_agent.team_available()
    assert for_lead.team_counts(*period) == _expected(records, agent.user)
    with pytest.raises(TeamUsageError, match="lead"):
        for_agent.team_counts(*period)
    assert not InsightsService(agent.store, Settings, library=None, on_change=lambda: None).team_available()
