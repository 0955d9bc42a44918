"""Counting characters the way people and editors do: grapheme clusters, and UTF-16 for Qt.

Python indexes strings by code point. An agent sees user-perceived characters (grapheme
clusters): a flag ``🇨🇳`` is two code points, a keycap ``1️⃣`` three, a Hangul syllable typed
as jamo ``ᄀ+ᅡ+ᆨ`` three, yet each is one character the caret steps over with one arrow press.
Qt (and Windows) count UTF-16 units, where every emoji outside the BMP is two.

Positions in Sidekick (search spans, the ``{光标}`` caret) stay code point indexes into the
Python string; these helpers convert at the edges: caret moves count clusters, a highlight
never cuts a cluster in half, and Qt gets UTF-16 offsets. The clusters are the extended
grapheme clusters of Unicode (UAX #29) as the ``regex`` module's ``\\X`` implements them.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

import regex

__all__ = [
    "cluster_bounds",
    "grapheme_count",
    "graphemes",
    "may_cut_cluster",
    "snap_range",
    "utf16_len",
    "utf16_offset",
    "utf16_range",
    "utf16_ranges",
]

_CLUSTER = regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """``text`` cut into user-perceived characters (``"\\r\\n"`` is one)."""
    return _CLUSTER.findall(text)


def grapheme_count(text: str) -> int:
    return len(graphemes(text))


def cluster_bounds(text: str) -> list[int]:
    """Code point offsets where a cluster starts, plus ``len(text)``: ``[0, …, len(text)]``."""
    bounds = [match.start() for match in _CLUSTER.finditer(text)]
    bounds.append(len(text))
    return bounds


def _joins_previous(char: str) -> bool:
    """True when ``char`` may continue the cluster before it (a cheap over-approximation)."""
    code = ord(char)
    return (
        code == 0x200D  # zero-width joiner
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0x1F1E6 <= code <= 0x1F1FF  # regional indicators (flags)
        or 0x1160 <= code <= 0x11FF  # Hangul medial vowels and final consonants
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
    )


def may_cut_cluster(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` might begin or end inside a cluster; False is certain."""
    if 0 < start < len(text) and (_joins_previous(text[start]) or text[start - 1] == "\u200d"):
        return True
    return 0 < end < len(text) and (_joins_previous(text[end]) or text[end - 1] == "\u200d")


def snap_range(text: str, start: int, end: int, bounds: list[int] | None = None) -> tuple[int, int]:
    """``[start, end)`` widened to whole clusters (a match on ``1`` of ``1️⃣`` covers the keycap)."""
    bounds = bounds if bounds is not None else cluster_bounds(text)
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    snapped_start = bounds[max(0, bisect_right(bounds, start) - 1)]
    snapped_end = bounds[min(len(bounds) - 1, bisect_left(bounds, end))] if end > start else snapped_start
    return snapped_start, snapped_end


def utf16_len(text: str) -> int:
    """Length in UTF-16 units (what Qt's QString counts)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 offset of code point ``index`` in ``text``."""
    return utf16_len(text[:index])


def utf16_range(text: str, start: int, end: int) -> tuple[int, int]:
    """A code point range ``[start, end)`` as a UTF-16 (offset, length) pair for Qt."""
    first = utf16_offset(text, start)
    return first, utf16_len(text[start:end])


def utf16_ranges(text: str, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Several code point ranges as UTF-16 ``(start, end)`` ranges."""
    result = []
    for start, end in ranges:
        offset, length = utf16_range(text, start, end)
        result.append((offset, offset + length))
    return result
