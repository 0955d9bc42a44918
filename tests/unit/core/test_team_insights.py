"""The lead's team figures over a generated year of 50 agents, against a direct computation from
the events: what the agents' apps send (``daily_counts_by_day``) and what the lead reads back."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest

from sidekick.core.insights import (
    FOUND_SUGGESTION,
    TeamCount,
    TeamInsights,
    UsageRecord,
    compute_team_insights,
    daily_counts_by_day,
    team_rows,
)
from tests.helpers.usage_history import year_of_events

FIRST = date(2025, 12, 1)
TARGETS = [f"p{n:04d}" for n in range(300)]
LIBRARY = [*TARGETS, *(f"never{n}" for n in range(25))]
OFFSET = timedelta(hours=8)
SINCE, UNTIL = FIRST + timedelta(days=30), FIRST + timedelta(days=200)


@pytest.fixture(scope="module")
def year() -> list[UsageRecord]:
    return year_of_events(agents=50, targets=TARGETS, first_day=FIRST, per_agent_day=4)


@pytest.fixture(scope="module")
def hub_rows(year: list[UsageRecord]) -> list[TeamCount]:
    """What the hub holds once every agent's app has sent every day."""
    per_agent: defaultdict[str, list[UsageRecord]] = defaultdict(list)
    for record in year:
        per_agent[record.agent].append(record)
    return [TeamCount(agent, day, target, uses, suggested)
            for agent, records in per_agent.items()
            for day, counts in daily_counts_by_day(records, OFFSET).items()
            for target, uses, suggested in counts]


@pytest.fixture(scope="module")
def team(hub_rows: list[TeamCount]) -> TeamInsights:
    return compute_team_insights(hub_rows, since=SINCE, until=UNTIL, library_ids=LIBRARY)


def in_period(year: list[UsageRecord]) -> list[tuple[date, UsageRecord]]:
    return [(day, r) for r in year if SINCE <= (day := (r.used_at + OFFSET).date()) <= UNTIL]


def test_the_daily_counts_sent_hold_every_use_and_nothing_else(year, hub_rows) -> None:
    assert sum(row.uses for row in hub_rows) == len(year)
    assert sum(row.by_suggestion for row in hub_rows) == sum(r.found_via == FOUND_SUGGESTION for r in year)
    assert all(0 <= row.by_suggestion <= row.uses for row in hub_rows)
    assert len({(row.agent, row.day, row.target_id) for row in hub_rows}) == len(hub_rows)  # the hub's key


def test_team_totals_per_day(year, team) -> None:
    uses: defaultdict[date, int] = defaultdict(int)
    suggested: defaultdict[date, int] = defaultdict(int)
    for day, record in in_period(year):
        uses[day] += 1
        suggested[day] += record.found_via == FOUND_SUGGESTION
    assert team.uses_per_day == dict(sorted(uses.items()))
    assert team.by_suggestion_per_day == dict(sorted(suggested.items()))
    assert team.total_uses == len(in_period(year))
    assert team.suggestion_share == pytest.approx(sum(suggested.values()) / sum(uses.values()))


def test_per_agent_adoption(year, team) -> None:
    uses: defaultdict[str, int] = defaultdict(int)
    suggested: defaultdict[str, int] = defaultdict(int)
    days: defaultdict[str, set[date]] = defaultdict(set)
    for day, record in in_period(year):
        uses[record.agent] += 1
        suggested[record.agent] += record.found_via == FOUND_SUGGESTION
        days[record.agent].add(day)
    assert len(team.agents) == 50
    assert [a.agent for a in team.agents] == sorted(uses, key=lambda agent: (-uses[agent], agent))
    for adoption in team.agents:
        assert adoption.uses == uses[adoption.agent]
        assert adoption.by_suggestion == suggested[adoption.agent]
        assert adoption.active_days == len(days[adoption.agent])
        assert adoption.uses_per_day == pytest.approx(uses[adoption.agent] / len(days[adoption.agent]))
        assert adoption.suggestion_share == pytest.approx(suggested[adoption.agent] / uses[adoption.agent])


def test_replies_used_by_nobody(year, team) -> None:
    used = {record.target_id for _, record in in_period(year)}
    assert team.unused == sorted(set(LIBRARY) - used)
    assert {f"never{n}" for n in range(25)} <= set(team.unused)
    # A narrow period leaves more replies unused than a wide one.
    narrow = compute_team_insights([], since=SINCE, until=SINCE, library_ids=LIBRARY)
    assert narrow.unused == sorted(LIBRARY) and narrow.total_uses == 0 and narrow.suggestion_share is None


def test_team_rows_carry_every_figure(team) -> None:
    rows = team_rows(team, {"never3": "退货地址"})
    sections = {row[0] for row in rows}
    assert sections == {"team_uses_per_day", "agent_uses", "agent_uses_per_day", "agent_suggestion_share",
                        "unused_by_team"}
    assert sum(int(row[2]) for row in rows if row[0] == "team_uses_per_day") == team.total_uses
    assert ("unused_by_team", "never3", "", "退货地址") in rows
    first = team.agents[0]
    assert ("agent_uses", first.agent, str(first.uses), str(first.active_days)) in rows
