"""Link detection: real-looking item links match, ordinary chat text never does."""

from __future__ import annotations

import pytest

from sidekick.core.links import DEFAULT_LINK_PATTERNS, MAX_TEXT, LinkMatcher, LinkPatternError, pattern_problems

KNOWN = {"722818662011", "741045750040"}

LINKS = [
    ("https://item.taobao.com/item.htm?id=722818662011", "722818662011"),
    ("item.taobao.com/item.htm?id=722818662011", "722818662011"),
    ("https://item.taobao.com/item.htm?spm=a1z10.3-c.w4002-2317.9.5e3b&id=722818662011&ns=1&abbucket=8#detail",
     "722818662011"),
    ("https://detail.tmall.com/item.htm?abbucket=2&id=680123456789&rn=1c0f&skuId=5012345678901&spm=a1z10.1",
     "680123456789"),
    ("https://detail.m.tmall.com/item.htm?id=680123456789", "680123456789"),
    ("https://detail.tmall.hk/hk/item.htm?id=612345678901&spm=x", "612345678901"),
    ("https://h5.m.taobao.com/awp/core/detail.htm?ft=t&id=722818662011", "722818662011"),
    ("https://main.m.taobao.com/security-h5-detail/home?id=722818662011&spm=a2141", "722818662011"),
    ("HTTPS://ITEM.TAOBAO.COM/item.htm?ID=722818662011", "722818662011"),
    ("https://a.m.taobao.com/i722818662011.htm", "722818662011"),
    ("https://item.jd.com/100012043978.html", "100012043978"),
    ("https://item.jd.com/4335139.html?extension_id=eyJhZCI6IiIsImNoIjoiIiwic2hvcCI6IiJ9", "4335139"),
    ("https://item.m.jd.com/product/100012043978.html?gx=RnAomTM", "100012043978"),
    ("https://npcitem.jd.hk/100009123456.html", "100009123456"),
    ("https://mobile.yangkeduo.com/goods.html?goods_id=325478912345&page_from=23", "325478912345"),
    ("https://mobile.yangkeduo.com/goods2.html?ps=abc&goods_id=325478912345", "325478912345"),
    ("https://haohuo.jinritemai.com/views/product/detail?id=3612345678901234567&origin_type=604",
     "3612345678901234567"),
    ("https://detail.1688.com/offer/612345678901.html?spm=a26352", "612345678901"),
    # A link inside the buyer's message, and a percent-encoded link inside a redirect.
    ("亲，这个还有货吗 https://item.taobao.com/item.htm?id=722818662011 想要燕麦色", "722818662011"),
    ("我看的是这个https://item.taobao.com/item.htm?id=722818662011谢谢", "722818662011"),
    ("这个item.taobao.com/item.htm?id=722818662011有货吗", "722818662011"),
    ("京东链接：item.jd.com/100012043978.html", "100012043978"),
    ("https://s.click.taobao.com/t?e=m&url=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D722818662011",
     "722818662011"),
]

NOT_LINKS = [
    "",
    "您好，在的，请问有什么可以帮您？",
    "订单号 3587214569852147 还没发货",
    "订单号：3587214569852147",
    "我的手机号是 13812345678，麻烦尽快发货",
    "13812345678",  # a bare number that is not a known item id
    "3587214569852147",
    "¥399.00",
    "399",
    "价格 229 元，满 300 减 30",
    "快递单号 SF1234567890123 已签收",
    "id=722818662011",  # no host: a parameter alone is not a link
    "商品id 722818662011 有货吗",  # a number inside chat text: only links or a bare known id count
    # Short links carry no item id.
    "https://m.tb.cn/h.5abcDEF?tk=xyz CZ0001 「青棉小筑 四件套」点击链接直接打开",
    "【淘宝】https://e.tb.cn/h.gAbCdEf?tk=1a2B3c4D",
    "https://u.jd.com/AbCdEf1",
    "https://3.cn/1aBcD-EF",
    "https://v.douyin.com/iJAbCdE/",
    # Marketplace pages that are not items, and ids in the wrong parameter.
    "https://shop123456789.taobao.com/?spm=a230r.7195193",
    "https://shop.taobao.com/shop/view_shop.htm?user_number_id=2200123456789",
    "https://item.taobao.com/item.htm?spm=a1z10&shop_id=123456789&user_id=987654321",
    "https://mall.jd.com/index-1000012345.html",
    "https://item.taobao.com/item.htm?id=1234",  # too short to be an item id
    # Look-alike hosts.
    "https://item.nottaobao.com/item.htm?id=722818662011",
    "https://item.taobao.com.evil.example/item.htm?id=722818662011",
    "https://example.com/redirect?to=jd.com&id=100012043978",
]


