"""Grapheme clusters and UTF-16 offsets: how Sidekick counts what the agent sees."""

from __future__ import annotations

import pytest

from sidekick.core.text import cluster_bounds, grapheme_count, snap_range, utf16_range


@pytest.mark.parametrize(("text", "count"), [
    ("🇨🇳", 1), ("1️⃣", 1), ("\u1100\u1161\u11a8", 1), ("👨‍👩‍👧", 1), ("👍🏽", 1), ("\r\n", 1), ("亲，您好", 4),
])
def test_clusters_are_what_the_agent_sees_as_one_character(text: str, count: int) -> None:
    assert grapheme_count(text) == count


def test_a_range_inside_a_cluster_covers_the_whole_cluster() -> None:
    text = "第1️⃣步"
    assert cluster_bounds(text) == [0, 1, 4, 5]
    assert snap_range(text, 1, 2) == (1, 4)  # the "1" of the keycap
    assert snap_range(text, 0, 1) == (0, 1)
    assert snap_range("🇨🇳好", 1, 3) == (0, 3)


def test_utf16_offsets_for_qt() -> None:
    text = "🌸水轻柔"
    assert utf16_range(text, 2, 4) == (3, 2)  # 🌸 is two UTF-16 units
