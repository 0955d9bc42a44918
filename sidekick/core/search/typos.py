"""Typo matching: pinyin and Latin terms a few keystrokes away from what the text says.

A term of letters and digits matches an item's title by typo when it is within its *typo
budget* of a string the title's pinyin would match exactly, counting edits as optimal string
alignment does (rapidfuzz's ``OSA``): a wrong, missing or extra letter, or two adjacent letters
swapped, is one edit each. The budget grows with the term (``typo_budget``): none under 4
letters, one up to 8, two beyond. So ``wuilu`` finds 物流 (il ↔ li), ``youfie`` 邮费, and —
since pinyin may stop early in every syllable, as it may when typed exactly — ``kaudi`` finds
快递 (one swap from ``kuadi``).

Titles are matched through ``Store.fz``: every title spelled out letter by letter (primary
readings; a Latin letter or digit spells itself), with ``Store.fz_rem`` giving, for each letter,
how many letters of its syllable are left. A vectorised automaton walks the term over it, each
state a window start, the letter it has reached, the edits spent and whether the next term
letter was already used by a swap. Before each letter a state two or more letters into a
syllable may also jump to the next syllable's start (the rest of it left out, as in ``kuadi``;
not after one letter: typos in initials such as ``mrdk`` would match far too much). Windows start
at a syllable with the term's first letter, or its second when the first two are swapped: a
wrong first letter is rare (it is what the agent looks at) and would multiply the windows. An
edit is followed by a correct letter (or ends the term): two edits next to each other are not
looked for (a swap of two letters is one edit), which keeps the automaton's states few.

Codes (``kd``, ``/yunfei``) are whole strings, so they are compared with
``rapidfuzz.distance.OSA`` itself (``CodeTable.near``). Titles use the automaton because OSA
compares whole strings, while a term matches a *window* of a title, possibly with syllables
shortened, which whole-window distances cannot express; and handing rapidfuzz the windows costs
more than the automaton: at 100k phrases (a busy 2-core machine) ``kuaidu`` has 138k candidate
windows, whose strings take 300 ms to build before OSA scores them in 30 ms, while the automaton
answers in 60-130 ms, shortened syllables included (``shuangshiyi``: 590 + 80 ms against 380 ms).
"""

from __future__ import annotations

import numpy as np

from sidekick.core.search.prefix_cache import PrefixCache
from sidekick.core.search.store import Store

TYPO_MIN = 4  # no typos in shorter terms: too many words are 1 edit from a 3-letter term
TYPO_ONE_MAX = 8  # one typo up to this length, two beyond

_EDITS, _SWAP, _SHORT = 3, 4, 8  # state flag bits (see ``typo_matches``)
_LETTER_CODES = frozenset(map(ord, "abcdefghijklmnopqrstuvwxyz0123456789"))


def typo_budget(term: str) -> int:
    """Edits allowed for ``term``: 0 unless it is all letters/digits and 4+ long."""
    if len(term) < TYPO_MIN or not all(ord(ch) in _LETTER_CODES for ch in term):
        return 0
    return 1 if len(term) <= TYPO_ONE_MAX else 2


