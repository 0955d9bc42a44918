"""Ranking: the order of results, and turning the winners into ``SearchHit``s.

Order (all keys ascending, so the result is deterministic for equal inputs):

1. tier — the worst over the query's terms of each term's best match, in ``MatchKind`` order:
   exact code, code prefix, title prefix, title substring, body substring (product tags and
   knowledge count as body), pinyin initials, full pinyin, homophone (Chinese typed with
   another character of the same sound), fuzzy (typos; fewer edits first), and last the fallback tier
   ``partial`` (items covering most of the query, only computed when the kinds before leave the
   list short; see ``partial``), and below it ``question`` (the terms found in a phrase's 买家问法,
   filling only what is left; see ``questions``). Inside the two pinyin kinds a match in the title comes before
   one in the body (and so inside ``homophone``); inside ``partial`` a higher coverage score comes first.
2. frecency, higher first (``UsageStat.frecency``; ``SearchIndex.note_use`` adds 1 per use);
3. library: personal, then team, then products;
4. the library's own order (``position``);
5. id (text order) as the final tie-break.

A term is matched as the union of its variants (``variants``: 你/您, spacing between Chinese
and Latin), each item taking its best variant. Product notes are only matched by ``partial``.

Keys 2-5 do not depend on the query, so they are folded into one integer per item (the
*static key*) and only re-sorted when items or usage change; a query then needs a single
``argpartition`` over the matching items.
"""

from __future__ import annotations

import numpy as np

from sidekick.core.search.match import (
    T_ALL,
    T_BODY,
    T_CODE_PREFIX,
    T_FUZZY,
    T_HOMOPHONE,
    T_INITIALS,
    T_PARTIAL,
)  # fmt: skip
from sidekick.core.search.store import Store
from sidekick.core.search.text import PHRASE_FIELDS, PRODUCT_FIELDS
from sidekick.core.types import MatchKind, Span

TIER_KIND: tuple[MatchKind, ...] = (
    MatchKind.CODE_EXACT,
    MatchKind.CODE_PREFIX,
    MatchKind.TITLE_PREFIX,
    MatchKind.TITLE_SUBSTRING,
    MatchKind.BODY_SUBSTRING,
    MatchKind.PINYIN_INITIALS,
    MatchKind.PINYIN_INITIALS,
    MatchKind.PINYIN_FULL,
    MatchKind.PINYIN_FULL,
    MatchKind.HOMOPHONE,
    MatchKind.HOMOPHONE,
    MatchKind.FUZZY,
    MatchKind.FUZZY,
    MatchKind.FUZZY,
    MatchKind.FUZZY,
    MatchKind.PARTIAL,
    MatchKind.QUESTION,
    MatchKind.ALL,
)


def base_rank(store: Store) -> np.ndarray:
    """Rank of every slot by (library, position, id)."""
    n = store.n_items
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(np.array(store.ids, dtype=str), kind="stable")] = np.arange(n)
    order = np.lexsort((id_rank, store.position, store.lib))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


def static_key(store: Store, base: np.ndarray) -> np.ndarray:
    """Query-independent key: used items by frecency first, then everything by base rank."""
    n = store.n_items
    key = base + n
    used = np.flatnonzero(store.frec > 0)
    if len(used):
        order = np.lexsort((base[used], -store.frec[used]))
        key[used[order]] = np.arange(len(used))
    return key


def select(
    cand: np.ndarray, tiers: np.ndarray, static: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """The best ``limit`` candidates in order: (slots, tiers)."""
    key = (tiers.astype(np.int64) << 32) | static[cand]
    if len(cand) > limit:
        part = np.argpartition(key, limit - 1)[:limit]
        cand, key = cand[part], key[part]
    order = np.argsort(key, kind="stable")
    return cand[order], (key[order] >> 32)


def score(tier: int, frecency: float) -> float:
    """Informational score, higher is better; the list order is what counts."""
    return float(T_ALL - tier) + frecency / (1.0 + frecency)


def token_span(store: Store, slot: int, first: int, last: int) -> Span:
    """Span of tokens [first, last) of ``slot`` in its field's own character offsets.

    A ``knowledge`` span may lie beyond the summary a product hit shows as its body: it still
    says what matched (``guanzhu`` found 灌装 late in the knowledge), and the summary is a
    prefix of the knowledge text, so clipping it to the body is the reader's choice.
    """
    base = int(store.start[slot])
    rel_a, rel_b = first - base, last - base
    starts = store.field_starts(slot)
    k = len(starts) - 1
    while k > 0 and starts[k] > rel_a:
        k -= 1
    names = PRODUCT_FIELDS if len(starts) == len(PRODUCT_FIELDS) else PHRASE_FIELDS
    return Span(names[k], rel_a - starts[k], rel_b - starts[k])


def merge_spans(spans: list[Span]) -> tuple[Span, ...]:
    """Sorted spans with overlapping or touching ones in the same field merged."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.field, s.start, s.end)):
        if out and out[-1].field == span.field and span.start <= out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(span.field, out[-1].start, span.end)
        else:
            out.append(span)
    return tuple(out)


def is_code_tier(tier: int) -> bool:
    return tier <= T_CODE_PREFIX


def is_literal_tier(tier: int) -> bool:
    return T_CODE_PREFIX < tier <= T_BODY


def is_pinyin_tier(tier: int) -> bool:
    return T_INITIALS <= tier < T_HOMOPHONE


def is_homophone_tier(tier: int) -> bool:
    return T_HOMOPHONE <= tier < T_FUZZY


def is_fuzzy_tier(tier: int) -> bool:
    return T_FUZZY <= tier < T_PARTIAL
