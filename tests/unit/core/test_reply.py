"""The reply pipeline's pure parts: what a body needs, rendering, the buyer, the paste policy."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from sidekick.config.settings import AppRule
from sidekick.core.reply import (
    CurrentProduct,
    ProductMemory,
    ProductSource,
    ReplyContext,
    ReplyNote,
    ReplyProblem,
    ReplyVoice,
    buyer_from_title,
    draft,
    paste_policy,
    render_reply,
)
from sidekick.core.types import Product

CUP = Product(id="p1", item_id="600001", title="陶瓷马克杯", link="https://item.taobao.com/item.htm?id=600001",
              price=Decimal("39"))


@pytest.mark.parametrize(("body", "needs"), [
    ("{商品.标题}", {"product"}), ("{product.材质}", {"product"}), ("{Clipboard}", {"clipboard"}),
    ("{CLIPBOARD}", {"clipboard"}), ("{BUYER}好", {"buyer"}), ("剪贴板 clipboard 商品", set()),
])
def test_what_a_body_needs_comes_from_the_parsed_template(body: str, needs: set[str]) -> None:
    plan = draft(body)
    found = {name for name, flag in (("product", plan.needs_product), ("clipboard", plan.needs_clipboard),
                                     ("buyer", plan.needs_buyer)) if flag}
    assert found == needs


def test_no_product_means_no_reply_and_the_preview_marks_the_gap() -> None:
    plan = draft("这款【{商品.标题}】{光标}推荐给您：{商品.链接}")
    pasted = render_reply(plan, ReplyContext())
    assert pasted.problem is ReplyProblem.NO_PRODUCT and pasted.text == "" and not pasted.pasteable
    shown = render_reply(plan, ReplyContext(), preview=True)
    assert shown.text == "这款【〔选择商品〕】推荐给您：〔选择商品〕"
    current = CurrentProduct(CUP, ProductSource.CARD)
    both = [render_reply(plan, ReplyContext(product=current), preview=preview) for preview in (False, True)]
    assert both[0] == both[1]
    assert both[0].text == f"这款【陶瓷马克杯】推荐给您：{CUP.link}" and both[0].caret == len("这款【陶瓷马克杯】")


def test_the_clipboard_is_read_only_when_the_body_uses_it() -> None:
    reads: list[int] = []

    def clipboard() -> str:
        reads.append(1)
        return "杭州市"

    ctx = ReplyContext(clipboard=clipboard)
    assert render_reply(draft("您好"), ctx).text == "您好" and reads == []
    assert render_reply(draft("地址：{Clipboard}"), ctx).text == "地址：杭州市" and reads == [1]
    assert render_reply(draft("地址：{剪贴板}"), ReplyContext(), preview=True).text == "地址：【剪贴板】"


def test_a_product_itself_renders_its_recommendation() -> None:
    plan = draft("给您推荐「{商品.标题}」，现价{商品.价格}元", recommend=CUP, note="同系列")
    reply = render_reply(plan, ReplyContext(voice=ReplyVoice("小棉", "青棉")))
    assert reply.text == "同系列：给您推荐「陶瓷马克杯」，现价39元"


@pytest.mark.parametrize(("pattern", "title", "buyer"), [
    (r"^(.+?) - 接待中心", "小鹿同学 - 接待中心 - 千牛", "小鹿同学"),
    (r"与 (?P<buyer>\S+) 的对话", "与 tb_8812 的对话", "tb_8812"),
    (r"^(.+?) - ", "没有分隔符的标题", ""),
    (r"([", "小鹿同学 - 接待中心", ""),  # a broken pattern reads nothing, never raises
    ("", "小鹿同学 - 接待中心", ""),
])
def test_the_buyer_is_read_from_a_fake_chat_window_title(pattern: str, title: str, buyer: str) -> None:
    assert buyer_from_title(pattern, title) == buyer


def test_an_empty_buyer_is_noted() -> None:
    assert ReplyNote.BUYER_UNKNOWN in render_reply(draft("{买家}您好"), ReplyContext()).notes
    assert render_reply(draft("{买家}您好"), ReplyContext(buyer="小鹿")).notes == ()


def test_paste_policy_rule_over_defaults() -> None:
    assert paste_policy(None, default_paste_key="ctrl+v", paste_mode="paste").paste_key == "ctrl+v"
    rule = AppRule("aliworkbench", paste_key="shift+insert")
    assert paste_policy(rule, default_paste_key="ctrl+v", paste_mode="paste", send=True) == \
        paste_policy(rule, default_paste_key="ctrl+v", paste_mode="paste", send=True)
    policy = paste_policy(rule, default_paste_key="ctrl+v", paste_mode="paste", send=True)
    assert (policy.paste_key, policy.type_instead, policy.send) == ("shift+insert", False, True)
    assert paste_policy(AppRule("x", type_instead=True), default_paste_key="ctrl+v", paste_mode="paste").type_instead
    assert paste_policy(None, default_paste_key="ctrl+v", paste_mode="type").type_instead


def test_the_current_product_is_the_open_card_then_a_recent_link() -> None:
    now = [0.0]
    memory = ProductMemory(clock=lambda: now[0], ttl_s=300)
    other = Product(id="p2", item_id="600002", title="玻璃杯")
    lookup = {"p1": CUP, "p2": other}.get
    assert memory.current(lookup) is None
    memory.link_detected("p2")
    assert memory.current(lookup) == CurrentProduct(other, ProductSource.LINK)
    memory.card_shown("p1")
    assert memory.current(lookup) == CurrentProduct(CUP, ProductSource.CARD)
    memory.popup_opened()  # a new popup: the old card is not what this reply is about
    now[0] = 301.0
    assert memory.current(lookup) is None  # the link is too old
    memory.link_detected("gone")
    assert memory.current(lookup) is None  # deleted meanwhile


def test_dates_render_from_the_context_clock() -> None:
    reply = render_reply(draft("{日期} {时间}"), ReplyContext(now=datetime(2026, 11, 11, 9, 5)))
    assert reply.text == "2026-11-11 09:05"
