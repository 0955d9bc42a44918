"""Usage events (id and time only, never the text) and the running frecency."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from sidekick.core.frecency import decayed
from sidekick.core.types import (
    UsageStat,
)
from sidekick.db.tables import (
    UsageStatRow,
    utcnow,
)


def record_usage(*, session: Session, target_id: str, kind: str, when: datetime | None = None) -> None:
    """Log one use (id and time only, never the text) and update the running frecency."""
    from sidekick.db.usage_log import write_usage

    session.flush()
    raw = session.connection().connection.dbapi_connection  # this session's transaction
    write_usage(raw, target_id, kind, when or utcnow())
    cached = session.get(UsageStatRow, target_id)
    if cached is not None:
        session.expire(cached)  # written behind the ORM's back: read it again when asked


def usage_stats(*, session: Session, now: datetime | None = None) -> dict[str, UsageStat]:
    now = now or utcnow()
    return {
        row.target_id: UsageStat(row.target_id, row.count, row.last_used, decayed(row.decay_score, row.decay_ref, now))
        for row in session.exec(select(UsageStatRow))
    }
