"""The demo shop: the shipped YAML files and the parser that turns them into a Library."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import datetime
from decimal import Decimal

import pytest

from sidekick.core import demo
from sidekick.core.demo import load_demo, parse_demo, phrase_id, product_id
from sidekick.core.types import CategoryPath, LibraryKind, RelationKind

KNOWN_PLACEHOLDERS = {
    "买家", "客服", "店铺", "日期", "时间", "光标",
    "?订单号", "?快递单号",
    "商品.标题", "商品.链接", "商品.价格",
}
TAG_VOCABULARY = {
    "新品", "爆款", "夏季", "冬季", "春秋", "纯棉", "真丝", "亚麻", "羊毛",
    "家纺", "家居服", "女装", "男装", "童装", "配饰", "清仓",
}
# The day the demo's campaign windows were written against.
REFERENCE_NOW = datetime(2026, 11, 23, 12, 0)


@pytest.fixture(scope="module")
def texts() -> tuple[str, str]:
    folder = demo.demo_dir()
    return (
        (folder / demo.PHRASES_FILE).read_text(encoding="utf-8"),
        (folder / demo.PRODUCTS_FILE).read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def library():
    return load_demo()


def team(library):
    return [p for p in library.phrases if p.library is LibraryKind.TEAM]


def personal(library):
    return [p for p in library.phrases if p.library is LibraryKind.PERSONAL]


# --- size and shape ---------------------------------------------------------------------


def test_counts(library):
    assert len(library.phrases) >= 160
    assert len(team(library)) >= 115
    assert len(personal(library)) >= 40
    assert len(library.products) >= 42


def test_category_paths_have_at_most_two_levels(library):
    for phrase in library.phrases:
        assert 1 <= len(phrase.category.parts) <= 2, phrase.title
    for _, path, _ in library.categories:
        assert 1 <= len(path.parts) <= 2


def test_every_phrase_category_is_listed_with_its_parent(library):
    listed = {(kind, path) for kind, path, _ in library.categories}
    for phrase in library.phrases:
        assert (phrase.library, phrase.category) in listed, phrase.title
        assert (phrase.library, CategoryPath(phrase.category.category)) in listed


def test_category_positions_follow_file_order(library):
    siblings = defaultdict(list)
    for kind, path, position in library.categories:
        parent = path.category if path.subcategory else ""
        siblings[(kind, parent)].append(position)
    for positions in siblings.values():
        assert positions == list(range(len(positions)))
    team_tops = [p.category for k, p, _ in library.categories
                 if k is LibraryKind.TEAM and not p.subcategory]
    assert team_tops[:3] == ["接待", "售前", "售中"]


def test_phrase_positions_are_order_within_category(library):
    by_category = defaultdict(list)
    for phrase in library.phrases:
        by_category[(phrase.library, phrase.category)].append(phrase.position)
    for positions in by_category.values():
        assert positions == list(range(len(positions)))


def test_conversation_flow_and_sale_phases_are_covered(library):
    paths = {str(p.category) for p in team(library)}
    for expected in ("接待 › 欢迎语", "接待 › 商品介绍", "接待 › 活动告知", "接待 › 确认订单",
                     "接待 › 收藏关注", "售前 › 快递", "售前 › 运费", "售前 › 尺码",
                     "售前 › 材质", "售前 › 发票", "售中 › 催付", "售后 › 退换货",
                     "售后 › 投诉", "售后 › 差评", "活动 › 双11"):
        assert expected in paths


# --- codes and the phrases the popup relies on --------------------------------------------


def test_codes_are_unique_per_library(library):
    for kind in LibraryKind:
        codes = [p.code.casefold() for p in library.phrases if p.library is kind and p.code]
        duplicates = [c for c, n in Counter(codes).items() if n > 1]
        assert not duplicates, duplicates


def test_titles_are_unique_per_library(library):
    for kind in LibraryKind:
        titles = [p.title for p in library.phrases if p.library is kind]
        assert len(titles) == len(set(titles))


def test_kd_is_the_shipping_reply(library):
    matches = [p for p in team(library) if p.code == "kd"]
    assert len(matches) == 1
    kd = matches[0]
    assert kd.title == "快递说明"
    assert kd.category == CategoryPath("售前", "快递")
    assert "48 小时" in kd.body and "中通" in kd.body
    assert kd.valid_from is None and kd.valid_until is None


def test_several_shipping_phrases(library):
    shipping = [p for p in team(library) if "快递" in p.title]
    assert len(shipping) >= 5


def test_some_bodies_span_several_lines(library):
    assert sum("\n" in p.body for p in library.phrases) >= 3
    assert all(not p.body.endswith("\n") for p in library.phrases)


def test_some_bodies_carry_emoji(library):
    emoji = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
    assert sum(bool(emoji.search(p.body)) for p in library.phrases) >= 40


def test_campaign_windows(library):
    windowed = [p for p in library.phrases if p.valid_from or p.valid_until]
    assert len(windowed) >= 3
    valid = [p.title for p in windowed if p.is_valid_at(REFERENCE_NOW)]
    hidden = [p.title for p in windowed if not p.is_valid_at(REFERENCE_NOW)]
    assert valid and hidden
    by_title = {p.title: p for p in windowed}
    assert not by_title["双11活动规则"].is_valid_at(REFERENCE_NOW)  # over
    assert by_title["双11活动规则"].is_valid_at(datetime(2026, 11, 11, 9, 0))
    assert not by_title["年货节活动"].is_valid_at(REFERENCE_NOW)  # not yet
    assert by_title["年货节活动"].valid_from == datetime(2027, 1, 6, 0, 0)
    assert by_title["暖冬节满减"].is_valid_at(REFERENCE_NOW)
    for phrase in windowed:
        if phrase.valid_from and phrase.valid_until:
            assert phrase.valid_from < phrase.valid_until


def test_personal_phrases_are_personalised(library):
    mine = personal(library)
    assert sum("{客服}" in p.body for p in mine) >= 10
    assert sum("{买家}" in p.body for p in mine) >= 10
    greeting = next(p for p in mine if p.code == "/hi")
    assert greeting.body.startswith("尊敬的{买家}您好，我是客服{客服}")


# --- house style and placeholders -------------------------------------------------------


def test_team_bodies_address_the_buyer_as_nin(library):
    offenders = [p.title for p in team(library) if "你" in p.body or "你" in p.title]
    assert not offenders


def test_no_flat_refusals(library):
    flat = ("不行", "没办法", "不能")
    offenders = [p.title for p in library.phrases if any(w in p.body for w in flat)]
    assert not offenders


def test_qin_is_not_overused(library):
    assert sum("亲" in p.body.replace("亲肤", "") for p in library.phrases) <= 5


def _placeholders(text: str) -> list[str]:
    text = text.replace("{{", "").replace("}}", "")
    names = re.findall(r"\{([^{}]*)\}", text)
    stray = re.sub(r"\{[^{}]*\}", "", text)
    assert "{" not in stray and "}" not in stray, text
    return names


def test_placeholders_are_known(library):
    used = Counter()
    for phrase in library.phrases:
        for name in _placeholders(phrase.body):
            assert name in KNOWN_PLACEHOLDERS, (phrase.title, name)
            used[name] += 1
    # The demo shows each kind of placeholder at least once.
    assert set(used) == KNOWN_PLACEHOLDERS


def test_no_literal_double_braces(texts):
    phrases_yaml, _ = texts
    assert "{{" not in phrases_yaml and "}}" not in phrases_yaml


# --- products ---------------------------------------------------------------------------


def test_products_identity_and_price(library):
    item_ids = [p.item_id for p in library.products]
    assert len(item_ids) == len(set(item_ids))
    for product in library.products:
        assert re.fullmatch(r"\d{12}", product.item_id)
        assert product.link == f"https://item.taobao.com/item.htm?id={product.item_id}"
        assert isinstance(product.price, Decimal)
        assert product.price > 0 and product.price.as_tuple().exponent == -2
        assert len(product.title) >= 15


def test_product_tags(library):
    for product in library.products:
        assert 2 <= len(product.tags) <= 4, product.title
        assert set(product.tags) <= TAG_VOCABULARY, product.title
    assert sum("爆款" in p.tags for p in library.products) >= 10


def test_product_knowledge(library):
    core_fields = 0
    for product in library.products:
        names = [k.name for k in product.knowledge]
        assert len(names) == len(set(names))
        assert len(names) >= 4, product.title
        assert all(k.value.strip() for k in product.knowledge)
        assert product.notes
        if {"材质", "洗涤", "卖点"} <= set(names) and ({"尺码", "规格"} & set(names)):
            core_fields += 1
    assert core_fields >= int(0.9 * len(library.products))
    names = {k.name for p in library.products for k in p.knowledge}
    assert {"产地", "颜色", "适合人群", "常见问题"} <= names
    first = library.products[0]
    assert [k.name for k in first.knowledge][:2] == ["材质", "规格"]


def test_relations(library):
    ids = {p.id for p in library.products}
    kinds = Counter()
    for product in library.products:
        assert product.related, product.title
        assert [r.position for r in product.related] == list(range(len(product.related)))
        for relation in product.related:
            assert relation.target_id in ids
            assert relation.target_id != product.id
            assert relation.note
            kinds[relation.kind] += 1
    assert kinds[RelationKind.PAIRING] >= 30
    assert kinds[RelationKind.SUBSTITUTE] >= 15


# --- ids ----------------------------------------------------------------------------------


def test_ids_are_deterministic(texts, library):
    again = parse_demo(*texts)
    assert again == library
    assert [p.id for p in again.phrases] == [p.id for p in library.phrases]
    ids = [p.id for p in library.phrases] + [p.id for p in library.products]
    assert len(ids) == len(set(ids))
    kd = next(p for p in library.phrases if p.code == "kd")
    assert kd.id == phrase_id(LibraryKind.TEAM, "快递说明")
    first = library.products[0]
    assert first.id == product_id(first.item_id)
    assert first.position == 0 and library.products[-1].position == len(library.products) - 1


def test_same_title_in_both_libraries_gets_different_ids():
    assert phrase_id(LibraryKind.TEAM, "道别") != phrase_id(LibraryKind.PERSONAL, "道别")


# --- validation -------------------------------------------------------------------------

PRODUCTS_OK = """
products:
  - item_id: "100000000001"
    title: 纯棉毛巾
    price: "9.90"
    related:
      - {kind: 搭配, target: "100000000002", note: 一起买}
  - item_id: "100000000002"
    title: 纯棉浴巾
