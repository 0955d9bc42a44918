"""Team usage on the hub: each agent's daily counts per phrase, and the lead's reading of them.

Only aggregates leave the machine: per local day and phrase or product id, the number of uses
and how many came from a suggestion (``core.insights.daily_counts_by_day``); no text, no time
finer than a day, no query. One statement per day per agent (an upsert over arrays, so sending a
day again replaces it). PostgreSQL decides who sees what (``schema._grant_usage_daily``): the
row's ``agent`` must be the login, an agent reads only its own rows, a lead reads the whole shop's.

Sending happens only while the lead's shop setting ``share_usage`` is on (received like the
other shop settings), from the hub client's sync: at start-up, on every sync and on the periodic
poll, which makes it once a day (only completed days are sent, each once). At most the last
``BACKFILL_DAYS`` completed days are sent, so turning sharing on does not send a whole history.
What was sent last is kept on this machine (``STATE_USAGE``) for the agent to see in Settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import psycopg

from sidekick.core.insights import TeamCount, daily_counts_by_day
from sidekick.db.settings_store import get_value, set_value
from sidekick.db.store import Store
from sidekick.db.usage_log import load_usage_records

STATE_USAGE = "state.hub.usage"  # {"hub": login@hub, "through": last day sent, "last": rows last sent}
BACKFILL_DAYS = 30

SentRow = tuple[str, str, int, int]  # (day, target id, uses, by suggestion): exactly what a row sends

UPLOAD_SQL = """
INSERT INTO sidekick.usage_daily (agent, day, target_id, uses, by_suggestion)
SELECT current_user, %s, t.target_id, t.uses, t.by_suggestion
FROM unnest(%s::text[], %s::int[], %s::int[]) AS t (target_id, uses, by_suggestion)
ON CONFLICT (agent, day, target_id) DO UPDATE SET uses = excluded.uses, by_suggestion = excluded.by_suggestion
"""

READ_SQL = """
SELECT agent, day, target_id, uses, by_suggestion FROM sidekick.usage_daily
WHERE day BETWEEN %s AND %s ORDER BY day, agent, target_id
"""


def upload_day(conn: psycopg.Connection, day: date, counts: Sequence[tuple[str, int, int]]) -> None:
    """Send one day's counts as the connected login: a single statement."""
    if not counts:
        return
    conn.execute(UPLOAD_SQL, (day, [c[0] for c in counts], [c[1] for c in counts], [c[2] for c in counts]))


def read_team_usage(conn: psycopg.Connection, since: date, until: date) -> list[TeamCount]:
    """(agent, day, target id, uses, by suggestion) rows this login may see (a lead: all)."""
    return [TeamCount(str(a), d, str(t), int(u), int(s)) for a, d, t, u, s in conn.execute(READ_SQL, (since, until))]


@dataclass(frozen=True, slots=True)
class UsageUpload:
    """What one sending round did: the days covered (one statement each that had uses) and the rows."""

    days: list[date]
    statements: int
    rows: list[SentRow]


def days_to_send(through: date | None, today: date) -> list[date]:
    """Completed days after ``through`` (the last day sent), at most ``BACKFILL_DAYS`` back."""
    first = today - timedelta(days=BACKFILL_DAYS)
    if through is not None and through + timedelta(days=1) > first:
        first = through + timedelta(days=1)
    return [first + timedelta(days=n) for n in range((today - first).days)]


def _state(store: Store, login: str) -> dict[str, Any]:
    with store.session(read_only=True) as session:
        state = dict(get_value(session=session, key=STATE_USAGE, default={}) or {})
    return state if state.get("hub") == login else {"hub": login}


def last_sent(store: Store) -> list[SentRow]:
    """The rows of the last payload sent from this machine (for Settings' "what is sent")."""
    with store.session(read_only=True) as session:
        state = get_value(session=session, key=STATE_USAGE, default={}) or {}
    return [(str(d), str(t), int(u), int(s)) for d, t, u, s in state.get("last", [])]


def upload_pending(conn: psycopg.Connection, store: Store, login: str, *, today: date,
                   tz_offset: timedelta) -> UsageUpload | None:
    """Send the completed days not sent yet when the shop shares usage; None when it does not.

    ``login`` names the hub and user (a machine moved to another hub or login starts afresh).
    Each day is one statement, recorded here as sent once the hub has it: an interrupted round
    resumes at the first day not recorded, and a day sent twice only replaces its own counts.
    """
    settings, _ = store.read_settings()
    if not settings.share_usage:
        return None
    state = _state(store, login)
    through = date.fromisoformat(state["through"]) if state.get("through") else None
    days = days_to_send(through, today)
    if not days:
        return None
    start = datetime.combine(days[0], datetime.min.time()) - tz_offset
    per_day = daily_counts_by_day(load_usage_records(store.path, start), tz_offset)
    sent: list[SentRow] = []
    statements = 0
    for day in days:
        counts = per_day.get(day, [])
        if counts:
            upload_day(conn, day, counts)
            statements += 1
            sent += [(day.isoformat(), target, uses, suggested) for target, uses, suggested in counts]
        state["through"] = day.isoformat()
        if counts:  # recorded as sent once the hub has it (a day without uses waits for the end)
            state["last"] = sent
            _save_state(store, state)
    if not counts:
        _save_state(store, state)  # the last days had no uses: recorded as done in one write
    return UsageUpload(days, statements, sent)


def _save_state(store: Store, state: dict[str, Any]) -> None:
    with store.session() as session:
        set_value(session=session, key=STATE_USAGE, value=state)
