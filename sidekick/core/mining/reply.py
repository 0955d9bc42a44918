"""A proposed reply for a group of questions: the agents' answer that best represents the group.

Generic turns (「您好」「请稍等，正在为您查询」「还有什么可以帮您」) are cut from each answer; what is
left is compared by character bigrams, and the medoid wins, weighted by how many different
agents gave an answer like it. Masked tokens become the fill-ins and placeholders a phrase
uses, so the proposal is ready to save.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from sidekick.core.mining.minhash import shingles

MIN_LENGTH = 8  # characters of substance an answer needs to be proposed
CANDIDATES = 150  # answers compared per group (the most frequent first)

_GENERIC = re.compile(
    r"^(?:[^。！？!?~～\n]{0,6}(?:您好|你好|亲亲?|在的|欢迎光临)[^。！？!?~～\n]{0,8}"
    r"|[^。！？!?~～\n]{0,12}(?:稍等|请稍候|正在为您(?:查询|核实|处理)|马上为您|这边为您查询)[^。！？!?~～\n]{0,10}"
    r"|[^。！？!?~～\n]{0,12}(?:还有什么(?:可以|能)|有什么(?:问题|可以|需要)我?(?:可以)?帮|请问还有其他|咨询之前的问题)[^。！？!?~～\n]{0,20}"
    r"|[^。！？!?~～\n]{0,8}(?:提供一?下?(?:您的)?订单号|订单号(?:提供|发)一?下)[^。！？!?~～\n]{0,8}"
    r"|[^。！？!?~～\n]{0,10}(?:评价|打个?分|好评)[^。！？!?~～\n]{0,20}"
    r"|[^。！？!?~～\n]{0,10}(?:感谢您的(?:耐心|支持|理解)|祝您生活愉快|期待您的再次光临)[^。！？!?~～\n]{0,10})[。！？!?~～\n]*$"
)
_SALUTATION = re.compile(r"^(?:(?:您好|你好|亲爱的|亲亲|亲)[呀呢哦~～]*[，,！!\s]*)+")  # a phrase starts with {买家} or nothing
_SENTENCE = re.compile(r"[^。！？!?~～\n]+[。！？!?~～\n]*")
_TOKENS = (
    (re.compile(r"\[(?:订单|单号)[^\[\]]{0,4}\]"), "{?订单号}"),
    (re.compile(r"\[(?:电话|手机)[^\[\]]{0,4}\]"), "{?电话}"),
    (re.compile(r"\[(?:金额|价格)[^\[\]]{0,4}\]"), "{?金额}"),
    (re.compile(r"\[(?:地址)[^\[\]]{0,4}\]"), "{?地址}"),
    (re.compile(r"\[(?:姓名|名字)[^\[\]]{0,4}\]"), "{买家}"),
    (re.compile(r"\[(?:日期|时间)[^\[\]]{0,4}\]"), "{?日期}"),
    (re.compile(r"\[(?:数字)[^\[\]]{0,4}\]"), "{?数字}"),
    (re.compile(r"\[(?:链接)[^\[\]]{0,4}\]"), "{商品.链接}"),
    (re.compile(r"\[商品 \d+\]"), "{商品.链接}"),
)


def substance(answer: str) -> str:
    """``answer`` without its generic sentences (greeting, 'please wait', 'anything else?')."""
    kept = [s for s in _SENTENCE.findall(answer) if not _GENERIC.match(s.strip())]
    return _SALUTATION.sub("", "".join(kept).strip())


def as_template(text: str) -> str:
    """Masked tokens → fill-ins/placeholders; literal braces escaped first."""
    text = text.replace("{", "{{").replace("}", "}}")
    for pattern, placeholder in _TOKENS:
        text = pattern.sub(placeholder, text)
    return text


def propose_reply(answers: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    """The representative answer of ``(answer, agents)`` pairs, as a phrase body; None when none has substance."""
    agents_of: dict[str, set[str]] = {}
    for answer, agents in answers:
        text = substance(answer)
        if len(re.sub(r"\[[^\[\]]*\]|\W", "", text)) >= MIN_LENGTH:
            agents_of.setdefault(text, set()).update(agents or ("?",))
    if not agents_of:
        return None
    candidates = sorted(agents_of, key=lambda t: (-len(agents_of[t]), t))[:CANDIDATES]
    sets = [shingles(text) for text in candidates]
    weights = [1.0 + math.log(len(agents_of[text])) for text in candidates]
    best, best_score = 0, -1.0
    for i, a in enumerate(sets):
        score = weights[i] * sum(w * (len(a & b) / len(a | b)) for b, w in zip(sets, weights) if a or b)
        if score > best_score:
            best, best_score = i, score
    return as_template(candidates[best])
