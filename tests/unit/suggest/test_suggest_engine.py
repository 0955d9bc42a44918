"""The suggestion engine's channels and rules: own 问法, validity, personal first, usage,
product knowledge, automatic intent linking, the confidence threshold, masking."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

import numpy as np
import pytest

from sidekick.core.exchange.common import derive_title
from sidekick.core.suggest import (
    IntentLinker,
    QuestionBank,
    SuggestEngine,
    link_intents,
    load_question_bank,
    mask_buyer_text,
    parse_question_bank,
)
from sidekick.core.suggest.engine import CHANNELS
from sidekick.core.suggest.questions import question_bag as _question_bag
from sidekick.core.types import CategoryPath, KnowledgeField, LibraryKind, Phrase, Product


def engine_question_bag(text: str) -> Counter[str]:
    return _question_bag(text, with_words=True)

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL


@lru_cache(maxsize=1)
def bank() -> QuestionBank:
    return load_question_bank()


def phrase(pid: str, title: str, body: str = "好的", *, library: LibraryKind = TEAM, **fields: object) -> Phrase:
    return Phrase(id=pid, library=library, category=CategoryPath("售后"), title=title, body=body, **fields)


def top(engine: SuggestEngine, message: str, **kwargs: object) -> list[str]:
    return [s.phrase.id for s in engine.suggest(message, **kwargs)]


def test_a_phrases_own_questions_find_it_without_any_intent() -> None:
    own = phrase("wifi", "路由器设置", "长按复位键 5 秒", intents=("-",), questions=("网络灯一直红怎么办",))
    other = phrase("refund", "退款说明", "原路退回", intents=("refund_progress",))
    engine = SuggestEngine([own, other], bank())
    found = engine.suggest("网络灯一直是红的怎么办啊")
    assert [s.phrase.id for s in found][:1] == ["wifi"]
    assert found[0].matched_question == "网络灯一直红怎么办" and "问法" in found[0].reason


def test_explicit_no_intent_is_not_linked_automatically() -> None:
    invite = phrase("invite", "价格保护邀请", "欢迎收藏", intents=("-",))
    assert link_intents(invite, bank()) == ("-",)
    assert top(SuggestEngine([invite], bank()), "刚买就降价了 能保价吗") == []


def test_intents_are_linked_from_title_and_questions_when_not_given() -> None:
    assert link_intents(phrase("p", "价格保护", "付款后 7 天内可申请"), bank())[:1] == ("price_protection",)
    by_questions = phrase("q", "说明 A", "…", questions=("发票怎么开", "能开公司抬头的发票吗"))
    assert "invoice" in link_intents(by_questions, bank())
    assert link_intents(phrase("r", "今日日期", "今天是 {日期}"), bank()) == ()


def untitled(pid: str, body: str, category: str = "售前") -> Phrase:
    """A reply as a format without titles hands it over: the title is the body's opening."""
    return Phrase(id=pid, library=TEAM, category=CategoryPath(category), title=derive_title(body), body=body)


def test_a_titled_reply_is_not_linked_by_words_its_body_mentions_in_passing() -> None:
    body = "我是您的专属客服小林，之后有问题我全程跟进"  # 跟进: a keyword of 售后进度
    assert link_intents(phrase("t", "专属客服介绍", body), bank()) == ()
    assert link_intents(untitled("u", body), bank()) == ("after_sale_progress",)  # no title: the body speaks


def test_an_untitled_reply_is_linked_by_the_keywords_of_its_body() -> None:
    assert link_intents(untitled("p", "咱家支持付款后 7 天内价保，同款降价可申请退差价"), bank())[:1] == ("price_protection",)


def test_an_untitled_reply_is_linked_by_its_own_words_not_its_category() -> None:
    """Its category names the group's matter (「物流」: 查物流), its body the reply's own (补发)."""
    reply = untitled("c", "漏发的那件已经给您补发了，今天就能寄出", category="物流")
    assert link_intents(reply, bank()) == ("missing_item",)


def test_an_untitled_goodbye_is_linked_to_thanks_by_its_words() -> None:
    """The intent model gives thanks no share (every reply opens politely), so a goodbye imported
    without a title, in a group that says nothing, is linked by the bank's goodbye keywords."""
    reply = untitled("g", "谢谢您的支持，有问题随时找我，祝您生活愉快", category="常用")
    assert link_intents(reply, bank()) == ("thanks_closing",)


