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
_COMMON = 8  # a term in more than 1/8 of the texts is looked for text by text


def questions_text(questions: Sequence[str]) -> str:
    """The searchable form of a phrase's questions ("" when it has none)."""
    return fold("\n".join(q.replace("\n", " ") for q in questions))


class QuestionTexts:
    """Folded 问法 by index slot, for the few phrases (or all) that have any.

    A search finds the slots holding a term by scanning all texts joined into one string
    (``str.find`` runs in C; one hit per slot is enough), so a term costs about one pass over
    the text plus a step per slot that holds it, not a Python step per phrase. The joined
    string is rebuilt on the first search after a change.
    """

    def __init__(self) -> None:
        self._by_slot: dict[int, str] = {}
        # The texts joined, where each starts, and its slot; rebuilt after a change.
        self._joined: tuple[str, np.ndarray, np.ndarray, list[str]] | None = None

    def __len__(self) -> int:
        return len(self._by_slot)

    def set(self, slot: int, questions: Sequence[str]) -> None:
        text = questions_text(questions)
        if text:
            self._by_slot[slot] = text
        else:
            self._by_slot.pop(slot, None)
        self._joined = None

    def discard(self, slot: int) -> None:
        if self._by_slot.pop(slot, None) is not None:
            self._joined = None

    def remap(self, remap: list[int]) -> None:
        """Follow a compaction of the store (old slot -> new slot, -1 for dropped)."""
        self._by_slot = {remap[s]: t for s, t in self._by_slot.items() if remap[s] >= 0}
        self._joined = None

    def _join(self) -> tuple[str, np.ndarray, np.ndarray, list[str]]:
        if self._joined is None:
            slots = list(self._by_slot)
            texts = [self._by_slot[s] for s in slots]
            lengths = np.array([len(t) + 1 for t in texts], dtype=np.int64)  # + the separator
            starts = np.zeros(len(texts), dtype=np.int64)
            np.cumsum(lengths[:-1], out=starts[1:])
            self._joined = ("\x00".join(texts) + "\x00", starts, np.array(slots, dtype=np.int64), texts)
        return self._joined

    def slots_with(self, options: Iterable[str]) -> np.ndarray:
        """Slots whose questions contain any of ``options`` (sorted, each once)."""
        text, starts, slots, texts = self._join()
        found: list[int] = []
        common = len(texts) // _COMMON
        for option in options:
            if not option or "\x00" in option:
                continue
            at, hits = text.find(option), 0
            while at >= 0:
                row = int(np.searchsorted(starts, at, side="right")) - 1
                found.append(row)
                hits += 1
                if hits > common:
                    # In many texts (a particle): one membership test per remaining text beats a step per hit.
                    found.extend(r for r in range(row + 1, len(texts)) if option in texts[r])
                    break
                # One hit per slot is enough: go on after this slot's text.
                at = text.find(option, int(starts[row + 1]) if row + 1 < len(starts) else len(text))
        return np.unique(slots[found]) if found else np.zeros(0, dtype=np.int64)

    def matches(
        self, terms: Sequence[Iterable[str]], strict: Sequence[np.ndarray], eligible: np.ndarray
    ) -> np.ndarray:
        """Slots (sorted) where ``eligible`` is true whose questions contain at least one term
        while every other term is matched there or by the item's own text (``strict[i]``: true
        where term ``i`` matches strictly).

        ``terms[i]`` are the folded variants of term ``i``.
        """
        variants = [tuple(v for v in t if v) for t in terms]
        if not variants or not self._by_slot:
            return np.zeros(0, dtype=np.int64)
        ok = eligible.copy()
        anywhere = np.zeros(len(eligible), dtype=bool)
        for options, strictly in zip(variants, strict):
            found = np.zeros(len(eligible), dtype=bool)
            found[self.slots_with(options)] = True
            ok &= found | strictly
            anywhere |= found
        return np.flatnonzero(ok & anywhere)

    def spans(self, slot: int, terms: Sequence[Iterable[str]]) -> list[Span]:
        """Where each term found in the questions of ``slot`` first occurs (its best variant)."""
        text = self._by_slot.get(slot, "")
        found = (_first_span(text, tuple(v for v in t if v)) for t in terms)
        return [span for span in found if span is not None]


def _first_span(text: str, options: tuple[str, ...]) -> Span | None:
    best: Span | None = None
    for option in options:
        at = text.find(option)
        if at >= 0 and (best is None or at < best.start):
            best = Span(QUESTIONS_FIELD, at, at + len(option))
    return best
