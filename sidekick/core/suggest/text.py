"""Turning buyer text into matching features: segments, character n-grams and words.

A buyer message is masked, normalised (full-width → half-width, lower case, masked tokens
to one symbol each, punctuation and emoji dropped) and split into the questions it holds
(lines and sentence ends). Each piece becomes a bag of features: character bigrams and
trigrams (robust to typos and to slang no dictionary knows) and, when ``jieba`` is available,
its words (which know that 退款 is one thing). Unigrams are kept too, at a low weight, for
very short messages (「在吗」「？」).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from operator import add
from typing import Any

from sidekick.core.suggest.mask import ITEM_TOKEN, mask_buyer_text

# Masked tokens (ours and the marketplaces' exports: [订单x] [数字x] [金额x] …) → one symbol
# per kind, so 「[订单x]到哪了」 and 「[订单号]到哪了」 read the same.
_TOKEN_KINDS = {
    "订单": "\ue001", "单号": "\ue001", "数字": "\ue002", "金额": "\ue003", "价格": "\ue003",
    "链接": "\ue004", "商品": "\ue004", "电话": "\ue005", "手机": "\ue005", "姓名": "\ue006",
    "名字": "\ue006", "地址": "\ue007", "日期": "\ue008", "时间": "\ue008", "站点": "\ue009",
    "邮箱": "\ue00a", "表情": "", "图片": "\ue00b", "组织": "\ue00c", "公司": "\ue00c", "身份证": "\ue00d",
}
# Written numbers read as the masked ones: 「3天」「[数字x]天」 and 「30号」 ask the same thing.
_NUMBER = "\ue002"
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
# What the buyer says it is not (「不是质量问题 是孩子自己弄坏了」) is not what is asked: the words
# right after 不是/并不是/并非 are left out ("是不是", a question, is not a negation).
_NEGATED = re.compile(r"(?<!是)(?:不是|并非)[\u4e00-\u9fff]{1,4}")
# Feature prefixes no normalised text contains (control characters are dropped from pieces).
UNIGRAM = "\x01"
WORD = "\x02"
_TOKEN = re.compile(r"\[([^\[\]\s\d]{1,6})[^\[\]]{0,20}\]")
_SPLIT = re.compile(r"[\n\r。？！?!；;]+|[，,~～]\s*(?=[还另再那顺然])")
_DROP = re.compile(r"[^\w\ue000-\ue0ff]+")
# Filler that says nothing about what is asked (kept out of words, still in n-grams).
_STOP_WORDS = frozenset(["的", "了", "吗", "呢", "啊", "吧", "呀", "哦", "嘛", "哈", "么", "是", "我", "你", "您",
                        "这", "那", "就", "也", "都", "还", "在", "有", "个", "一下", "请问", "亲", "一个"])


def _token_symbol(match: re.Match[str]) -> str:
    name = match.group(1)
    for key, symbol in _TOKEN_KINDS.items():
        if name.startswith(key):
            return symbol
    return ""


# What the marketplace's chat window adds around the buyer's words: order cards
# (「订单编号:[订单x]，订单金额:[金额x]」), the menu button the buyer pressed, the channel.
_BOILERPLATE = re.compile(
    # label: [masked value] of an order card (订单编号 / 订单金额 / 下单时间 / 商品ID …); other
    # labelled values (开票抬头:[组织机构x]) are the buyer's own words and stay
    r"[\u4e00-\u9fffa-z]{0,6}(?:订单|下单|金额|编号|商品|id)[\u4e00-\u9fffa-z]{0,6}\s*[:：]\s*;?\s*\[[^\[\]]{1,20}\]"
    r"|顾客通过点击[^\s]{0,30}?信息发送\s*[:：]?"
    r"|请选择咨询订单|[^\s]{0,8}\(移动端\)|订单类咨询|商品类咨询"
)


def normalise(text: str) -> str:
    """Masked, folded text with masked tokens as symbols; line and sentence breaks kept."""
    text = unicodedata.normalize("NFKC", mask_buyer_text(text)).lower()
    text = _BOILERPLATE.sub(" ", text)
    text = _TOKEN.sub(_token_symbol, text)
    text = _NEGATED.sub(" ", text)
    return _DIGITS.sub(_NUMBER, text)


def segments(text: str) -> list[str]:
    """The pieces of an already ``normalise``d message, each without punctuation or spaces."""
    pieces = [_DROP.sub("", piece) for piece in _SPLIT.split(text)]
    return [piece for piece in pieces if piece]


def item_ids(text: str) -> list[str]:
    """Item ids of product links in ``text`` (after masking, ``[商品 <id>]``)."""
    return ITEM_TOKEN.findall(mask_buyer_text(text))


@lru_cache(maxsize=1)
def _jieba() -> Any:  # the jieba module (untyped), or None
    try:
        import jieba
    except ImportError:  # pragma: no cover - a declared dependency; words are an extra channel
        return None
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def words(piece: str) -> list[str]:
    """Dictionary words of one piece (no filler); [] when jieba is unavailable."""
    jieba = _jieba()
    if jieba is None:
        return []
    return [w for w in jieba.lcut(piece, HMM=False) if len(w) > 1 and w not in _STOP_WORDS]


def features(piece: str, *, with_words: bool = True, unigrams: bool = True) -> Counter[str]:
    """Feature counts of one normalised piece (see the module docstring)."""
    # map/zip over the characters run in C: this is most of an engine's build time.
    bigrams = list(map(add, piece, piece[1:]))
    bag: Counter[str] = Counter(bigrams)
    bag.update(map(add, bigrams, piece[2:]))
    if unigrams:
        bag.update(map(UNIGRAM.__add__, piece))
    if with_words:
        for word in words(piece):
            bag[WORD + word] += 1
    return bag


# Unigram features count for less: they match nearly everything.
def feature_weight(feature: str) -> float:
    return 0.3 if feature[0] == UNIGRAM else 1.0
