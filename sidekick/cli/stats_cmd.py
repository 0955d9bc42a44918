"""``sidekick stats``: the Insights window's figures as text, or as CSV with ``--csv``.

Read from the local usage history (ids, times and how a reply was chosen; never text). The
figures are ``sidekick.core.insights``'s, the same the 统计 / Insights window shows. With
``--team``, a lead's team figures instead, from the agents' daily counts on the hub.
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date, datetime, timedelta
from pathlib import Path

from sidekick.cli.common import CliError, open_store_for_cli, write_whole_file
from sidekick.core.insights import (
    FOUND_SEARCH,
    FOUND_SUGGESTION,
    Insights,
    TeamInsights,
    compute_team_insights,
    insights_rows,
    source_insights,
    team_rows,
)
from sidekick.core.messages import Message, message_of


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help="usage figures: uses per day, top and stale replies, suggestion hits")
    parser.add_argument("--since", type=_day, help="first day to count (YYYY-MM-DD; default: 30 days ago)")
    parser.add_argument("--until", type=_day, help="last day to count (YYYY-MM-DD; default: today)")
    parser.add_argument("--library", choices=("team", "personal", "product", "all"), default="all",
                        help="which replies the top and stale lists cover (default: all)")
    parser.add_argument("--stale-days", type=int, default=90, help="a reply unused this many days is stale (default: 90)")
    parser.add_argument("--top", type=int, default=20, help="how many top replies to list (default: 20)")
    parser.add_argument("--team", action="store_true",
                        help="the team's figures from the hub: totals per day, each agent's adoption, replies nobody "
                             "used (a lead connected to a hub, with the shop's share_usage on)")
    parser.add_argument("--csv", type=Path, metavar="OUT", help="write every figure as CSV rows to OUT")
    parser.set_defaults(handler=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def run(args: argparse.Namespace) -> int:
    from sidekick.app.insights_service import csv_bytes, local_offset
    from sidekick.db.insights_load import load_insights_source

    until = args.until or date.today()
    since = args.since or until - timedelta(days=29)
    if since > until:
        raise CliError(f"--since {since} is after --until {until}")
    if args.team:
        return run_team(args, since, until)
    store = open_store_for_cli()
    try:
        # From the first day's start in UTC: the figures' days are local days.
        source = load_insights_source(store.path, datetime.combine(since, datetime.min.time()) - local_offset())
    finally:
        store.close()
    library = None if args.library == "all" else args.library
    insights = source_insights(source, library, since=since, until=until, today=until,
                               stale_days=args.stale_days, top=args.top, tz_offset=local_offset())
    names = source.names()
    if args.csv is not None:
        write_whole_file(args.csv, csv_bytes(insights_rows(insights, names)))
        print(f"wrote {args.csv}")
        return 0
    print(report_text(insights, names, since, until, args.stale_days))
    return 0


def report_text(insights: Insights, names: dict[str, str], since: date, until: date, stale_days: int) -> str:
    def percent(value: float | None) -> str:
        return "-" if value is None else f"{value * 100:.0f}%"

    days = (until - since).days + 1
    lines = [f"Usage {since} … {until} ({days} days): {insights.total_uses} uses, "
             f"{insights.total_uses / days:.1f} per day"]
    lines.append(f"Found by suggestion {percent(insights.share(FOUND_SUGGESTION))}, "
                 f"by typed search {percent(insights.share(FOUND_SEARCH))}")
    lines.append(f"First suggestion right: {percent(insights.first_suggestion_rate)} "
                 f"({insights.first_suggestion_right} of {insights.suggestion_uses})")
    medians = list(insights.median_popup_ms_per_day.values())
    if medians:
        lines.append(f"Popup → paste, median of the daily medians: {statistics.median(medians) / 1000:.1f} s")
    lines.append(f"Searches with no result: {insights.no_result_total}")
    lines.append("")
    lines.append("Top replies:")
    lines += [f"  {count:6d}  {names.get(target, target)}" for target, count in insights.top_replies] or ["  (none)"]
    lines.append("")
    lines.append(f"Stale (not used in {stale_days} days): {len(insights.stale)}")
    for item in insights.stale[:20]:
        last_used = item.last_used.isoformat() if item.last_used else "never"
        lines.append(f"  {last_used:10s}  {names.get(item.target_id, item.target_id)}")
    if len(insights.stale) > 20:
        lines.append(f"  … and {len(insights.stale) - 20} more (--csv lists them all)")
    return "\n".join(lines)


def run_team(args: argparse.Namespace, since: date, until: date) -> int:
    """The lead's team figures; exit 2 with the reason on any other machine."""
    from sidekick.app.insights_service import csv_bytes
    from sidekick.cli.hub_cmd import hub_client
    from sidekick.db.insights_load import load_catalog
    from sidekick.hub.errors import HubConfigError, HubError, HubPermissionError

    store = open_store_for_cli()
    try:
        catalog = load_catalog(store.path)
        try:
            counts = hub_client(store).team_usage(since, until)  # asks on the terminal like every hub command
        except HubConfigError as error:
            raise CliError(Message("the team view is for a lead connected to a hub: %1", message_of(error))) from None
        except HubPermissionError as error:
            raise CliError(Message("the team view is for the shop's lead: %1", message_of(error))) from None
        except HubError as error:
            raise CliError(Message("the team's figures could not be read: %1", message_of(error))) from None
    finally:
        store.close()
    library = "product" if args.library == "product" else "team"
    ids = [key for key, entry in catalog.items() if entry.library == library]
    team = compute_team_insights(counts, since=since, until=until, library_ids=ids)
    names = {key: entry.title for key, entry in catalog.items()}
    if args.csv is not None:
        write_whole_file(args.csv, csv_bytes(team_rows(team, names)))
        print(f"wrote {args.csv}")
        return 0
    print(team_report_text(team, names, since, until))
    return 0


def team_report_text(team: TeamInsights, names: dict[str, str], since: date, until: date) -> str:
    def percent(value: float | None) -> str:
        return "-" if value is None else f"{value * 100:.0f}%"

    days = (until - since).days + 1
    lines = [f"Team usage {since} … {until} ({days} days): {team.total_uses} uses by {len(team.agents)} agents, "
             f"{team.total_uses / days:.1f} per day; found by suggestion {percent(team.suggestion_share)}"]
    lines.append("")
    lines.append("Per day (uses, by suggestion):")
    lines += [f"  {day}  {count:6d}  {team.by_suggestion_per_day.get(day, 0):6d}"
              for day, count in team.uses_per_day.items()] or ["  (none: no agent has sent counts for this period)"]
    lines.append("")
    lines.append("Agents (uses, active days, uses per active day, found by suggestion):")
    lines += [(f"  {item.agent:24s} {item.uses:6d} {item.active_days:4d} {item.uses_per_day:8.1f} "
               f"{percent(item.suggestion_share):>5s}") for item in team.agents] or ["  (none)"]
    lines.append("")
    lines.append(f"Used by nobody: {len(team.unused)}")
    for target in team.unused[:20]:
        lines.append(f"  {names.get(target, target)}")
    if len(team.unused) > 20:
        lines.append(f"  … and {len(team.unused) - 20} more (--csv lists them all)")
    return "\n".join(lines)
