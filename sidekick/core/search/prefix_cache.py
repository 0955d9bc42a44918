"""Work kept per term prefix, so the next keystroke resumes where the last one stopped.

The lower tiers (homophones, typos) walk a term character by character over the index; what
they hold after a character depends only on the characters so far (and, for typos, the next
one). Typing adds one character at a time, so a search for ``kuaid`` can start from what the
search for ``kuai`` held instead of from the first letter, whose states are the most numerous.

Kept values are forgotten when the store changes (its ``generation``), and at most ``keep``
entries and ``keep_bytes`` of arrays are held: the last few terms' worth.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

import numpy as np

from sidekick.core.search.store import Store

_V = TypeVar("_V", bound=tuple)


class PrefixCache(Generic[_V]):
    """Values (tuples of arrays) under (prefix, variant) keys, newest last."""

    def __init__(self, keep: int = 16, keep_bytes: int = 6 * 2**20) -> None:
        self.keep, self.keep_bytes = keep, keep_bytes
        self._generation = -1
        self._kept: OrderedDict[tuple[str, Hashable], _V] = OrderedDict()

    def _check(self, store: Store) -> None:
        if self._generation != store.generation:
            self._kept.clear()
            self._generation = store.generation

    def longest(self, store: Store, term: str, variant: Hashable, shortest: int = 1) -> tuple[int, _V] | None:
        """(length, value) of the longest kept prefix of ``term`` (``shortest`` or more characters)."""
        self._check(store)
        for end in range(len(term), shortest - 1, -1):
            key = (term[:end], variant)
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return end, found
        return None

    def put(self, store: Store, prefix: str, variant: Hashable, value: _V) -> None:
        self._check(store)
        key = (prefix, variant)
        self._kept[key] = value
        self._kept.move_to_end(key)
        while len(self._kept) > self.keep or (len(self._kept) > 1 and self.nbytes() > self.keep_bytes):
            self._kept.popitem(last=False)

    def nbytes(self) -> int:
        return sum(part.nbytes for value in self._kept.values() for part in value if isinstance(part, np.ndarray))
