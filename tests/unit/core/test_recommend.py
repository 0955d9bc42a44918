"""Recommendation text rendered from the shop's template."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from sidekick.config.settings import Settings
from sidekick.core.placeholders import RenderContext, validate
from sidekick.core.recommend import has_note_placeholder, recommendation_text, template_errors, validate_template
from sidekick.core.types import KnowledgeField, Product

PRODUCT = Product(
    id="p1",
    item_id="722818662011",
    title="60支长绒棉四件套",
    link="https://item.taobao.com/item.htm?id=722818662011",
    price=Decimal("399.00"),
    knowledge=(KnowledgeField("材质", "100% 新疆长绒棉"),),
)


def test_default_template() -> None:
    text = recommendation_text(PRODUCT, Settings().recommend_template)
    assert text == "给您推荐这款「60支长绒棉四件套」，现价399元，链接：https://item.taobao.com/item.htm?id=722818662011"
    assert validate_template(Settings().recommend_template) == []


def test_note_goes_in_front_when_the_template_has_no_place_for_it() -> None:
    text = recommendation_text(PRODUCT, "{商品.标题}，{商品.价格}元，{商品.链接}", note="同色系床笠，整套更显高级。")
    assert text.startswith("同色系床笠，整套更显高级：60支长绒棉四件套，399元")


def test_note_placeholder() -> None:
    template = "推荐您看看这款：{商品.标题}（{推荐语}）{商品.链接}"
    assert has_note_placeholder(template) and not has_note_placeholder("{商品.标题}")
    text = recommendation_text(PRODUCT, template, note="厚床垫包得更牢")
    assert text == "推荐您看看这款：60支长绒棉四件套（厚床垫包得更牢）https://item.taobao.com/item.htm?id=722818662011"
    assert recommendation_text(PRODUCT, "{商品.标题}{note}", note="") == "60支长绒棉四件套"


def test_knowledge_and_context_placeholders() -> None:
    ctx = RenderContext(agent="小青", shop="青棉小筑", now=datetime(2026, 6, 1))
    text = recommendation_text(PRODUCT, "我是{客服}，{店铺}的{商品.标题}面料是{商品.材质}", ctx=ctx)
    assert text == "我是小青，青棉小筑的60支长绒棉四件套面料是100% 新疆长绒棉"


def test_the_context_product_is_replaced() -> None:
    other = replace(PRODUCT, id="p2", title="别的商品")
    ctx = RenderContext(product=other)
    assert recommendation_text(PRODUCT, "{商品.标题}", ctx=ctx) == PRODUCT.title


def test_missing_price_leaves_no_dangling_yuan() -> None:
    text = recommendation_text(replace(PRODUCT, price=None), Settings().recommend_template)
    assert text == "给您推荐这款「60支长绒棉四件套」，链接：https://item.taobao.com/item.htm?id=722818662011"
    # The old bare default still collapses its separators.
    bare = recommendation_text(replace(PRODUCT, price=None), "{商品.标题}，{商品.价格}元，{商品.链接}")
    assert bare == "60支长绒棉四件套，https://item.taobao.com/item.htm?id=722818662011"
    # Only known price words go with the price: a title's closing 」 stays.
    assert recommendation_text(replace(PRODUCT, price=None), "「{商品.标题}」{商品.价格}") == "「60支长绒棉四件套」"
    assert recommendation_text(replace(PRODUCT, price=None), "{商品.标题}，到手价：￥{商品.价格}元起") == "60支长绒棉四件套"


def test_template_text_is_never_evaluated() -> None:
    text = recommendation_text(PRODUCT, "{商品.__class__}{商品.标题.__init__}{0}")
    assert PRODUCT.title not in text or "__" in text
    assert "class 'sidekick" not in text


HOUSE = "给您推荐这款「{商品.标题}」，{推荐语}现价{商品.价格}元，链接：{商品.链接}"
LINK = "https://item.taobao.com/item.htm?id=722818662011"


def test_note_inside_a_sentence_is_joined_with_a_comma() -> None:
    assert recommendation_text(PRODUCT, HOUSE) == f"给您推荐这款「60支长绒棉四件套」，现价399元，链接：{LINK}"
    text = recommendation_text(PRODUCT, HOUSE, note="同色系床笠，整套更显高级")
    assert text == f"给您推荐这款「60支长绒棉四件套」，同色系床笠，整套更显高级，现价399元，链接：{LINK}"
    # A note that ends a sentence keeps its mark; a trailing comma is not doubled.
    assert "整套更显高级。现价399元" in recommendation_text(PRODUCT, HOUSE, note="整套更显高级。")
    assert "整套更显高级，现价399元" in recommendation_text(PRODUCT, HOUSE, note="整套更显高级，")
    # Without a price the note runs into the link clause, not into "现价元".
    text = recommendation_text(replace(PRODUCT, price=None), HOUSE, note="同色系床笠")
    assert text == f"给您推荐这款「60支长绒棉四件套」，同色系床笠，链接：{LINK}"


def test_the_note_placeholder_passes_validation_other_typos_do_not() -> None:
    assert validate(HOUSE), "the phrase language itself does not know {推荐语}"
    assert validate_template(HOUSE) == [] and template_errors(HOUSE) == []
    assert validate_template("{note}{商品.标题}") == []
    errors = template_errors("{推荐语}{卖家}{商品.标题")
    assert [e.code for e in errors] == ["unknown", "unclosed"]
    assert errors[0].start == 5 and "{卖家}" in errors[0].message_zh  # positions are the template's own
    assert "{卖家}" in str(validate_template("{推荐语}{卖家}")[0])
