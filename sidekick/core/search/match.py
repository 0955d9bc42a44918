"""Matching one search term against the token store, as vectorised state sets.

A term is matched two ways at once, each kept as arrays so the next keystroke only has to
*extend* them (``kd`` → ``kdf`` looks at the ``kd`` matches, never at the whole library):

- **literal**: start tokens where the folded text contains the term (Chinese, Latin, digits);
- **pinyin**: partial matches of the term against consecutive tokens' spellings. Each token
  takes a non-empty prefix of one of its spellings (primary or alternate reading), or the
  character itself for a Chinese character typed as such. So ``kd``, ``kuaidi``, ``kuaid``,
  ``kdfei`` and ``kd费`` all match 快递费. A state is (start token, current token, the
  spelling being typed, letters used of it, whether any spelling was used beyond its first letter —
  that decides *initials* vs *full pinyin*); the "spelling" is kept as the spelling id itself,
so continuing a syllable is a single table lookup.

Typo matching (one edit, terms of 4+ letters or digits) runs over the titles spelled out
letter by letter; it is only computed when the exact kinds leave the result list short.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sidekick.core.search.store import Store
from sidekick.core.search.syllables import LETTERS

# Tiers, best first. Pinyin kinds split title before body (a finer order inside the kind).
T_CODE_EXACT, T_CODE_PREFIX, T_TITLE_PREFIX, T_TITLE, T_BODY = 0, 1, 2, 3, 4
T_INITIALS, T_FULL = 5, 7  # +1 when the match is outside the title
T_FUZZY, T_ALL, T_NONE = 9, 10, 255
FUZZY_MIN = 4

_LETTER_CODES = frozenset(map(ord, "abcdefghijklmnopqrstuvwxyz0123456789"))


def is_letter(ch: str) -> bool:
    return ord(ch) in _LETTER_CODES


def fuzzy_eligible(term: str) -> bool:
    return len(term) >= FUZZY_MIN and all(is_letter(ch) for ch in term)


@dataclass(slots=True)
class TermMatch:
    """Literal and pinyin matches of one term (int32 token indexes)."""

    term: str
    lit: np.ndarray
    start: np.ndarray
    cur: np.ndarray
    sp: np.ndarray  # spelling being typed at ``cur`` (0 once the character itself matched)
    off: np.ndarray  # letters of that spelling used so far
    full: np.ndarray  # some spelling was used beyond its first letter
    dense: np.ndarray | None = None  # best tier per item slot (T_NONE: no match)
    fuzzy: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # items, fz start, fz end
    extras: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.lit) + len(self.start)


def begin(store: Store, ch: str) -> TermMatch:
    """Matches of a one-character term."""
    code = ord(ch)
    if code in _LETTER_CODES:
        prim = store.first_positions(code)
        alts = store.alt_positions()
        alts = alts[store.first2[alts] == code]
        lit = prim[store.tch[prim] == code]
        start = np.concatenate([prim, alts])
        sp = np.concatenate([store.prim[prim], store.alt[alts]])
        off = np.ones(len(start), np.int8)
    else:
        lit = store.char_positions(code)
        start = lit
        sp = np.zeros(len(lit), np.uint16)
        off = np.zeros(len(lit), np.int8)
    return TermMatch(ch, lit, start, start, sp, off, np.zeros(len(start), bool))


def extend(store: Store, m: TermMatch, suffix: str) -> TermMatch:
    """Matches of ``m.term + suffix``, computed from the matches of ``m.term``."""
    tch, first, first2 = store.tch, store.first, store.first2
    lit, start, cur, sp, off, full = m.lit, m.start, m.cur, m.sp, m.off, m.full
    length = len(m.term)
    for ch in suffix:
        code = ord(ch)
        lit = lit[tch[lit + length] == code]
        length += 1
        nxt = cur + 1
        if code in _LETTER_CODES:
            same = np.flatnonzero(LETTERS[sp, off] == code)
            to0 = np.flatnonzero(first[nxt] == code)
            to1 = np.flatnonzero(first2[nxt] == code)
            n0, n1 = nxt[to0], nxt[to1]
            start = np.concatenate([start[same], start[to0], start[to1]])
            cur = np.concatenate([cur[same], n0, n1])
            sp = np.concatenate([sp[same], store.prim[n0], store.alt[n1]])
            off = np.concatenate([off[same] + 1, np.ones(len(n0) + len(n1), np.int8)])
            full = np.concatenate([np.ones(len(same), bool), full[to0], full[to1]])
        else:
            to = np.flatnonzero(tch[nxt] == code)
            start, cur, full = start[to], nxt[to], full[to]
            sp = np.zeros(len(to), np.uint16)
            off = np.zeros(len(to), np.int8)
    return TermMatch(m.term + suffix, lit, start, cur, sp, off, full)


def literal_tiers(store: Store, lit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    items = store.item[lit]
    tiers = np.where(store.intitle[lit], T_TITLE, T_BODY).astype(np.uint8)
    tiers[store.start[items] == lit] = T_TITLE_PREFIX
    return items, tiers


def pinyin_tiers(store: Store, m: TermMatch) -> tuple[np.ndarray, np.ndarray]:
    items = store.item[m.start]
    tiers = store.outtitle[m.start] + np.uint8(T_INITIALS)
    tiers += m.full.view(np.uint8) << 1
    return items, tiers


def dense_tiers(
    store: Store, m: TermMatch, code_hits: list[tuple[np.ndarray, int]]
) -> np.ndarray:
    """Best tier of the term per item slot (cached on the match)."""
    if m.dense is None:
        dense = np.full(store.n_items, T_NONE, dtype=np.uint8)
        py_items, py_tiers = pinyin_tiers(store, m)
        lit_items, lit_tiers = literal_tiers(store, m.lit)
        # Kept for picking the highlighted span of the few items that make the list.
        m.extras.update(py_items=py_items, py_tiers=py_tiers, lit_items=lit_items)
        m.extras["lit_tiers"] = lit_tiers
        for items, tiers in ((py_items, py_tiers), (lit_items, lit_tiers)):
            if len(items):
                np.minimum.at(dense, items, tiers)
        for slots, tier in code_hits:
            if len(slots):
                dense[slots] = np.minimum(dense[slots], tier)
        m.dense = dense
    return m.dense


def fuzzy_matches(store: Store, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Title windows within one edit of ``term``: (item slots, fz start, fz end).

    Any such window either matches ``term[0]`` exactly (followed with an automaton that
    allows one substitution, insertion or deletion), or matches ``term[1:]`` exactly (the
    edit was on the first letter).
    """
    fz, fz_n = store.fz.buf, store.fz.n
    q = [ord(ch) for ch in term]
    starts_b = np.flatnonzero(fz[:fz_n] == q[1])
    for k, code in enumerate(q[2:], start=1):
        starts_b = starts_b[fz[starts_b + k] == code]
    ends_b = starts_b + len(q) - 1

    start = np.flatnonzero(fz[:fz_n] == q[0])
    pos = start + 1
    edits = np.zeros(len(start), dtype=bool)
    for code in q[1:]:
        here = fz[pos]
        match = here == code
        fresh = ~edits
        sub = fresh & (here != 0)
        dele = sub & (fz[pos + 1] == code)
        start = np.concatenate([start[match], start[sub], start[fresh], start[dele]])
        new_pos = np.concatenate([pos[match] + 1, pos[sub] + 1, pos[fresh], pos[dele] + 2])
        edits = np.concatenate(
            [edits[match], np.ones(int(sub.sum()) + int(fresh.sum()) + int(dele.sum()), bool)]
        )
        pos = new_pos
    all_start = np.concatenate([start, starts_b])
    all_end = np.concatenate([pos, ends_b])
    items = store.item[store.fz_tok.buf[all_start]]
    return items, all_start, all_end
