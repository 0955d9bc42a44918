"""Placeholders in phrase bodies: parse, validate and render them.

A phrase body is plain text with placeholders in braces::

    {买家}您好，我是客服{客服}，您的订单{?订单号}已发出{光标}

The language is deliberately tiny. A placeholder is one of a fixed set of names
(``{客服}``, ``{buyer}``, ``{日期}`` …), a fill-in the agent types at insert time
(``{?订单号}``), or a product field (``{商品.标题}``, ``{商品.材质}``). ``{{`` and ``}}``
are literal braces. Rendering is a single pass of plain substitution over parsed tokens:
nothing is evaluated, looked up by attribute, formatted with ``str.format``, read from a
file or from the environment. Team phrases reach every agent's machine, so a phrase must
never be able to do more than produce text.

Anything that is not a known placeholder is kept as literal text when rendered and
reported by :func:`validate`, which the editor calls when a phrase is saved; so a typo
such as ``{卖家}`` is caught by whoever wrote it, not pasted to a buyer by surprise.

Positions (``Token.start``, ``TemplateError.start``, ``RenderResult.caret``) are indexes
into Python strings, i.e. Unicode code points. The paster moves the caret by grapheme clusters
and Qt counts UTF-16 units: ``sidekick.core.text`` converts at those edges.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

from sidekick.core.types import KnowledgeField, Problem, Product, RenderResult

__all__ = [
    "NOTE",
    "PLACEHOLDERS",
    "TEMPLATE_MENU",
    "PlaceholderInfo",
    "RenderContext",
    "Template",
    "TemplateError",
    "Token",
    "TokenKind",
    "fill_in_names",
    "format_datetime",
    "format_price",
    "parse",
    "render",
    "render_template",
    "sample_context",
    "validate",
]


class TokenKind(str, enum.Enum):
    """What a piece of a parsed body is."""

    TEXT = "text"  # literal text (escapes already resolved)
    AGENT = "agent"
    BUYER = "buyer"
    SHOP = "shop"
    DATE = "date"
    TIME = "time"
    CLIPBOARD = "clipboard"
    CURSOR = "cursor"
    FILL_IN = "fill_in"  # value: the fill-in name
    PRODUCT = "product"  # value: "title", "link" or "price"
    KNOWLEDGE = "knowledge"  # value: the knowledge field name (材质, 尺码 …)
    UNKNOWN = "unknown"  # value: the placeholder exactly as written, braces included


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a body; ``[start, end)`` is where it stands in the source text."""

    kind: TokenKind
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TemplateError:
    """Something wrong in a body, with the span the editor underlines."""

    code: str  # unknown, empty, unclosed, unbalanced, cursor_twice, empty_fill_in, full_width
    start: int
    end: int
    message_zh: str
    message_en: str

    def to_problem(self) -> Problem:
        return Problem(message=f"{self.message_zh} ({self.message_en})")


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed body: its tokens in order and whatever was wrong with it."""

    source: str
    tokens: tuple[Token, ...]
    errors: tuple[TemplateError, ...] = ()

    @property
    def fill_in_names(self) -> tuple[str, ...]:
        """Fill-in names in order of first appearance, each once."""
        names = (t.value for t in self.tokens if t.kind is TokenKind.FILL_IN)
        return tuple(dict.fromkeys(names))

    @property
    def has_cursor(self) -> bool:
        return any(t.kind is TokenKind.CURSOR for t in self.tokens)


# --- names ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PlaceholderInfo:
    """One placeholder of the language: how it is spelled, shown in the menus and parsed.

    ``PLACEHOLDERS`` is the one table of the vocabulary: the parser's names, the phrase editor's
    menu, the recommendation template's Insert menu and the settings page all read it.
    """

    token_zh: str  # what the menus insert
    token_en: str  # the English spelling, accepted as well
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    example: str  # what it renders to with sample_context()
    kind: TokenKind
    # Every name accepted between the braces (English ones in any case); for a product field,
    # the part after ``商品.``. Empty for fill-ins and knowledge fields, which take any name.
    spellings: tuple[str, ...] = ()
    product_field: str = ""  # TokenKind.PRODUCT: "title", "link" or "price"
    template_rank: int = 0  # its place in the recommendation template's Insert menu; 0: not offered


PLACEHOLDERS: tuple[PlaceholderInfo, ...] = (
    PlaceholderInfo("{买家}", "{buyer}", "买家昵称", "Buyer",
                    "买家的昵称；不知道时为空", "The buyer's nickname; empty when unknown",
                    "小鹿同学", TokenKind.BUYER, ("买家", "buyer")),
    PlaceholderInfo("{客服}", "{agent}", "客服昵称", "Agent",
                    "当前客服的昵称", "The current agent's nickname", "小禾",
                    TokenKind.AGENT, ("客服", "agent"), template_rank=6),
    PlaceholderInfo("{店铺}", "{shop}", "店铺名", "Shop", "店铺名称", "The shop's name",
                    "青禾家居旗舰店", TokenKind.SHOP, ("店铺", "shop"), template_rank=7),
    PlaceholderInfo("{日期}", "{date}", "日期", "Date", "发送当天的日期（格式可在设置中修改）",
                    "Today's date (format set in Settings)", "2026-11-11", TokenKind.DATE, ("日期", "date")),
    PlaceholderInfo("{时间}", "{time}", "时间", "Time", "发送时的时间",
                    "The time of sending", "09:30", TokenKind.TIME, ("时间", "time")),
    PlaceholderInfo("{剪贴板}", "{clipboard}", "剪贴板", "Clipboard",
                    "按快捷键前复制的文字", "The text copied before the hotkey was pressed",
                    "浅灰色 1.8m", TokenKind.CLIPBOARD, ("剪贴板", "clipboard")),
    PlaceholderInfo("{光标}", "{cursor}", "光标位置", "Cursor",
                    "粘贴后光标停在这里（最多一个）",
                    "Where the caret stays after pasting (at most one)", "", TokenKind.CURSOR, ("光标", "cursor")),
    PlaceholderInfo("{?订单号}", "{?order no}", "填空", "Fill-in",
                    "插入时询问的内容，问号后写名称，例如 {?订单号}",
                    "Asked when inserting; the name follows the question mark",
                    "4012345678901234567", TokenKind.FILL_IN),
    PlaceholderInfo("{商品.标题}", "{product.title}", "商品标题", "Product title",
                    "当前商品的标题", "The current product's title", "青禾纯棉四件套 1.8m 床",
                    TokenKind.PRODUCT, ("标题", "title"), "title", template_rank=1),
    PlaceholderInfo("{商品.链接}", "{product.link}", "商品链接", "Product link",
                    "当前商品的链接", "The current product's link",
                    "https://item.taobao.com/item.htm?id=680012345678",
                    TokenKind.PRODUCT, ("链接", "link"), "link", template_rank=3),
    PlaceholderInfo("{商品.价格}", "{product.price}", "商品价格", "Product price",
                    "当前商品的价格", "The current product's price", "299",
                    TokenKind.PRODUCT, ("价格", "price"), "price", template_rank=2),
    PlaceholderInfo("{商品.材质}", "{product.材质}", "商品知识字段", "Product knowledge field",
                    "点号后写知识字段名，例如 {商品.材质}、{商品.尺码}",
                    "Any knowledge field: write its name after the dot", "100% 新疆长绒棉",
                    TokenKind.KNOWLEDGE, template_rank=5),
)

# The note of a recommendation (why this product): known to recommendation templates only
# (``sidekick.core.recommend``); to a phrase body it is an unknown placeholder.
NOTE = PlaceholderInfo("{推荐语}", "{note}", "推荐语", "Note", "关联商品的推荐理由",
                       "Why this product is recommended (the relation's note)", "和您选的床笠同色系，整套更显高级",
                       TokenKind.UNKNOWN, ("推荐语", "备注", "note"), template_rank=4)

# What the recommendation template's Insert menu offers, in its order.
TEMPLATE_MENU: tuple[str, ...] = tuple(
    info.token_zh for info in sorted((*PLACEHOLDERS, NOTE), key=lambda i: i.template_rank) if info.template_rank
)


def _fold(name: str) -> str:
    """English names are case-insensitive (``{Buyer}``); Chinese ones are unaffected."""
    return name.lower() if name.isascii() else name


_SIMPLE: dict[str, TokenKind] = {
    _fold(spelling): info.kind
    for info in PLACEHOLDERS if info.kind not in (TokenKind.PRODUCT, TokenKind.FILL_IN, TokenKind.KNOWLEDGE)
    for spelling in info.spellings
}
_PRODUCT_PREFIXES = ("商品", "product")
_PRODUCT_FIELDS: dict[str, str] = {
    _fold(spelling): info.product_field
    for info in PLACEHOLDERS if info.kind is TokenKind.PRODUCT
    for spelling in info.spellings
}
# A Chinese input method types ？ and 。 for ? and . — accept them rather than make agents
# switch input modes for one character.
_FILL_IN_MARKS = "?？"
_FIELD_DOTS = re.compile(r"[.．。]")
# Knowledge field names: words joined by single separators, starting with a letter or digit.
# This rejects ``__class__``, ``../etc/passwd`` and anything else that looks like a path or
# an attribute; the lookup itself is only ever a comparison of names (Product.field).
_KNOWLEDGE_NAME = re.compile(r"[^\W_]+(?:[ _\-·/][^\W_]+)*")
_MAX_NAME = 30


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- parsing ----------------------------------------------------------------------------


def _classify(inner: str, start: int, end: int, raw: str) -> tuple[Token, TemplateError | None]:
    """Turn the text between a pair of braces into a token (and an error if it is bad)."""
    name = inner.strip()
    unknown = Token(TokenKind.UNKNOWN, raw, start, end)
    if not name:
        return unknown, TemplateError(
            "empty", start, end,
            f"第 {start + 1} 个字符：空的占位符 {raw}；要输入花括号请写 {{{{ 和 }}}}",
            f"empty placeholder {raw} at character {start + 1}; write {{{{ and }}}} for literal braces",
        )
    if name[0] in _FILL_IN_MARKS:
        fill = name[1:].strip()
        if not fill:
            return unknown, TemplateError(
                "empty_fill_in", start, end,
                f"第 {start + 1} 个字符：填空 {raw} 没有名称，请写成 {{?订单号}} 这样",
                f"fill-in {raw} at character {start + 1} has no name; write it like {{?订单号}}",
            )
        if len(fill) <= _MAX_NAME and fill.isprintable():
            return Token(TokenKind.FILL_IN, fill, start, end), None
        return unknown, _unknown_error(raw, start, end)
    simple = _SIMPLE.get(_fold(name))
    if simple is not None:
        return Token(simple, "", start, end), None
    parts = _FIELD_DOTS.split(name, maxsplit=1)
    if len(parts) == 2 and _fold(parts[0].strip()) in _PRODUCT_PREFIXES:
        field_name = parts[1].strip()
        builtin = _PRODUCT_FIELDS.get(_fold(field_name))
        if builtin is not None:
            return Token(TokenKind.PRODUCT, builtin, start, end), None
        if len(field_name) <= _MAX_NAME and _KNOWLEDGE_NAME.fullmatch(field_name):
            return Token(TokenKind.KNOWLEDGE, field_name, start, end), None
    return unknown, _unknown_error(raw, start, end)


def _unknown_error(raw: str, start: int, end: int) -> TemplateError:
    shown = _short(raw)
    return TemplateError(
        "unknown", start, end,
        f"第 {start + 1} 个字符：未知的占位符 {shown}，不会被替换；要输入花括号请写 {{{{ 和 }}}}",
        f"unknown placeholder {shown} at character {start + 1}; it would be pasted as is",
    )


_BRACE = re.compile(r"[{}]")


def parse(body: str) -> Template:
    """Split ``body`` into tokens. Never raises: problems are collected in ``errors``."""
    if "{" not in body and "}" not in body and "｛" not in body:
        # Plain text (most of an imported file): one text token, nothing that can be wrong.
        return Template(body, (Token(TokenKind.TEXT, body, 0, len(body)),) if body else ())
    tokens: list[Token] = []
    errors: list[TemplateError] = []
    text: list[str] = []
    text_start = 0

    def flush(upto: int) -> None:
        nonlocal text_start
        if text:
            tokens.append(Token(TokenKind.TEXT, "".join(text), text_start, upto))
            text.clear()
        text_start = upto

    i, n = 0, len(body)
    while i < n:
        char = body[i]
        if char == "{":
            if body.startswith("{", i + 1):
                text.append("{")
                i += 2
                continue
            close = body.find("}", i + 1)
            reopen = body.find("{", i + 1)
            if close == -1 or (reopen != -1 and reopen < close):
                errors.append(TemplateError(
                    "unclosed", i, i + 1,
                    f"第 {i + 1} 个字符：花括号 {{ 没有闭合；要输入花括号本身请写 {{{{",
                    f"unclosed brace {{ at character {i + 1}; write {{{{ for a literal brace",
                ))
                text.append("{")
                i += 1
                continue
            flush(i)
            token, error = _classify(body[i + 1 : close], i, close + 1, body[i : close + 1])
            tokens.append(token)
            if error is not None:
                errors.append(error)
            i = close + 1
            text_start = i
        elif char == "}":
            if body.startswith("}", i + 1):
                text.append("}")
                i += 2
                continue
            errors.append(TemplateError(
                "unbalanced", i, i + 1,
                f"第 {i + 1} 个字符：多余的 }}；要输入花括号本身请写 }}}}",
                f"unbalanced }} at character {i + 1}; write }}}} for a literal brace",
            ))
            text.append("}")
            i += 1
        else:
            # Plain text up to the next brace in one step: most bodies have few placeholders,
            # and a character-by-character walk made parsing the main cost of a large import.
            brace = _BRACE.search(body, i)
            end = brace.start() if brace else n
            text.append(body[i:end])
            i = end
    flush(n)

    cursors = [t for t in tokens if t.kind is TokenKind.CURSOR]
    for extra in cursors[1:]:
        errors.append(TemplateError(
            "cursor_twice", extra.start, extra.end,
            f"第 {extra.start + 1} 个字符：光标 {{光标}} 只能有一个",
            f"more than one cursor placeholder: another one at character {extra.start + 1}",
        ))
    errors.extend(_full_width_errors(body))
    errors.sort(key=lambda e: (e.start, e.end))
    return Template(body, tuple(tokens), tuple(errors))


_FULL_WIDTH = re.compile(r"｛([^｛｝{}\n]{1,40})｝")


def _full_width_errors(body: str) -> list[TemplateError]:
    """``｛买家｝`` typed with a Chinese input method is never replaced: say so when the
    name inside is a real placeholder (other full-width braces are ordinary text)."""
    found = []
    for match in _FULL_WIDTH.finditer(body):
        _token, error = _classify(match.group(1), match.start(), match.end(), match.group(0))
        if error is None:
            fixed = "{" + match.group(1) + "}"
            found.append(TemplateError(
                "full_width", match.start(), match.end(),
                f"第 {match.start() + 1} 个字符：{match.group(0)} 用了全角括号，不会被替换，请改成 {fixed}",
                f"{match.group(0)} at character {match.start() + 1} uses full-width braces "
                f"and will not be replaced; write {fixed}",
            ))
    return found


def validate(body: str, knowledge_fields: Collection[str] | None = None) -> list[Problem]:
    """Problems that should be shown when a phrase is saved, in order of position.

    ``knowledge_fields``, when given, is every knowledge field name the shop uses; a
    ``{商品.X}`` naming none of them is then reported as a likely typo. Without it any
    well-formed field name is accepted.
    """
    template = parse(body)
    errors = list(template.errors)
    if knowledge_fields is not None:
        for token in template.tokens:
            if token.kind is TokenKind.KNOWLEDGE and token.value not in knowledge_fields:
                errors.append(TemplateError(
                    "unknown_field", token.start, token.end,
                    f"第 {token.start + 1} 个字符：没有叫「{token.value}」的商品知识字段",
                    f"no product knowledge field named {token.value!r} "
                    f"at character {token.start + 1}",
                ))
        errors.sort(key=lambda e: (e.start, e.end))
    return [e.to_problem() for e in errors]


def fill_in_names(body: str) -> list[str]:
    """The fill-ins the agent is asked for, in order of first appearance, each once."""
    return list(parse(body).fill_in_names)


# --- rendering --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderContext:
    """Everything a body may refer to. Missing values render as empty text."""

    agent: str = ""
    buyer: str = ""
    shop: str = ""
    now: datetime = field(default_factory=datetime.now)  # shop-local time
    clipboard_text: str = ""
    fill_ins: Mapping[str, str] = field(default_factory=dict)
    product: Product | None = None
    date_format: str = "%Y-%m-%d"
    time_format: str = "%H:%M"

    def __post_init__(self) -> None:
        # A read-only copy: the context is frozen, and a caller's later edits to its own
        # dict must not change what an already built context renders.
        object.__setattr__(self, "fill_ins", MappingProxyType(dict(self.fill_ins)))


def render(body: str, ctx: RenderContext) -> RenderResult:
    """Fill in ``body``; unknown placeholders stay as written (``validate`` reports them)."""
    return render_template(parse(body), ctx)


def render_template(template: Template, ctx: RenderContext) -> RenderResult:
    """Fill in an already parsed body (the picker parses once and renders often)."""
    parts: list[str] = []
    length = 0
    caret: int | None = None
    for token in template.tokens:
        if token.kind is TokenKind.CURSOR:
            # Only the first cursor counts; validate() reports the others.
            if caret is None:
                caret = length
            continue
        piece = _value(token, ctx)
        parts.append(piece)
        length += len(piece)
    return RenderResult("".join(parts), caret)


def _value(token: Token, ctx: RenderContext) -> str:
    kind = token.kind
    if kind is TokenKind.TEXT or kind is TokenKind.UNKNOWN:
        return token.value
    if kind is TokenKind.AGENT:
        return ctx.agent
    if kind is TokenKind.BUYER:
        return ctx.buyer
    if kind is TokenKind.SHOP:
        return ctx.shop
    if kind is TokenKind.DATE:
        return format_datetime(ctx.date_format, ctx.now)
    if kind is TokenKind.TIME:
        return format_datetime(ctx.time_format, ctx.now)
    if kind is TokenKind.CLIPBOARD:
        return ctx.clipboard_text
    if kind is TokenKind.FILL_IN:
        return ctx.fill_ins.get(token.value, "")
    product = ctx.product
    if product is None:
        return ""
    if kind is TokenKind.PRODUCT:
        if token.value == "title":
            return product.title
        if token.value == "link":
            return product.link
        return format_price(product.price)
    if kind is TokenKind.KNOWLEDGE:
        return product.field(token.value) or ""
    return ""


def format_price(price: Decimal | None) -> str:
    """``99`` for a whole price, ``99.90`` otherwise; empty when unknown."""
    if price is None:
        return ""
    text = format(price.quantize(Decimal("0.01")), "f")
    return text[:-3] if text.endswith(".00") else text


_WEEKDAYS_ZH = "一二三四五六日"
_DIRECTIVE = re.compile(r"%(-?)([YymdHMSAa%])")


def format_datetime(fmt: str, moment: datetime) -> str:
    """A small strftime: ``%Y %y %m %d %H %M %S``, ``%-m`` without padding, ``%A`` 星期一,
    ``%a`` 周一, ``%%``. Other text is kept as is.

    Done by hand because ``strftime`` with Chinese text fails on some Windows locales and
    ``%-m`` exists only on glibc; a shop wants ``11月5日`` on every agent's machine.
    """

    def one(match: re.Match[str]) -> str:
        unpadded, code = match.group(1) == "-", match.group(2)
        if code == "%":
            return "%"
        if code == "A":
            return "星期" + _WEEKDAYS_ZH[moment.weekday()]
        if code == "a":
            return "周" + _WEEKDAYS_ZH[moment.weekday()]
        if code == "Y":
            return str(moment.year)
        if code == "y":
            return f"{moment.year % 100:02d}"
        number = {"m": moment.month, "d": moment.day, "H": moment.hour,
                  "M": moment.minute, "S": moment.second}[code]
        return str(number) if unpadded else f"{number:02d}"

    return _DIRECTIVE.sub(one, fmt)


# --- editor support: sample values and the insert menu ----------------------------------

_SAMPLE_NOW = datetime(2026, 11, 11, 9, 30)
_SAMPLE_PRODUCT = Product(
    id="sample-product",
    item_id="680012345678",
    title="青禾纯棉四件套 1.8m 床",
    link="https://item.taobao.com/item.htm?id=680012345678",
    price=Decimal("299"),
    tags=("纯棉", "爆款"),
    knowledge=(
        KnowledgeField("材质", "100% 新疆长绒棉"),
        KnowledgeField("尺码", "1.5m / 1.8m 床"),
        KnowledgeField("洗涤", "30℃ 以下水洗，不可漂白"),
    ),
)
_SAMPLE_FILL_INS = {
    "订单号": "4012345678901234567",
    "快递单号": "SF1402345678901",
    "手机号": "138****5678",
    "金额": "20",
    "尺码": "M",
}


def sample_context(body: str = "", now: datetime | None = None) -> RenderContext:
    """Sample values for the editor's live preview.

    Fill-ins named in ``body`` get a realistic sample when the name is a common one
    (订单号, 快递单号 …) and ``【名称】`` otherwise, so the preview shows where they go.
    """
    fill_ins = {name: _SAMPLE_FILL_INS.get(name, f"【{name}】") for name in fill_in_names(body)}
    return RenderContext(
        agent="小禾",
        buyer="小鹿同学",
        shop="青禾家居旗舰店",
        now=now or _SAMPLE_NOW,
        clipboard_text="浅灰色 1.8m",
        fill_ins=fill_ins,
        product=_SAMPLE_PRODUCT,
    )
