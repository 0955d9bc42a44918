"""Usage events (id and time only, never the text) and the running frecency."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from sidekick.core.types import (
    UsageStat,
)
from sidekick.core.frecency import after_one_more_use, decayed
from sidekick.db.tables import (
    UsageEventRow,
    UsageStatRow,
    utcnow,
)


def record_usage(*, session: Session, target_id: str, kind: str, when: datetime | None = None) -> None:
    """Log one use (id and time only, never the text) and update the running frecency."""
    when = when or utcnow()
    session.add(UsageEventRow(target_id=target_id, target_kind=kind, used_at=when))
    stat = session.get(UsageStatRow, target_id)
    if stat is None:
        stat = UsageStatRow(target_id=target_id, target_kind=kind)
        session.add(stat)
    stat.count += 1
    stat.last_used = when if stat.last_used is None or when > stat.last_used else stat.last_used
    stat.decay_score = after_one_more_use(stat.decay_score, stat.decay_ref, when)
    stat.decay_ref = when
    session.flush()



def usage_stats(*, session: Session, now: datetime | None = None) -> dict[str, UsageStat]:
    now = now or utcnow()
    return {
        row.target_id: UsageStat(row.target_id, row.count, row.last_used, decayed(row.decay_score, row.decay_ref, now))
        for row in session.exec(select(UsageStatRow))
    }
