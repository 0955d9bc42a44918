"""The 统计 / Insights window over a generated history: its tables match a direct computation."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from sidekick.core.insights import CatalogEntry, InsightsSource, TeamCount, daily_counts_by_day
from sidekick.ui.insights import InsightsWindow, TeamUsageError
from tests.helpers.usage_history import misses_per_day, year_of_events

TODAY = date(2026, 11, 30)
FIRST = TODAY - timedelta(days=364)
PHRASES = [f"p{n:03d}" for n in range(120)]


class History:
    """An InsightsBackend over generated records; records what the window asks to change."""

    def __init__(self) -> None:
        used = PHRASES[:100]  # the last twenty are never used
        records = year_of_events(agents=3, targets=used, first_day=FIRST, per_agent_day=5)
        catalog = {pid: CatalogEntry(f"话术{pid}", "team" if int(pid[1:]) % 2 else "personal") for pid in PHRASES}
        self.full = InsightsSource(records, misses_per_day(first_day=FIRST), catalog)
        self.data = self.full
        self.asked: list[object] = []
        self.moved: list[tuple[list[str], dict[str, str]]] = []
        self.exported: list[tuple[Path, list[tuple[str, str, str, str]]]] = []

    def source(self, since=None) -> InsightsSource:
        self.asked.append(since)
        # As the real loader: the records from ``since`` on, with every reply's last use.
        records = [r for r in self.full.records if since is None or r.used_at >= since]
        last: dict = {}
        for record in self.full.records:
            last[record.target_id] = max(record.used_at, last.get(record.target_id, record.used_at))
        self.data = InsightsSource(records, self.full.no_result_per_day, self.full.catalog, last, since)
        return self.data

    def today(self) -> date:
        return TODAY

    def tz_offset(self) -> timedelta:
        return timedelta(0)

    def export(self, path: Path, rows) -> None:
        from sidekick.app.insights_service import write_export

        write_export(path, rows)
        self.exported.append((path, list(rows)))

    def move_to_cleanup(self, phrase_ids, libraries) -> int:
        self.moved.append((list(phrase_ids), dict(libraries)))
        return len(phrase_ids)

    def team_available(self) -> bool:
        return False

    def team_counts(self, since: date, until: date) -> list[TeamCount]:
        raise AssertionError("an agent's window never reads the team's counts")


class LeadHistory(History):
    """A lead on a hub: the team's daily counts of 8 agents (as their apps send them)."""

    def __init__(self, fail: str = "") -> None:
        super().__init__()
        team = year_of_events(agents=8, targets=PHRASES[:90], first_day=FIRST, per_agent_day=4, seed=11)
        self.team_events = team
        per_agent: dict[str, list] = {}
        for record in team:
            per_agent.setdefault(record.agent, []).append(record)
        self.counts = [TeamCount(agent, day, target, uses, suggested)
                       for agent, records in per_agent.items()
                       for day, rows in daily_counts_by_day(records).items() for target, uses, suggested in rows]
        self.fail = fail
        self.team_asked: list[tuple[date, date]] = []

    def team_available(self) -> bool:
        return True

    def team_counts(self, since: date, until: date) -> list[TeamCount]:
        self.team_asked.append((since, until))
        if self.fail:
            raise TeamUsageError(self.fail)
        return [count for count in self.counts if since <= count.day <= until]


@pytest.fixture
def window(qtbot):
    backend = History()
    shown = InsightsWindow(backend)
    qtbot.addWidget(shown)
    shown.show()
    return shown, backend


def table(tab) -> list[tuple[str, ...]]:
    model = tab.model
    return [tuple(str(model.data(model.index(row, col))) for col in range(model.columnCount()))
            for row in range(model.rowCount())]


