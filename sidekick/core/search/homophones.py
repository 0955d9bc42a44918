"""Homophones: Chinese typed with another character of the same sound.

Input methods offer several characters per syllable, and a fast agent picks the wrong one
(快第 for 快递, 包油 for 包邮, 邮费卷 for 邮费券). A term with Chinese in it also matches
consecutive tokens whose reading equals each of its characters' readings, tones ignored; its
Latin letters match as pinyin does (``法huo`` and ``fa或`` both find 发货). A character matches
when the two share a reading: on the library's side the ones the index stores (the reading in
context and, for a polyphonic character, the most common other one); on the query's side the
readings the index stores for that character where the library has it, else its two most common
readings from pypinyin's character table (read on first need; the phrase dictionary is never
loaded for a search). Particles (吗, 呢, 了 …) only match themselves: 在吗 is a greeting, not 在马.

These matches form the ``homophone`` tier (a title match before one elsewhere), below every
exact kind (the exact characters always rank first) and above typos; like the typo tier it is
only computed when the exact kinds leave the list short.
"""

from __future__ import annotations

import numpy as np

from sidekick.core.search.match import T_HOMOPHONE, States, TermMatch, begin_states, extend_states
from sidekick.core.search.partial import PARTICLES
from sidekick.core.search.pinyin import char_readings, is_han
from sidekick.core.search.prefix_cache import PrefixCache
from sidekick.core.search.store import Store
from sidekick.core.search.syllables import FIRST, NONE

# No readings: the character is matched as the pinyin states match it (a letter as pinyin,
# anything else as itself).
_AS_TYPED: tuple[int, ...] = ()


def term_readings(store: Store, term: str) -> tuple[tuple[int, ...], ...] | None:
    """Spelling ids per character of ``term`` (empty for one matched as typed: not Chinese, a
    particle, no known reading), or None when no character of it is to be matched by sound."""
    out: list[tuple[int, ...]] = []
    found = False
    for ch in term:
        ids = _AS_TYPED if not is_han(ch) or ch in PARTICLES else _readings(store, ch)
        found = found or bool(ids)
        out.append(ids)
    return tuple(out) if found else None


def _readings(store: Store, ch: str) -> tuple[int, ...]:
    """The readings of ``ch``: as stored where the library has it, else from the table."""
    tokens = store.char_positions(ord(ch))
    ids: tuple[int, ...]
    if len(tokens):
        first = int(tokens[0])
        ids = (int(store.prim[first]), int(store.alt[first]))
    else:
        ids = char_readings(ch)[:2]
    return tuple(s for s in dict.fromkeys(ids) if s != NONE)


def _sounds_like(store: Store, ids: tuple[int, ...], in_title: bool) -> np.ndarray:
    """Tokens (in titles or outside them) read as any of ``ids``, ascending, each once."""
    found = []
    for sid in ids:
        prim, alts = store.letter_positions(int(FIRST[sid]), in_title)
        found += [prim[store.prim[prim] == sid], alts[store.alt[alts] == sid]]
    # Each part is ascending already: a stable sort merges the runs in linear time, where
    # np.unique's hashing took 3–4× as long (11 ms for 四 outside titles at 100k phrases).
    tokens = np.concatenate(found)
    tokens.sort(kind="stable")
    return tokens[np.concatenate(([True], tokens[1:] != tokens[:-1]))] if len(tokens) else tokens


def _reads_as(store: Store, tokens: np.ndarray, ids: tuple[int, ...], code: int) -> np.ndarray:
    ok = store.tch[tokens] == code
    for sid in ids:
        ok |= (store.prim[tokens] == sid) | (store.alt[tokens] == sid)
    return ok


HomophoneStates = PrefixCache[tuple[np.ndarray, ...]]  # the states after each prefix, per start place


def homophone_states(
    store: Store, term: str, readings: tuple[tuple[int, ...], ...], in_title: bool,
    kept: HomophoneStates | None = None,
) -> States:
    """States of ``term`` with its Chinese matched by sound, starting in titles or outside.

    With ``kept``, the states after each character are kept for the next keystroke, and the
    walk starts from the longest prefix of ``term`` kept (they depend on nothing after it)."""
    found = kept.longest(store, term, in_title) if kept is not None else None
    if found is not None:
        done, states = found[0], States(*found[1])
    else:
        ids = readings[0]
        if ids:
            start = _sounds_like(store, ids, in_title)
            zeros = np.zeros(len(start), np.uint16)
            states = States(start, start, zeros, zeros.astype(np.int8), np.ones(len(start), bool))
        else:
            states = begin_states(store, term[0], in_title)
        done = 1
        if kept is not None:
            kept.put(store, term[:1], in_title, _fields(states))
    for at in range(done, len(term)):
        ch, ids = term[at], readings[at]
        if not ids:
            states = extend_states(store, states, ch)
        else:
            nxt = states.cur + 1
            keep = np.flatnonzero(_reads_as(store, nxt, ids, ord(ch)))
            zeros = np.zeros(len(keep), np.uint16)  # spelling 0: the whole character was used
            states = States(states.start[keep], nxt[keep], zeros, zeros.astype(np.int8), states.full[keep])
        if kept is not None:
            kept.put(store, term[: at + 1], in_title, _fields(states))
    return states


def homophone_tiers(store: Store, m: TermMatch, dense: np.ndarray, kept: HomophoneStates | None = None) -> np.ndarray:
    """``dense`` lowered to the homophone tier where the term matches by sound (cached).

    The states are kept on ``m.homophone`` and their items and tiers in ``m.extras`` (``homo_``),
    where the highlight spans look for them (``TermMatch.groups``).
    """
    cached = m.extras.get("dense_homophone")
    if cached is not None:
        return cached
    readings = term_readings(store, m.term)
    if readings is None:
        return dense
    title = homophone_states(store, m.term, readings, True, kept)
    other = homophone_states(store, m.term, readings, False, kept)
    m.homophone = States(*(np.concatenate([a, b]) for a, b in zip(_fields(title), _fields(other))))
    items = store.item[m.homophone.start]
    tiers = np.full(len(items), T_HOMOPHONE, np.uint8)
    tiers[len(title) :] += 1
    m.extras.update(homo_items=items, homo_tiers=tiers)
    out = dense.copy()
    if len(items):
        np.minimum.at(out, items, tiers)
    m.extras["dense_homophone"] = out
    return out


def _fields(s: States) -> tuple[np.ndarray, ...]:
    return (s.start, s.cur, s.sp, s.off, s.full)
