"""Short codes (``kd``, ``/tk``): exact and prefix lookup without scanning the library.

A code that starts with ``/`` is also found without the slash (``tk`` finds ``/tk``), since
agents type it both ways. Codes are kept as one sorted list of keys with the item slots in a
parallel array, so a prefix (``k`` may match thousands of codes) is two bisections and a slice.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy as np

_END = "\U0010ffff"


def keys_of(code: str) -> tuple[str, ...]:
    bare = code.lstrip("/")
    if not code:
        return ()
    return (code, bare) if bare and bare != code else (code,)


class CodeTable:
    """Sorted (folded code, slot) pairs."""

    def __init__(self) -> None:
        self._pairs: list[tuple[str, int]] = []
        self._keys: list[str] | None = None
        self._slots: np.ndarray | None = None

    def _dirty(self) -> None:
        self._keys = None
        self._slots = None

    def _view(self) -> tuple[list[str], np.ndarray]:
        if self._keys is None or self._slots is None:
            self._keys = [code for code, _ in self._pairs]
            self._slots = np.array([slot for _, slot in self._pairs], dtype=np.int64)
        return self._keys, self._slots

    def add(self, code: str, slot: int) -> None:
        for key in keys_of(code):
            bisect.insort(self._pairs, (key, slot))
        self._dirty()

    def add_many(self, pairs: Iterable[tuple[str, int]]) -> None:
        self._pairs.extend((key, slot) for code, slot in pairs for key in keys_of(code))
        self._pairs.sort()
        self._dirty()

    def remove(self, code: str, slot: int) -> None:
        for key in keys_of(code):
            i = bisect.bisect_left(self._pairs, (key, slot))
            if i < len(self._pairs) and self._pairs[i] == (key, slot):
                del self._pairs[i]
        self._dirty()

    def exact(self, code: str) -> np.ndarray:
        keys, slots = self._view()
        return slots[bisect.bisect_left(keys, code) : bisect.bisect_right(keys, code)]

    def prefixed(self, prefix: str) -> np.ndarray:
        """Slots of the codes that start with ``prefix`` and are longer than it."""
        if not prefix:
            return np.zeros(0, dtype=np.int64)
        keys, slots = self._view()
        return slots[bisect.bisect_right(keys, prefix) : bisect.bisect_left(keys, prefix + _END)]

    def near(self, term: str, max_edits: int) -> tuple[np.ndarray, np.ndarray]:
        """(slots, edits) of the codes within ``max_edits`` of ``term`` by optimal string
        alignment (a wrong, missing or extra character, or two adjacent ones swapped, is one
        edit); a slot found by both its keys (``/tk`` and ``tk``) may be listed twice."""
        keys, slots = self._view()
        if not keys or max_edits <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
        from rapidfuzz.distance import OSA  # the typo tier only: kept off the start-up path
        from rapidfuzz.process import cdist

        dist = cdist([term], keys, scorer=OSA.distance, score_cutoff=max_edits, dtype=np.int32)
        found = np.flatnonzero(dist[0] <= max_edits)
        return slots[found], dist[0][found]

    def is_prefix(self, prefix: str) -> bool:
        keys, _ = self._view()
        i = bisect.bisect_left(keys, prefix)
        return i < len(keys) and keys[i].startswith(prefix)

    def remap(self, mapping: list[int]) -> None:
        """Renumber slots after the store was compacted (mapping[old] = new or -1)."""
        self._pairs = sorted((k, mapping[s]) for k, s in self._pairs if mapping[s] >= 0)
        self._dirty()
