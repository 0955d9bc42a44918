"""Typo strings (titles spelled out) are built on first need and survive edits."""

from __future__ import annotations

from search_fixtures import NOW, PHRASES, PRODUCTS

from sidekick.core.search import SearchIndex
from sidekick.core.types import CategoryPath, LibraryKind, MatchKind, Phrase


def _phrase(pid: str, title: str) -> Phrase:
    return Phrase(pid, LibraryKind.TEAM, CategoryPath("售前"), title, "正文")


def _fuzzy_ids(index: SearchIndex, query: str) -> list[str]:
    return [h.id for h in index.search(query, limit=50, now_local=NOW) if h.match is MatchKind.FUZZY]


def test_typos_after_adds_removals_and_compaction_match_a_fresh_index() -> None:
    filler = [_phrase(f"f{i:05d}", f"填充{i}") for i in range(1500)]
    for first_typo_before_edits in (True, False):
        index = SearchIndex.bulk(PHRASES + filler, PRODUCTS)
        if first_typo_before_edits:
            assert "t_return_flow" in _fuzzy_ids(index, "tuihou")
        index.add_phrase(_phrase("late1", "顺丰包邮"))
        for phrase in filler:  # enough removals to compact the store
            index.remove(phrase.id)
        index.add_phrase(_phrase("late2", "退货地址"))
        fresh = SearchIndex.bulk([*PHRASES, _phrase("late1", "顺丰包邮"), _phrase("late2", "退货地址")], PRODUCTS)
        for query in ["tuihou", "shumfeng", "fapoao", "tuihuodizi", "kuaidu"]:
            assert index.search(query, now_local=NOW) == fresh.search(query, now_local=NOW), query
        assert "late2" in _fuzzy_ids(index, "tuihuodizi")