"""


def test_minimal_files_parse():
    library = parse_demo(
        "team:\n  售前:\n    快递:\n      - {code: kd, title: 快递说明, body: 发中通}\n"
        "  通用:\n    - {title: 稍等, body: 请稍等}\n",
        PRODUCTS_OK,
    )
    assert [p.category for p in library.phrases] == [CategoryPath("售前", "快递"),
                                                     CategoryPath("通用")]
    assert library.categories == (
        (LibraryKind.TEAM, CategoryPath("售前"), 0),
        (LibraryKind.TEAM, CategoryPath("售前", "快递"), 0),
        (LibraryKind.TEAM, CategoryPath("通用"), 1),
    )
    towel = library.products[0]
    assert towel.link == "https://item.taobao.com/item.htm?id=100000000001"
    assert towel.price == Decimal("9.90")
    assert towel.related[0].kind is RelationKind.PAIRING
    assert towel.related[0].target_id == library.products[1].id
    assert library.products[1].price is None


@pytest.mark.parametrize(
    ("phrases_yaml", "named"),
    [
        (  # code used twice in one library
            "team:\n  售前:\n    快递:\n      - {code: kd, title: 快递说明, body: a}\n"
            "    运费:\n      - {code: KD, title: 运费说明, body: b}\n",
            "运费说明",
        ),
        (  # third category level
            "team:\n  售前:\n    快递:\n      顺丰:\n        - {title: 顺丰, body: a}\n",
            "售前 › 快递 › 顺丰",
        ),
        (  # misspelt key
            "team:\n  活动:\n    - {title: 双11, body: a, vaild_until: '2026-11-12 00:00'}\n",
            "vaild_until",
        ),
        (  # bad date
            "team:\n  活动:\n    - {title: 双11, body: a, valid_until: 11月12日}\n",
            "双11",
        ),
        (  # window the wrong way round
            "team:\n  活动:\n    - {title: 双11, body: a, valid_from: '2026-11-12 00:00',"
            " valid_until: '2026-11-01 00:00'}\n",
            "双11",
        ),
        (  # same title twice in one library
            "personal:\n  a:\n    - {title: 你好, body: a}\n  b:\n    - {title: 你好, body: b}\n",
            "你好",
        ),
        (  # the same key twice: YAML would silently keep the last one
            "team:\n  售前:\n    - {title: a, body: a}\n  售前:\n    - {title: b, body: b}\n",
            "售前",
        ),
        (  # a separator in a category name would read back as another level
            "team:\n  售前/快递:\n    - {title: a, body: a}\n",
            "售前/快递",
        ),
        ("shop:\n  售前:\n    - {title: a, body: a}\n", "shop"),
        ("team:\n  售前:\n    - {title: a}\n", "body"),
        ("team:\n  售前:\n    - {title: a, body: b, code: 12}\n", "12"),
    ],
)
def test_bad_phrases_raise_naming_the_entry(phrases_yaml, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        parse_demo(phrases_yaml, PRODUCTS_OK)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (('target: "100000000002"', 'target: "100000000009"'), "100000000009"),
        (('target: "100000000002"', 'target: "100000000001"'), "纯棉毛巾"),
        (("kind: 搭配", "kind: 赠品"), "纯棉毛巾"),
        (('price: "9.90"', "price: 九块九"), "纯棉毛巾"),
        (('item_id: "100000000002"', 'item_id: "100000000001"'), "纯棉浴巾"),
        (("    title: 纯棉浴巾", "    title: 纯棉浴巾\n    tag: [爆款]"), "tag"),
    ],
)
def test_bad_products_raise_naming_the_entry(change, named):
    old, new = change
    assert old in PRODUCTS_OK
    with pytest.raises(ValueError, match=re.escape(named)):
        parse_demo("", PRODUCTS_OK.replace(old, new))


def test_invalid_yaml_is_a_value_error():
    with pytest.raises(ValueError, match=r"phrases\.yaml"):
        parse_demo("team: [unclosed", PRODUCTS_OK)
