"""Column storage of the index: one row per token, one row per item.

Tokens of all items live in flat NumPy arrays, so a query step is a handful of vectorised
operations over the tokens still in play instead of Python work per item:

- ``tch``     folded character (code point; 0 for a separator)
- ``prim``/``alt``  spelling ids (``syllables``), ``first``/``first2`` their first letters
- ``item``    owning item slot, ``intitle`` whether the token is in the item's title
- ``muted_pos``/``muted_code``  product notes: their tokens hold ``MUTED`` (and no spelling) in
  ``tch``, so the strict match kinds never see them; the fallback tier (``partial``) reads
  their real characters from these two arrays (see ``text`` for why notes are kept apart)
- ``fz``/``fz_tok``/``fz_rem``  the titles spelled out letter by letter (primary readings),
  each letter's token and how many letters of its syllable are left from it, for typos

Per item: ``start`` token, ``tlen``/``f2len`` field lengths (where highlight spans fall),
validity, library, category, position, frecency, and ``rec`` — the row of a phrase whose
object is made on demand from loaded columns (``columns``), -1 when the object is held.

Items get append-only *slots*; removing one only clears ``alive`` (the search skips it) and
``compact()`` drops dead rows once they are a large share. Adding is an append: no rebuild.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from sidekick.core.search.columns import spread, starts_of
from sidekick.core.search.forms import OFFSET_BASE
from sidekick.core.search.pinyin import PUA
from sidekick.core.search.syllables import FIRST, LENGTH, LETTERS, SPELLINGS
from sidekick.core.search.text import fold_run
from sidekick.core.types import CategoryPath

if TYPE_CHECKING:
    from sidekick.core.search.batch import Batch

_EPOCH = datetime(1970, 1, 1)
LIB_PERSONAL, LIB_TEAM, LIB_PRODUCT = 0, 1, 2
MUTED = 0x110000  # ``tch`` of a muted token: beyond Unicode, so no query character equals it
SCANNED_LETTERS = 2  # first letters found by a scan before all tokens are sorted by letter


def local_seconds(when: datetime | None, default: float) -> float:
    """Naive shop-local datetime as seconds, without any time-zone conversion."""
    if when is None:
        return default
    return ((when if when.tzinfo is None else when.replace(tzinfo=None)) - _EPOCH).total_seconds()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while creating many objects at once.

    Loading 100k phrases allocates millions of objects, none of them in cycles; left on, the
    collector re-scans everything allocated so far again and again (several times slower).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Col:
    """A growable NumPy column; the buffer past ``n`` stays zero (safe to read as padding)."""

    __slots__ = ("buf", "n")

    def __init__(self, dtype: Any) -> None:
        self.buf = np.zeros(64, dtype=dtype)
        self.n = 0

    def extend(self, values: np.ndarray) -> None:
        need = self.n + len(values) + 8
        if need > len(self.buf):
            # 1/8 headroom: amortises one-by-one adds, while a bulk append after another
            # does not leave a third of a large column unused.
            grown = np.zeros(max(need, len(self.buf) * 9 // 8), dtype=self.buf.dtype)
            grown[: self.n] = self.buf[: self.n]
            self.buf = grown
        self.buf[self.n : self.n + len(values)] = values
        self.n += len(values)

    @property
    def v(self) -> np.ndarray:
        return self.buf[: self.n]

    def replace(self, values: np.ndarray) -> None:
        self.buf = np.zeros(len(values) + 64, dtype=self.buf.dtype)
        self.n = 0
        self.extend(values)


def _u32(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def _folded_codes(run: str) -> np.ndarray:
    """Code points of ``text.fold_run(run)``, folding full-width forms with NumPy.

    ``str.translate`` is slow on CJK text; lower() is not, and the rest is two range
    operations on the code points. Must agree with ``text.fold_run`` (forms are computed
    from that), which a test checks.
    """
    lowered = run.lower()
    if len(lowered) != len(run):
        lowered = fold_run(run)
    codes = _u32(lowered).copy()
    wide = (codes >= 0xFF01) & (codes <= 0xFF5E)
    codes[wide] -= 0xFEE0
    codes[codes == 0x3000] = 0x20
    upper = (codes >= 0x41) & (codes <= 0x5A)  # full-width capitals became ASCII capitals
    codes[upper] += 0x20
    return codes


class Store:
    """Token and item columns plus the Python objects behind each slot."""

    TOKEN_COLS: ClassVar[dict[str, type]] = {
        "tch": np.uint32, "prim": np.uint16, "alt": np.uint16, "first": np.uint8,
        "first2": np.uint8, "item": np.int32, "intitle": np.bool_,
    }  # fmt: skip
    ITEM_COLS: ClassVar[dict[str, type]] = {
        "start": np.int64, "alive": np.bool_, "lib": np.int8, "cat": np.int32,
        "vfrom": np.float64, "vuntil": np.float64, "position": np.int64, "frec": np.float64,
        "tlen": np.int32, "f2len": np.int32, "rec": np.int32,
    }  # fmt: skip

    def __init__(self) -> None:
        self.cols: dict[str, _Col] = {
            name: _Col(dt) for name, dt in {**self.TOKEN_COLS, **self.ITEM_COLS}.items()
        }
        self.fz = _Col(np.uint8)
        self.fz_tok = _Col(np.int32)
        self.fz_rem = _Col(np.uint8)
        self._fz_upto = 0  # tokens whose titles are spelled out in fz (see ensure_typo_strings)
        self.objs: list[Any] = []
        self.ids: list[str] = []
        self.categories: dict[CategoryPath, int] = {}
        self.category_names: list[tuple[str, str]] = []  # folded (category, subcategory)
        self.dead = 0
        self.generation = 0  # bumped on every change: caches keyed on it
        self._first_pos: dict[int, tuple[np.ndarray, ...]] = {}
        self._letter_order: list[dict[int, tuple[np.ndarray, int]]] = []
        self._char_pos: dict[int, np.ndarray] = {}
        self.muted_pos = np.zeros(0, dtype=np.int64)  # ascending token indexes
        self.muted_code = np.zeros(0, dtype=np.uint32)  # their folded characters
        self._refresh()

    # -- columns -----------------------------------------------------------------------
    # Views of the columns as plain attributes (``store.tch``), refreshed whenever a column
    # is reallocated: attribute access is on every keystroke's path.
    tch: np.ndarray
    prim: np.ndarray
    alt: np.ndarray
    first: np.ndarray
    first2: np.ndarray
    item: np.ndarray
    intitle: np.ndarray
    outtitle: np.ndarray  # 1 where the token is not in its item's title (uint8, for tiers)
    start: np.ndarray
    alive: np.ndarray
    lib: np.ndarray
    cat: np.ndarray
    vfrom: np.ndarray
    vuntil: np.ndarray
    position: np.ndarray
    frec: np.ndarray
    tlen: np.ndarray
    f2len: np.ndarray
    rec: np.ndarray

    def _refresh(self) -> None:
        for name, col in self.cols.items():
            setattr(self, name, col.v)
        self.outtitle = (~self.intitle).view(np.uint8)

    @property
    def n_items(self) -> int:
        return len(self.objs)

    @property
    def n_tokens(self) -> int:
        return self.cols["tch"].n

    def _category_id(self, path: CategoryPath) -> int:
        cid = self.categories.get(path)
        if cid is None:
            cid = self.categories[path] = len(self.category_names)
            self.category_names.append((path.category.lower(), path.subcategory.lower()))
        return cid

    # -- appending ---------------------------------------------------------------------
    def append(self, batch: Batch) -> list[int]:
        """Append items (vectorised over the whole batch); returns their slots."""
        count = len(batch)
        if not count:
            return []
        lengths = np.array([len(r) for r in batch.runs], dtype=np.int64)
        starts = starts_of(lengths)
        tch = _folded_codes("".join(batch.runs))
        prim = _u32("".join(batch.primary)) - np.uint32(PUA)  # wraps below PUA: caught next
        prim[prim >= len(SPELLINGS)] = 0  # damaged forms: no spelling
        alt = np.zeros(int(lengths.sum()), dtype=np.uint16)
        pairs = _u32("".join(batch.pairs)).astype(np.int64).reshape(-1, 2)
        if len(pairs):
            counts = [len(p) // 2 for p in batch.pairs]
            offs = pairs[:, 0] - OFFSET_BASE
            where = offs + np.repeat(starts, counts)
            ok = (offs >= 0) & (offs < np.repeat(lengths, counts))
            ids = pairs[:, 1] - PUA
            ok &= (ids > 0) & (ids < len(SPELLINGS))
            alt[where[ok]] = ids[ok]
        muted = [(int(starts[i]) + off, n) for i, (off, n) in enumerate(batch.muted) if n]
        if muted:  # product notes: only the fallback tier reads them (see ``muted_pos``)
            where = np.concatenate([np.arange(a, a + n) for a, n in muted])
            self.muted_pos = np.concatenate([self.muted_pos, where + self.n_tokens])
            self.muted_code = np.concatenate([self.muted_code, tch[where]])
            tch[where] = MUTED
            prim[where] = 0
            alt[where] = 0
        fields = batch.field_lengths
        seen: dict[int, int] = {}  # loaders share CategoryPath objects: hash each once
        cats = [
            seen[id(p)] if id(p) in seen else seen.setdefault(id(p), self._category_id(p))
            for p in batch.categories
        ]
        items = {
            "lib": np.array(batch.libs), "cat": np.array(cats),
            "vfrom": np.array(batch.valid_from, dtype=np.float64),
            "vuntil": np.array(batch.valid_until, dtype=np.float64),
            "position": np.array(batch.positions, dtype=np.int64),
            "tlen": np.array([f[0] for f in fields]),
            "f2len": np.array([f[1] if len(f) > 2 else -1 for f in fields]),
            "rec": np.full(count, -1),
        }  # fmt: skip
        return self.append_tokens(tch, prim.astype(np.uint16), alt, lengths, items, batch.objs, batch.ids)

    def append_tokens(
        self, tch: np.ndarray, prim: np.ndarray, alt: np.ndarray, lengths: np.ndarray,
        items: dict[str, np.ndarray], objs: list[Any], ids: list[str],
    ) -> list[int]:  # fmt: skip
        """Append items given as token columns (``lengths`` tokens each, in order) and the
        item columns in ``items`` (``lib``, ``cat``, ``vfrom``, ``vuntil``, ``position``,
        ``tlen`` title length, ``f2len`` second field length for 3-field items else -1,
        ``rec`` lazy row or -1). ``objs`` may hold None for items made on demand."""
        count = len(lengths)
        first_slot, base = self.n_items, self.n_tokens
        starts = starts_of(lengths)
        total = int(lengths.sum())
        slots = np.arange(first_slot, first_slot + count, dtype=np.int32)
        # Title membership by a running sum of +1 at each item start and -1 after its title
        # (and, for the typo strings, after the separator that ends the title).
        title_end = starts + items["tlen"]
        marks = np.zeros(total + 1, dtype=np.int8)
        marks[starts] = 1
        marks[title_end] -= 1
        intitle = np.cumsum(marks[:-1], dtype=np.int8).view(bool)
        c = self.cols
        c["tch"].extend(tch)
        c["prim"].extend(prim)
        c["alt"].extend(alt)
        c["first"].extend(FIRST[prim])
        c["first2"].extend(FIRST[alt])
        c["item"].extend(np.repeat(slots, lengths))
        c["intitle"].extend(intitle)
        c["start"].extend(starts + base)
        c["alive"].extend(np.ones(count, dtype=bool))
        for name, values in items.items():
            c[name].extend(values)
        c["frec"].extend(np.zeros(count))
        self.objs.extend(objs)
        self.ids.extend(ids)
        self._changed()
        self.ensure_typo_strings()  # after _changed: reads the refreshed column views
        return list(range(first_slot, first_slot + count))

    def ensure_typo_strings(self) -> None:
        """Spell out the titles of items appended since the last call (``fz``/``fz_tok``).

        Done on every append (incrementally), not on the first typo search: building them for
        100k phrases takes ~0.1 s, acceptable in the load but not as one keystroke's hitch.
        The separator after each title spells a 0 byte, so no window crosses from one title
        into the next.
        """
        a, b = self._fz_upto, self.n_tokens
        if a >= b:
            return
        first_item = int(np.searchsorted(self.start, a))  # items are appended whole, in order
        title_end = self.start[first_item:] + self.tlen[first_item:] - a
        with_sep = self.intitle[a:b].copy()
        with_sep[title_end] = True
        sel = np.flatnonzero(with_sep)
        prim = self.prim[a:b][sel]
        lens = np.maximum(LENGTH[prim], 1)
        # Flat int32 indexes into LETTERS: a 2-D fancy index would build int64 temporaries as
        # long as all titles, and the load's peak memory stays resident.
        flat = np.repeat(prim.astype(np.int32) * np.int32(LETTERS.shape[1]), lens)
        offsets = spread(np.zeros(len(lens), np.int64), lens)
        flat += offsets
        letters = LETTERS.ravel()[flat]
        del flat
        rem = (np.repeat(lens, lens) - offsets).astype(np.uint8)
        rem[letters == 0] = 0
        self.fz.extend(letters)
        self.fz_rem.extend(rem)
        self.fz_tok.extend(np.repeat((sel + a).astype(np.int32), lens))
        self._fz_upto = b

    def field_starts(self, slot: int) -> tuple[int, ...]:
        """Token offsets of the item's fields inside its run (see ``text``)."""
        second = int(self.tlen[slot]) + 1
        f2len = int(self.f2len[slot])
        return (0, second) if f2len < 0 else (0, second, second + f2len + 1)

    def kill(self, slot: int) -> None:
        if self.cols["alive"].buf[slot]:
            self.cols["alive"].buf[slot] = False
            self.objs[slot] = None
            self.dead += 1
            self._changed()

    def _changed(self) -> None:
        self._refresh()
        self.generation += 1
        self._first_pos.clear()
        self._letter_order = []
        self._char_pos.clear()

    # -- compaction --------------------------------------------------------------------
    def compact(self) -> np.ndarray:
        """Drop dead rows; returns old slot → new slot (-1 for dropped)."""
        keep = self.alive.copy()
        remap = np.full(self.n_items, -1, dtype=np.int64)
        remap[keep] = np.arange(int(keep.sum()))
        tok_keep = keep[self.item]
        new_tok = np.cumsum(tok_keep) - 1
        self._fz_upto = int(tok_keep[: self._fz_upto].sum())  # the spelled prefix stays one
        fz_keep = tok_keep[self.fz_tok.v]
        fz_tok = new_tok[self.fz_tok.v[fz_keep]]
        fz = self.fz.v[fz_keep]
        fz_rem = self.fz_rem.v[fz_keep]
        item = remap[self.item[tok_keep]]
        start = new_tok[self.start[keep]]
        for name in self.TOKEN_COLS:
            col = self.cols[name]
            col.replace(item if name == "item" else col.v[tok_keep])
        for name in self.ITEM_COLS:
            col = self.cols[name]
            col.replace(start if name == "start" else col.v[keep])
        self.fz.replace(fz)
        self.fz_tok.replace(fz_tok)
        self.fz_rem.replace(fz_rem)
        kept_muted = tok_keep[self.muted_pos]
        self.muted_pos = new_tok[self.muted_pos[kept_muted]].astype(np.int64)
        self.muted_code = self.muted_code[kept_muted]
        kept = np.flatnonzero(keep).tolist()
        self.objs = [self.objs[i] for i in kept]
        self.ids = [self.ids[i] for i in kept]
        self.dead = 0
        self._changed()
        return remap

    # -- cached position lists for the first keystroke ---------------------------------
    def _letter(self, letter: int) -> tuple[np.ndarray, ...]:
        """(title primary, title alternate, other primary, other alternate, literal) positions
        of tokens spelled starting with ``letter``.

        Every query starts with one keystroke, and scanning millions of tokens for it would
        dominate its latency, so once a few letters have been asked for, all tokens are sorted
        by (first letter, outside the title) once — a radix sort — and every letter's lists are
        slices of that order. The first ``SCANNED_LETTERS`` letters are found by a scan each:
        a one-off search (``sidekick search``) never pays for the sort.
        """
        hit = self._first_pos.get(letter)
        if hit is None:
            if not self._letter_order and len(self._first_pos) >= SCANNED_LETTERS:
                self._sort_letters()
            if self._letter_order:
                (prim, pt), (alts, at) = self._letter_order[0][letter], self._letter_order[1][letter]
            else:  # the first few letters: one scan each costs less than the sort
                prim, pt = self._scan_letter(self.first, letter)
                alts, at = self._scan_letter(self.first2, letter)
            lit = prim[self.tch[prim] == letter]
            hit = self._first_pos[letter] = (prim[:pt], alts[:at], prim[pt:], alts[at:], lit)
        return hit

    def _scan_letter(self, first: np.ndarray, letter: int) -> tuple[np.ndarray, int]:
        """Tokens whose spelling starts with ``letter``, title ones first (each ascending),
        and how many are in titles: the order ``_sort_letters`` gives."""
        pos = np.flatnonzero(first == letter).astype(np.int32)
        title = self.intitle[pos]
        return np.concatenate([pos[title], pos[~title]]), int(title.sum())

    def _sort_letters(self) -> None:
        self._letter_order = []
        for first in (self.first, self.first2):
            spelled = np.flatnonzero(first).astype(np.int32)  # most tokens have no alternate
            key = first[spelled].astype(np.uint16) << 1
            key |= self.outtitle[spelled]
            order = spelled[np.argsort(key, kind="stable")]  # radix sort: linear
            bounds = np.zeros(514, dtype=np.int64)
            np.cumsum(np.bincount(key, minlength=512)[:512], out=bounds[1:513])
            groups = {}
            for letter in range(1, 256):
                a, mid, b = bounds[2 * letter], bounds[2 * letter + 1], bounds[2 * letter + 2]
                groups[letter] = (order[a:b], int(mid - a))
            self._letter_order.append(groups)

    def letter_positions(self, letter: int, in_title: bool) -> tuple[np.ndarray, np.ndarray]:
        """Tokens whose primary / alternate spelling starts with ``letter``, in titles or not."""
        cached = self._letter(letter)
        return (cached[0], cached[1]) if in_title else (cached[2], cached[3])

    def literal_letter_positions(self, letter: int) -> np.ndarray:
        """Tokens that are the letter or digit itself (ascending)."""
        return self._letter(letter)[4]

    def fallback_positions(self, code: int) -> np.ndarray:
        """Tokens holding the character ``code``, muted product notes included (ascending)."""
        pos = self.char_positions(code)
        if len(self.muted_pos):
            extra = self.muted_pos[self.muted_code == code]
            if len(extra):
                pos = np.sort(np.concatenate([pos, extra.astype(pos.dtype)]))
        return pos

    def code_at(self, pos: np.ndarray) -> np.ndarray:
        """The folded characters of tokens ``pos``, muted ones as their real character."""
        codes = self.tch[pos]
        if len(self.muted_pos):
            muted = np.flatnonzero(codes == MUTED)
            if len(muted):
                at = np.searchsorted(self.muted_pos, pos[muted])
                codes = codes.copy()
                codes[muted] = self.muted_code[at]
        return codes

    def char_positions(self, code: int) -> np.ndarray:
        """Tokens equal to the character ``code`` (small cache: the first keystroke)."""
        pos = self._char_pos.get(code)
        if pos is None:
            if len(self._char_pos) > 64:
                self._char_pos.clear()
            pos = self._char_pos[code] = np.flatnonzero(self.tch == code).astype(np.int32)
        return pos