@pytest.mark.parametrize(("body", "intent"), [
    ("运动裤尺码对照（身高/体重）：M 码 165–170cm，120–140 斤；L 码 170–175cm，140–160 斤", "size_advice"),
    ("好的呢，感谢您的支持，祝您一切顺利🌷", "thanks_closing"),
])
def test_an_untitled_reply_is_linked_by_the_meaning_of_its_opening(body: str, intent: str) -> None:
    reply = untitled("r", body)
    ids = [i.id for i in bank().intents]
    assert [ids[k] for k in SuggestEngine([reply], bank()).links[0]] == [intent]
    assert SuggestEngine([reply], bank(), channels=CHANNELS - {"openings"}).links[0] == ()  # n-grams alone: none


def test_a_titled_reply_is_linked_by_its_title_not_its_openings_meaning() -> None:
    body = "运动裤尺码对照（身高/体重）：M 码 165–170cm，120–140 斤；L 码 170–175cm，140–160 斤"
    assert SuggestEngine([phrase("s", "男款参考", body)], bank()).links == [()]
    assert SuggestEngine([untitled("u", body)], bank()).links != [()]


def test_links_are_computed_once_per_phrase_text_and_again_after_an_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    linker = IntentLinker(bank())
    replies = [untitled("a", "咱家支持付款后 7 天内价保，同款降价可申请退差价"),
               untitled("b", "好的呢，感谢您的支持，祝您一切顺利，再见"), phrase("c", "价格保护", "付款后 7 天内可申请")]
    first = [linker.link_scores(p).copy() for p in replies]
    computed: list[str] = []
    compute = linker._link_scores
    monkeypatch.setattr(linker, "_link_scores", lambda p: computed.append(p.id) or compute(p))
    edited = replace(replies[1], body=replies[1].body + "哦")
    again = [linker.link_scores(p) for p in (replies[0], edited, replies[2])]
    assert computed == ["b"]  # only the edited reply is linked again
    assert np.array_equal(again[0], first[0]) and np.array_equal(again[2], first[2])
    assert np.array_equal(again[1], IntentLinker(bank()).link_scores(edited))
    again[0] += 1  # what one caller adds to its scores does not reach the next
    assert np.array_equal(linker.link_scores(replies[0]), first[0])


def test_phrases_outside_their_validity_are_not_suggested() -> None:
    ended = phrase("old", "双11价保", intents=("price_protection",), valid_until=datetime(2026, 11, 12))
    current = phrase("now", "价格保护", intents=("price_protection",))
    engine = SuggestEngine([ended, current], bank())
    assert top(engine, "降价了能退差价吗", now=datetime(2026, 12, 1)) == ["now"]
    assert set(top(engine, "降价了能退差价吗", now=datetime(2026, 11, 11))) == {"old", "now"}


def test_personal_before_team_and_usage_break_ties() -> None:
    team = phrase("team", "退款到账", intents=("refund_progress",))
    mine = phrase("mine", "退款到账", intents=("refund_progress",), library=PERSONAL)
    assert top(SuggestEngine([team, mine], bank()), "退款啥时候到")[:1] == ["mine"]
    used = SuggestEngine([team, mine], bank(), usage={"team": 30.0})
    assert top(used, "退款啥时候到")[:1] == ["team"]


def test_product_knowledge_answers_with_the_recommendation_template() -> None:
    pillow = Product(id="pillow", item_id="616815215358", title="乳胶枕", price=Decimal("99.00"),
                     knowledge=(KnowledgeField("材质", "天然乳胶"),))
    generic = phrase("fabric", "面料介绍", "咱家主打纯棉", intents=("material",))
    engine = SuggestEngine([generic], bank(), products=[pillow], recommend_template="「{商品.标题}」{商品.价格}元")
    linked = engine.suggest("https://item.taobao.com/item.htm?id=616815215358 这款什么材质")
    assert linked[0].product == pillow and linked[0].phrase.body == "材质：天然乳胶：「乳胶枕」99元"
    assert linked[0].intent == "material"
    # Without a link, the current product answers; without either, only the phrase does.
    assert engine.suggest("这个是什么材质的", product=pillow)[0].product == pillow
    assert [s.product for s in engine.suggest("这个是什么材质的")] == [None]


