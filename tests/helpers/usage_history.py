"""Generated usage histories for the insights tests and benchmark: seeded, no text."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sidekick.core.insights import ACTIONS, FOUND_VIA, UsageRecord


def year_of_events(*, agents: int, targets: list[str], first_day: date, days: int = 365, per_agent_day: int = 12,
                   seed: int = 7) -> list[UsageRecord]:
    """About ``per_agent_day`` uses per agent and day, skewed towards the first targets (as real use is)."""
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) for rank in range(len(targets))]
    records: list[UsageRecord] = []
    for day_number in range(days):
        day = first_day + timedelta(days=day_number)
        for agent in range(agents):
            uses = rng.randint(0, per_agent_day * 2)
            chosen = rng.choices(targets, weights, k=uses)
            for target in chosen:
                moment = datetime(day.year, day.month, day.day) + timedelta(seconds=rng.randint(0, 86_399))
                known = rng.random() > 0.05  # a few events from before the details were kept
                via = rng.choice(FOUND_VIA) if known else None
                records.append(UsageRecord(
                    target_id=target, kind="phrase", used_at=moment, found_via=via,
                    by_alt_number=rng.random() < 0.2 if known else None,
                    rank=rng.choice((1, 1, 1, 2, 3, 4, 5)) if known else None,
                    action=rng.choice(ACTIONS) if known else None,
                    popup_ms=rng.randint(300, 20_000) if known else None,
                    agent=f"agent{agent:02d}"))
    records.sort(key=lambda record: record.used_at)
    return records


def misses_per_day(*, first_day: date, days: int = 365, seed: int = 7) -> dict[date, int]:
    rng = random.Random(seed + 1)
    return {first_day + timedelta(days=n): rng.randint(0, 9) for n in range(days)}
