"""Frecency: how much an agent uses a reply lately, as a use count that halves every two weeks.

One running score per phrase or product (``decay_score`` valid at ``decay_ref``) replaces a scan of
the usage log: recording a use decays the score to now and adds one; reading it decays it to now.
"""

from __future__ import annotations

from datetime import datetime

# A use two weeks ago counts half as much as a use today.
HALF_LIFE_DAYS = 14.0


def decayed(score: float, ref: datetime | None, now: datetime) -> float:
    """``score`` (valid at ``ref``) as it stands at ``now``; a future ``ref`` counts as age 0."""
    if ref is None or score == 0.0:
        return score
    age_days = max(0.0, (now - ref).total_seconds() / 86400.0)
    return score * 0.5 ** (age_days / HALF_LIFE_DAYS)


def after_one_more_use(score: float, ref: datetime | None, now: datetime) -> float:
    """The score once a use at ``now`` is added."""
    return decayed(score, ref, now) + 1.0