def test_below_the_threshold_there_is_nothing() -> None:
    engine = SuggestEngine([phrase("a", "价格保护", intents=("price_protection",))], bank())
    assert engine.suggest("今天天气不错") == []
    assert engine.suggest("") == [] and engine.suggest("  \n ") == []


def test_masking_removes_personal_data_and_keeps_item_ids() -> None:
    text = ("收货人：张小明 电话 13812345678 地址：浙江省杭州市西湖区文三路100号\n"
            "订单号 123456789012345 退了88.5元 https://item.taobao.com/item.htm?id=616815215358 [订单x]")
    masked = mask_buyer_text(text)
    for secret in ("张小明", "13812345678", "文三路", "123456789012345", "88.5"):
        assert secret not in masked
    for token in ("[姓名]", "[电话]", "[地址]", "[订单号]", "[金额]", "[商品 616815215358]", "[订单x]"):
        assert token in masked


def test_bank_mistakes_name_the_intent() -> None:
    with pytest.raises(ValueError, match=r"price_protection.*unknown key"):
        parse_question_bank("intents:\n  price_protection:\n    name: x\n    phrasing: [a]\n")
    with pytest.raises(ValueError, match="at least one phrasing"):
        parse_question_bank("intents:\n  a:\n    name: x\n    phrasings: []\n")
    with pytest.raises(ValueError, match="stage"):
        parse_question_bank("intents:\n  a:\n    stage: 售中后\n    phrasings: [x]\n")


def test_the_shipped_bank_covers_the_trade() -> None:
    intents = bank().intents
    assert len(intents) >= 60 and len({i.id for i in intents}) == len(intents)
    assert min(len(i.phrasings) for i in intents) >= 20
    assert {i.stage for i in intents} == {"售前", "售中", "售后", "通用"}
    for required in ("shipping_time", "change_address", "invoice", "price_protection", "refund_progress",
                     "authenticity", "size_advice", "color_difference", "restock", "remote_fee", "express_choice",
                     "urge_shipping", "track_logistics", "seven_day_return", "exchange", "quality_issue",
                     "missing_item", "shipping_insurance", "return_address", "presale", "coupon",
                     "promotion_rules", "gift", "installation", "warranty", "urge_payment", "good_review",
                     "complaint", "greeting", "thanks_closing"):
        assert bank().get(required) is not None, required


def test_each_phrases_best_linked_intent_is_its_highest_and_last_among_equals() -> None:
    import numpy as np

    ids = [intent.id for intent in bank().intents[:4]]
    linked = [(), (ids[0],), (ids[1], ids[0]), (ids[2], ids[3], ids[1]), ("-",), (ids[3], ids[3])]
    engine = SuggestEngine([phrase(f"p{i}", f"短语{i}", intents=links or ("-",)) for i, links in enumerate(linked)],
                           bank())
    assert [len(links) for links in engine.links] == [0, 1, 2, 3, 0, 2]
    rng = np.random.default_rng(3)
    for draw in range(20):
        # Few distinct values: many ties between a phrase's intents.
        intent_best = rng.integers(0, 3, len(bank().intents)).astype(np.float32) / 4
        via_intent, via_which = engine._best_links(intent_best)
        for j, links in enumerate(engine.links):
            if not links:
                assert (via_intent[j], via_which[j]) == (0, -1)
                continue
            best = max(intent_best[k] for k in links)
            last = [k for k in links if intent_best[k] == best][-1]
            assert (via_intent[j], via_which[j]) == (best, last), (draw, j)


def test_normalisation_numbers_labels_negation() -> None:
    from sidekick.core.suggest.text import normalise, segments

    # Written numbers read like masked ones.
    assert segments(normalise("3天能到吗")) == segments(normalise("[数字x]天能到吗"))
    # An order card's labelled values go; other labelled values keep their label.
    assert segments(normalise("订单编号:[订单x]，订单金额:[金额x] 在吗")) == ["在吗"]
    assert "开票抬头" in "".join(segments(normalise("开票抬头:[组织机构x] 税号:[数字x]")))
    # What the buyer says it is not is left out; 是不是 is a question, not a negation.
    assert "质量问题" not in "".join(segments(normalise("不是质量问题 是我摔坏的 直接换")))
    assert "正品" in "".join(segments(normalise("是不是正品")))


