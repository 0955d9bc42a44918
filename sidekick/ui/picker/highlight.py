"""Turn a hit's match spans into highlighted segments (pure: no Qt).

The search engine reports matches as ``Span(field, start, end)`` over the hit's fields. The
list delegate paints them as format ranges and the tests check them here, without a display.
Kept free of Qt so the rules (clip, merge, shift into a snippet) are tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sidekick.core.types import Span
from sidekick.ui.rich_text import escape

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is either all matched or all plain."""

    text: str
    start: int  # offset in the text the segments were cut from
    matched: bool

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def matched_ranges(spans: Iterable[Span], field: str, length: int) -> list[tuple[int, int]]:
    """Sorted, merged ``[start, end)`` ranges of ``field`` clipped to ``[0, length)``.

    Spans from several match tiers may overlap or touch; merging them keeps one format range
    per highlighted run, so the painter never draws the same character twice.
    """
    ranges = sorted(
        (max(0, span.start), min(length, span.end))
        for span in spans
        if span.field == field and min(length, span.end) > max(0, span.start)
    )
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def segments(text: str, spans: Iterable[Span], field: str) -> list[Segment]:
    """``text`` cut into alternating plain and matched segments (empty text → no segments)."""
    result: list[Segment] = []
    position = 0
    for start, end in matched_ranges(spans, field, len(text)):
        if start > position:
            result.append(Segment(text[position:start], position, False))
        result.append(Segment(text[start:end], start, True))
        position = end
    if position < len(text):
        result.append(Segment(text[position:], position, False))
    return result


def segments_html(parts: Iterable[Segment]) -> str:
    """Segments as HTML, matched runs in ``<b>``; everything escaped (phrases are user text)."""
    return "".join(
        f"<b>{escape(part.text)}</b>" if part.matched else escape(part.text) for part in parts
    )


def one_line(text: str) -> str:
    """Newlines and tabs become spaces, one for one, so span offsets stay valid."""
    return text.translate(str.maketrans("\r\n\t", "   "))


def snippet(text: str, spans: Iterable[Span], field: str, max_chars: int, lead: int = 6) -> tuple[str, list[Span]]:
    """A single-line excerpt of at most ``max_chars`` that shows the first match of ``field``.

    A long body whose match sits at character 200 would otherwise be painted without any
    highlight; the excerpt starts ``lead`` characters before the first match and is prefixed
    with an ellipsis when it does not start at the beginning. The returned spans are shifted
    to the excerpt and only cover ``field``.
    """
    flat = one_line(text)
    ranges = matched_ranges(spans, field, len(flat))
    start = 0
    if ranges and ranges[0][1] > max_chars:
        start = max(0, ranges[0][0] - lead)
    prefix = ELLIPSIS if start > 0 else ""
    excerpt = prefix + flat[start : start + max_chars - len(prefix)]
    shift = len(prefix) - start
    shifted = [Span(field, a + shift, b + shift) for a, b in ranges]
    return excerpt, [span for span in shifted if span.end > len(prefix) and span.start < len(excerpt)]


def clip_ranges(ranges: Iterable[tuple[int, int]], kept: int) -> list[tuple[int, int]]:
    """Ranges cut to the first ``kept`` characters (what survives a right elision)."""
    return [(start, min(end, kept)) for start, end in ranges if start < kept]
