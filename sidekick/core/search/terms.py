"""Cached term matches: typing extends the previous keystroke's matches.

Each query term's matches (``match.TermMatch``) are kept in a small LRU keyed by the term, so
``kd`` → ``kdf`` extends the ``kd`` states instead of scanning the library again. The matches
of one-character terms are also kept in a separate, smaller cache that survives
``clear`` (agents start queries with the same few letters again and again). Both are dropped
when the store changes (its ``generation``).
"""

from __future__ import annotations

from collections import OrderedDict

from sidekick.core.search.match import TermMatch, begin, begin_states, extend, extend_states
from sidekick.core.search.store import Store

TERM_CACHE_ITEMS = 24
FIRST_CHAR_CACHE = 6
TERM_CACHE_STATES = 4_000_000


class TermCache:
    """Term → matches, for one store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._terms: OrderedDict[str, TermMatch] = OrderedDict()
        self._terms_gen = -1
        self._first: OrderedDict[str, TermMatch] = OrderedDict()
        self._first_gen = -1

    def clear(self) -> None:
        """Forget cached term matches (not the first-character ones)."""
        self._terms.clear()

    def get(self, term: str) -> TermMatch:
        """Matches of ``term`` (title states; see ``with_states`` for the rest)."""
        store = self._store
        if self._terms_gen != store.generation:
            self._terms.clear()
            self._terms_gen = store.generation
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        # Typing extends the previous term: start from the longest cached prefix.
        for cut in range(len(term) - 1, 0, -1):
            parent = self._terms.get(term[:cut])
            if parent is not None:
                match = extend(store, parent, term[cut:])
                break
        else:
            match = self._first_char(term[0])
            if len(term) > 1:
                match = extend(store, match, term[1:])
        self._terms[term] = match
        total = sum(m.size for m in self._terms.values())
        while len(self._terms) > 1 and (
            len(self._terms) > TERM_CACHE_ITEMS or total > TERM_CACHE_STATES
        ):
            _key, old = self._terms.popitem(last=False)
            total -= old.size
        return match

    def with_states(self, m: TermMatch, initials: bool) -> None:
        """Compute the term's body initials (level 2) or all body states (level 3), from the
        longest cached prefix that has them, else from the term's first character."""
        attr = "initials" if initials else "body"
        if getattr(m, attr) is not None:
            return
        store, term = self._store, m.term
        for cut in range(len(term) - 1, 0, -1):
            parent = self._terms.get(term[:cut])
            if parent is not None and getattr(parent, attr) is not None:
                states = extend_states(store, getattr(parent, attr), term[cut:], initials)
                break
        else:
            first = begin_states(store, term[0], False, initials)
            states = extend_states(store, first, term[1:], initials)
        setattr(m, attr, states)

    def _first_char(self, ch: str) -> TermMatch:
        """Matches of a one-character term, kept for the last few characters typed first.

        Every query starts with one character, and agents start with the same few letters
        again and again; this cache outlives ``clear_cache`` (not index changes).
        """
        store = self._store
        if self._first_gen != store.generation:
            self._first.clear()
            self._first_gen = store.generation
        match = self._first.pop(ch, None) or begin(store, ch)
        self._first[ch] = match
        while len(self._first) > FIRST_CHAR_CACHE:
            self._first.popitem(last=False)
        return match
