"""One reply pipeline: from a chosen item and what is known now to the exact text and caret.

Every caller that turns a phrase or a product into words for the buyer goes through here: the
popup's preview, the paste, Ctrl+C, the products window's Recommend, the link card's Recommend
and ``sidekick search --json``. So what the agent previews is what the buyer gets.

Two steps:

- :func:`draft` reads what a body needs before it can be rendered: fill-ins to ask, whether it
  uses product fields (``{商品.标题}`` …), the clipboard (``{剪贴板}`` in any spelling the parser
  accepts), the buyer's name. It asks the parsed template, never the raw text.
- :func:`render_reply` fills it in from a :class:`ReplyContext`. A phrase that needs a product
  and has none is *not* rendered with empty fields: the reply carries ``problem = NO_PRODUCT``
  and the caller pastes nothing and says why. The preview renders the same way with
  ``preview=True``, showing ``〔选择商品〕`` where the product would go, never a sample product.

Also here: the one paste policy (paste key, type instead, send) from the settings' defaults and
the target window's per-application rule, and the buyer's nickname read from the chat window's
title by a rule's regular expression.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

import regex

from sidekick.core.placeholders import RenderContext, Template, TokenKind, parse, render_template
from sidekick.core.recommend import recommendation_text
from sidekick.core.types import Product

__all__ = [
    "NO_PRODUCT_MARK",
    "CurrentProduct",
    "Draft",
    "FillInAnswer",
    "PastePolicy",
    "PasteRule",
    "ProductMemory",
    "ProductSource",
    "Reply",
    "ReplyContext",
    "ReplyNote",
    "ReplyProblem",
    "ReplyVoice",
    "buyer_from_title",
    "clipboard_mark",
    "draft",
    "fill_in_mark",
    "paste_policy",
    "render_reply",
]

# What the preview shows where a product field goes when no product is known yet.
NO_PRODUCT_MARK = "〔选择商品〕"
# How long a product the link detection showed stays "the product we are talking about".
LINK_PRODUCT_TTL_S = 300.0
# A buyer pattern runs on every popup over a window title: bounded, so a bad one cannot hang.
_BUYER_TIMEOUT_S = 0.05
_BUYER_MAX = 40


def fill_in_mark(name: str) -> str:
    """The preview's stand-in for a fill-in the agent types at paste time."""
    return f"【{name}】"


def clipboard_mark() -> str:
    """The preview's stand-in for ``{剪贴板}``: the popup never reads the agent's clipboard."""
    return "【剪贴板】"


class ProductSource(str, enum.Enum):
    """Where the current product came from (shown to the agent, tested)."""

    HIT = "hit"  # the chosen item is the product itself (recommend)
    CARD = "card"  # its card is open in the popup (Tab)
    LINK = "link"  # link detection showed it a moment ago
    PICKED = "picked"  # the agent picked it in the fill-in form


@dataclass(frozen=True, slots=True)
class CurrentProduct:
    product: Product
    source: ProductSource


@dataclass(frozen=True, slots=True)
class FillInAnswer:
    """What the agent entered in the fill-in form: the fill-ins, and a product when asked for one."""

    values: Mapping[str, str] = field(default_factory=dict)
    product: Product | None = None


class ReplyProblem(str, enum.Enum):
    """Why a reply must not be pasted."""

    NO_PRODUCT = "no_product"  # uses {商品.*} and no product is known


class ReplyNote(str, enum.Enum):
    """Something the preview tells the agent; the reply may still be pasted."""

    BUYER_UNKNOWN = "buyer_unknown"  # {买家} is empty: no rule reads the nickname from the title


@dataclass(frozen=True, slots=True)
class ReplyVoice:
    """The shop's words from Settings: names and the recommendation template."""

    agent: str = ""
    shop: str = ""
    recommend_template: str = "{商品.标题} {商品.链接}"


@dataclass(frozen=True, slots=True)
class Draft:
    """A body with what it needs before it can be rendered."""

    body: str
    template: Template
    recommend: Product | None = None  # a product chosen itself: render its recommendation
    note: str = ""  # the recommendation's note ({推荐语}), e.g. a relation's reason

    @property
    def fill_in_names(self) -> tuple[str, ...]:
        return self.template.fill_in_names

    @property
    def needs_product(self) -> bool:
        """Uses product fields and is not itself about a product."""
        return self.recommend is None and _uses(self.template, TokenKind.PRODUCT, TokenKind.KNOWLEDGE)

    @property
    def needs_clipboard(self) -> bool:
        return _uses(self.template, TokenKind.CLIPBOARD)

    @property
    def needs_buyer(self) -> bool:
        return _uses(self.template, TokenKind.BUYER)


def _uses(template: Template, *kinds: TokenKind) -> bool:
    return any(token.kind in kinds for token in template.tokens)


def draft(body: str, *, recommend: Product | None = None, note: str = "") -> Draft:
    """What ``body`` needs; ``recommend`` makes it the recommendation of that product."""
    return Draft(body, parse(body), recommend, note)


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """Everything known when rendering; the clipboard is a reader, called only when needed."""

    voice: ReplyVoice = field(default_factory=ReplyVoice)
    now: datetime = field(default_factory=datetime.now)
    buyer: str = ""
    clipboard: Callable[[], str] | None = None
    fill_ins: Mapping[str, str] = field(default_factory=dict)
    product: CurrentProduct | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """The exact text for the buyer; ``caret`` is a code point index (None = at the end)."""

    text: str
    caret: int | None = None
    product: CurrentProduct | None = None
    problem: ReplyProblem | None = None
    notes: tuple[ReplyNote, ...] = ()

    @property
    def pasteable(self) -> bool:
        return self.problem is None


