"""Relevance over the shipped demo shop: queries agents really type (QA review).

``load_demo()`` is deterministic (fixed ids, file order), so the expected results are stable.
Covers the variants (你/您, 7 天 / 七天), the fallback tier ``partial`` (buyer wording, word
order, words apart), mixed pinyin read as separate words, pasted item links, product notes
ranking below titles, and that every hit carries spans.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from sidekick.core.demo import load_demo
from sidekick.core.search import SearchIndex
from sidekick.core.types import HitKind, MatchKind, SearchHit

NOW = datetime(2026, 6, 5, 12, 0)

# (query, expected first title (a prefix of it), a title also expected in the top 3 or None,
#  expected kind of the first hit or None)
CASES: list[tuple[str, str, str | None, MatchKind | None]] = [
    # spacing and numerals: the demo writes "7 天" and "七天"
    ("退 7天", "七天无理由退换", None, MatchKind.TITLE_SUBSTRING),
    ("7天", "七天无理由退换", "价格保护", MatchKind.TITLE_PREFIX),
    ("七天", "七天无理由退换", None, MatchKind.TITLE_PREFIX),
    # 你/您 and greetings
    ("你好", "我的催付", "尊称问候", MatchKind.BODY_SUBSTRING),
    ("在吗", "欢迎语", "咨询高峰欢迎语", MatchKind.PARTIAL),
    # buyer wording → the fallback tier
    ("改地址", "修改收货地址", None, MatchKind.PARTIAL),
    ("怎么退货", "退货流程", "退货地址", MatchKind.PARTIAL),
    ("什么时候发货", "发货时间", None, MatchKind.PARTIAL),
    ("多久到", "快递到货时效", None, MatchKind.PARTIAL),
    ("能便宜点吗", "议价回复", None, MatchKind.PARTIAL),
    ("有赠品吗", "赠品说明", None, MatchKind.PARTIAL),
    ("请问怎么退货呢", "退货流程", None, MatchKind.PARTIAL),
    # products: words apart, word order, extra characters
    ("乳胶枕头", "泰国天然乳胶枕", None, MatchKind.PARTIAL),
    ("四件套纯棉", "青棉小筑 60支新疆长绒棉A类四件套", "全棉水洗棉四件套", MatchKind.PARTIAL),
    ("睡衣女", "青棉小筑 女士纯棉长袖睡衣套装", "女士珊瑚绒睡衣", MatchKind.PARTIAL),
    ("凉席1.8m", "天丝凉席三件套", None, MatchKind.PARTIAL),
    ("凉席 1.8", "天丝凉席三件套", None, MatchKind.TITLE_SUBSTRING),
    # a notes-only mention (on the eye mask) ranks below the product whose title says it
    ("真丝枕套", "22姆米桑蚕丝枕套", "桑蚕丝眼罩", MatchKind.PARTIAL),
    # mixed pinyin: strict when the text has it, else read as separate words
    ("kd费", "快递说明", None, MatchKind.PARTIAL),
    ("kdfei", "快递说明", None, MatchKind.PARTIAL),
    ("kuaid", "快递说明", "指定快递", MatchKind.PINYIN_FULL),
    ("guanzhu", "泰国天然乳胶枕", None, MatchKind.PINYIN_FULL),
    # item ids and pasted links
    ("616815215358", "泰国天然乳胶枕", None, MatchKind.CODE_EXACT),
    ("https://item.taobao.com/item.htm?id=616815215358", "泰国天然乳胶枕", None, MatchKind.CODE_EXACT),
    ("https://detail.tmall.com/item.htm?spm=a1z10&id=616815215358&sku=1", "泰国天然乳胶枕", None, MatchKind.CODE_EXACT),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    lib = load_demo()
    return SearchIndex.bulk(lib.phrases, lib.products)


@pytest.mark.parametrize(("query", "first", "also", "kind"), CASES, ids=[c[0] for c in CASES])
def test_demo_relevance(
    index: SearchIndex, query: str, first: str, also: str | None, kind: MatchKind | None
) -> None:
    hits = index.search(query, limit=20, now_local=NOW)
    titles = [h.title for h in hits]
    assert titles and titles[0].startswith(first), titles[:5]
    if also is not None:
        assert any(t.startswith(also) for t in titles[:3]), titles[:5]
    if kind is not None:
        assert hits[0].match is kind


def _tier(hit: SearchHit) -> int:
    return list(MatchKind).index(hit.match)


@pytest.mark.parametrize("query", [c[0] for c in CASES] + ["快递", "kd", "tk", "纯棉", "凉席", "真丝"])
def test_every_hit_has_spans_and_the_fallback_never_outranks_a_strict_match(
    index: SearchIndex, query: str
) -> None:
    for limit in (1, 5, 20):
        hits = index.search(query, limit=limit, now_local=NOW)
        assert all(h.spans for h in hits), [(h.title, h.match) for h in hits if not h.spans]
        tiers = [_tier(h) for h in hits]
        assert tiers == sorted(tiers), [(h.title, h.match.value) for h in hits]
        # The fallback only fills what the strict kinds leave: a longer list keeps the strict
        # hits of a shorter one in front, in the same order.
        strict = [h.id for h in hits if h.match is not MatchKind.PARTIAL]
        longer = [h.id for h in index.search(query, limit=limit + 20, now_local=NOW)]
        assert longer[: len(strict)] == strict


def test_partial_hits_only_fill_a_short_list(index: SearchIndex) -> None:
    # 快递 has far more than 5 strict matches: no fallback hit may appear.
    assert all(h.match is not MatchKind.PARTIAL for h in index.search("快递", limit=5, now_local=NOW))
    hits = index.search("改地址", limit=3, now_local=NOW)
    assert len(hits) == 3 and all(h.match is MatchKind.PARTIAL for h in hits)


def test_notes_are_matched_only_by_the_fallback(index: SearchIndex) -> None:
    # "常与真丝枕套、睡袍组成睡眠礼盒" is the eye mask's notes: no strict kind sees it.
    hits = {h.title: h for h in index.search("真丝枕套", limit=20, now_local=NOW)}
    mask = next(h for t, h in hits.items() if t.startswith("桑蚕丝眼罩"))
    assert mask.kind is HitKind.PRODUCT and mask.match is MatchKind.PARTIAL
    assert any(s.field == "knowledge" for s in mask.spans)


def test_codes_and_short_queries_are_unchanged(index: SearchIndex) -> None:
    assert index.search("kd", limit=1, now_local=NOW)[0].match is MatchKind.CODE_EXACT
    assert index.search("/tk", limit=1, now_local=NOW)[0].match is MatchKind.CODE_EXACT
    assert index.search("zzzzqqq", limit=20, now_local=NOW) == []