def test_the_last_thirty_days_by_default_and_every_table_matches(window) -> None:
    shown, backend = window
    since = TODAY - timedelta(days=29)
    assert backend.asked == [datetime(2026, 11, 1)]  # only the default period's events were read
    chosen = [r for r in backend.full.records if since <= r.used_at.date() <= TODAY]
    per_day = Counter(r.used_at.date() for r in chosen)
    assert table(shown.uses_tab) == [(day.isoformat(), str(count)) for day, count in sorted(per_day.items())]
    top = sorted(Counter(r.target_id for r in chosen).items(), key=lambda item: (-item[1], item[0]))[:20]
    assert [(row[0], row[1]) for row in table(shown.top_tab)] == [(f"话术{pid}", str(n)) for pid, n in top]
    suggested = [r for r in chosen if r.found_via == "suggestion"]
    right = sum(1 for r in suggested if r.rank == 1)
    assert (shown.insights.first_suggestion_right, shown.insights.suggestion_uses) == (right, len(suggested))
    assert f"{round(100 * right / len(suggested))}%" in shown.summary.text()
    misses = sum(count for day, count in backend.data.no_result_per_day.items() if since <= day <= TODAY)
    assert table(shown.misses_tab) and sum(int(row[1]) for row in table(shown.misses_tab)) == misses
    assert shown.uses_tab.chart_view.chart().series()  # the visible tab's chart is drawn


def test_stale_list_and_one_click_move_to_cleanup(window) -> None:
    shown, backend = window
    stale = [row[0] for row in table(shown.stale_tab)]
    assert set(stale[:20]) == {f"话术{pid}" for pid in PHRASES[100:]}  # never used, listed first
    shown.tabs.setCurrentWidget(shown.stale_tab)
    shown.move_button.click()
    ids, libraries = backend.moved[0]
    assert set(PHRASES[100:]) <= set(ids)
    assert libraries["p101"] == "team" and libraries["p100"] == "personal"


def test_filters_change_the_figures(window) -> None:
    shown, backend = window
    shown.library.setCurrentIndex(shown.library.findData("team"))
    assert all(int(row[0].removeprefix("话术p")) % 2 for row in table(shown.top_tab))
    shown.since.setDate(shown.since.date().addDays(-335))  # the whole year
    assert backend.asked[-1] == datetime(2025, 12, 1)  # the wider range was read again
    year_days = {r.used_at.date() for r in backend.full.records if int(r.target_id[1:]) % 2}
    assert len(table(shown.uses_tab)) == len(year_days)


