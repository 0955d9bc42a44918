"""Column storage of the index: one row per token, one row per item.

Tokens of all items live in flat NumPy arrays, so a query step is a handful of vectorised
operations over the tokens still in play instead of Python work per item:

- ``tch``     folded character (code point; 0 for a separator)
- ``prim``/``alt``  spelling ids (``syllables``), ``first``/``first2`` their first letters
- ``item``    owning item slot, ``intitle`` whether the token is in the item's title
- ``fz``/``fz_tok``  the titles spelled out letter by letter (primary readings), for typos

Items get append-only *slots*; removing one only clears ``alive`` (the search skips it) and
``compact()`` drops dead rows once they are a large share. Adding is an append: no rebuild.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from sidekick.core.search.forms import OFFSET_BASE
from sidekick.core.search.pinyin import PUA
from sidekick.core.search.syllables import FIRST, LENGTH, LETTERS, SPELLINGS
from sidekick.core.search.text import fold_run
from sidekick.core.types import CategoryPath

_EPOCH = datetime(1970, 1, 1)
LIB_PERSONAL, LIB_TEAM, LIB_PRODUCT = 0, 1, 2


def local_seconds(when: datetime | None, default: float) -> float:
    """Naive shop-local datetime as seconds, without any time-zone conversion."""
    return default if when is None else (when.replace(tzinfo=None) - _EPOCH).total_seconds()


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


@dataclass(slots=True)
class Batch:
    """Items to append, column by column (built by the index, appended in one go)."""

    objs: list[Any] = field(default_factory=list)  # Phrase or Product
    ids: list[str] = field(default_factory=list)
    libs: list[int] = field(default_factory=list)
    categories: list[CategoryPath] = field(default_factory=list)
    valid_from: list[float] = field(default_factory=list)
    valid_until: list[float] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    field_lengths: list[tuple[int, ...]] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)  # token runs before folding (text.raw_run)
    primary: list[str] = field(default_factory=list)  # forms: one PUA char per token
    pairs: list[str] = field(default_factory=list)  # forms: alternate (offset, id) pairs

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, keep: list[int]) -> Batch:
        return Batch(*([getattr(self, f)[i] for i in keep] for f in self.__slots__))


class _Col:
    """A growable NumPy column; the buffer past ``n`` stays zero (safe to read as padding)."""

    __slots__ = ("buf", "n")

    def __init__(self, dtype: Any) -> None:
        self.buf = np.zeros(64, dtype=dtype)
        self.n = 0

    def extend(self, values: np.ndarray) -> None:
        need = self.n + len(values) + 8
        if need > len(self.buf):
            grown = np.zeros(max(need, len(self.buf) * 3 // 2), dtype=self.buf.dtype)
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

    TOKEN_COLS = {
        "tch": np.uint32, "prim": np.uint16, "alt": np.uint16, "first": np.uint8,
        "first2": np.uint8, "item": np.int32, "intitle": np.bool_,
    }  # fmt: skip
    ITEM_COLS = {
        "start": np.int64, "alive": np.bool_, "lib": np.int8, "cat": np.int32,
        "vfrom": np.float64, "vuntil": np.float64, "position": np.int64, "frec": np.float64,
    }  # fmt: skip

    def __init__(self) -> None:
        self.cols: dict[str, _Col] = {
            name: _Col(dt) for name, dt in {**self.TOKEN_COLS, **self.ITEM_COLS}.items()
        }
        self.fz = _Col(np.uint8)
        self.fz_tok = _Col(np.int32)
        self.objs: list[Any] = []
        self.ids: list[str] = []
        self.field_starts: list[tuple[int, ...]] = []
        self.categories: dict[CategoryPath, int] = {}
        self.category_names: list[tuple[str, str]] = []  # folded (category, subcategory)
        self.dead = 0
        self.generation = 0  # bumped on every change: caches keyed on it
        self._first_pos: dict[int, np.ndarray] = {}
        self._char_pos: dict[int, np.ndarray] = {}
        self._alt_pos: np.ndarray | None = None
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
        first_slot, base = self.n_items, self.n_tokens
        lengths = np.array([len(r) for r in batch.runs], dtype=np.int64)
        starts = np.zeros(count, dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        total = int(lengths.sum())
        tch = _folded_codes("".join(batch.runs))
        prim = _u32("".join(batch.primary)) - np.uint32(PUA)  # wraps below PUA: caught next
        prim[prim >= len(SPELLINGS)] = 0  # damaged forms: no spelling
        prim = prim.astype(np.uint16)
        alt = np.zeros(total, dtype=np.uint16)
        pairs = _u32("".join(batch.pairs)).astype(np.int64).reshape(-1, 2)
        if len(pairs):
            counts = [len(p) // 2 for p in batch.pairs]
            offs = pairs[:, 0] - OFFSET_BASE
            where = offs + np.repeat(starts, counts)
            ok = (offs >= 0) & (offs < np.repeat(lengths, counts))
            ids = pairs[:, 1] - PUA
            ok &= (ids > 0) & (ids < len(SPELLINGS))
            alt[where[ok]] = ids[ok]
        slots = np.arange(first_slot, first_slot + count, dtype=np.int32)
        # Title membership by a running sum of +1 at each item start and -1 after its title
        # (and, for the typo strings, after the separator that ends the title).
        title_end = starts + np.array([f[0] for f in batch.field_lengths], dtype=np.int64)
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
        # Titles letter by letter for typo matching; the separator after each title spells a
        # 0 byte, so no window crosses from one title into the next.
        with_sep = intitle.copy()
        with_sep[title_end] = True
        sel = np.flatnonzero(with_sep)
        lens = np.maximum(LENGTH[prim[sel]], 1)
        offsets = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
        self.fz.extend(LETTERS[np.repeat(prim[sel], lens), offsets])
        self.fz_tok.extend(np.repeat(sel + base, lens))
        c["start"].extend(starts + base)
        c["alive"].extend(np.ones(count, dtype=bool))
        c["lib"].extend(np.array(batch.libs))
        seen: dict[int, int] = {}  # loaders share CategoryPath objects: hash each once
        c["cat"].extend(
            np.array([
                seen[id(p)] if id(p) in seen else seen.setdefault(id(p), self._category_id(p))
                for p in batch.categories
            ])
        )  # fmt: skip
        c["vfrom"].extend(np.array(batch.valid_from, dtype=np.float64))
        c["vuntil"].extend(np.array(batch.valid_until, dtype=np.float64))
        c["position"].extend(np.array(batch.positions, dtype=np.int64))
        c["frec"].extend(np.zeros(count))
        self.objs.extend(batch.objs)
        self.ids.extend(batch.ids)
        for lens_ in batch.field_lengths:
            fs, acc = [], 0
            for length in lens_:
                fs.append(acc)
                acc += length + 1
            self.field_starts.append(tuple(fs))
        self._changed()
        return list(range(first_slot, first_slot + count))

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
        self._char_pos.clear()
        self._alt_pos = None

    # -- compaction --------------------------------------------------------------------
    def compact(self) -> np.ndarray:
        """Drop dead rows; returns old slot → new slot (-1 for dropped)."""
        keep = self.alive.copy()
        remap = np.full(self.n_items, -1, dtype=np.int64)
        remap[keep] = np.arange(int(keep.sum()))
        tok_keep = keep[self.item]
        new_tok = np.cumsum(tok_keep) - 1
        fz_keep = tok_keep[self.fz_tok.v]
        fz_tok = new_tok[self.fz_tok.v[fz_keep]]
        fz = self.fz.v[fz_keep]
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
        kept = np.flatnonzero(keep).tolist()
        self.objs = [self.objs[i] for i in kept]
        self.ids = [self.ids[i] for i in kept]
        self.field_starts = [self.field_starts[i] for i in kept]
        self.dead = 0
        self._changed()
        return remap

    # -- cached position lists for the first keystroke ---------------------------------
    def first_positions(self, letter: int) -> np.ndarray:
        """Tokens whose primary spelling starts with ``letter`` (cached per letter)."""
        pos = self._first_pos.get(letter)
        if pos is None:
            pos = self._first_pos[letter] = np.flatnonzero(self.first == letter).astype(np.int32)
        return pos

    def alt_positions(self) -> np.ndarray:
        if self._alt_pos is None:
            self._alt_pos = np.flatnonzero(self.first2).astype(np.int32)
        return self._alt_pos

    def char_positions(self, code: int) -> np.ndarray:
        """Tokens equal to the character ``code`` (small cache: the first keystroke)."""
        pos = self._char_pos.get(code)
        if pos is None:
            if len(self._char_pos) > 64:
                self._char_pos.clear()
            pos = self._char_pos[code] = np.flatnonzero(self.tch == code).astype(np.int32)
        return pos