def _syllable_start(rem: np.ndarray, fz: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Whether each of ``pos`` starts a syllable (a letter whose predecessor ended one).

    ``pos - 1`` is -1 for the very first letter, which reads the zero padding at the end of
    the buffer (``_Col`` keeps some), i.e. "after a separator".
    """
    return (fz[pos] != 0) & (rem[pos - 1] <= 1)


def _continues(fz: np.ndarray, rem: np.ndarray, pos: np.ndarray, code: int) -> np.ndarray:
    """Whether the letter ``code`` can come next from each of ``pos``: it is there, or at the
    start of the next syllable when ``pos`` is inside one (the rest of it left out). Any
    position passes when ``code`` is -1 (the term has ended)."""
    if code < 0:
        return np.ones(len(pos), bool)
    ok = fz[pos] == code
    mid = _can_jump(fz, rem, pos)
    ok[mid] |= fz[pos[mid] + rem[pos[mid]]] == code
    return ok


def _can_jump(fz: np.ndarray, rem: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Whether the rest of the syllable at each of ``pos`` may be left out: two or more of its
    letters came before (``kua`` for kuai; a lone first letter is initials, which typos do not
    shorten to: ``mrdk`` finding 默认快递 would find far too much else as well)."""
    return (fz[pos] != 0) & (rem[pos - 1] > 1) & (rem[pos - 2] == rem[pos - 1] + 1)


_States = tuple[np.ndarray, np.ndarray, np.ndarray]  # (window start, position, flags) per state


class TypoStates:
    """What the typo automaton keeps between keystrokes (``prefix_cache``).

    The states after term letter ``i`` depend on the term's letters up to ``i + 1`` (each step
    looks one letter ahead: an edit must be followed by a correct letter) and on the budget, so
    they are kept under that prefix: typing ``kuaid`` after ``kuai`` redoes only the last two
    letters, not the first ones, whose states are the most numerous. Also kept: where syllables
    start, grouped by letter, for the first letters of a term.
    """

    def __init__(self) -> None:
        self._after: PrefixCache[_States] = PrefixCache()
        # ((store generation, fz length), syllable starts grouped by letter, each letter's bounds)
        self._letters: tuple[tuple[int, int], np.ndarray, np.ndarray] | None = None

    def resume(self, store: Store, term: str, budget: int) -> tuple[int, _States] | None:
        """(the next letter to process, states) from the longest kept prefix of ``term``."""
        found = self._after.longest(store, term, budget, shortest=3)  # the states after letter end - 2
        return None if found is None else (found[0] - 1, found[1])

    def keep(self, store: Store, prefix: str, budget: int, states: _States) -> None:
        start, pos, flags = states
        self._after.put(store, prefix, budget, (start.astype(np.int32), pos.astype(np.int32), flags))

    def syllable_starts(self, store: Store, letter: int) -> np.ndarray:
        """Positions in ``store.fz`` where a syllable starts with ``letter``, ascending.

        Found on the first typo search after the store changed (≈ 20 ms and 3 MB at 100k
        phrases: a scan and a sort by letter), instead of scanning every spelled-out title for
        a term's first letters at each search."""
        fz, rem, n = store.fz.buf, store.fz_rem.buf, store.fz.n
        if self._letters is None or self._letters[0] != (store.generation, n):
            every = np.arange(n, dtype=np.int32)
            at = every[_syllable_start(rem, fz, every)]
            letters = fz[at]
            order = np.argsort(letters, kind="stable")
            bounds = np.zeros(257, np.int64)
            np.cumsum(np.bincount(letters, minlength=256), out=bounds[1:])
            self._letters = ((store.generation, n), at[order], bounds)
        _key, by_letter, bounds = self._letters
        return by_letter[bounds[letter]:bounds[letter + 1]] if letter < 256 else by_letter[:0]


def typo_matches(
    store: Store, term: str, budget: int, states: TypoStates | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Title windows within ``budget`` edits of ``term``: (item slots, fz start, fz end, cost).

    ``cost`` orders the windows inside the typo tier (``typo_rank``): fewer edits first, and
    for as many edits, a window that spells every syllable out before one that shortens some
    (``fapaio`` is one swap from 发票's ``fapiao``, and also one edit from 麻烦拍照 read as
    ``fa·pai·z``).

    ``states`` keeps the states after each letter for the next, longer term (the search index
    holds one); without it the walk starts from the first letter.
    """
    store.ensure_typo_strings()
    states = states if states is not None else TypoStates()
    fz, rem = store.fz.buf, store.fz_rem.buf
    q = [ord(ch) for ch in term]
    resumed = states.resume(store, term, budget)
    first, (start, pos, flags) = resumed if resumed is not None else (1, _seed_states(store, q, budget, states))
    for i in range(first, len(q)):
        start, pos, flags = _step(fz, rem, start, pos, flags, q[i], q[i + 1] if i + 1 < len(q) else -1, budget)
        if i + 1 < len(q):
            states.keep(store, term[: i + 2], budget, (start, pos, flags))
    items = store.item[store.fz_tok.buf[start]]
    return items, start, pos, typo_rank(flags & _EDITS, (flags & _SHORT) != 0)


def _seed_states(store: Store, q: list[int], budget: int, states: TypoStates) -> _States:
    """The states after the term's first letter: windows starting at a syllable with it, and
    (with a budget) at one with the second letter followed by the first (the two swapped)."""
    starts0 = states.syllable_starts(store, q[0])
    # Seeds: (window start, next letter position, edits, swap pending), after term letter 0.
    seeds = [(starts0, starts0 + 1, 0, False)]
    if budget:  # the first two letters swapped (the first letter is otherwise kept)
        at1 = states.syllable_starts(store, q[1])
        swapped = at1[store.fz.buf[at1 + 1] == q[0]]
        seeds.append((swapped, swapped + 2, 1, True))
    # State flags: edits spent (bits 0-1), the next term letter already used by a swap (bit 2),
    # some syllable left unfinished (bit 3). One small array keeps each step's gathers few.
    start = np.concatenate([s[0] for s in seeds])
    pos = np.concatenate([s[1] for s in seeds])
    flags = np.concatenate([np.full(len(s[0]), s[2] | (_SWAP if s[3] else 0), np.int8) for s in seeds])
    return start, pos, flags


def _step(fz: np.ndarray, rem: np.ndarray, start: np.ndarray, pos: np.ndarray, flags: np.ndarray,
          code: int, nxt: int, budget: int) -> _States:
    """The states after the term letter ``code`` (``nxt`` the one after it, -1 at the end)."""
    swapped = (flags & _SWAP) != 0
    if swapped.any():  # a swap already used this letter: those states only drop the flag
        carried = np.flatnonzero(swapped)
        live = np.flatnonzero(~swapped)
        done = (start[carried], pos[carried], flags[carried] & ~_SWAP)
        start, pos, flags = start[live], pos[live], flags[live]
    else:
        done = None
    # Leave out the rest of a syllable: a state two or more letters into a syllable may
    # also continue at the next one.
    mid = np.flatnonzero(_can_jump(fz, rem, pos))
    jump = pos[mid] + rem[pos[mid]]
    ok = fz[jump] != 0
    start = np.concatenate([start, start[mid[ok]]])
    pos = np.concatenate([pos, jump[ok]])
    flags = np.concatenate([flags, flags[mid[ok]] | _SHORT])
    here, after = fz[pos], fz[pos + 1]
    # (states taking this step, letters advanced, flags added)
    parts = [(np.flatnonzero(here == code), 0, 0)]
    if budget:
        # An edit is only taken where the term's next letter can follow it (every typo is
        # followed by a correct letter, or ends the term): this keeps the states few.
        free = np.flatnonzero((flags & _EDITS) < budget)  # only these may take an edit
        fpos, fhere = pos[free], here[free]
        letter = fhere != 0
        parts += [
            (free[letter & (fhere != code) & _continues(fz, rem, fpos + 1, nxt)], 0, 1),  # wrong
            (free[_continues(fz, rem, fpos, nxt)], -1, 1),  # an extra letter in the term
            (free[letter & (after[free] == code) & _continues(fz, rem, fpos + 2, nxt)], 1, 1),
        ]  # the last: a letter left out
        if nxt >= 0 and nxt != code:  # swapped
            parts.append((free[(fhere == nxt) & (after[free] == code)], 1, 1 | _SWAP))
    sizes = [len(sel) for sel, _, _ in parts]
    take = np.concatenate([sel for sel, _, _ in parts])
    start = start[take]
    pos = pos[take] + 1 + np.repeat(np.array([d for _, d, _ in parts]), sizes)
    flags = flags[take] + np.repeat(np.array([f for _, _, f in parts], np.int8), sizes)
    if done is not None:
        start = np.concatenate([done[0], start])
        pos = np.concatenate([done[1], pos])
        flags = np.concatenate([done[2], flags])
    if len(pos) > 2048:  # the same state reached several ways: keep one
        _, first = np.unique((pos.astype(np.int64) << 4) | flags, return_index=True)
        start, pos, flags = start[first], pos[first], flags[first]
    return start, pos, flags


def typo_rank(edits: np.ndarray, short: np.ndarray) -> np.ndarray:
    """Rank inside the typo tier (0 best, < ``TYPO_RANKS``): edits first, then shortening."""
    return ((np.maximum(edits, 1) - 1) * 2 + short).astype(np.uint8)


TYPO_RANKS = 4
