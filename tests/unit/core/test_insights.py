"""Every insights figure, over a generated year of 50 agents, against a direct computation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from sidekick.core.insights import (
    FOUND_SEARCH,
    FOUND_SUGGESTION,
    FOUND_VIA,
    UsageRecord,
    compute_insights,
    insights_rows,
    local_day,
)
from tests.helpers.usage_history import misses_per_day, year_of_events

FIRST = date(2025, 12, 1)
TARGETS = [f"p{n:04d}" for n in range(400)]
LIBRARY = TARGETS + [f"never{n}" for n in range(30)]  # in the library, never used
OFFSET = timedelta(hours=8)  # the agents' days are Beijing days


@pytest.fixture(scope="module")
def year() -> list[UsageRecord]:
    return year_of_events(agents=50, targets=TARGETS, first_day=FIRST, per_agent_day=6)


@pytest.fixture(scope="module")
def period() -> tuple[date, date]:
    return FIRST + timedelta(days=40), FIRST + timedelta(days=300)


@pytest.fixture(scope="module")
def figures(year, period):
    since, until = period
    return compute_insights(year, no_result_per_day=misses_per_day(first_day=FIRST), library_ids=LIBRARY,
                            since=since, until=until, today=until, stale_days=30, top=25, tz_offset=OFFSET)


def in_period(year: list[UsageRecord], period: tuple[date, date]) -> list[tuple[date, UsageRecord]]:
    since, until = period
    days = [((record.used_at + OFFSET).date(), record) for record in year]
    return [(day, record) for day, record in days if since <= day <= until]


def test_the_history_is_a_year_of_fifty_agents(year) -> None:
    assert len({record.agent for record in year}) == 50
    assert (year[-1].used_at - year[0].used_at).days >= 360
    assert len(year) > 50_000


def test_uses_per_day_and_total(year, period, figures) -> None:
    chosen = in_period(year, period)
    by_day: dict[date, list[UsageRecord]] = {}
    for day, record in chosen:
        by_day.setdefault(day, []).append(record)
    assert figures.uses_per_day == {day: len(records) for day, records in by_day.items()}
    assert sum(figures.uses_per_day.values()) == figures.total_uses == len(chosen)
    assert list(figures.uses_per_day) == sorted(figures.uses_per_day)
    assert figures.first_day == min(day for day, _ in chosen) and figures.last_day == max(day for day, _ in chosen)


def test_top_replies(year, period, figures) -> None:
    counts: dict[str, int] = {}
    for _, record in in_period(year, period):
        counts[record.target_id] = counts.get(record.target_id, 0) + 1
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:25]
    assert figures.top_replies == expected
    assert figures.top_replies[0][0] == "p0000"  # the generator favours the first targets


def test_stale_replies_look_at_the_whole_history(year, period, figures) -> None:
    _, until = period
    last: dict[str, date] = {}
    for record in year:
        day = (record.used_at + OFFSET).date()
        last[record.target_id] = max(day, last.get(record.target_id, day))
    expected = {target for target in LIBRARY if target not in last or last[target] <= until - timedelta(days=30)}
    assert {item.target_id for item in figures.stale} == expected
    assert all(item.last_used == last.get(item.target_id) for item in figures.stale)
    assert [item.target_id for item in figures.stale[:30]] == sorted(f"never{n}" for n in range(30))


def test_median_popup_to_paste_per_day(year, period, figures) -> None:
    by_day: dict[date, list[int]] = {}
    for day, record in in_period(year, period):
        if record.popup_ms is not None:
            by_day.setdefault(day, []).append(record.popup_ms)
    assert set(figures.median_popup_ms_per_day) == set(by_day)
    for day, times in by_day.items():
        times.sort()
        middle = len(times) // 2
        expected = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
        assert figures.median_popup_ms_per_day[day] == expected


def test_share_by_suggestion_and_typed_search(year, period, figures) -> None:
    chosen = [record for _, record in in_period(year, period)]
    known = [record for record in chosen if record.found_via is not None]
    for via in FOUND_VIA:
        assert figures.found_via_counts[via] == sum(1 for record in known if record.found_via == via)
    assert figures.share(FOUND_SUGGESTION) == pytest.approx(
        sum(1 for record in known if record.found_via == FOUND_SUGGESTION) / len(known))
    assert figures.share(FOUND_SEARCH) == pytest.approx(
        sum(1 for record in known if record.found_via == FOUND_SEARCH) / len(known))


def test_first_suggestion_right(year, period, figures) -> None:
    suggested = [record for _, record in in_period(year, period) if record.found_via == FOUND_SUGGESTION]
    assert figures.suggestion_uses == len(suggested)
    assert figures.first_suggestion_right == sum(1 for record in suggested if record.rank == 1)
    assert figures.first_suggestion_rate == pytest.approx(figures.first_suggestion_right / len(suggested))


def test_searches_with_no_result(period, figures) -> None:
    since, until = period
    expected = {day: count for day, count in misses_per_day(first_day=FIRST).items() if since <= day <= until and count}
    assert figures.no_result_per_day == expected
    assert figures.no_result_total == sum(expected.values())


def test_uses_per_agent(year, period, figures) -> None:
    expected: dict[str, int] = {}
    for _, record in in_period(year, period):
        expected[record.agent] = expected.get(record.agent, 0) + 1
    assert figures.agents == expected


def test_days_are_the_agents_local_days() -> None:
    late = UsageRecord("a", "phrase", datetime(2026, 3, 1, 17, 30))  # 01:30 on 2 March in Beijing
    assert local_day(late.used_at, OFFSET) == date(2026, 3, 2)
    assert compute_insights([late], tz_offset=OFFSET).uses_per_day == {date(2026, 3, 2): 1}


def test_empty_history_gives_no_rates_rather_than_a_division_error() -> None:
    figures = compute_insights([], library_ids=["a"], today=date(2026, 3, 1))
    assert figures.total_uses == 0 and figures.first_suggestion_rate is None and figures.share(FOUND_SEARCH) is None
    assert [item.target_id for item in figures.stale] == ["a"]


def test_rows_carry_every_figure(figures) -> None:
    rows = insights_rows(figures, {"p0000": "快递时效"})
    sections = {row[0] for row in rows}
    assert sections == {"uses_per_day", "top_reply", "stale", "median_popup_ms", "found_via", "first_suggestion_right",
                        "no_result_searches", "agent_uses"}
    assert ("top_reply", "p0000", str(figures.top_replies[0][1]), "快递时效") in rows