def render_reply(plan: Draft, ctx: ReplyContext, *, preview: bool = False) -> Reply:
    """Fill in ``plan`` from ``ctx``.

    ``preview`` stands in for what only the paste knows: fill-ins not yet answered show as
    ``【名称】``, ``{剪贴板}`` as ``【剪贴板】`` (the clipboard is not read), and a missing product
    as ``〔选择商品〕``. Given the same answers, clipboard and product, the preview and the
    paste produce the same text.
    """
    notes = (ReplyNote.BUYER_UNKNOWN,) if plan.needs_buyer and not ctx.buyer else ()
    if plan.recommend is not None:
        product: CurrentProduct | None = CurrentProduct(plan.recommend, ProductSource.HIT)
    else:
        product = ctx.product if plan.needs_product else None
    problem = ReplyProblem.NO_PRODUCT if plan.needs_product and product is None else None
    if problem is not None and not preview:
        return Reply("", None, None, problem, notes)

    fill_ins = dict(ctx.fill_ins)
    if preview:
        for name in plan.fill_in_names:
            fill_ins.setdefault(name, fill_in_mark(name))
    if plan.needs_clipboard:
        clipboard = clipboard_mark() if preview and ctx.clipboard is None else (ctx.clipboard() if ctx.clipboard else "")
    else:
        clipboard = ""
    render_ctx = RenderContext(agent=ctx.voice.agent, shop=ctx.voice.shop, buyer=ctx.buyer, now=ctx.now,
                               clipboard_text=clipboard, fill_ins=fill_ins,
                               product=product.product if product else None)
    if plan.recommend is not None:
        # The products window's Recommend text: price words dropped without a price, {推荐语}.
        text = recommendation_text(plan.recommend, plan.body, plan.note, ctx=render_ctx)
        return Reply(text, None, product, None, notes)
    template = plan.template
    if problem is not None:  # preview without a product: say where the product goes
        template = _mark_products(template)
    rendered = render_template(template, render_ctx)
    return Reply(rendered.text, rendered.caret, product, problem, notes)


def _mark_products(template: Template) -> Template:
    tokens = tuple(
        replace(token, kind=TokenKind.TEXT, value=NO_PRODUCT_MARK)
        if token.kind in (TokenKind.PRODUCT, TokenKind.KNOWLEDGE) else token
        for token in template.tokens
    )
    return Template(template.source, tokens, template.errors)


class ProductMemory:
    """Which product "the current product" is: the card open in this popup (Tab), else the
    one link detection showed within ``LINK_PRODUCT_TTL_S``. Holds ids: the index behind
    ``lookup`` may be rebuilt meanwhile, and a deleted product is then simply gone.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, ttl_s: float = LINK_PRODUCT_TTL_S) -> None:
        self._clock = clock
        self._ttl_s = ttl_s
        self._card: str | None = None
        self._link: tuple[str, float] | None = None

    def popup_opened(self) -> None:
        """A new popup: a card opened in an earlier one is not what this reply is about."""
        self._card = None

    def card_shown(self, product_id: str | None) -> None:
        self._card = product_id or None

    def link_detected(self, product_id: str) -> None:
        self._link = (product_id, self._clock())

    def current(self, lookup: Callable[[str], Product | None]) -> CurrentProduct | None:
        if self._card is not None:
            product = lookup(self._card)
            if product is not None and not product.deleted:
                return CurrentProduct(product, ProductSource.CARD)
        if self._link is not None:
            product_id, seen = self._link
            if self._clock() - seen <= self._ttl_s:
                product = lookup(product_id)
                if product is not None and not product.deleted:
                    return CurrentProduct(product, ProductSource.LINK)
        return None


# --- the buyer's name from the chat window's title -----------------------------------------


def buyer_from_title(pattern: str, title: str) -> str:
    """The nickname ``pattern`` captures in ``title`` (group ``buyer``, else group 1, else the
    whole match); "" when there is no pattern, no match, or the pattern is broken or too slow.

    Qianniu shows ``小鹿同学 - 千牛接待台``; a rule ``^(.+?) - 千牛`` gives ``小鹿同学``.
    """
    if not pattern or not title:
        return ""
    try:
        match = regex.search(pattern, title, timeout=_BUYER_TIMEOUT_S)
    except (regex.error, TimeoutError):
        return ""
    if match is None:
        return ""
    if "buyer" in match.groupdict():
        value = match.group("buyer") or ""
    elif match.re.groups:
        value = match.group(1) or ""
    else:
        value = match.group(0)
    return value.strip()[:_BUYER_MAX]


def buyer_pattern_problem(pattern: str) -> str:
    """Why ``pattern`` cannot be used ("" when it is fine), for the settings page."""
    if not pattern:
        return ""
    try:
        regex.compile(pattern)
    except regex.error as error:
        return str(error)
    return ""


# --- how to paste ---------------------------------------------------------------------------


class PasteRule(Protocol):
    """The part of a per-application rule that decides how to paste (config.AppRule, read-only)."""

    @property
    def paste_key(self) -> str: ...
    @property
    def type_instead(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class PastePolicy:
    paste_key: str
    type_instead: bool
    send: bool = False  # press Enter after the reply is in (Ctrl+Enter)


def paste_policy(rule: PasteRule | None, *, default_paste_key: str, paste_mode: str, send: bool = False) -> PastePolicy:
    """The rule of the target window wins over the defaults; typing is on if either asks."""
    paste_key = (rule.paste_key if rule is not None and rule.paste_key else "") or default_paste_key
    type_instead = (rule.type_instead if rule is not None else False) or paste_mode == "type"
    return PastePolicy(paste_key, type_instead, send)
