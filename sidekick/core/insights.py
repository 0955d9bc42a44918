"""Usage insights: the figures a lead watches, computed from plain usage records.

Pure Python over ``UsageRecord`` values (ids, times and how a reply was chosen; never text)
and per-day counts of searches that found nothing. The CLI (``sidekick stats``) and the
Insights window both call ``compute_insights``; nothing here reads a database or Qt.

Days are calendar days in the agent's time zone: records carry naive UTC times and
``tz_offset`` moves them to local time before the date is taken.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sidekick.core.types import PasteAction

# How a reply was found (``UsageRecord.found_via``).
FOUND_SEARCH = "search"  # typed a query in the popup
FOUND_SUGGESTION = "suggestion"  # suggest mode's list for the buyer's message
FOUND_LINK_CARD = "link_card"  # the product card of a copied product link
FOUND_BROWSE = "browse"  # the popup's most-used list, nothing typed
FOUND_VIA = (FOUND_SEARCH, FOUND_SUGGESTION, FOUND_LINK_CARD, FOUND_BROWSE)

# What was done with it (``UsageRecord.action``): the popup's actions by value (Recommend is a paste).
ACTION_PASTE = PasteAction.PASTE.value
ACTION_PASTE_SEND = PasteAction.PASTE_AND_SEND.value
ACTION_COPY = PasteAction.COPY.value
ACTIONS = (ACTION_PASTE, ACTION_PASTE_SEND, ACTION_COPY)

UNKNOWN = "unknown"  # events recorded before these details were kept


@dataclass(frozen=True, slots=True)
class UseDetails:
    """How one reply was chosen: what the popup knew at the moment of the choice."""

    found_via: str | None = None
    by_alt_number: bool = False
    rank: int | None = None  # 1 = first row of the list
    action: str | None = None
    popup_ms: int | None = None  # popup open → choice


class UsageRecord(NamedTuple):
    """One use of a phrase or product. ``agent`` is empty for the local history.

    A named tuple rather than a frozen dataclass: a year of history is ~10⁵ of them, built
    when the Insights window opens, and a tuple is several times cheaper to make."""

    target_id: str
    kind: str
    used_at: datetime  # naive UTC
    found_via: str | None = None
    by_alt_number: bool | None = None
    rank: int | None = None
    action: str | None = None
    popup_ms: int | None = None
    agent: str = ""


@dataclass(frozen=True, slots=True)
class StaleReply:
    target_id: str
    last_used: date | None  # None: never used in the history given


@dataclass(frozen=True, slots=True)
class Insights:
    """Every figure of the Insights window and ``sidekick stats`` for one period."""

    first_day: date | None
    last_day: date | None
    total_uses: int
    uses_per_day: dict[date, int]
    top_replies: list[tuple[str, int]]
    stale: list[StaleReply]
    median_popup_ms_per_day: dict[date, float]
    found_via_counts: dict[str, int]
    suggestion_uses: int  # chosen from a suggestion list
    first_suggestion_right: int  # of those, the first suggestion
    no_result_per_day: dict[date, int]
    agents: dict[str, int] = field(default_factory=dict)  # uses per agent (team view)

    @property
    def first_suggestion_rate(self) -> float | None:
        return self.first_suggestion_right / self.suggestion_uses if self.suggestion_uses else None

    def share(self, found_via: str) -> float | None:
        known = sum(self.found_via_counts.values())
        return self.found_via_counts.get(found_via, 0) / known if known else None

    @property
    def no_result_total(self) -> int:
        return sum(self.no_result_per_day.values())


class CatalogEntry(NamedTuple):
    """A live phrase or product, to name it and to list it as stale even when never used."""

    title: str
    library: str  # "team" | "personal" | "product"


@dataclass(frozen=True, slots=True)
class InsightsSource:
    """Everything the figures are computed from: the history, the no-result counts, the catalog."""

    records: list[UsageRecord]
    no_result_per_day: dict[date, int]
    catalog: dict[str, CatalogEntry]
    # Last use (naive UTC) of every target over the whole history, when ``records`` start later:
    # a reply used before the records loaded is not stale for lack of them.
    last_used: dict[str, datetime] = field(default_factory=dict)
    records_since: datetime | None = None  # None: ``records`` are the whole history

    def ids_in(self, library: str | None) -> list[str]:
        """The live ids of one library ("team", "personal", "product"), or all of them."""
        return [key for key, entry in self.catalog.items() if library is None or entry.library == library]

    def names(self) -> dict[str, str]:
        return {key: entry.title for key, entry in self.catalog.items()}


def local_day(moment: datetime, tz_offset: timedelta = timedelta(0)) -> date:
    return (moment + tz_offset).date()


def compute_insights(records: Iterable[UsageRecord], *, no_result_per_day: Mapping[date, int] | None = None,
                     library_ids: Iterable[str] = (), since: date | None = None, until: date | None = None,
                     today: date | None = None, stale_days: int = 90, top: int = 20,
                     tz_offset: timedelta = timedelta(0), last_used: Mapping[str, datetime] | None = None) -> Insights:
    """The figures over the records whose local day lies in [since, until].

    ``stale`` lists the ``library_ids`` not used in the ``stale_days`` days up to ``today``
    (default: ``until``, else the last day seen), oldest use first, never-used ones first of all.
    Staleness looks at all the records given, not only the period, and at ``last_used`` (the
    last use of each target in a longer history): a reply used before ``since`` is not "never used".
    """
    from statistics import median  # here: the tray app imports this module and idles without it

    per_day: Counter[date] = Counter()
    per_target: Counter[str] = Counter()
    last_use: dict[str, date] = {target: (moment + tz_offset).date() for target, moment in (last_used or {}).items()}
    popup_ms: defaultdict[date, list[int]] = defaultdict(list)
    found: Counter[str] = Counter()
    per_agent: Counter[str] = Counter()
    suggestion_uses = first_right = 0
    seen_first: date | None = None
    seen_last: date | None = None
    for record in records:
        day = (record.used_at + tz_offset).date()  # local_day, inlined: this loop runs per event
        previous = last_use.get(record.target_id)
        if previous is None or day > previous:
            last_use[record.target_id] = day
        if (since is not None and day < since) or (until is not None and day > until):
            continue
        seen_first = day if seen_first is None or day < seen_first else seen_first
        seen_last = day if seen_last is None or day > seen_last else seen_last
        per_day[day] += 1
        per_target[record.target_id] += 1
        if record.agent:
            per_agent[record.agent] += 1
        if record.popup_ms is not None:
            popup_ms[day].append(record.popup_ms)
        found[record.found_via or UNKNOWN] += 1
        if record.found_via == FOUND_SUGGESTION:
            suggestion_uses += 1
            first_right += record.rank == 1
    misses = {day: count for day, count in (no_result_per_day or {}).items()
              if (since is None or day >= since) and (until is None or day <= until) and count}
    reference = today or until or seen_last
    stale: list[StaleReply] = []
    if reference is not None:
        cutoff = reference - timedelta(days=stale_days)
        for target_id in set(library_ids):
            last = last_use.get(target_id)
            if last is None or last <= cutoff:
                stale.append(StaleReply(target_id, last))
        stale.sort(key=lambda item: (item.last_used is not None, item.last_used or date.min, item.target_id))
    known = {key: count for key, count in found.items() if key != UNKNOWN}
    return Insights(
        first_day=seen_first, last_day=seen_last, total_uses=sum(per_day.values()),
        uses_per_day=dict(sorted(per_day.items())),
        top_replies=sorted(per_target.items(), key=lambda item: (-item[1], item[0]))[:top],
        stale=stale,
        median_popup_ms_per_day={day: float(median(values)) for day, values in sorted(popup_ms.items())},
        found_via_counts=dict(sorted(known.items())),
        suggestion_uses=suggestion_uses, first_suggestion_right=first_right,
        no_result_per_day=dict(sorted(misses.items())),
        agents=dict(sorted(per_agent.items())),
    )


def source_insights(source: InsightsSource, library: str | None = None, **options: Any) -> Insights:
    """``compute_insights`` over one library's replies ("team", "personal", "product"; None: all)."""
    ids = source.ids_in(library)
    records: Iterable[UsageRecord] = source.records
    if library is not None:
        kept = set(ids)
        records = [record for record in source.records if record.target_id in kept]
    return compute_insights(records, no_result_per_day=source.no_result_per_day, library_ids=ids,
                            last_used=source.last_used, **options)