def test_every_chart_builds_and_exports_write_csv_and_xlsx(window, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    shown, backend = window
    for index in range(shown.tabs.count()):
        shown.tabs.setCurrentIndex(index)
        tab = shown.tabs.widget(index)
        if tab.chart_view.isVisibleTo(tab):
            assert tab.chart_view.chart().series(), index
    assert shown.export_to(tmp_path / "insights.csv") and shown.export_to(tmp_path / "insights.xlsx")
    rows = list(csv.reader((tmp_path / "insights.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["figure", "key", "value", "extra"] and len(rows) == len(backend.exported[0][1]) + 1
    book = load_workbook(tmp_path / "insights.xlsx")
    assert {"uses_per_day", "top_reply", "stale", "median_popup_ms", "found_via", "no_result_searches"} <= set(book.sheetnames)
    assert book["top_reply"].max_row == len(table(shown.top_tab)) + 1


def test_the_window_speaks_chinese_and_every_string_is_translated(qtbot) -> None:
    import ast

    from sidekick.config.catalogue import read_ts
    from sidekick.core.resources import resources_dir
    from sidekick.ui.i18n import install_language
    from sidekick.ui.insights import window as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    sources = {node.args[0].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr"
               and node.args and isinstance(node.args[0], ast.Constant)}
    assert len(sources) > 30
    table = read_ts(resources_dir() / "i18n" / "zh_CN" / "insights.ts")
    missing = {text for text in sources if ("InsightsWindow", text) not in table}
    assert not missing
    install_language("zh_CN")
    try:
        shown = InsightsWindow(History())
        qtbot.addWidget(shown)
        assert shown.windowTitle() == "统计"
        assert [shown.tabs.tabText(i) for i in range(shown.tabs.count())] == [
            "每日使用", "常用回复", "闲置回复", "弹出→粘贴用时", "建议与搜索", "无结果搜索"]
        assert shown.summary.text().startswith("共使用")
    finally:
        install_language("en")


def test_an_agents_window_has_no_team_tabs(window) -> None:
    shown, _backend = window
    assert shown.tabs.count() == 6 and not shown.team_enabled


def test_a_lead_sees_the_team_figures_and_exports_them(qtbot, tmp_path: Path) -> None:
    backend = LeadHistory()
    shown = InsightsWindow(backend)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.team is not None and not shown.is_loading_team(), timeout=5000)
    since = TODAY - timedelta(days=29)
    assert backend.team_asked[-1] == (since, TODAY)
    chosen = [r for r in backend.team_events if since <= r.used_at.date() <= TODAY]
    per_day = Counter(r.used_at.date() for r in chosen)
    suggested = Counter(r.used_at.date() for r in chosen if r.found_via == "suggestion")
    assert table(shown.team_days_tab) == [(d.isoformat(), str(n), str(suggested[d])) for d, n in sorted(per_day.items())]
    uses = Counter(r.agent for r in chosen)
    days = {agent: len({r.used_at.date() for r in chosen if r.agent == agent}) for agent in uses}
    agent_rows = table(shown.team_agents_tab)
    assert [row[0] for row in agent_rows] == sorted(uses, key=lambda agent: (-uses[agent], agent))
    for agent, total, active, per_active, _share in agent_rows:
        assert (int(total), int(active)) == (uses[agent], days[agent])
        assert per_active == f"{uses[agent] / days[agent]:.1f}"
    used = {r.target_id for r in chosen}
    team_library = [pid for pid in PHRASES if int(pid[1:]) % 2]
    assert sorted(row[1] for row in table(shown.team_unused_tab)) == sorted(set(team_library) - used)
    for tab in (shown.team_days_tab, shown.team_agents_tab):
        shown.tabs.setCurrentWidget(tab)
        assert tab.chart_view.chart().series()
    assert shown.export_to(tmp_path / "insights.csv")
    rows = list(csv.reader((tmp_path / "insights.csv").read_text(encoding="utf-8-sig").splitlines()))
    sections = {row[0] for row in rows}
    assert {"uses_per_day", "team_uses_per_day", "agent_uses", "agent_suggestion_share", "unused_by_team"} <= sections
    # A wider period reads the hub again.
    shown.since.setDate(shown.since.date().addDays(-60))
    qtbot.waitUntil(lambda: backend.team_asked[-1][0] == since - timedelta(days=60) and not shown.is_loading_team())
    qtbot.waitUntil(lambda: sum(int(r[1]) for r in table(shown.team_days_tab)) == len(
        [r for r in backend.team_events if since - timedelta(days=60) <= r.used_at.date() <= TODAY]))


def test_the_stale_threshold_and_the_library_choice_reuse_the_team_counts_read(qtbot) -> None:
    backend = LeadHistory()
    shown = InsightsWindow(backend)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.team is not None and not shown.is_loading_team(), timeout=5000)
    asked = len(backend.team_asked)
    unused_team = table(shown.team_unused_tab)
    shown.stale_days.setValue(shown.stale_days.value() + 7)
    shown.library.setCurrentIndex(shown.library.findData("product"))
    assert len(backend.team_asked) == asked and not shown.is_loading_team()  # no new read of the hub
    assert table(shown.team_unused_tab) != unused_team  # recomputed for the products
    shown.library.setCurrentIndex(shown.library.findData("team"))
    assert table(shown.team_unused_tab) == unused_team


def test_a_hub_refusal_is_told_not_hidden(qtbot) -> None:
    shown = InsightsWindow(LeadHistory(fail="the hub at hub.example:5432/shop is not reachable"))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.team_message != "" and not shown.is_loading_team(), timeout=5000)
    assert "not reachable" in shown.summary.text() and shown.team is None
    assert table(shown.team_days_tab) == []


class SlowHub(LeadHistory):
    """A lead whose hub answers only when the test lets it (a slow network)."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.answer = threading.Event()
        self.started = threading.Event()

    def team_counts(self, since: date, until: date) -> list[TeamCount]:
        self.started.set()
        self.answer.wait(timeout=30)
        return super().team_counts(since, until)


def test_closing_while_the_hub_is_slow_does_not_wait_and_the_late_answer_is_dropped(qtbot) -> None:
    import time

    backend = SlowHub()
    shown = InsightsWindow(backend)  # not qtbot's: the test deletes it as the app does
    shown.show()
    qtbot.waitUntil(backend.started.is_set, timeout=5000)
    assert shown.is_loading_team()
    started = time.monotonic()
    shown.close()
    assert time.monotonic() - started < 1.0  # waited for the hub read before (here: up to 30 s)
    shown.deleteLater()  # what reopening the window does with the old one
    qtbot.wait(50)
    backend.answer.set()  # the read ends after the window is gone: nothing crashes, nothing is shown
    from sidekick.ui import background

    qtbot.waitUntil(lambda: not background._ABANDONED, timeout=5000)  # the thread ended and let go
