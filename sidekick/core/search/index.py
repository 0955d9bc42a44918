"""The search index: phrases and products, searched together as the agent types.

``SearchIndex`` keeps every item's text as token columns (``store``), matches each query term
as vectorised state sets (``match``) that the next keystroke extends instead of recomputing,
and ranks with one static key per item (``rank``). Pinyin never runs at start-up: items come
with their stored forms (``forms``), computed when they were saved.

Typical use::

    index = SearchIndex.bulk(phrases=[(p, p_forms), ...], products=[(x, x_forms), ...])
    index.set_usage(stats)
    hits = index.search("kd 运费", limit=20)
    index.note_use(hits[0].id, utcnow)   # after the paste

Phrases outside their validity window (``Phrase.is_valid_at``) are never returned; the window
is checked against ``now_local`` (shop-local time, default ``datetime.now()``) on every search.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import datetime

import numpy as np

from sidekick.core.search.codes import CodeTable
from sidekick.core.search.filters import allowed_items
from sidekick.core.search.forms import FORMS_VERSION, encode_fields
from sidekick.core.search.hits import make_hit, term_spans
from sidekick.core.search.match import (
    T_ALL,
    T_CODE_EXACT,
    T_CODE_PREFIX,
    T_FUZZY,
    T_NONE,
    TermMatch,
    begin,
    dense_tiers,
    extend,
    fuzzy_eligible,
    fuzzy_matches,
)
from sidekick.core.search.query import Query, parse_query
from sidekick.core.search.rank import base_rank, merge_spans, select, static_key
from sidekick.core.search.store import (
    LIB_PERSONAL,
    LIB_PRODUCT,
    LIB_TEAM,
    Batch,
    Store,
    gc_paused,
    local_seconds,
)
from sidekick.core.search.text import SEP, fold, phrase_fields, product_fields, raw_run
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Product, SearchHit, Span, UsageStat

_TERM_CACHE_ITEMS = 24
_FIRST_CHAR_CACHE = 6
_TERM_CACHE_STATES = 4_000_000
_COMPACT_MIN_DEAD = 1000
_NO_CATEGORY = CategoryPath()


class SearchIndex:
    """Team phrases, personal phrases and products, searchable by one query."""

    def __init__(self) -> None:
        self._store = Store()
        self._slot: dict[str, int] = {}
        self._codes = CodeTable()  # phrase short codes (exact and prefix)
        self._item_ids = CodeTable()  # product marketplace ids (exact only)
        self._tags: dict[str, set[int]] = {}  # folded tag -> product slots
        self._usage: dict[str, UsageStat] = {}
        self._terms: OrderedDict[str, TermMatch] = OrderedDict()
        self._terms_gen = -1
        self._first: OrderedDict[str, TermMatch] = OrderedDict()
        self._first_gen = -1
        self._base: np.ndarray | None = None
        self._base_gen = -1
        self._static: np.ndarray | None = None
        self._codes_by_slot: list[str] = []
        # Forms computed while loading because the stored ones were missing or stale:
        # id -> forms, for the caller to write back.
        self.recomputed_forms: dict[str, str] = {}

    # -- building ----------------------------------------------------------------------
    @classmethod
    def bulk(
        cls,
        phrases: Iterable[Phrase | tuple[Phrase, str | None]] = (),
        products: Iterable[Product | tuple[Product, str | None]] = (),
        usage: Mapping[str, UsageStat] | None = None,
    ) -> SearchIndex:
        """Build an index in one go (items with their stored forms, or None to compute)."""
        with gc_paused():
            return cls._bulk(phrases, products, usage)

    @classmethod
    def _bulk(
        cls,
        phrases: Iterable[Phrase | tuple[Phrase, str | None]],
        products: Iterable[Product | tuple[Product, str | None]],
        usage: Mapping[str, UsageStat] | None,
    ) -> SearchIndex:
        index = cls()
        batch = Batch()
        for entry in phrases:
            phrase, forms = entry if type(entry) is tuple else (entry, None)
            index._stage(batch, phrase, forms, record=True)
        for entry in products:
            product, forms = entry if type(entry) is tuple else (entry, None)
            index._stage(batch, product, forms, record=True)
        index._append(batch)
        if usage:
            index.set_usage(usage)
        return index

    def add_phrase(self, phrase: Phrase, forms: str | None = None) -> None:
        """Add or replace a phrase (``forms`` as stored; None computes them now)."""
        batch = Batch()
        self._stage(batch, phrase, forms)
        self._append(batch)

    def add_product(self, product: Product, forms: str | None = None) -> None:
        """Add or replace a product (``forms`` as stored; None computes them now)."""
        batch = Batch()
        self._stage(batch, product, forms)
        self._append(batch)

    def remove(self, item_id: str) -> bool:
        """Remove a phrase or product; False if it was not in the index."""
        slot = self._slot.pop(item_id, None)
        if slot is None:
            return False
        obj = self._store.objs[slot]
        if isinstance(obj, Phrase):
            self._codes.remove(self._codes_by_slot[slot], slot)
        else:
            self._item_ids.remove(obj.item_id.strip(), slot)
            for tag in {fold(t) for t in obj.tags}:
                self._tags.get(tag, set()).discard(slot)
        self._store.kill(slot)
        store = self._store
        if store.dead >= _COMPACT_MIN_DEAD and store.dead * 4 > store.n_items:
            self._compact()
        return True

    def _stage(
        self, batch: Batch, obj: Phrase | Product, forms: str | None, record: bool = False
    ) -> None:
        """Add one item to ``batch``; the common phrase case stays lean (bulk loads)."""
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
            if record:
                self.recomputed_forms[obj.id] = fresh
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

    def _append(self, batch: Batch) -> None:
        if not len(batch):
            return
        # The last entry for an id wins, and replaces what the index already had.
        latest = {item_id: i for i, item_id in enumerate(batch.ids)}
        if len(latest) < len(batch):
            batch = batch.subset(sorted(latest.values()))
        for item_id in batch.ids:
            if item_id in self._slot:
                self.remove(item_id)
        slots = self._store.append(batch)
        frec = self._store.cols["frec"].buf
        few = len(slots) < 64
        for obj, slot in zip(batch.objs, slots):
            self._slot[obj.id] = slot
            if type(obj) is Phrase:
                code = fold(obj.code.strip()) if obj.code else ""
                self._codes_by_slot.append(code)
                if few and code:
                    self._codes.add(code, slot)
            else:
                self._codes_by_slot.append("")
                if obj.item_id:
                    self._item_ids.add(obj.item_id.strip(), slot)
                for tag in {fold(t) for t in obj.tags}:
                    self._tags.setdefault(tag, set()).add(slot)
            if self._usage:
                stat = self._usage.get(obj.id)
                if stat is not None:
                    frec[slot] = stat.frecency
        if not few:
            self._codes.add_many(
                (code, slot)
                for code, slot in zip(self._codes_by_slot[slots[0] :], slots)
                if code
            )
        self._static = None

    def _compact(self) -> None:
        remap = self._store.compact().tolist()
        self._slot = {item_id: remap[slot] for item_id, slot in self._slot.items()}
        self._codes.remap(remap)
        self._item_ids.remap(remap)
        self._tags = {t: {remap[s] for s in slots if remap[s] >= 0} for t, slots in self._tags.items()}
        self._codes_by_slot = [c for c, r in zip(self._codes_by_slot, remap) if r >= 0]
        self._static = None

    # -- usage -------------------------------------------------------------------------
    def set_usage(self, stats: Mapping[str, UsageStat]) -> None:
        """Replace all usage statistics (frecency drives ranking inside a tier)."""
        self._usage = dict(stats)
        frec = self._store.cols["frec"]
        frec.buf[: frec.n] = 0.0
        for item_id, stat in self._usage.items():
            slot = self._slot.get(item_id)
            if slot is not None:
                frec.buf[slot] = stat.frecency
        self._static = None

    def note_use(self, item_id: str, when: datetime) -> None:
        """Count one use now (after a paste): frecency + 1, so it ranks higher at once."""
        old = self._usage.get(item_id) or UsageStat(item_id, 0, None, 0.0)
        stat = UsageStat(item_id, old.count + 1, when, old.frecency + 1.0)
        self._usage[item_id] = stat
        slot = self._slot.get(item_id)
        if slot is not None:
            self._store.cols["frec"].buf[slot] = stat.frecency
            self._static = None

    def usage(self, item_id: str) -> UsageStat | None:
        return self._usage.get(item_id)

    # -- lookup ------------------------------------------------------------------------
    def phrase(self, item_id: str) -> Phrase | None:
        slot = self._slot.get(item_id)
        obj = None if slot is None else self._store.objs[slot]
        return obj if isinstance(obj, Phrase) else None

    def product(self, item_id: str) -> Product | None:
        slot = self._slot.get(item_id)
        obj = None if slot is None else self._store.objs[slot]
        return obj if isinstance(obj, Product) else None

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._slot

    def parse(self, query: str) -> Query:
        """How ``query`` is understood (terms and filters), with this index's codes."""
        return parse_query(query, self._codes.is_prefix)

    # -- searching ---------------------------------------------------------------------
    def search(
        self, query: str, limit: int = 20, now_local: datetime | None = None
    ) -> list[SearchHit]:
        """The best ``limit`` hits for ``query`` (see ``rank`` for the order)."""
        store = self._store
        if limit <= 0 or not self._slot:
            return []
        q = self.parse(query)
        allowed = allowed_items(self._store, q, now_local or datetime.now(), self._tags)
        static = self._static_key()
        matches = [self._term(t) for t in q.terms]
        denses = [dense_tiers(store, m, self._code_hits(m.term)) for m in matches]
        if not denses:
            cand = np.flatnonzero(allowed)
            slots, tiers = select(cand, np.full(len(cand), T_ALL, np.uint8), static, limit)
        else:
            combined = self._combine(denses, allowed)
            cand = np.flatnonzero(combined != T_NONE)
            if len(cand) < limit and any(fuzzy_eligible(m.term) for m in matches):
                denses = [self._with_fuzzy(m, d) for m, d in zip(matches, denses)]
                combined = self._combine(denses, allowed)
                cand = np.flatnonzero(combined != T_NONE)
            slots, tiers = select(cand, combined[cand], static, limit)
        slot_list = slots.tolist()
        spans = [
            term_spans(store, m, d, slot_list, self._codes_by_slot)
            for m, d in zip(matches, denses)
        ]
        frec = store.frec
        hits = []
        for slot, tier in zip(slot_list, tiers.tolist()):
            found: list[Span] = [s[slot] for s in spans if slot in s]
            hits.append(make_hit(store.objs[slot], tier, float(frec[slot]), merge_spans(found)))
        return hits

    def _combine(self, denses: list[np.ndarray], allowed: np.ndarray) -> np.ndarray:
        combined = denses[0].copy() if len(denses) == 1 else np.maximum.reduce(denses)
        combined[~allowed] = T_NONE
        return combined

    def _with_fuzzy(self, m: TermMatch, dense: np.ndarray) -> np.ndarray:
        if not fuzzy_eligible(m.term):
            return dense
        cached = m.extras.get("dense_fuzzy")
        if cached is None:
            if m.fuzzy is None:
                m.fuzzy = fuzzy_matches(self._store, m.term)
            cached = dense.copy()
            np.minimum.at(cached, m.fuzzy[0], np.uint8(T_FUZZY))
            m.extras["dense_fuzzy"] = cached
        return cached

    def _code_hits(self, term: str) -> list[tuple[np.ndarray, int]]:
        return [
            (self._codes.exact(term), T_CODE_EXACT),
            (self._item_ids.exact(term), T_CODE_EXACT),
            (self._codes.prefixed(term), T_CODE_PREFIX),
        ]

    def _term(self, term: str) -> TermMatch:
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
            len(self._terms) > _TERM_CACHE_ITEMS or total > _TERM_CACHE_STATES
        ):
            _key, old = self._terms.popitem(last=False)
            total -= old.size
        return match

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
        while len(self._first) > _FIRST_CHAR_CACHE:
            self._first.popitem(last=False)
        return match

    def clear_cache(self) -> None:
        """Forget cached term matches (benchmarks use this to time each query from scratch)."""
        self._terms.clear()

    def _static_key(self) -> np.ndarray:
        store = self._store
        if self._base is None or self._base_gen != store.generation:
            self._base = base_rank(store)
            self._base_gen = store.generation
            self._static = None
        if self._static is None:
            self._static = static_key(store, self._base)
        return self._static
