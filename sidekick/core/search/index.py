"""The search index: phrases and products, searched together as the agent types.

``SearchIndex`` keeps every item's text as token columns (``store``), matches each query term
as vectorised state sets (``match``) that the next keystroke extends instead of recomputing,
and ranks with one static key per item (``rank``). Pinyin never runs at start-up: items come
with their stored forms (``forms``), computed when they were saved. A query computes only the
match levels it needs to fill its list (``match``: body states last). Each term is matched as
the union of its variants (``variants``: 你/您, 7天/7 天/七天; a pasted item link as its item
id). Only when the exact kinds leave the list short are homophones (``homophones``) and then
typos (``typos``) looked for, ranked below every exact kind; only when all of these together
leave it short does the fallback tier (``partial``) fill the rest, below all of them. So a query
whose exact matches fill the list gets exactly those, whatever the lower tiers would add.

Typical use::

    index = SearchIndex.bulk(phrases=[(p, p_forms), ...], products=[(x, x_forms), ...])
    # or, from a loader that reads whole columns (objects made on demand):
    index = SearchIndex.from_columns(phrase_columns, products=[(x, x_forms), ...])
    index.set_usage(stats)
    hits = index.search("kd 运费", limit=20)
    index.note_use(hits[0].id, utcnow)   # after the paste

Phrases outside their validity window (``Phrase.is_valid_at``) are never returned; the window
is checked against ``now_local`` (shop-local time, default ``datetime.now()``) on every search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

import numpy as np

from sidekick.core.links import LinkMatcher
from sidekick.core.search import partial
from sidekick.core.search.batch import Batch, stage
from sidekick.core.search.codes import CodeTable
from sidekick.core.search.columns import PhraseColumns, fold_codes
from sidekick.core.search.filters import allowed_items
from sidekick.core.search.hits import make_hit, term_spans
from sidekick.core.search.homophones import HomophoneStates, homophone_tiers
from sidekick.core.search.match import (
    LEVEL_EXACT,
    T_ALL,
    T_CODE_EXACT,
    T_CODE_PREFIX,
    T_FUZZY,
    T_HOMOPHONE,
    T_NONE,
    T_PARTIAL,
    T_QUESTION,
    TermMatch,
    dense_tiers,
    fuzzy_eligible,
    fuzzy_matches,
    head_tiers,
    mid_tiers,
)
from sidekick.core.search.partial import split_term
from sidekick.core.search.prefix_cache import PrefixCache
from sidekick.core.search.query import Query, parse_query
from sidekick.core.search.questions import QuestionTexts
from sidekick.core.search.rank import base_rank, merge_spans, select, static_key, token_span
from sidekick.core.search.store import LIB_PERSONAL, LIB_TEAM, Store, gc_paused, local_seconds
from sidekick.core.search.terms import TermCache
from sidekick.core.search.text import fold
from sidekick.core.search.typos import TypoStates, typo_budget, typo_matches, typo_rank
from sidekick.core.search.variants import link_item_id, term_variants
from sidekick.core.types import LibraryKind, Phrase, Product, SearchHit, Span, UsageStat

_COMPACT_MIN_DEAD = 1000


class SearchIndex:
    """Team phrases, personal phrases and products, searchable by one query."""

    def __init__(self) -> None:
        self._store = Store()
        self._slot: dict[str, int] = {}
        self._codes = CodeTable()  # phrase short codes (exact and prefix)
        self._item_ids = CodeTable()  # product marketplace ids (exact only)
        self._tags: dict[str, set[int]] = {}  # folded tag -> product slots
        self._usage: dict[str, UsageStat] = {}
        self._terms = TermCache(self._store)
        self._base: np.ndarray | None = None
        self._base_gen = -1
        self._static: np.ndarray | None = None
        self._codes_by_slot: list[str] = []
        self._questions = QuestionTexts()  # phrases' 买家问法, for the ``question`` tier
        self._lazy: PhraseColumns | None = None  # phrases whose objects are made on demand
        self._early_exit = True  # False: compute every match level (tests compare the two)
        # The tiers below the exact kinds: "osa" (homophones, then typos by ``typos``), "legacy"
        # (one-edit typos as before them, for the benchmark) or "off" (tests compare).
        self._typos = "osa"
        # The homophone and typo tiers resume from the last keystroke's states (``prefix_cache``).
        self._typo_states = TypoStates()
        self._homophone_states: HomophoneStates = PrefixCache()
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
            phrase, forms = entry if isinstance(entry, tuple) else (entry, None)
            index._stage(batch, phrase, forms, record=True)
        for product_entry in products:
            product, forms = product_entry if isinstance(product_entry, tuple) else (product_entry, None)
            index._stage(batch, product, forms, record=True)
        index._append(batch)
        if usage:
            index.set_usage(usage)
        return index

    @classmethod
    def from_columns(
        cls,
        phrases: PhraseColumns,
        products: Iterable[Product | tuple[Product, str | None]] = (),
        usage: Mapping[str, UsageStat] | None = None,
        products_index: SearchIndex | None = None,
    ) -> SearchIndex:
        """Build an index from phrases given as columns (what a fast loader reads); their
        ``Phrase`` objects are made only when asked for (hits, ``phrase()``).

        ``products_index``, if given, is ``bulk(products=products)`` made beforehand (a loader
        builds it while the database is still reading the phrases); it is extended in place.
        """
        products = list(products)  # read twice if the fallback below is taken
        with gc_paused():
            if len(set(phrases.ids)) != len(phrases):  # the last row of an id wins, as in bulk
                return cls._bulk([phrases.phrase(r) for r in range(len(phrases))], products, usage)
            # Products first: the large phrase columns are then sized exactly.
            index = products_index if products_index is not None else cls._bulk((), products, None)
            if not index._slot.keys().isdisjoint(phrases.ids):  # an id shared with a product
                return cls._bulk([phrases.phrase(r) for r in range(len(phrases))], products, usage)
            index._append_columns(phrases)
            if usage:
                index.set_usage(usage)
            return index

    def _append_columns(self, cols: PhraseColumns) -> None:
        """Append column-wise phrases with ids new to the index (no per-phrase objects)."""
        store, count = self._store, len(cols)
        tch, prim, alt, lengths = cols.tokens()
        self.recomputed_forms.update(cols.recomputed)
        libs = np.array(
            [LIB_PERSONAL if k is LibraryKind.PERSONAL else LIB_TEAM for k in cols.libraries] or [0],
            dtype=np.int8,
        )
        cats = np.array([store._category_id(p) for p in cols.categories] or [0], dtype=np.int32)
        vfrom, vuntil = np.full(count, -np.inf), np.full(count, np.inf)
        for row, when in cols.valid_from.items():
            vfrom[row] = local_seconds(when, 0.0)
        for row, when in cols.valid_until.items():
            vuntil[row] = local_seconds(when, 0.0)
        items = {
            "lib": libs[cols.library], "cat": cats[cols.category], "vfrom": vfrom,
            "vuntil": vuntil, "position": cols.position, "tlen": cols.titles.lengths,
            "f2len": np.full(count, -1), "rec": np.arange(count),
        }  # fmt: skip
        slots = store.append_tokens(tch, prim, alt, lengths, items, [None] * count, cols.ids)
        self._lazy = cols
        self._slot.update(zip(cols.ids, slots))
        codes = fold_codes(cols.codes)
        self._codes_by_slot.extend(codes)
        self._codes.add_many((code, slot) for code, slot in zip(codes, slots) if code)
        for row, (questions, _intents) in cols.answers.items():
            self._questions.set(slots[row], questions)
        self._static = None

    def _live_obj(self, slot: int) -> Phrase | Product:
        """The item in a slot a search selected: only live slots with an item are ever selected."""
        obj = self._obj(slot)
        if obj is None:
            raise LookupError(f"search index slot {slot} was selected but holds no item")
        return obj

    def _obj(self, slot: int) -> Phrase | Product | None:
        """The item in ``slot``, made from the loaded columns on first use."""
        obj = self._store.objs[slot]
        if obj is None and self._lazy is not None and self._store.alive[slot]:
            row = int(self._store.rec[slot])
            if row >= 0:
                obj = self._store.objs[slot] = self._lazy.phrase(row)
        return obj

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
        obj = self._store.objs[slot]  # products are always objects; a phrase may not be made yet
        if isinstance(obj, Product):
            self._item_ids.remove(obj.item_id.strip(), slot)
            for tag in {fold(t) for t in obj.tags}:
                self._tags.get(tag, set()).discard(slot)
        else:
            self._codes.remove(self._codes_by_slot[slot], slot)
            self._questions.discard(slot)
        self._store.kill(slot)
        store = self._store
        if store.dead >= _COMPACT_MIN_DEAD and store.dead * 4 > store.n_items:
            self._compact()
        return True

    def _stage(
        self, batch: Batch, obj: Phrase | Product, forms: str | None, record: bool = False
    ) -> None:
        fresh = stage(batch, obj, forms)
        if fresh is not None and record:
            self.recomputed_forms[obj.id] = fresh

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
        item_ids: list[tuple[str, int]] = []
        for obj, slot in zip(batch.objs, slots):
            self._slot[obj.id] = slot
            if type(obj) is Phrase:
                code = fold(obj.code.strip()) if obj.code else ""
                self._codes_by_slot.append(code)
                if few and code:
                    self._codes.add(code, slot)
                if obj.questions:
                    self._questions.set(slot, obj.questions)
            else:
                self._codes_by_slot.append("")
                if obj.item_id:
                    item_ids.append((obj.item_id.strip(), slot))
                for tag in {fold(t) for t in obj.tags}:
                    self._tags.setdefault(tag, set()).add(slot)
            if self._usage:
                stat = self._usage.get(obj.id)
                if stat is not None:
                    frec[slot] = stat.frecency
        if few:
            for item_id, slot in item_ids:
                self._item_ids.add(item_id, slot)
        elif item_ids:
            self._item_ids.add_many(item_ids)
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
        self._questions.remap(remap)
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
        obj = None if slot is None else self._obj(slot)
        return obj if isinstance(obj, Phrase) else None

    def product(self, item_id: str) -> Product | None:
        slot = self._slot.get(item_id)
        obj = None if slot is None else self._obj(slot)
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
        self, query: str, limit: int = 20, now_local: datetime | None = None, links: LinkMatcher | None = None
    ) -> list[SearchHit]:
        """The best ``limit`` hits for ``query`` (see ``rank`` for the order).

        ``links`` reads a pasted item link with the shop's patterns (None: the built-in ones).
        """
        store = self._store
        if limit <= 0 or not self._slot:
            return []
        q = self.parse(query)
        allowed = allowed_items(self._store, q, now_local or datetime.now(), self._tags)
        static = self._static_key()
        # Each term is matched as the union of its variants (see ``variants``).
        groups = [[self._terms.get(v) for v in self._variants(t, links)] for t in q.terms]
        level = 1
        part: list[tuple[int, tuple[Span, ...]]] = []
        asked: list[tuple[int, tuple[Span, ...]]] = []
        if not groups:
            cand = np.flatnonzero(allowed)
            slots, tiers = select(cand, np.full(len(cand), T_ALL, np.uint8), static, limit)
            vdenses: list[list[np.ndarray]] = []
            denses: list[np.ndarray] = []
        else:
            codes = [[self._code_hits(m.term) for m in g] for g in groups]
            # Top-k by tier, level by level (see ``match``): an item whose tier is within what
            # a level knows exactly ranks above every item the level cannot place yet, so once
            # such items fill the list, the next levels (body states, most of the work) are
            # not needed, and the order (tier, then the static key) is the full one.
            for level, tiers_of in enumerate((head_tiers, mid_tiers, dense_tiers), start=1):
                if level > 1:
                    for g in groups:
                        for m in g:
                            self._terms.with_states(m, initials=level == 2)
                vdenses = [
                    [tiers_of(store, m, c) for m, c in zip(g, gc)] for g, gc in zip(groups, codes)
                ]
                denses = [_union(vd) for vd in vdenses]
                combined = self._combine(denses, allowed)
                cand = np.flatnonzero(combined <= LEVEL_EXACT[level - 1])
                if len(cand) >= limit and self._early_exit:
                    break
            # Below the exact kinds, tier by tier while the list is short (every level has been
            # computed by then: the loop above only stops early on a full list).
            for lower in self._lower_tiers():
                if len(cand) >= limit:
                    break
                lowered = [[lower(m, d) for m, d in zip(g, vd)] for g, vd in zip(groups, vdenses)]
                if all(a is b for la, lb in zip(lowered, vdenses) for a, b in zip(la, lb)):
                    continue  # no term of the query has this kind of match
                vdenses = lowered
                denses = [_union(vd) for vd in vdenses]
                combined = self._combine(denses, allowed)
                cand = np.flatnonzero(combined != T_NONE)
            slots, tiers = select(cand, combined[cand], static, limit)
            if len(cand) < limit:
                # Only reached with every level computed (no early exit), so the fallback sees
                # the same strict matches whether or not the levels stopped early.
                free = allowed & (combined == T_NONE)
                part = self._partial(q.terms, groups, denses, free, static, limit - len(cand))
                room = limit - len(cand) - len(part)
                if room > 0 and len(self._questions):
                    free[[slot for slot, _spans in part]] = False
                    asked = self._asked(groups, denses, free, static, room)
        slot_list = slots.tolist()
        spans = [
            self._group_spans(g, vd, d, slot_list, level)
            for g, vd, d in zip(groups, vdenses, denses)
        ]
        frec = store.frec
        hits = []
        for slot, tier in zip(slot_list, tiers.tolist()):
            found: list[Span] = [s[slot] for s in spans if slot in s]
            hits.append(make_hit(self._live_obj(slot), tier, float(frec[slot]), merge_spans(found)))
        for slot, part_spans in part:
            hits.append(make_hit(self._live_obj(slot), T_PARTIAL, float(frec[slot]), part_spans))
        for slot, asked_spans in asked:
            hits.append(make_hit(self._live_obj(slot), T_QUESTION, float(frec[slot]), asked_spans))
        return hits

    def _asked(
        self, groups: list[list[TermMatch]], denses: list[np.ndarray], free: np.ndarray,
        static: np.ndarray, room: int,
    ) -> list[tuple[int, tuple[Span, ...]]]:  # fmt: skip
        """The ``question`` tier: up to ``room`` phrases among ``free`` slots whose 买家问法
        hold the query (see ``questions``), in the static order, with their spans."""
        terms = [[fold(m.term) for m in g] for g in groups]
        cand = self._questions.matches(terms, [d != T_NONE for d in denses], free)
        if not len(cand):
            return []
        chosen, _ = select(cand, np.full(len(cand), T_QUESTION, np.uint8), static, room)
        return [(slot, merge_spans(self._questions.spans(slot, terms))) for slot in chosen.tolist()]

    def _variants(self, term: str, links: LinkMatcher | None) -> tuple[str, ...]:
        item_id = link_item_id(term, links)
        return (item_id,) if item_id else term_variants(term)

    def _group_spans(
        self, group: list[TermMatch], vdenses: list[np.ndarray], dense: np.ndarray,
        slots: list[int], level: int,
    ) -> dict[int, Span]:  # fmt: skip
        """Spans of one term: from the variant that gave each slot the term's tier."""
        store, codes = self._store, self._codes_by_slot
        if len(group) == 1:
            return term_spans(store, group[0], vdenses[0], slots, codes, level)
        out: dict[int, Span] = {}
        for m, vd in zip(group, vdenses):
            mine = [s for s in slots if s not in out and vd[s] == dense[s]]
            if mine:
                out.update(term_spans(store, m, vd, mine, codes, level))
        return out

    def _partial(
        self, terms: tuple[str, ...], groups: list[list[TermMatch]], denses: list[np.ndarray],
        free: np.ndarray, static: np.ndarray, room: int,
    ) -> list[tuple[int, tuple[Span, ...]]]:  # fmt: skip
        """The fallback tier (``partial``): up to ``room`` items among ``free`` slots, best first,
        with their spans. Mixed terms read as separate words come first (``kd费``), then items
        by how much of the query they cover."""
        store = self._store
        out: list[tuple[int, tuple[Span, ...]]] = []
        taken = free.copy()
        # 1. Mixed terms read as separate words (``partial.split_term``). Each part is matched
        #    by codes, literals and title pinyin (level 1: body pinyin of two letters matches
        #    too much to mean anything here). Items matching the other terms and at least half
        #    of the parts come first, most parts matched first, then by the best part's tier.
        splits = [split_term(t) for t in terms]
        if any(splits):
            parts: list[tuple[TermMatch, np.ndarray]] = []
            required = taken.copy()
            for sp, d in zip(splits, denses):
                if sp is None:
                    required &= d < T_HOMOPHONE
                    continue
                for piece in sp:
                    m = self._terms.get(piece)
                    parts.append((m, head_tiers(store, m, self._code_hits(piece))))
            heads = np.stack([h for _, h in parts])
            hit = heads < T_FUZZY
            matched = hit.sum(axis=0)
            cand = np.flatnonzero(required & (matched * 2 >= len(parts)) & (matched > 0))
            if len(cand):
                best = np.where(hit[:, cand], heads[:, cand], T_FUZZY).min(axis=0)
                rank_key = ((len(parts) - matched[cand]) << 4) | best  # < 256: fits the tier slot
                chosen, _ = select(cand, rank_key.astype(np.uint8), static, room)
                chosen_list = chosen.tolist()
                spans = [
                    term_spans(store, m, h, chosen_list, self._codes_by_slot, 1) for m, h in parts
                ]
                for slot in chosen_list:
                    found = [s[slot] for s in spans if slot in s]
                    out.append((slot, merge_spans(found)))
                taken[chosen] = False
        # 2. Coverage of the query's Chinese (and the Latin next to it).
        p = partial.plan(terms)
        if p is not None and len(out) < room:
            cand, scores, found_pos = partial.score(store, p, taken)
            if len(cand):
                key = ((partial.MAX_SCORE - scores).astype(np.int64) << 40) | static[cand]
                take = room - len(out)
                if len(cand) > take:
                    part_idx = np.argpartition(key, take - 1)[:take]
                    cand, key = cand[part_idx], key[part_idx]
                chosen_list = cand[np.argsort(key, kind="stable")].tolist()
                ranges = partial.spans_of(store, found_pos, chosen_list)
                for slot in chosen_list:
                    found = [token_span(store, slot, a, b) for a, b in ranges[slot]]
                    out.append((slot, merge_spans(found)))
        return out

    def _combine(self, denses: list[np.ndarray], allowed: np.ndarray) -> np.ndarray:
        combined = denses[0].copy() if len(denses) == 1 else np.maximum.reduce(denses)
        combined[~allowed] = T_NONE
        return combined

    def _lower_tiers(self) -> tuple[Callable[[TermMatch, np.ndarray], np.ndarray], ...]:
        if self._typos == "osa":
            return (self._with_homophones, self._with_typos)
        return (self._with_fuzzy,) if self._typos == "legacy" else ()

    def _with_homophones(self, m: TermMatch, dense: np.ndarray) -> np.ndarray:
        return homophone_tiers(self._store, m, dense, self._homophone_states)

    def _with_typos(self, m: TermMatch, dense: np.ndarray) -> np.ndarray:
        """``dense`` lowered to ``T_FUZZY`` where a title window or a code is within the term's
        typo budget (cached on the match; the windows kept in ``m.fuzzy`` for the spans)."""
        budget = typo_budget(m.term)
        if not budget:
            return dense
        cached = m.extras.get("dense_typos")
        if cached is None:
            items, start, end, rank = typo_matches(self._store, m.term, budget, self._typo_states)
            m.fuzzy = (items, start, end, rank + np.uint8(T_FUZZY))
            cached = dense.copy()
            np.minimum.at(cached, items, m.fuzzy[3])
            codes, edits = self._codes.near(m.term, budget)
            tiers = typo_rank(edits, np.zeros(len(edits), bool)) + np.uint8(T_FUZZY)
            np.minimum.at(cached, codes, tiers)
            m.extras["dense_typos"] = cached
        return cached

    def _with_fuzzy(self, m: TermMatch, dense: np.ndarray) -> np.ndarray:
        """The one-edit typo tier as it was before ``typos`` (``_typos == "legacy"``)."""
        if not fuzzy_eligible(m.term):
            return dense
        cached = m.extras.get("dense_fuzzy")
        if cached is None:
            if m.fuzzy is None:
                m.fuzzy = fuzzy_matches(self._store, m.term)
            cached = dense.copy()
            np.minimum.at(cached, m.fuzzy[0], m.fuzzy[3])
            m.extras["dense_fuzzy"] = cached
        return cached

    def _code_hits(self, term: str) -> list[tuple[np.ndarray, int]]:
        return [
            (self._codes.exact(term), T_CODE_EXACT),
            (self._item_ids.exact(term), T_CODE_EXACT),
            (self._codes.prefixed(term), T_CODE_PREFIX),
        ]

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


def _union(tiers: list[np.ndarray]) -> np.ndarray:
    """Best tier per slot over a term's variants (the array itself when there is one)."""
    return tiers[0] if len(tiers) == 1 else np.minimum.reduce(tiers)