def test_an_intents_pooled_phrasings_count_for_a_message_no_single_phrasing_is_close_to() -> None:
    linked = [phrase("invoice", "发票说明", intents=("invoice",)), phrase("ship", "发货时间", intents=("shipping_time",))]
    engine = SuggestEngine(linked, bank())
    pooled = engine.linker.documents.scores(_question_bag("开票抬头 纳税人识别号 电子发票", with_words=True))
    ids = [intent.id for intent in bank().intents]
    assert ids[int(pooled.argmax())] == "invoice"


def without_openings(phrases: list[Phrase]) -> SuggestEngine:
    return SuggestEngine(phrases, bank(), channels=CHANNELS - {"openings"})


def test_replies_without_questions_are_told_apart_by_their_opening() -> None:
    # Two replies of one intent and no 问法 (as imported from another tool): the intent ties
    # them; the one whose opening means what the buyer wrote comes first.
    welcome = phrase("welcome", "您好欢迎光临", intents=("thanks_closing",))
    goodbye = phrase("goodbye", "感谢您的支持 再见", intents=("thanks_closing",))
    message = "好的 拜拜了"  # shares no character with either title
    assert top(SuggestEngine([welcome, goodbye], bank()), message)[:1] == ["goodbye"]
    # Without the opening's share the intent ties them and the library order stays: not luck.
    assert top(without_openings([welcome, goodbye]), message)[:1] == ["welcome"]


def test_replies_with_questions_rank_as_without_reply_text() -> None:
    phrases = [
        phrase("thanks", "感谢", "感谢您的支持，再见", questions=("谢谢啦",)),
        phrase("eta", "到货时间", "一般 2-3 天送到", questions=("几天能到",)),
        phrase("plain", "开发票", "可以开电子发票，下单时填写抬头即可"),
    ]
    with_text, without = SuggestEngine(phrases, bank()), without_openings(phrases)
    for message in ("谢谢 再见", "几天能到啊", "能开票吗 公司抬头"):
        got = {s.phrase.id: s.score for s in with_text.suggest(message)}
        before = {s.phrase.id: s.score for s in without.suggest(message)}
        assert {k: v for k, v in got.items() if k != "plain"} == {k: v for k, v in before.items() if k != "plain"}
    found = with_text.suggest("能开发票吗 电子的就行")
    assert any(s.phrase.id == "plain" and "回复开头与消息意思相近" in s.reason for s in found)


def test_the_intent_model_gives_each_bank_phrasing_its_own_intent() -> None:
    # Fitted on the bank's phrasings with the n-grams' kernel alone: read back, each phrasing's
    # own intent must come first and score near 1 (a wrong kernel or wrong targets fail here).
    linker = IntentLinker(bank())
    model = linker.model(None)
    questions = linker.questions
    similarity = questions.index.scores_many([engine_question_bag(t) for t in questions.distinct])
    predicted = model.scores(similarity)
    owners = np.zeros(len(questions.distinct), dtype=np.int64)
    owners[questions.text_of_row] = questions.owners
    own = predicted[np.arange(len(owners)), owners]
    assert (predicted.argmax(axis=1) == owners).mean() >= 0.95
    assert float(np.median(own)) > 0.5  # ridge shrinks it from 1; other intents sit near 0
    assert linker.model(None) is model  # fitted once per bank


def test_the_intent_model_weighs_words_by_how_many_intents_share_them() -> None:
    # 「到底什么时候」 is in phrasings of both intents: the nearest phrasing is surer of it than of
    # 「退款」, the word only one intent is asked with; the model is surer of 「退款」 and cannot
    # tell the two intents apart on the shared words.
    small = parse_question_bank("""
version: 1
intents:
  shipping_time:
    name: 发货时间
    stage: 售中
    phrasings: [什么时候发货, 什么时候能发货, 发货什么时候, 到底什么时候发货]
  refund_progress:
    name: 退款进度
    stage: 售后
    phrasings: [什么时候退款, 退款什么时候到账, 什么时候能退款, 退款到底什么时候好]
""")
    linker = IntentLinker(small, with_words=False)
    model = linker.model(None)

    def nearest(message: str) -> np.ndarray:
        return linker.questions.best_per_owner(_question_bag(message, with_words=False), 2)[0]

    def learnt(message: str) -> np.ndarray:
        return model.scores(linker.questions.index.scores(_question_bag(message, with_words=False)))

    assert nearest("到底什么时候").max() > nearest("退款")[1]
    assert learnt("到底什么时候").max() < learnt("退款")[1]
    assert abs(learnt("到底什么时候")[0] - learnt("到底什么时候")[1]) < 0.1
    assert learnt("退款").argmax() == 1 and learnt("发货").argmax() == 0


