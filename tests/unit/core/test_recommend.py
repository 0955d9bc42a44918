"""Recommendation text rendered from the shop's template."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from sidekick.config.settings import Settings
from sidekick.core.placeholders import RenderContext
from sidekick.core.recommend import has_note_placeholder, recommendation_text
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
    assert text == "60支长绒棉四件套，399元，https://item.taobao.com/item.htm?id=722818662011"


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
    assert text == "60支长绒棉四件套，https://item.taobao.com/item.htm?id=722818662011"


def test_template_text_is_never_evaluated() -> None:
    text = recommendation_text(PRODUCT, "{商品.__class__}{商品.标题.__init__}{0}")
    assert PRODUCT.title not in text or "__" in text
    assert "class 'sidekick" not in text
