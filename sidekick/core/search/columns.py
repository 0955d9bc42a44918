"""Phrases as columns: the bulk-load format, with ``Phrase`` objects made only on demand.

Loading a large library is dominated by per-row Python work: creating 100k ``Phrase`` objects
(and their datetimes and strings) costs more than decoding every token, and they also hold a
large share of the index's memory. A loader can instead hand over whole columns —
all titles as one string, all bodies as one string, stored forms as one string, numbers as
arrays — which the store decodes with a few vectorised steps (``tokens``). A phrase object is
created from the columns the first time something asks for it (a search hit, ``phrase()``), and
equals the one an eager loader builds (a test checks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from sidekick.core.search.forms import FORMS_VERSION, OFFSET_BASE, encode_fields
from sidekick.core.search.pinyin import PUA
from sidekick.core.search.syllables import SPELLINGS
from sidekick.core.search.text import SEP, _lower, fold, fold_run, raw_run
from sidekick.core.types import CategoryPath, LibraryKind, Phrase


def u32(text: str) -> np.ndarray:
    """Code points of ``text`` as an array (one bulk conversion, no per-character work)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def starts_of(lengths: np.ndarray) -> np.ndarray:
    """Start offsets of consecutive pieces of the given lengths (int64)."""
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return starts


def spread(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``range(s, s + n)`` for each (s, n): gathers pieces in one indexing step.

    int32 when the values fit: these index arrays are as long as the whole library, and
    halving them lowers the load's peak memory (which the process keeps as resident).
    """
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shift = starts - starts_of(lengths)
    small = int(starts.max(initial=0)) + total < 2**31 and int(shift.min(initial=0)) > -(2**31)
    dtype = np.int32 if small else np.int64
    return np.arange(total, dtype=dtype) + np.repeat(shift.astype(dtype), lengths)


@dataclass(slots=True)
class TextColumn:
    """Many short strings kept as one string and their lengths (no object per value)."""

    text: str
    lengths: np.ndarray  # int64, one per row
    starts: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.starts = starts_of(self.lengths)

    def __getitem__(self, row: int) -> str:
        a = int(self.starts[row])
        return self.text[a : a + int(self.lengths[row])]


@dataclass(slots=True)
class PhraseColumns:
    """Every field of a set of phrases, column by column (row ``i`` is one phrase).

    ``forms`` holds the stored ``search_forms`` (empty when missing); rows whose forms are
    missing or stale get them recomputed by ``tokens`` (listed in ``recomputed``).
    Times are kept as the text they were stored as (``created``/``updated``) and parsed
    with ``datetime.fromisoformat`` when a phrase object is made; the validity bounds are few
    and given as datetimes by row.
    """

    ids: list[str]
    library: np.ndarray  # int8, per row: index into ``libraries``
    libraries: list[LibraryKind]
    category: np.ndarray  # int32, per row: index into ``categories``
    categories: list[CategoryPath]
    codes: list[str]
    titles: TextColumn
    bodies: TextColumn
    forms: TextColumn | None  # dropped by ``tokens`` once decoded (the largest column)
    position: np.ndarray  # int64
    revision: np.ndarray  # int64
    created: TextColumn  # "" for none
    updated: TextColumn
    valid_from: dict[int, datetime] = field(default_factory=dict)
    valid_until: dict[int, datetime] = field(default_factory=dict)
    # 买家问法 and intents by row, for the (few) rows that have any.
    answers: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    recomputed: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def phrase(self, row: int) -> Phrase:
        """The phrase of ``row``, equal to one built from the same database row eagerly."""
        created, updated = self.created[row], self.updated[row]
        questions, intents = self.answers.get(row, ((), ()))
        return Phrase(
            self.ids[row], self.libraries[int(self.library[row])],
            self.categories[int(self.category[row])], self.titles[row], self.bodies[row],
            self.codes[row], self.valid_from.get(row), self.valid_until.get(row),
            int(self.position[row]), datetime.fromisoformat(created) if created else None,
            datetime.fromisoformat(updated) if updated else None, int(self.revision[row]),
            questions=questions, intents=intents,
        )  # fmt: skip

    def tokens(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(folded codes, primary spelling ids, alternate ids, tokens per row) of all rows.

        Each row's tokens are ``title SEP body SEP`` exactly as ``text.raw_run`` and
        ``text.fold_run`` lay them out; the spellings come from the stored forms, checked row
        by row as ``forms.split_forms`` does (stale rows are recomputed here).
        """
        tl, bl = self.titles.lengths, self.bodies.lengths
        n = tl + bl + 2
        starts = starts_of(n)
        total = int(n.sum())
        if "\u03a3" in self.titles.text or "\u03a3" in self.bodies.text:
            # Lower-casing Σ depends on its neighbours: fold row by row, exactly as the forms.
            rows = (raw_run((self.titles[r], self.bodies[r])) for r in range(len(n)))
            codes = u32("".join(fold_run(run) for run in rows)).copy()
        else:
            codes = np.zeros(total, dtype=np.uint32)  # separators stay 0
            codes[spread(starts, tl)] = _fold_codes(self.titles.text)
            codes[spread(starts + tl + 1, bl)] = _fold_codes(self.bodies.text)
        assert self.forms is not None, "tokens() decodes the forms once"
        fu = u32(self.forms.text).view(np.int32)  # code points fit: no copy
        flen, fstart = self.forms.lengths, self.forms.starts
        self.forms = None
        head = np.full(len(n), -1, dtype=np.int64)
        has = flen > 0
        head[has] = fu[fstart[has]]
        rest = flen - 1 - n
        ok = (head == ord(FORMS_VERSION)) & (rest >= 0) & (rest % 2 == 0)
        if not ok.all():  # missing or stale forms: compute them now, once, and report them
            stale = np.flatnonzero(~ok).tolist()
            extra = [encode_fields((self.titles[r], self.bodies[r])) for r in stale]
            for r, forms in zip(stale, extra):
                self.recomputed[self.ids[r]] = forms
            fstart = fstart.copy()
            flen = flen.copy()
            fstart[~ok] = len(fu) + starts_of(np.array([len(f) for f in extra], dtype=np.int64))
            flen[~ok] = [len(f) for f in extra]
            fu = np.concatenate([fu, u32("".join(extra)).view(np.int32)])
            rest = flen - 1 - n
        prim = fu[spread(fstart + 1, n)] - PUA
        prim[(prim < 0) | (prim >= len(SPELLINGS))] = 0  # damaged forms: no spelling
        alt = np.zeros(total, dtype=np.uint16)
        npairs = rest // 2
        if npairs.sum():
            pairs = fu[spread(fstart + 1 + n, rest)].reshape(-1, 2)
            offs = pairs[:, 0].astype(np.int64) - OFFSET_BASE
            ids = pairs[:, 1] - PUA
            good = (offs >= 0) & (offs < np.repeat(n, npairs)) & (ids > 0) & (ids < len(SPELLINGS))
            alt[(offs + np.repeat(starts, npairs))[good]] = ids[good]
        return codes, prim.astype(np.uint16), alt, n


def fold_codes(codes: list[str]) -> list[str]:
    """``fold(code.strip())`` of every code, folding them all in one call when that is exact
    (no NUL, which folds to a space that ``strip`` would then remove; no U+001F inside; no
    Σ, whose lower case depends on its neighbours)."""
    joined = "\x1f".join(codes)
    if "\x00" not in joined and "\u03a3" not in joined:
        folded = fold(joined).split("\x1f")
        if len(folded) == len(codes):
            return [code.strip() if code else "" for code in folded]
    return [fold(code.strip()) if code else "" for code in codes]


def _fold_codes(text: str) -> np.ndarray:
    """Code points of ``text`` folded like ``text.fold`` (a NUL inside a field: a space)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = _lower(text)
    codes = u32(lowered).copy()
    wide = (codes >= 0xFF01) & (codes <= 0xFF5E)
    codes[wide] -= 0xFEE0
    codes[(codes == 0x3000) | (codes == ord(SEP))] = 0x20
    upper = (codes >= 0x41) & (codes <= 0x5A)  # full-width capitals became ASCII capitals
    codes[upper] += 0x20
    return codes
