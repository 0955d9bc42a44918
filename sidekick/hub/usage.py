"""Team usage on the hub: each agent's daily counts per phrase, and the lead's reading of them.

Only aggregates leave the machine: per local day and phrase or product id, the number of uses
and how many came from a suggestion (``core.insights.daily_counts``); no text, no time finer
than a day, no query. One statement per day per agent (an upsert over arrays, so sending a day
again replaces it). PostgreSQL decides who sees what (``schema._grant_usage_daily``): the row's
``agent`` must be the login, an agent reads only its own rows, a lead reads the whole shop's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import psycopg

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


def read_team_usage(conn: psycopg.Connection, since: date, until: date) -> list[tuple[str, date, str, int, int]]:
    """(agent, day, target id, uses, by suggestion) rows this login may see (a lead: all)."""
    return [(str(a), d, str(t), int(u), int(s)) for a, d, t, u, s in conn.execute(READ_SQL, (since, until))]