def daily_counts_by_day(records: Iterable[UsageRecord],
                        tz_offset: timedelta = timedelta(0)) -> dict[date, list[tuple[str, int, int]]]:
    """Per local day, (target id, uses, of which by suggestion): all the team view sends."""
    uses: defaultdict[date, Counter[str]] = defaultdict(Counter)
    suggested: defaultdict[date, Counter[str]] = defaultdict(Counter)
    for record in records:
        day = (record.used_at + tz_offset).date()
        uses[day][record.target_id] += 1
        suggested[day][record.target_id] += record.found_via == FOUND_SUGGESTION
    return {day: [(target, count, suggested[day][target]) for target, count in sorted(uses[day].items())]
            for day in sorted(uses)}


class TeamCount(NamedTuple):
    """One row of the hub's ``usage_daily``: an agent's uses of one reply on one day."""

    agent: str
    day: date
    target_id: str
    uses: int
    by_suggestion: int


@dataclass(frozen=True, slots=True)
class AgentAdoption:
    """How much one agent uses the replies: over the days it used any (``active_days``)."""

    agent: str
    uses: int
    by_suggestion: int
    active_days: int

    @property
    def uses_per_day(self) -> float:
        return self.uses / self.active_days if self.active_days else 0.0

    @property
    def suggestion_share(self) -> float | None:
        return self.by_suggestion / self.uses if self.uses else None


