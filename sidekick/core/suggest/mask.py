"""Buyer text with personal data replaced by tokens, before it is matched or kept as a 问法.

Buyers paste phone numbers, order numbers, amounts, names and addresses. A 问法 learnt from a
real message must not keep them, and matching works better on ``[订单号]`` than on digits no
other message shares. Item links are kept as their item id (``[商品 616815215358]``): the id
is what tells the engine which product the buyer means.
"""

from __future__ import annotations

import re

from sidekick.core.search.variants import link_item_id

PHONE = "[电话]"
ORDER = "[订单号]"
AMOUNT = "[金额]"
NAME = "[姓名]"
ADDRESS = "[地址]"
NUMBER = "[数字]"
LINK = "[链接]"

_URL = re.compile(r"(?:https?://|www\.)[^\s，。！？、]+|\b[\w.-]+\.(?:com|cn|hk)/[^\s，。！？、]*", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
_ORDER_WORD = re.compile(r"(订单号?|单号|运单号?|快递单号?)\s*[:：是为]?\s*[A-Za-z]{0,4}\d{6,}")
_LONG_DIGITS = re.compile(r"(?<![\d.])[A-Za-z]{0,4}\d{10,}(?![\d.])")
_AMOUNT = re.compile(r"[¥￥]\s*\d+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?\s*(?:元|块钱|块)(?![\u4e00-\u9fff]*钱)")
_NAME = re.compile(r"(收货人|收件人|联系人|姓名|名字)\s*[:：是叫]?\s*[\u4e00-\u9fff·]{2,4}")
_ADDRESS_WORD = re.compile(r"((?:收货|收件|新|详细)?地址\s*(?:改成|改为|换成|是|为|[:：]))\s*[^\s，。！？,!?；;]{4,}")
_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{2,6}(?:省|自治区)?[\u4e00-\u9fff]{1,6}市[\u4e00-\u9fff]{1,6}(?:区|县)[^\s，。！？,!?；;]{0,30}"
)
_SHIELD = re.compile(r"\[[^\[\]\s]{1,12}\]")  # tokens already masked ([订单x], [电话] …) stay as they are


def mask_buyer_text(text: str) -> str:
    """``text`` with phones, order numbers (and other long digit runs), amounts, names after
    收货人/收件人…, and addresses replaced by ``[电话]`` ``[订单号]`` ``[金额]`` ``[姓名]``
    ``[地址]``; item links become ``[商品 <id>]`` (other links ``[链接]``)."""
    if not text:
        return ""
    text = _URL.sub(_link_token, text)
    text = _NAME.sub(lambda m: f"{m.group(1)}{NAME}", text)
    text = _ADDRESS_WORD.sub(lambda m: f"{m.group(1)}{ADDRESS}", text)
    text = _ADDRESS.sub(ADDRESS, text)
    text = _PHONE.sub(PHONE, text)
    text = _LANDLINE.sub(PHONE, text)
    text = _ORDER_WORD.sub(lambda m: f"{m.group(1)}{ORDER}", text)
    text = _protected(_LONG_DIGITS, ORDER, text)
    text = _AMOUNT.sub(AMOUNT, text)
    return text


def _link_token(match: re.Match[str]) -> str:
    item_id = link_item_id(match.group(0)) if "/" in match.group(0) else None
    return f"[商品 {item_id}]" if item_id else LINK


def _protected(pattern: re.Pattern[str], token: str, text: str) -> str:
    """Replace ``pattern`` outside tokens already in brackets (a kept item id stays)."""
    pieces = []
    last = 0
    for shield in re.finditer(r"\[[^\[\]]*\]", text):
        pieces.append(pattern.sub(token, text[last : shield.start()]))
        pieces.append(shield.group(0))
        last = shield.end()
    pieces.append(pattern.sub(token, text[last:]))
    return "".join(pieces)


ITEM_TOKEN = re.compile(r"\[商品 (\d{6,20})\]")
