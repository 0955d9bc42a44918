"""Column names (English and Chinese) and cell values of Sidekick's spreadsheet files."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sidekick.core.messages import Message

PHRASE_COLUMNS = ("library", "category", "subcategory", "code", "title", "body", "valid_from", "valid_until",
                  "questions", "intent", "id")
PRODUCT_COLUMNS = ("item_id", "title", "link", "price", "tags", "notes", "pairings", "substitutes", "knowledge", "id")
CHINESE = {"library": "库", "category": "分类", "subcategory": "子分类", "code": "代码", "title": "标题",
           "body": "内容", "valid_from": "生效", "valid_until": "失效", "id": "ID", "item_id": "商品ID",
           "link": "链接", "price": "价格", "tags": "标签", "notes": "备注", "pairings": "搭配",
           "substitutes": "替代", "knowledge": "知识", "questions": "问法", "intent": "意图"}
# Further spellings seen in leads' sheets; keys are compared lower-cased without spaces.
_ALIASES = {"短语": "body", "回复": "body", "正文": "body", "快捷码": "code", "编码": "code",
            "开始": "valid_from", "结束": "valid_until", "生效时间": "valid_from", "失效时间": "valid_until",
            "宝贝id": "item_id", "商品id": "item_id", "itemid": "item_id", "名称": "title", "商品标题": "title",
            "商品链接": "link", "售价": "price", "说明": "notes", "note": "notes", "搭配商品": "pairings",
            "替代商品": "substitutes", "买家问法": "questions", "intents": "intent"}
REQUIRED_PHRASE = ("title", "body")
ITEM_REF_PREFIX = "item:"  # a relation to a product outside the file, resolved by the importer
_TAG_SPLIT = re.compile(r"[、,，;；\n]")
_REF_SPLIT = re.compile(r"[;；\n]")
# 问法: one buyer question per line inside the cell; 意图: intent ids, one per line (or 、,;).
_QUESTION_SPLIT = re.compile(r"\r\n|\r|\n")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _canonical(name: str, table: tuple[str, ...]) -> str | None:
    key = "".join(name.split()).lower().lstrip("\ufeff")
    for canon in table:
        if key in (canon, canon.replace("_", ""), CHINESE[canon].lower()) or _ALIASES.get(key) == canon:
            return canon
    return None


# --------------------------------------------------------------------------- cells


def cell_text(value: object) -> str:
    """A cell value as text (XLSX numbers without a spurious ``.0``)."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def parse_validity(value: object, *, end: bool) -> datetime | None:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` (``/`` as Excel writes it too); a bare end date → next midnight."""
    if isinstance(value, datetime):
        return value + timedelta(days=1) if end and value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day) + timedelta(days=1 if end else 0)
    text = cell_text(value).strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(Message("%1 is not a date; write YYYY-MM-DD or YYYY-MM-DD HH:MM", repr(text)))
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    result = datetime(y, mo, d, h, mi, s)  # raises ValueError for 2026-02-30
    return result + timedelta(days=1) if end and match.group(4) is None else result


def format_validity(value: datetime | None, *, end: bool) -> str:
    if value is None:
        return ""
    if value.time() == datetime.min.time() and not value.microsecond:
        return (value - timedelta(days=1) if end else value).strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")


def known_header_words() -> frozenset[str]:
    """Every column name a Sidekick spreadsheet accepts, lower-cased (for telling headers from data)."""
    words = {c for c in PHRASE_COLUMNS + PRODUCT_COLUMNS} | {c.replace("_", "") for c in PHRASE_COLUMNS + PRODUCT_COLUMNS}
    return frozenset(w.lower() for w in words | set(CHINESE.values()) | set(_ALIASES))


def accepted_headers() -> Message:
    """The headers an import accepts, for the message about a CSV whose header is none of them."""
    return Message("a Sidekick phrase file (%1 or %2; title/标题 and body/内容 required), a Sidekick product file "
                   "(item_id/商品ID, title/标题, …), a Qianniu file (快捷短语编码,快捷短语,快捷短语分组 or "
                   "快捷编码,快捷短语,快捷短语分组), or a header-less Beeftext/TextExpander file (three columns: "
                   "abbreviation, content, label; an optional header keyword,snippet,name or abbreviation,content,label)",
                   ",".join(PHRASE_COLUMNS[:-1]), ",".join(CHINESE[c] for c in PHRASE_COLUMNS[:-1]))
