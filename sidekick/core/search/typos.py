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
letter was already used by a swap. Before each letter a state in the middle of a syllable may
also jump to the next syllable's start (the rest of a syllable may be left out). Windows start
at a syllable; the first letter of the term is allowed one edit there (the window or the term
may start one letter later, or the first two letters are swapped), more only further on. An
edit is followed by a correct letter (or ends the term): two edits next to each other are not
looked for (a swap of two letters is one edit), which keeps the automaton's states few.

Codes (``kd``, ``/yunfei``) are whole strings, so they are compared with
``rapidfuzz.distance.OSA`` itself (``CodeTable.near``). A NumPy automaton is used for titles
because OSA compares whole strings, while a term matches a *window* of a title with syllables
shortened: scoring every syllable-start window of 100k titles with rapidfuzz costs tens of
milliseconds a keystroke, the automaton a few (see the README's Speed section).
"""

from __future__ import annotations

import numpy as np

from sidekick.core.search.store import Store

TYPO_MIN = 4  # no typos in shorter terms: too many words are 1 edit from a 3-letter term
TYPO_ONE_MAX = 8  # one typo up to this length, two beyond

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
    here = fz[pos]
    ok = here == code
    mid = (here != 0) & (rem[pos - 1] > 1)
    ok[mid] |= fz[pos[mid] + rem[pos[mid]]] == code
    return ok


def typo_matches(
    store: Store, term: str, budget: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Title windows within ``budget`` edits of ``term``: (item slots, fz start, fz end, cost).

    ``cost`` orders the windows inside the typo tier (``typo_rank``): fewer edits first, and
    for as many edits, a window that spells every syllable out before one that shortens some
    (``fapaio`` is one swap from 发票's ``fapiao``, and also one edit from 麻烦拍照 read as
    ``fa·pai·z``).
    """
    store.ensure_typo_strings()
    fz, rem, n = store.fz.buf, store.fz_rem.buf, store.fz.n
    q = [ord(ch) for ch in term]
    at0 = np.flatnonzero(fz[:n] == q[0])
    at1 = np.flatnonzero(fz[:n] == q[1])
    starts0 = at0[_syllable_start(rem, fz, at0)]
    # Seeds: (window start, next letter position, edits, swap pending), after term letter 0.
    seeds = [(starts0, starts0 + 1, 0, False)]
    if budget:
        # An edit of the first letter, followed by two right ones (as every edit is, below).
        after = q[2] if len(q) > 2 else -1
        starts1 = at1[_syllable_start(rem, fz, at1)]
        swapped = starts1[fz[starts1 + 1] == q[0]]
        starts1 = starts1[_continues(fz, rem, starts1 + 1, after)]
        before1 = at1 - 1  # the window's first letter is wrong, its second right
        sub = before1[_syllable_start(rem, fz, before1) & (fz[before1] != q[0])]
        sub = sub[_continues(fz, rem, sub + 2, after)]
        before0 = at0 - 1  # the term left out the window's first letter
        dele = before0[_syllable_start(rem, fz, before0)]
        dele = dele[_continues(fz, rem, dele + 2, q[1])]
        seeds += [
            (starts1, starts1, 1, False),  # the term's first letter is extra
            (swapped, swapped + 2, 1, True),  # the first two letters swapped
            (sub, sub + 1, 1, False),
            (dele, dele + 2, 1, False),
        ]
    start = np.concatenate([s[0] for s in seeds])
    pos = np.concatenate([s[1] for s in seeds])
    edits = np.concatenate([np.full(len(s[0]), s[2], np.int8) for s in seeds])
    skip = np.concatenate([np.full(len(s[0]), s[3], bool) for s in seeds])
    short = np.zeros(len(start), bool)  # some syllable was left unfinished
    for i in range(1, len(q)):
        code = q[i]
        nxt = q[i + 1] if i + 1 < len(q) else -1
        # A swap already used this letter: those states only drop the flag.
        done = skip
        carried = (start[done], pos[done], edits[done], short[done])
        live = ~done
        start, pos, edits, short = start[live], pos[live], edits[live], short[live]
        # Leave out the rest of a syllable: a state past a syllable's first letter may also
        # continue at the next syllable.
        mid = (fz[pos] != 0) & (rem[pos - 1] > 1)
        jump = pos[mid] + rem[pos[mid]]
        ok = fz[jump] != 0
        start = np.concatenate([start, start[mid][ok]])
        pos = np.concatenate([pos, jump[ok]])
        edits = np.concatenate([edits, edits[mid][ok]])
        short = np.concatenate([short, np.ones(int(ok.sum()), bool)])
        here, after = fz[pos], fz[pos + 1]
        parts = [(here == code, 1, 0, False)]
        spare = edits < budget
        if budget:
            # An edit is only taken where the term's next letter can follow it (every typo is
            # followed by a correct letter, or ends the term): this keeps the states few.
            free = np.flatnonzero(spare)  # only these may take an edit
            fpos, fhere = pos[free], here[free]
            sub = free[(fhere != 0) & (fhere != code) & _continues(fz, rem, fpos + 1, nxt)]
            ins = free[_continues(fz, rem, fpos, nxt)]
            dele = free[(fhere != 0) & (after[free] == code) & _continues(fz, rem, fpos + 2, nxt)]
            parts += [(sub, 1, 1, False), (ins, 0, 1, False), (dele, 2, 1, False)]
            if nxt >= 0 and nxt != code:  # swapped
                parts.append((free[(fhere == nxt) & (after[free] == code)], 2, 1, True))
        new_start = [carried[0]]
        new_pos = [carried[1]]
        new_edits = [carried[2]]
        new_skip = [np.zeros(len(carried[0]), bool)]
        new_short = [carried[3]]
        for sel, step, cost, swap in parts:
            if sel.dtype == bool:
                sel = np.flatnonzero(sel)
            new_start.append(start[sel])
            new_pos.append(pos[sel] + step)
            new_edits.append(edits[sel] + np.int8(cost))
            new_skip.append(np.full(len(sel), swap, bool))
            new_short.append(short[sel])
        start = np.concatenate(new_start)
        pos = np.concatenate(new_pos)
        edits = np.concatenate(new_edits)
        skip = np.concatenate(new_skip)
        short = np.concatenate(new_short)
        if len(pos) > 2048:  # the same state reached several ways: keep one
            key = (pos.astype(np.int64) << 5) | (edits.astype(np.int64) << 2) | (skip << 1) | short
            _, first = np.unique(key, return_index=True)
            start, pos, edits, skip, short = start[first], pos[first], edits[first], skip[first], short[first]
    items = store.item[store.fz_tok.buf[start]]
    return items, start, pos, typo_rank(edits, short)


def typo_rank(edits: np.ndarray, short: np.ndarray) -> np.ndarray:
    """Rank inside the typo tier (0 best, < ``TYPO_RANKS``): edits first, then shortening."""
    return ((np.maximum(edits, 1) - 1) * 2 + short).astype(np.uint8)


TYPO_RANKS = 4
