"""买家问法 in the typed search: the tier ``MatchKind.QUESTION``, below every other kind.

An agent who types the buyer's words (「便宜了二十」) should find the phrase whose 问法 say so
even when its title and body use other words (价格保护). Such a match is weaker evidence than
the phrase's own text, so it only fills what the other kinds (``partial`` included) leave of
the list: a query they already answer gets exactly their hits.

Each phrase's questions are kept folded (``text.fold``, one character per character) and
joined by a newline, so a literal term never spans two questions and a span's offsets index
``"\\n".join(phrase.questions)``. A term counts as matched when any of its variants occurs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from sidekick.core.search.text import fold
from sidekick.core.types import Span

QUESTIONS_FIELD = "questions"  # the span field of a match in the 问法


def questions_text(questions: Sequence[str]) -> str:
    """The searchable form of a phrase's questions ("" when it has none)."""
    return fold("\n".join(q.replace("\n", " ") for q in questions))


class QuestionTexts:
    """Folded 问法 by index slot, for the few phrases (or all) that have any."""

    def __init__(self) -> None:
        self._by_slot: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._by_slot)

    def set(self, slot: int, questions: Sequence[str]) -> None:
        text = questions_text(questions)
        if text:
            self._by_slot[slot] = text
        else:
            self._by_slot.pop(slot, None)

    def discard(self, slot: int) -> None:
        self._by_slot.pop(slot, None)

    def remap(self, remap: list[int]) -> None:
        """Follow a compaction of the store (old slot -> new slot, -1 for dropped)."""
        self._by_slot = {remap[s]: t for s, t in self._by_slot.items() if remap[s] >= 0}

    def matches(
        self, terms: Sequence[Iterable[str]], strict: Sequence[np.ndarray], eligible: np.ndarray
    ) -> dict[int, tuple[Span, ...]]:
        """Slots where ``eligible`` is true whose questions contain at least one term while
        every other term is matched there or by the item's own text (``strict[i]``: true where
        term ``i`` matches strictly), with the spans of the terms found in the questions.

        ``terms[i]`` are the folded variants of term ``i``.
        """
        variants = [tuple(v for v in t if v) for t in terms]
        out: dict[int, tuple[Span, ...]] = {}
        for slot, text in self._by_slot.items():
            if not eligible[slot]:
                continue
            spans: list[Span] = []
            for options, strictly in zip(variants, strict):
                span = _first_span(text, options)
                if span is not None:
                    spans.append(span)
                elif not strictly[slot]:
                    break
            else:
                if spans:
                    out[slot] = tuple(sorted(spans, key=lambda s: (s.start, s.end)))
        return out


def _first_span(text: str, options: tuple[str, ...]) -> Span | None:
    best: Span | None = None
    for option in options:
        at = text.find(option)
        if at >= 0 and (best is None or at < best.start):
            best = Span(QUESTIONS_FIELD, at, at + len(option))
    return best