@pytest.fixture
def matcher() -> LinkMatcher:
    return LinkMatcher(DEFAULT_LINK_PATTERNS)


@pytest.mark.parametrize(("text", "item_id"), LINKS)
def test_item_links_match(matcher: LinkMatcher, text: str, item_id: str) -> None:
    assert matcher.match(text) == item_id


@pytest.mark.parametrize("text", NOT_LINKS)
def test_ordinary_text_never_matches(matcher: LinkMatcher, text: str) -> None:
    assert matcher.match(text) is None
    assert matcher.match(text, is_known=KNOWN.__contains__) is None


def test_a_bare_number_counts_only_when_it_is_a_known_item_id(matcher: LinkMatcher) -> None:
    assert matcher.match("722818662011") is None  # the caller did not say it is known
    assert matcher.match("722818662011", is_known=KNOWN.__contains__) == "722818662011"
    assert matcher.match("  722818662011\n", is_known=KNOWN.__contains__) == "722818662011"
    assert matcher.match("13812345678", is_known=KNOWN.__contains__) is None
    assert matcher.match("722818662011 722818662011", is_known=KNOWN.__contains__) is None


def test_long_text_is_skipped(matcher: LinkMatcher) -> None:
    text = "聊天记录" * (MAX_TEXT // 4) + " https://item.taobao.com/item.htm?id=722818662011"
    assert matcher.match(text) is None


def test_shop_patterns_with_a_named_group_and_a_custom_form() -> None:
    matcher = LinkMatcher([r"shop\.example\.cn/p/(?P<id>[A-Z0-9]{8})", r"m\.tb\.cn/h\.(\w+)"])
    assert matcher.match("看看 https://shop.example.cn/p/AB12CD34") == "AB12CD34"
    # A shop may decide its own short links are enough (the token is then the "item id").
    assert matcher.match("https://m.tb.cn/h.5abcDEF?tk=x") == "5abcDEF"


def test_invalid_patterns_are_named_in_the_error() -> None:
    with pytest.raises(LinkPatternError) as raised:
        LinkMatcher([r"item\.taobao\.com/.*id=(\d+", r"no-group\.com/\d+", r"ok\.com/(\d+)"])
    message = str(raised.value)
    assert r"item\.taobao\.com/.*id=(\d+" in message and "not a valid regular expression" in message
    assert r"no-group\.com/\d+" in message and "no group" in message
    assert "ok.com" not in message.replace("\\", "")
    assert len(raised.value.problems) == 2


def test_lenient_keeps_the_good_patterns() -> None:
    matcher, problems = LinkMatcher.lenient([r"bad(", *DEFAULT_LINK_PATTERNS])
    assert len(problems) == 1 and "bad(" in problems[0]
    assert matcher.match("https://item.jd.com/100012043978.html") == "100012043978"
    assert pattern_problems(DEFAULT_LINK_PATTERNS) == []


def test_blank_patterns_are_ignored() -> None:
    assert LinkMatcher(["", "  "]).match("https://item.jd.com/100012043978.html") is None
