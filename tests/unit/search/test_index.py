"""The index: incremental changes, spans, usage, determinism, lookups."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from search_fixtures import NOW, PHRASES, PRODUCTS, build_index

from sidekick.app.replies import Replies
from sidekick.config.settings import Settings
from sidekick.core.links import link_matcher
from sidekick.core.search import SearchIndex, phrase_forms
from sidekick.core.types import CategoryPath, HitKind, LibraryKind, MatchKind, Phrase, SearchHit, Span


def _phrase(pid: str, title: str, body: str = "", code: str = "", position: int = 0) -> Phrase:
    return Phrase(
        id=pid, library=LibraryKind.TEAM, category=CategoryPath("售前", "快递"),
        title=title, body=body, code=code, position=position,
    )  # fmt: skip


def _ids(index: SearchIndex, query: str) -> list[str]:
    return [h.id for h in index.search(query, limit=50, now_local=NOW)]


def _first(index: SearchIndex, query: str):
    return index.search(query, limit=5, now_local=NOW)[0]


# -- incremental changes -------------------------------------------------------------------
def test_add_is_found_at_once_with_or_without_forms() -> None:
    index = build_index()
    n = len(index)
    new = _phrase("new1", "极兔快递", "偏远地区发极兔")
    index.add_phrase(new)
    index.add_phrase(_phrase("new2", "京东物流"), forms=phrase_forms(_phrase("new2", "京东物流")))
    assert len(index) == n + 2
    assert _ids(index, "jtkd")[0] == "new1"
    assert _ids(index, "jingdong")[0] == "new2"
    assert index.phrase("new1") == new


def test_remove_drops_the_item_and_its_code() -> None:
    index = build_index()
    assert index.remove("t_kd_default")
    assert not index.remove("t_kd_default")
    assert "t_kd_default" not in _ids(index, "kd")
    assert "t_kd_default" not in _ids(index, "")
    assert _first(index, "kd").match is not MatchKind.CODE_EXACT
    assert index.phrase("t_kd_default") is None


def test_adding_an_existing_id_replaces_it() -> None:
    index = build_index()
    n = len(index)
    index.add_phrase(replace(PHRASES[0], title="默认发韵达", code="yd"))
    assert len(index) == n
    assert _first(index, "yd").id == "t_kd_default"
    # The old code went with the old version (its body still says 快递, so "kd" still finds it).
    by_id = {h.id: h for h in index.search("kd", limit=50, now_local=NOW)}
    assert by_id["t_kd_default"].match is MatchKind.PINYIN_INITIALS
    # The old title no longer matches by any strict kind; its words are still in the new title
    # (默认) and the body (快递), so the fallback tier may list it, and only there.
    strict = [h for h in index.search("默认快递", limit=50, now_local=NOW) if h.match is not MatchKind.PARTIAL]
    assert "t_kd_default" not in [h.id for h in strict]
    assert all(h.match is MatchKind.PARTIAL for h in index.search("默认快递", limit=50, now_local=NOW))


def test_cached_matches_see_changes() -> None:
    index = build_index()
    assert "new" not in _ids(index, "jt")
    index.add_phrase(_phrase("new", "极兔"))
    assert "new" in _ids(index, "jt")  # the cached "jt" match is not reused
    index.remove("new")
    assert "new" not in _ids(index, "jt")


def test_many_removals_compact_without_changing_results() -> None:
    filler = [_phrase(f"f{i:05d}", f"填充短语{i}", "无关内容", position=10 + i) for i in range(1500)]
    index = SearchIndex.bulk(PHRASES + filler, PRODUCTS)
    before = _ids(index, "kd")
    for phrase in filler:
        index.remove(phrase.id)
    assert len(index) == len(PHRASES) + len(PRODUCTS)
    assert _ids(index, "kd") == before
    assert _ids(index, "tuihuo")[0] == "t_return_flow"
    index.add_phrase(_phrase("late", "最后加入"))
    assert _ids(index, "zhjr") == ["late"]


def test_products_and_lookups() -> None:
    index = build_index()
    hit = _first(index, "羽绒服")
    assert hit.kind is HitKind.PRODUCT and hit.library is None
    assert hit.body.startswith("充绒量:90%白鸭绒")
    assert index.product("x_down") == PRODUCTS[2]
    assert index.phrase("x_down") is None and index.product("t_kd_fee") is None
    assert "x_down" in index


def test_a_pasted_link_is_read_with_the_shops_own_patterns() -> None:
    index = build_index()
    link = "https://shop.example.cn/goods/600003"
    shop = link_matcher((r"shop\.example\.cn/goods/(\d+)",))
    assert _first_id(index.search(link, limit=5, now_local=NOW, links=shop)) == "x_down"
    assert "x_down" not in _ids(index, link)  # the built-in patterns know no such shop
    replies = Replies(index, Settings(link_patterns=(r"shop\.example\.cn/goods/(\d+)",)), clock=lambda: NOW)
    assert _first_id(replies.search(link, limit=5)) == "x_down"
    assert "x_down" not in [h.id for h in Replies(index, Settings(), clock=lambda: NOW).search(link, limit=50)]


def _first_id(hits: list[SearchHit]) -> str | None:
    return hits[0].id if hits else None


def test_empty_index_and_limits() -> None:
    assert SearchIndex().search("kd") == []
    index = build_index()
    assert index.search("kd", limit=0) == []
    assert len(index.search("", limit=3, now_local=NOW)) == 3
    assert index.search("zzzzqqq", now_local=NOW) == []


# -- spans -----------------------------------------------------------------------------
def test_initials_highlight_the_chinese_characters() -> None:
    hit = _first(index := build_index(), "mrkd")
    assert hit.id == "t_kd_default" and hit.spans == (Span("title", 0, 4),)
    assert index.search("kd费", now_local=NOW)[0].spans == (Span("title", 0, 3),)


def test_full_and_mixed_pinyin_spans() -> None:
    index = build_index()
    assert _first(index, "kuaidifei").spans == (Span("title", 0, 3),)
    assert _first(index, "yinhang").spans == (Span("title", 0, 2),)
    assert _first(index, "zhangdu").spans == (Span("title", 0, 2),)  # 长度 by its other reading


def test_literal_body_code_and_multi_term_spans() -> None:
    index = build_index()
    hit = _first(index, "退 7天")
    assert hit.id == "t_return_flow"
    assert hit.spans == (Span("body", 2, 4), Span("title", 0, 1))
    assert _first(index, "th").spans == (Span("code", 1, 3),)  # "th" found "/th"
    assert _first(index, "/t").spans == (Span("code", 0, 2),)
    assert _first(index, "中通").spans == (Span("body", 7, 9),)


def test_product_knowledge_and_tag_spans() -> None:
    index = build_index()
    assert _first(index, "白鸭绒").spans == (Span("knowledge", 7, 10),)
    assert _first(index, "清仓").spans == (Span("tags", 3, 5),)


def test_fuzzy_span_covers_the_title_characters() -> None:
    hit = _first(build_index(), "shumfeng")
    assert hit.match is MatchKind.FUZZY and hit.spans == (Span("title", 0, 2),)


# -- usage and order ---------------------------------------------------------------------
def test_note_use_lifts_a_phrase_at_once() -> None:
    index = build_index()
    assert _first(index, "物流").id == "t_logistics"
    index.note_use("t_logistics_stuck", datetime(2026, 6, 5, 4, 0))
    assert _first(index, "物流").id == "t_logistics_stuck"
    stat = index.usage("t_logistics_stuck")
    assert stat is not None and stat.count == 1 and stat.frecency == 1.0


def test_set_usage_replaces_everything() -> None:
    index = build_index()
    index.note_use("t_logistics_stuck", NOW)
    index.set_usage({})
    assert _first(index, "物流").id == "t_logistics"


def test_order_does_not_depend_on_insertion_order() -> None:
    forward = SearchIndex.bulk(PHRASES, PRODUCTS)
    backward = SearchIndex.bulk(list(reversed(PHRASES)), list(reversed(PRODUCTS)))
    for query in ["", "k", "kd", "快递", "重复", "tuihou", "#新品", "/售后"]:
        assert _ids(forward, query) == _ids(backward, query), query


def test_typing_keystroke_by_keystroke_equals_typing_at_once() -> None:
    typed, fresh = build_index(), build_index()
    for query in ["kuaidifei", "kd费", "tuihou", "退 7天", "yin行卡"]:
        for k in range(1, len(query) + 1):
            typed.search(query[:k], now_local=NOW)
        fresh.clear_cache()
        assert _ids(typed, query) == _ids(fresh, query), query


def test_first_letters_found_by_a_scan_equal_the_sorted_lists() -> None:
    from sidekick.core.search import store as store_module

    scanned, sorted_ = build_index(), build_index()
    letters = [ord(ch) for ch in "kdtwxy"]
    for letter in letters[: store_module.SCANNED_LETTERS]:  # found by scanning, no sort yet
        scanned._store._letter(letter)
    assert not scanned._store._letter_order
    sorted_._store._sort_letters()
    for letter in letters:
        for a, b in zip(scanned._store._letter(letter), sorted_._store._letter(letter)):
            assert a.tolist() == b.tolist()
    assert scanned._store._letter_order  # the third letter sorted them
