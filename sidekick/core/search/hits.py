"""Highlight spans for the few items that make the result list, and the hits themselves.

Each term contributes the span of its best match in the item (the match that gave the term
its tier): a code (field ``item_id`` for a product found by its item id), a literal substring,
the Chinese characters a pinyin or homophone match covered (``kd`` on 快递 highlights 快递), the
title characters of a typo match, or the code a typo matched; a ``partial`` hit marks every piece of the query it contains. Every
hit of a non-empty query carries at least one span. Spans in ``knowledge`` index the whole
``text.knowledge_text``, also beyond the summary shown as a product hit's body.
"""

from __future__ import annotations

import numpy as np

from sidekick.core.search.match import T_CODE_EXACT, TermMatch
from sidekick.core.search.rank import (
    TIER_KIND,
    is_code_tier,
    is_fuzzy_tier,
    is_homophone_tier,
    is_literal_tier,
    is_pinyin_tier,
    score,
    token_span,
)
from sidekick.core.search.store import Store
from sidekick.core.search.text import knowledge_summary
from sidekick.core.text import cluster_bounds, may_cut_cluster, snap_range
from sidekick.core.types import CategoryPath, HitKind, Phrase, Product, SearchHit, Span


def term_spans(
    store: Store, m: TermMatch, dense: np.ndarray, slots: list[int], codes: list[str],
    level: int = 3,
) -> dict[int, Span]:
    """The span of the term's best match in each of ``slots`` (absent when none applies).

    ``dense`` holds the term's tiers as computed at ``level`` (see ``match``); the pinyin
    states behind that level are the candidates.
    """
    wanted = np.zeros(store.n_items, dtype=bool)
    wanted[slots] = True
    best: dict[int, tuple[int, int, int]] = {}  # slot -> (first token, last token, rank)

    def offer(slot: int, first: int, last: int) -> None:
        if slot not in best or first < best[slot][0]:
            best[slot] = (first, last, 0)

    lit_items, lit_tiers = m.extras.get("lit_items"), m.extras.get("lit_tiers")
    if lit_items is not None and lit_tiers is not None:
        n = len(m.term)
        for i in np.flatnonzero(wanted[lit_items]).tolist():
            slot = int(lit_items[i])
            if int(lit_tiers[i]) == int(dense[slot]):
                offer(slot, int(m.lit[i]), int(m.lit[i]) + n)
    for states, key in m.groups(level):
        py_items, py_tiers = m.extras.get(f"{key}_items"), m.extras.get(f"{key}_tiers")
        assert py_items is not None and py_tiers is not None
        for i in np.flatnonzero(wanted[py_items]).tolist():
            slot = int(py_items[i])
            if int(py_tiers[i]) == int(dense[slot]):
                offer(slot, int(states.start[i]), int(states.cur[i]) + 1)
    if m.fuzzy is not None:
        items, fz_start, fz_end, fz_tiers = m.fuzzy
        fz_tok = store.fz_tok.buf
        for i in np.flatnonzero(wanted[items]).tolist():
            slot = int(items[i])
            if int(fz_tiers[i]) == int(dense[slot]):
                a, b = int(fz_start[i]), max(int(fz_end[i]), int(fz_start[i]) + 1)
                offer(slot, int(fz_tok[a]), int(fz_tok[b - 1]) + 1)

    out: dict[int, Span] = {}
    for slot in slots:
        tier = int(dense[slot])
        if is_code_tier(tier):
            code = codes[slot]
            if code:
                # "tk" found "/tk": the match starts after the slash.
                skip = 0 if m.term.startswith("/") else len(code) - len(code.lstrip("/"))
                end = len(code) if tier == T_CODE_EXACT else skip + len(m.term)
                out[slot] = Span("code", skip, end)
            elif tier == T_CODE_EXACT:  # a product's item id (products have no short code)
                out[slot] = Span("item_id", 0, len(m.term))
        elif slot in best and (
            is_literal_tier(tier) or is_pinyin_tier(tier) or is_homophone_tier(tier)
            or is_fuzzy_tier(tier)
        ):
            first, last, _ = best[slot]
            out[slot] = token_span(store, slot, first, last)
        elif is_fuzzy_tier(tier) and codes[slot]:  # a code within the typo budget
            out[slot] = Span("code", 0, len(codes[slot]))
    return out


def whole_characters(obj: Phrase | Product, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spans widened to whole grapheme clusters of their field (``1`` in ``1️⃣`` covers the
    keycap), so a highlight never cuts a character in two. Offsets stay code points; a span
    whose ends cannot be inside a cluster (nearly all) costs two character checks."""
    out: list[Span] | None = None
    is_phrase = type(obj) is Phrase
    for i, span in enumerate(spans):
        field = span.field
        if field == "title":
            text = obj.title
        elif field == "body" and is_phrase:
            text = obj.body  # type: ignore[union-attr]  # is_phrase, tested once per hit
        elif field == "code" and is_phrase:
            text = obj.code  # type: ignore[union-attr]  # is_phrase, tested once per hit
        else:
            continue  # item ids are digits; tags and knowledge are not shown with highlights
        if not may_cut_cluster(text, span.start, span.end):
            continue
        start, end = snap_range(text, span.start, span.end, cluster_bounds(text))
        if out is None:
            out = list(spans)
        out[i] = Span(field, start, end)
    return spans if out is None else tuple(out)


def make_hit(
    obj: Phrase | Product, tier: int, frecency: float, spans: tuple[Span, ...]
) -> SearchHit:
    spans = whole_characters(obj, spans)
    if isinstance(obj, Phrase):
        return SearchHit(
            kind=HitKind.PHRASE,
            id=obj.id,
            title=obj.title,
            body=obj.body,
            score=score(tier, frecency),
            match=TIER_KIND[tier],
            spans=spans,
            library=obj.library,
            category=obj.category,
            code=obj.code,
        )
    return SearchHit(
        kind=HitKind.PRODUCT,
        id=obj.id,
        title=obj.title,
        body=knowledge_summary(obj),
        score=score(tier, frecency),
        match=TIER_KIND[tier],
        spans=spans,
        library=None,
        category=CategoryPath(),
        code="",
    )
