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

Pinyin states are kept in groups by where they start: the title, or the rest (body, tags,
knowledge). A state never crosses a field separator, so the groups never mix. Body states are
most of the work (bodies are ~5x longer than titles) yet can only give the two "outside the
title" pinyin tiers, which rank below what title states and literals give; so the index
computes them in two further *levels*, each only when the levels before leave the result list
short (see ``SearchIndex.search``):

1. ``head_tiers``: codes, literals, title states — exact for tiers up to ``T_INITIALS``;
2. ``mid_tiers``: + body states that used first letters only (``initials``, few once two
   letters are typed) — exact up to ``T_FULL`` (title full pinyin);
3. ``dense_tiers``: + all body states — exact everywhere.

Below the exact kinds come two tiers computed only when the exact kinds leave the result list
short: ``T_HOMOPHONE`` (Chinese matched by sound, ``homophones``) and ``T_FUZZY`` (typos within
a budget, over the titles spelled out letter by letter and the codes, ``typos``). Below them,
``T_PARTIAL`` is the fallback tier computed by ``partial`` (not by term states).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sidekick.core.search.store import Store
from sidekick.core.search.syllables import LETTERS

# Tiers, best first. Pinyin kinds split title before body (a finer order inside the kind).
T_CODE_EXACT, T_CODE_PREFIX, T_TITLE_PREFIX, T_TITLE, T_BODY = 0, 1, 2, 3, 4
T_INITIALS, T_FULL = 5, 7  # +1 when the match is outside the title
T_HOMOPHONE = 9  # +1 when the match is outside the title
T_FUZZY = 11  # to 14: fewer edits first (``typos.typo_rank``)
T_PARTIAL, T_QUESTION, T_ALL, T_NONE = 15, 16, 17, 255  # the fallbacks: ``partial``, ``questions``
LEVEL_EXACT = (T_INITIALS, T_FULL, T_NONE - 1)  # tiers known exactly after each level
FUZZY_MIN = 4  # the one-edit typo matching kept for comparison (``fuzzy_matches``)

_LETTER_CODES = frozenset(map(ord, "abcdefghijklmnopqrstuvwxyz0123456789"))


def is_letter(ch: str) -> bool:
    return ord(ch) in _LETTER_CODES


def fuzzy_eligible(term: str) -> bool:
    return len(term) >= FUZZY_MIN and all(is_letter(ch) for ch in term)


@dataclass(slots=True)
class States:
    """Pinyin match states (parallel arrays, one entry per partial match)."""

    start: np.ndarray  # int32 first token of the match
    cur: np.ndarray  # int32 token being typed
    sp: np.ndarray  # spelling being typed at ``cur`` (0 once the character itself matched)
    off: np.ndarray  # letters of that spelling used so far
    full: np.ndarray  # some spelling was used beyond its first letter

    def __len__(self) -> int:
        return len(self.start)


@dataclass(slots=True)
class TermMatch:
    """Literal and pinyin matches of one term (int32 token indexes)."""

    term: str
    lit: np.ndarray
    title: States  # pinyin states starting in a title
    initials: States | None = None  # body states that used first letters only (level 2)
    body: States | None = None  # all states starting outside the title (level 3)
    head: np.ndarray | None = None  # best tier per slot, level 1 (T_NONE: no match)
    mid: np.ndarray | None = None  # level 2
    dense: np.ndarray | None = None  # level 3: all sources
    homophone: States | None = None  # Chinese matched by sound (``homophones``)
    fuzzy: tuple[np.ndarray, ...] | None = None  # title typos: items, fz start, fz end, tier
    extras: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.lit) + sum(len(s) for s in (self.title, self.initials, self.body) if s)

    def groups(self, level: int) -> list[tuple[States, str]]:
        """The state groups behind the tiers of ``level`` (1-3), with their extras key: pinyin,
        and the homophone states once they were computed."""
        extra = [] if self.homophone is None else [(self.homophone, "homo")]
        if level == 1:
            return [(self.title, "py"), *extra]
        if level == 2:
            assert self.initials is not None
            return [(self.title, "py"), (self.initials, "init"), *extra]
        assert self.body is not None
        return [(self.title, "py"), (self.body, "body"), *extra]


def begin_states(store: Store, ch: str, in_title: bool, initials_only: bool = False) -> States:
    """Pinyin states of a one-character term, in titles or outside them.

    With ``initials_only`` the states carry no spellings (``sp``/``off`` empty): states that
    use first letters only never continue a spelling, so they never read them (see
    ``extend_states``), and skipping them saves a gather over every matching token.
    """
    code = ord(ch)
    if code in _LETTER_CODES:
        prim, alts = store.letter_positions(code, in_title)
        start = np.concatenate([prim, alts])
        if initials_only:
            sp, off = _NO_SP, _NO_OFF
        else:
            sp = np.concatenate([store.prim[prim], store.alt[alts]])
            off = np.ones(len(start), np.int8)
    else:
        lit = store.char_positions(code)
        start = lit[store.intitle[lit] == in_title]
        sp = _NO_SP if initials_only else np.zeros(len(start), np.uint16)
        off = _NO_OFF if initials_only else np.zeros(len(start), np.int8)
    return States(start, start, sp, off, np.zeros(len(start), bool))


_NO_SP, _NO_OFF = np.zeros(0, np.uint16), np.zeros(0, np.int8)


def begin(store: Store, ch: str) -> TermMatch:
    """Matches of a one-character term (title states only; see ``with_body``)."""
    code = ord(ch)
    if code in _LETTER_CODES:
        lit = store.literal_letter_positions(code)
    else:
        lit = store.char_positions(code)
    return TermMatch(ch, lit, begin_states(store, ch, True))


