"""The frecency rule shared by the writer (repository) and the reader (search loader)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sidekick.core.frecency import HALF_LIFE_DAYS, after_one_more_use, decayed

NOW = datetime(2026, 11, 23, 12, 0)


def test_a_half_life_ago_counts_half() -> None:
    assert decayed(4.0, NOW - timedelta(days=HALF_LIFE_DAYS), NOW) == pytest.approx(2.0)


def test_no_reference_or_a_future_reference_means_no_decay() -> None:
    assert decayed(3.0, None, NOW) == 3.0
    assert decayed(3.0, NOW + timedelta(days=1), NOW) == 3.0


def test_each_use_adds_one_after_decaying() -> None:
    score = after_one_more_use(0.0, None, NOW - timedelta(days=28))
    assert after_one_more_use(score, NOW - timedelta(days=28), NOW) == pytest.approx(1.25)