@dataclass(frozen=True, slots=True)
class TeamInsights:
    """The lead's team view for one period, from the agents' daily counts."""

    uses_per_day: dict[date, int]  # all agents together
    by_suggestion_per_day: dict[date, int]
    agents: list[AgentAdoption]  # most uses first
    unused: list[str]  # of the ids given, the ones no agent used in the period (sorted)

    @property
    def total_uses(self) -> int:
        return sum(self.uses_per_day.values())

    @property
    def suggestion_share(self) -> float | None:
        total = self.total_uses
        return sum(self.by_suggestion_per_day.values()) / total if total else None


def compute_team_insights(counts: Iterable[TeamCount], *, since: date, until: date,
                          library_ids: Iterable[str] = ()) -> TeamInsights:
    """Team totals per day, per-agent adoption and the ``library_ids`` nobody used in [since, until]."""
    per_day: Counter[date] = Counter()
    suggested_per_day: Counter[date] = Counter()
    agent_uses: Counter[str] = Counter()
    agent_suggested: Counter[str] = Counter()
    agent_days: defaultdict[str, set[date]] = defaultdict(set)
    used: set[str] = set()
    for count in counts:
        if count.day < since or count.day > until or count.uses <= 0:
            continue
        per_day[count.day] += count.uses
        suggested_per_day[count.day] += count.by_suggestion
        agent_uses[count.agent] += count.uses
        agent_suggested[count.agent] += count.by_suggestion
        agent_days[count.agent].add(count.day)
        used.add(count.target_id)
    agents = [AgentAdoption(agent, uses, agent_suggested[agent], len(agent_days[agent]))
              for agent, uses in agent_uses.items()]
    agents.sort(key=lambda item: (-item.uses, item.agent))
    return TeamInsights(
        uses_per_day=dict(sorted(per_day.items())),
        by_suggestion_per_day={day: suggested_per_day[day] for day in sorted(per_day)},
        agents=agents,
        unused=sorted(set(library_ids) - used),
    )


def team_rows(team: TeamInsights, names: Mapping[str, str] | None = None) -> list[tuple[str, str, str, str]]:
    """Every team figure as (section, key, value, extra) rows: the CSV of ``sidekick stats --team``."""
    names = names or {}
    rows: list[tuple[str, str, str, str]] = []
    rows += [("team_uses_per_day", day.isoformat(), str(count), str(team.by_suggestion_per_day.get(day, 0)))
             for day, count in team.uses_per_day.items()]
    rows += [("agent_uses", item.agent, str(item.uses), str(item.active_days)) for item in team.agents]
    rows += [("agent_uses_per_day", item.agent, f"{item.uses_per_day:.1f}", "") for item in team.agents]
    rows += [("agent_suggestion_share", item.agent, str(item.by_suggestion), _percent(item.suggestion_share))
             for item in team.agents]
    rows += [("unused_by_team", target, "", names.get(target, "")) for target in team.unused]
    return rows


def local_offset() -> timedelta:
    """This machine's offset from UTC now: the figures' days are the agent's days."""
    return timedelta(seconds=-(time.altzone if time.localtime().tm_isdst > 0 else time.timezone))


def insights_rows(insights: Insights, names: Mapping[str, str] | None = None) -> list[tuple[str, str, str, str]]:
    """Every figure as (section, key, value, extra) rows: the CSV of ``sidekick stats``."""
    names = names or {}
    rows: list[tuple[str, str, str, str]] = []
    rows += [("uses_per_day", day.isoformat(), str(count), "") for day, count in insights.uses_per_day.items()]
    rows += [("top_reply", target, str(count), names.get(target, "")) for target, count in insights.top_replies]
    rows += [("stale", item.target_id, item.last_used.isoformat() if item.last_used else "", names.get(item.target_id, ""))
             for item in insights.stale]
    rows += [("median_popup_ms", day.isoformat(), f"{ms:.0f}", "") for day, ms in insights.median_popup_ms_per_day.items()]
    rows += [("found_via", key, str(count), _percent(insights.share(key))) for key, count in insights.found_via_counts.items()]
    rows.append(("first_suggestion_right", str(insights.suggestion_uses), str(insights.first_suggestion_right),
                 _percent(insights.first_suggestion_rate)))
    rows += [("no_result_searches", day.isoformat(), str(count), "") for day, count in insights.no_result_per_day.items()]
    rows += [("agent_uses", agent, str(count), "") for agent, count in insights.agents.items()]
    return rows


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


__all__ = [
    "ACTIONS",
    "ACTION_COPY",
    "ACTION_PASTE",
    "ACTION_PASTE_SEND",
    "FOUND_BROWSE",
    "FOUND_LINK_CARD",
    "FOUND_SEARCH",
    "FOUND_SUGGESTION",
    "FOUND_VIA",
    "UNKNOWN",
    "AgentAdoption",
    "CatalogEntry",
    "Insights",
    "InsightsSource",
    "StaleReply",
    "TeamCount",
    "TeamInsights",
    "UsageRecord",
    "UseDetails",
    "compute_insights",
    "compute_team_insights",
    "daily_counts_by_day",
    "insights_rows",
    "local_day",
    "local_offset",
    "source_insights",
    "team_rows",
]
