"""Table-driven relevance: query → expected first result and expected within the top 3."""

from __future__ import annotations

from datetime import datetime

import pytest
from search_fixtures import NOW, build_index, used

from sidekick.core.search import SearchIndex
from sidekick.core.types import MatchKind

# (query, expected first id, also expected in the top 3 (or None), expected match kind or None)
CASES: list[tuple[str, str, str | None, MatchKind | None]] = [
    # short codes: exact, prefix, with and without a leading slash, product item ids
    ("kd", "t_kd_default", None, MatchKind.CODE_EXACT),
    ("kdf", "t_kd_fee", None, MatchKind.CODE_EXACT),
    ("sf", "t_shunfeng", None, MatchKind.CODE_EXACT),
    ("/th", "t_return_flow", None, MatchKind.CODE_EXACT),
    ("th", "t_return_flow", None, MatchKind.CODE_EXACT),
    ("/tk", "t_refund_time", None, MatchKind.CODE_EXACT),
    ("tk", "t_refund_time", None, MatchKind.CODE_EXACT),
    ("mk", "p_kd", None, MatchKind.CODE_PREFIX),
    ("cmj", "p_size", None, MatchKind.CODE_PREFIX),
    ("cm", "t_size_chart", "p_size", MatchKind.CODE_EXACT),
    ("YFX", "t_freight_ins", None, MatchKind.CODE_EXACT),
    ("/t", "t_return_flow", "t_refund_time", MatchKind.CODE_PREFIX),
    ("600001", "x_tee", None, MatchKind.CODE_EXACT),
    # Chinese in titles
    ("默认", "t_kd_default", None, MatchKind.TITLE_PREFIX),
    ("快递", "t_kd_fee", "p_kd", MatchKind.TITLE_PREFIX),
    ("退货", "t_return_flow", None, MatchKind.TITLE_PREFIX),
    ("退款", "t_refund_time", None, MatchKind.TITLE_PREFIX),
    ("尺码表", "t_size_chart", None, MatchKind.TITLE_PREFIX),
    ("改地址", "t_addr_change", "t_addr_shipped", MatchKind.TITLE_SUBSTRING),
    ("欢迎", "t_welcome", "p_greet", MatchKind.TITLE_PREFIX),
    ("运费险", "t_freight_ins", None, MatchKind.TITLE_PREFIX),
    ("补偿", "t_compensate", None, MatchKind.TITLE_PREFIX),
    ("纯棉", "x_tee", "t_material", MatchKind.TITLE_PREFIX),
    ("牛仔裤", "x_jeans", None, MatchKind.TITLE_SUBSTRING),
    ("羽绒服", "x_down", None, MatchKind.TITLE_SUBSTRING),
    # Chinese in bodies, tags and knowledge
    ("中通", "t_kd_default", None, MatchKind.BODY_SUBSTRING),
    ("花呗", "t_bank", None, MatchKind.BODY_SUBSTRING),
    ("原路退回", "t_refund_time", None, MatchKind.BODY_SUBSTRING),
    ("48小时", "t_ship_time", None, MatchKind.BODY_SUBSTRING),
    ("白鸭绒", "x_down", None, MatchKind.BODY_SUBSTRING),
    ("清仓", "x_down", None, MatchKind.BODY_SUBSTRING),
    ("冷水", "t_wash", "x_tee", MatchKind.BODY_SUBSTRING),
    # Latin text and numbers, full-width input
    ("iphone", "p_iphone", None, MatchKind.TITLE_PREFIX),
    ("type-c", "p_iphone", None, MatchKind.BODY_SUBSTRING),
    ("20w", "p_iphone", None, MatchKind.BODY_SUBSTRING),
    ("ＸＬ", "t_size_big", None, MatchKind.BODY_SUBSTRING),
    ("kg", "t_size_chart", "t_size_big", MatchKind.BODY_SUBSTRING),
    ("618", "t_618", None, MatchKind.TITLE_PREFIX),
    ("102", "t_size_len", None, MatchKind.BODY_SUBSTRING),
    # pinyin initials
    ("mrkd", "t_kd_default", None, MatchKind.PINYIN_INITIALS),
    ("kdfy", "t_kd_fee", None, MatchKind.PINYIN_INITIALS),
    ("thlc", "t_return_flow", None, MatchKind.PINYIN_INITIALS),
    ("cftx", "t_pay_remind", None, MatchKind.PINYIN_INITIALS),
    ("xgdz", "t_addr_change", None, MatchKind.PINYIN_INITIALS),
    ("wlcx", "t_logistics", None, MatchKind.PINYIN_INITIALS),
    ("cpaf", "t_bad_review", None, MatchKind.PINYIN_INITIALS),
    ("fpsm", "t_invoice", None, MatchKind.PINYIN_INITIALS),
    ("hyy", "t_welcome", None, MatchKind.PINYIN_INITIALS),
    ("scdp", "t_fav", None, MatchKind.PINYIN_INITIALS),
    ("qbyrf", "x_down", None, MatchKind.PINYIN_INITIALS),
    ("sdyx", "t_wait", None, MatchKind.PINYIN_INITIALS),
    # polyphones: contextual reading and the other reading both work
    ("yhk", "t_bank", None, MatchKind.PINYIN_INITIALS),
    ("yxk", "t_bank", None, MatchKind.PINYIN_INITIALS),
    ("bxj", "t_walk", None, MatchKind.PINYIN_INITIALS),
    ("bhj", "t_walk", None, MatchKind.PINYIN_INITIALS),
    ("cdsm", "t_size_len", None, MatchKind.PINYIN_INITIALS),
    ("zdsm", "t_size_len", None, MatchKind.PINYIN_INITIALS),
    ("yinhang", "t_bank", None, MatchKind.PINYIN_FULL),
    ("yinxing", "t_bank", None, MatchKind.PINYIN_FULL),
    ("buxingjie", "t_walk", None, MatchKind.PINYIN_FULL),
    ("changdu", "t_size_len", None, MatchKind.PINYIN_FULL),
    ("zhangdu", "t_size_len", None, MatchKind.PINYIN_FULL),
    # full pinyin
    ("kuaidifei", "t_kd_fee", None, MatchKind.PINYIN_FULL),
    ("tuihuo", "t_return_flow", None, MatchKind.PINYIN_FULL),
    ("shunfeng", "t_shunfeng", None, MatchKind.PINYIN_FULL),
    ("fapiao", "t_invoice", None, MatchKind.PINYIN_FULL),
    ("chunmian", "x_tee", "t_material", MatchKind.PINYIN_FULL),
    ("yurongfu", "x_down", None, MatchKind.PINYIN_FULL),
    ("huanying", "p_greet", "t_welcome", MatchKind.PINYIN_FULL),  # same tier: personal first
    # mixed: initials with full syllables, pinyin with Chinese
    ("kd费", "t_kd_fee", None, MatchKind.PINYIN_INITIALS),
    ("kdfei", "t_kd_fee", None, MatchKind.PINYIN_FULL),
    ("kuaid", "p_kd", "t_kd_fee", MatchKind.PINYIN_FULL),
    ("退h", "t_return_flow", None, MatchKind.PINYIN_INITIALS),
    ("yin行", "t_bank", None, MatchKind.PINYIN_FULL),
    ("shunf", "t_shunfeng", None, MatchKind.PINYIN_FULL),
    # several terms, any order, all required
    ("退 7天", "t_return_flow", None, MatchKind.BODY_SUBSTRING),
    ("7天 退", "t_return_flow", None, MatchKind.BODY_SUBSTRING),
    ("tk 退回", "t_refund_time", None, MatchKind.BODY_SUBSTRING),
    ("运费 kd", "t_kd_default", "t_kd_fee", MatchKind.BODY_SUBSTRING),
    ("顺丰 15", "t_shunfeng", None, MatchKind.BODY_SUBSTRING),
    ("尺码 kg", "t_size_chart", None, MatchKind.BODY_SUBSTRING),
    # filters
    ("@我 kd", "p_kd", None, MatchKind.PINYIN_INITIALS),
    ("@me 尺码", "p_size", None, MatchKind.TITLE_PREFIX),
    ("@team 欢迎", "t_welcome", None, MatchKind.TITLE_PREFIX),
    ("@团队 尺码", "t_size_chart", None, MatchKind.TITLE_PREFIX),
    ("#新品", "x_tee", None, MatchKind.ALL),
    ("#冬", "x_down", None, MatchKind.ALL),
    ("#爆款 牛仔", "x_jeans", None, MatchKind.TITLE_SUBSTRING),
    ("/售后 th", "t_return_flow", None, MatchKind.CODE_EXACT),
    ("/物流", "p_kd", "t_logistics", MatchKind.ALL),
    ("/售前/尺码 偏大", "t_size_big", None, MatchKind.TITLE_PREFIX),
    ("/材质 cs", "t_wash", None, MatchKind.PINYIN_INITIALS),
    # one typo in a Latin or pinyin query of 4+ letters
    ("kuaidu", "p_kd", "t_kd_fee", MatchKind.FUZZY),
    ("tuihou", "t_return_flow", None, MatchKind.FUZZY),
    ("fapoao", "t_invoice", None, MatchKind.FUZZY),
    ("shumfeng", "t_shunfeng", None, MatchKind.FUZZY),
    ("iphome", "p_iphone", None, MatchKind.FUZZY),
    ("yurngfu", "x_down", None, MatchKind.FUZZY),
    # ranking ties: personal before team, position, id, team before products
    ("客服", "p_greet", "t_welcome", MatchKind.BODY_SUBSTRING),
    ("很高兴为您服务", "p_greet", "t_welcome", MatchKind.BODY_SUBSTRING),
    ("物流", "t_logistics", "t_logistics_stuck", MatchKind.TITLE_PREFIX),
    ("重复", "dup_a", "dup_b", MatchKind.TITLE_PREFIX),
    ("", "p_kd", "p_greet", MatchKind.ALL),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return build_index()


@pytest.mark.parametrize(("query", "first", "also", "kind"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_relevance(
    index: SearchIndex, query: str, first: str, also: str | None, kind: MatchKind | None
) -> None:
    hits = index.search(query, limit=20, now_local=NOW)
    ids = [h.id for h in hits]
    assert ids and ids[0] == first, ids[:5]
    if also is not None:
        assert also in ids[:3], ids[:5]
    if kind is not None:
        assert hits[0].match is kind


def test_there_are_at_least_80_cases() -> None:
    assert len(CASES) + len(VALIDITY) + 2 >= 80


# (query, shop-local now, id, expected present)
VALIDITY: list[tuple[str, datetime, str, bool]] = [
    ("ssy", datetime(2026, 11, 5), "t_double11", True),
    ("ssy", NOW, "t_double11", False),
    ("双十一", datetime(2026, 11, 1, 0, 0), "t_double11", True),  # valid_from is inclusive
    ("双十一", datetime(2026, 11, 12, 0, 0), "t_double11", False),  # valid_until is exclusive
    ("618", datetime(2026, 6, 19), "t_618", False),
    ("春节", datetime(2026, 2, 1), "t_spring", True),
    ("春节", NOW, "t_spring", False),
    ("", datetime(2026, 11, 5), "t_double11", True),
    ("", NOW, "t_spring", False),
]


@pytest.mark.parametrize(("query", "now", "item", "present"), VALIDITY)
def test_validity_window(index: SearchIndex, query: str, now: datetime, item: str, present: bool) -> None:
    ids = [h.id for h in index.search(query, limit=100, now_local=now)]
    assert (item in ids) is present


def test_frecency_lifts_a_phrase_within_its_tier() -> None:
    plain = build_index()
    assert plain.search("物流", now_local=NOW)[0].id == "t_logistics"
    index = build_index(used("t_logistics_stuck", 3.0))
    hits = index.search("物流", now_local=NOW)
    assert [h.id for h in hits[:2]] == ["t_logistics_stuck", "t_logistics"]


def test_frecency_does_not_beat_a_better_tier() -> None:
    index = build_index(used("t_logistics_stuck", 50.0))
    assert index.search("wl", now_local=NOW)[0].id == "t_logistics"  # exact code wins