def test_goodbyes_take_at_most_two_of_the_first_three_places() -> None:
    goodbyes = [phrase(f"bye{n}", title, intents=("thanks_closing",), questions=("好的谢谢",))
                for n, title in enumerate(("结束语", "道别", "我的道别", "欢迎下次光临"))]
    refund = phrase("refund", "退款到账时间", intents=("refund_progress",))
    engine = SuggestEngine([*goodbyes, refund], bank())
    found = top(engine, "好的谢谢你 钱退回来的时候会通知我吗", limit=5)
    assert sum(pid.startswith("bye") for pid in found[:3]) == 2, found
    assert "refund" in found[:3] and len(found) == 5
    thanks_only = top(engine, "好的谢谢", limit=3)
    assert len(thanks_only) >= 2 and all(pid.startswith("bye") for pid in thanks_only[:2]), thanks_only


@pytest.mark.parametrize("message", ["好的谢谢！钱退回来会有短信提醒吧", "收到谢谢！那我的快递今天能送到吗"])
def test_a_question_is_answered_before_its_thanks(message: str) -> None:
    """The thanks of a message that also asks matches a goodbye exactly, the question its reply
    less closely; the agent still answers the question first."""
    goodbyes = [phrase(f"bye{n}", title, intents=("thanks_closing",), questions=("好的谢谢", "收到谢谢"))
                for n, title in enumerate(("结束语", "道别"))]
    answers = [phrase("refund", "退款到账时间", intents=("refund_progress",)),
               phrase("eta", "快递到货时效", intents=("delivery_eta",))]
    engine = SuggestEngine([*goodbyes, *answers], bank())
    found = top(engine, message, limit=4)
    assert found[0] in ("refund", "eta") and found[1].startswith("bye"), found
    thanks_only = top(engine, "好的，谢谢啦", limit=4)
    assert thanks_only[0].startswith("bye"), thanks_only


@pytest.mark.parametrize(("body", "intent", "nearest_only"), [
    ("没问题，新的收货人、电话和地址发我一下，发货前都能改，改好跟您说", ["change_address"], []),
    ("不好意思，实物和图片可能有一点点差别，屏幕显示会有偏差，介意的话可以退",
     ["color_difference", "photo_evidence"], ["photo_evidence"]),
])
def test_the_intent_model_reads_an_untitled_replys_opening(body: str, intent: list[str],
                                                            nearest_only: list[str]) -> None:
    """Its closest phrasing alone links the reply to nothing or to the wrong matter; the intent
    model, which weighs every phrasing, finds what the opening answers."""
    reply = untitled("m", body)
    ids = [i.id for i in bank().intents]
    assert [ids[k] for k in SuggestEngine([reply], bank()).links[0]] == intent
    assert [ids[k] for k in SuggestEngine([reply], bank(), channels=CHANNELS - {"model"}).links[0]] == nearest_only


def test_a_polite_opening_does_not_link_a_reply_to_thanks() -> None:
    """Nearly every reply opens politely: the intent model's reading gives greeting and thanks
    intents nothing, or this bulk-order reply would answer every 「谢谢」."""
    reply = untitled("b", "感谢您喜欢咱家的东西！批量拿货 50 件起有批发价，您留个数量我让主管报价")
    links = [i.id for k in SuggestEngine([reply], bank()).links[0] for i in [bank().intents[k]]]
    assert links[0] == "bulk_order" and "thanks_closing" not in links


def test_an_untitled_reply_that_learnt_questions_is_still_linked_through_its_opening() -> None:
    """Learning from use gives a reply 问法 but no title: a vague learnt question (「那个能改吗」)
    must not take the place of what its opening says it answers."""
    reply = replace(untitled("l", "没问题，新的收货人、电话和地址发我一下，发货前都能改，改好跟您说"),
                    questions=("那个能改吗",))
    ids = [i.id for i in bank().intents]
    assert [ids[k] for k in SuggestEngine([reply], bank()).links[0]][:1] == ["change_address"]
