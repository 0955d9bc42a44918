"""Items staged for appending to the store, field by field (see ``Store.append``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sidekick.core.search.forms import FORMS_VERSION, encode_fields
from sidekick.core.search.store import LIB_PERSONAL, LIB_PRODUCT, LIB_TEAM, local_seconds
from sidekick.core.search.text import SEP, notes_range, phrase_fields, product_fields, raw_run
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Product

_NO_CATEGORY = CategoryPath()


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
    muted: list[tuple[int, int]] = field(default_factory=list)  # (offset in run, length): notes

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, keep: list[int]) -> Batch:
        return Batch(*([getattr(self, f)[i] for i in keep] for f in self.__slots__))



def stage(batch: Batch, obj: Phrase | Product, forms: str | None) -> str | None:
    """Add one item to ``batch``; returns its forms if they had to be computed (missing or
    stale), else None. The common phrase case stays lean (bulk loads)."""
    fresh = None
    if type(obj) is Phrase:
        title, body = obj.title, obj.body
        if SEP in title or SEP in body:
            run = raw_run((title, body))
        else:
            run = title + SEP + body + SEP
        lengths: tuple[int, ...] = (len(title), len(body))
        lib = LIB_PERSONAL if obj.library is LibraryKind.PERSONAL else LIB_TEAM
        vfrom = -np.inf if obj.valid_from is None else local_seconds(obj.valid_from, 0.0)
        vuntil = np.inf if obj.valid_until is None else local_seconds(obj.valid_until, 0.0)
        category = obj.category
    else:
        fields = phrase_fields(obj) if isinstance(obj, Phrase) else product_fields(obj)
        run = raw_run(fields)
        lengths = tuple(len(f) for f in fields)
        if isinstance(obj, Phrase):
            lib = LIB_PERSONAL if obj.library == LibraryKind.PERSONAL else LIB_TEAM
            vfrom = local_seconds(obj.valid_from, -np.inf)
            vuntil = local_seconds(obj.valid_until, np.inf)
            category = obj.category
        else:
            lib, vfrom, vuntil, category = LIB_PRODUCT, -np.inf, np.inf, _NO_CATEGORY
    n = len(run)
    # Valid forms: version, n spellings, then (offset, alternate) pairs.
    if forms and forms[0] == FORMS_VERSION and len(forms) > n and (len(forms) - n) & 1:
        primary, pairs = forms[1 : 1 + n], forms[1 + n :]
    else:
        fresh = encode_fields(phrase_fields(obj) if isinstance(obj, Phrase) else product_fields(obj))
        primary, pairs = fresh[1 : 1 + n], fresh[1 + n :]
    batch.objs.append(obj)
    batch.ids.append(obj.id)
    batch.libs.append(lib)
    batch.categories.append(category)
    batch.valid_from.append(vfrom)
    batch.valid_until.append(vuntil)
    batch.positions.append(obj.position)
    batch.field_lengths.append(lengths)
    batch.runs.append(run)
    batch.primary.append(primary)
    batch.pairs.append(pairs)
    batch.muted.append(notes_range(obj) if isinstance(obj, Product) else (0, 0))
    return fresh