def extend_states(store: Store, s: States, suffix: str, initials_only: bool = False) -> States:
    """States of the term extended by ``suffix``.

    ``initials_only`` drops the states that continue a spelling (they become *full*): from
    states that used first letters only it gives exactly those of the longer term, in the
    same order as the full extension lists them (spellings are not tracked for them).
    """
    tch, first, first2 = store.tch, store.first, store.first2
    start, cur, sp, off, full = s.start, s.cur, s.sp, s.off, s.full
    if initials_only:
        for ch in suffix:  # next token by its first letter, or the character itself
            code = ord(ch)
            nxt = cur + 1
            if code in _LETTER_CODES:
                to0 = np.flatnonzero(first[nxt] == code)
                to1 = np.flatnonzero(first2[nxt] == code)
                start = np.concatenate([start[to0], start[to1]])
                cur = np.concatenate([nxt[to0], nxt[to1]])
            else:
                to = np.flatnonzero(tch[nxt] == code)
                start, cur = start[to], nxt[to]
        return States(start, cur, _NO_SP, _NO_OFF, np.zeros(len(start), bool))
    for ch in suffix:
        code = ord(ch)
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
    return States(start, cur, sp, off, full)


def extend(store: Store, m: TermMatch, suffix: str) -> TermMatch:
    """Matches of ``m.term + suffix``, computed from the matches of ``m.term``.

    Body states are carried along only if the parent had them (it needed them, so the
    longer term probably will too, and extending is far cheaper than starting over).
    """
    tch, lit, length = store.tch, m.lit, len(m.term)
    for ch in suffix:
        lit = lit[tch[lit + length] == ord(ch)]
        length += 1
    title = extend_states(store, m.title, suffix)
    initials = None if m.initials is None else extend_states(store, m.initials, suffix, True)
    body = None if m.body is None else extend_states(store, m.body, suffix)
    return TermMatch(m.term + suffix, lit, title, initials, body)


def literal_tiers(store: Store, lit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    items = store.item[lit]
    tiers = np.where(store.intitle[lit], T_TITLE, T_BODY).astype(np.uint8)
    tiers[store.start[items] == lit] = T_TITLE_PREFIX
    return items, tiers


def pinyin_tiers(store: Store, s: States, in_title: bool) -> tuple[np.ndarray, np.ndarray]:
    items = store.item[s.start]
    tiers = np.full(len(s), T_INITIALS if in_title else T_INITIALS + 1, np.uint8)
    tiers += s.full.view(np.uint8) << 1
    return items, tiers


def head_tiers(
    store: Store, m: TermMatch, code_hits: list[tuple[np.ndarray, int]]
) -> np.ndarray:
    """Best tier per slot from codes, literals and title states (cached on the match).

    Exact for every slot where it is ``<= T_HEAD_EXACT``: body states cannot do better.
    """
    if m.head is None:
        head = np.full(store.n_items, T_NONE, dtype=np.uint8)
        py_items, py_tiers = pinyin_tiers(store, m.title, True)
        lit_items, lit_tiers = literal_tiers(store, m.lit)
        # Kept for picking the highlighted span of the few items that make the list.
        m.extras.update(py_items=py_items, py_tiers=py_tiers, lit_items=lit_items)
        m.extras["lit_tiers"] = lit_tiers
        for items, tiers in ((py_items, py_tiers), (lit_items, lit_tiers)):
            if len(items):
                np.minimum.at(head, items, tiers)
        for slots, tier in code_hits:
            if len(slots):
                head[slots] = np.minimum(head[slots], tier)
        m.head = head
    return m.head


def _with_pinyin(store: Store, m: TermMatch, code_hits: list[tuple[np.ndarray, int]],
                 states: Any, kind: str) -> np.ndarray:
    """``head_tiers`` lowered by the pinyin tiers of ``states``; their items and tiers kept as
    ``m.extras[kind + "_items"]`` / ``[kind + "_tiers"]`` for the spans."""
    tiers_now = head_tiers(store, m, code_hits).copy()
    items, tiers = pinyin_tiers(store, states, False)
    m.extras.update({f"{kind}_items": items, f"{kind}_tiers": tiers})
    if len(items):
        np.minimum.at(tiers_now, items, tiers)
    return tiers_now


def mid_tiers(store: Store, m: TermMatch, code_hits: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """Level 2 tiers: ``head_tiers`` and the body initials (needs ``m.initials``; cached)."""
    if m.mid is None:
        assert m.initials is not None, "initials states are computed before level 2"
        m.mid = _with_pinyin(store, m, code_hits, m.initials, "init")
    return m.mid


def dense_tiers(
    store: Store, m: TermMatch, code_hits: list[tuple[np.ndarray, int]]
) -> np.ndarray:
    """Best tier of the term per item slot, all sources (needs ``m.body``; cached)."""
    if m.dense is None:
        assert m.body is not None, "body states are computed before the full tiers"
        m.dense = _with_pinyin(store, m, code_hits, m.body, "body")
    return m.dense


def fuzzy_matches(store: Store, term: str) -> tuple[np.ndarray, ...]:
    """Title windows within one edit of ``term``: (item slots, fz start, fz end, tier).

    The typo matching before ``typos`` (one edit, a swap counting two), kept only so that
    ``SearchIndex(legacy_typos=True)`` can measure the old path beside the new one.

    Any such window either matches ``term[0]`` exactly (followed with an automaton that
    allows one substitution, insertion or deletion), or matches ``term[1:]`` exactly (the
    edit was on the first letter).
    """
    store.ensure_typo_strings()
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
    return items, all_start, all_end, np.full(len(items), T_FUZZY, np.uint8)
