"""The text pasted when an agent recommends a product to a buyer.

The shop chooses the template in settings (``recommend_template``), written in the phrase
template language: ``{商品.标题}``, ``{商品.价格}``, ``{商品.链接}``, any knowledge field
(``{商品.材质}``) and the usual ``{买家}``/``{客服}``. The one addition is the note — why this
product (a relation's "同色系床笠，整套更显高级", or what the agent typed) — written
``{推荐语}`` (or ``{note}``). A template without it gets the note in front, so a shop that
never heard of ``{推荐语}`` still pastes the reason.

Rendering goes through :mod:`sidekick.core.placeholders` and nothing else: a template from the
team hub can only ever produce text.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from sidekick.core.placeholders import (
    NOTE,
    RenderContext,
    Template,
    TemplateError,
    Token,
    TokenKind,
    parse,
    render_template,
    validate,
)
from sidekick.core.types import Problem, Product

__all__ = [
    "has_note_placeholder",
    "recommendation_text",
    "template_errors",
    "validate_template",
]

# How the note is written in a template (braces included, as the parser keeps unknown names);
# English spellings in any case, as the parser treats the other names.
_NOTE_NAMES = frozenset(spelling.casefold() for spelling in NOTE.spellings)

# Between the note and the rest when the template has no place for the note.
_NOTE_JOIN = "："
_TRAILING_PUNCTUATION = "，。,.；;：:！!～~ \t"
# A note that already ends a sentence keeps its ending when words follow it.
_SENTENCE_END = "。！!？?～~…"
# Where the template itself punctuates right after the note, the template's mark wins.
_PUNCTUATION = "，。,.；;：:！!？?～~…、（）()【】「」『』《》“”\"'-—"
# A missing price leaves its two separators side by side ("标题，，链接"): keep one.
_DOUBLE_SEPARATOR = re.compile(r"([，,、；;。])\s*[，,、；;]")
# The words a template puts around the price. With no price they would dangle ("现价元"), so
# they go with it; only these known words, so a title's closing 」 or a sentence never does.
_PRICE_LEAD = re.compile(
    r"(?:现价|价格|售价|到手价|特价|券后价?|活动价|优惠价|仅需|只需|只要|仅售|才)?\s*[:：]?\s*[¥￥]?\s*$"
)
_PRICE_TAIL = re.compile(r"^\s*(?:元|块)(?:起|/件|一件|每件)?")


def has_note_placeholder(template: str) -> bool:
    """True when ``template`` says where the note goes."""
    return any(_is_note(token) for token in parse(template).tokens)


def _is_note(token: Token) -> bool:
    if token.kind is not TokenKind.UNKNOWN:
        return False
    written = token.value.replace(" ", "")
    return written.startswith("{") and written.endswith("}") and written[1:-1].casefold() in _NOTE_NAMES


def _without_notes(template: str) -> str:
    """``template`` with each note placeholder blanked out (same length, so positions hold).

    The note is known to this module only; to the phrase language ``{推荐语}`` is an unknown
    placeholder. Blanking it lets the ordinary checks judge everything else.
    """
    text = template
    for token in parse(template).tokens:
        if _is_note(token):
            text = text[: token.start] + " " * (token.end - token.start) + text[token.end :]
    return text


def template_errors(template: str) -> list[TemplateError]:
    """What is wrong with a recommendation template (the note placeholder is allowed)."""
    return list(parse(_without_notes(template)).errors)


def validate_template(template: str, knowledge_fields: Collection[str] | None = None) -> list[Problem]:
    """``placeholders.validate`` for a recommendation template: ``{推荐语}`` is allowed."""
    return validate(_without_notes(template), knowledge_fields)


def _place_note(note: str, following: str | None) -> str:
    """The note as it reads before ``following`` (the template text after it; None: the end)."""
    if not note or following is None:
        return note
    if not following or following[0] in _PUNCTUATION or following[0].isspace():
        return note.rstrip(_TRAILING_PUNCTUATION)
    if note[-1] in _SENTENCE_END:
        return note
    return note.rstrip(_TRAILING_PUNCTUATION) + "，"


def _drop_price_words(tokens: list[Token]) -> list[Token]:
    """Without a price, the template's words around it go too ("现价{商品.价格}元")."""
    result = list(tokens)
    for i, token in enumerate(result):
        if token.kind is not TokenKind.PRODUCT or token.value != "price":
            continue
        before = result[i - 1] if i > 0 else None
        if before is not None and before.kind is TokenKind.TEXT:
            cut = _PRICE_LEAD.search(before.value)
            if cut is not None:
                result[i - 1] = Token(TokenKind.TEXT, before.value[: cut.start()], before.start, before.end)
        after = result[i + 1] if i + 1 < len(result) else None
        if after is not None and after.kind is TokenKind.TEXT:
            cut = _PRICE_TAIL.match(after.value)
            if cut is not None:
                result[i + 1] = Token(TokenKind.TEXT, after.value[cut.end() :], after.start, after.end)
    return result


def recommendation_text(
    product: Product, template: str, note: str = "", ctx: RenderContext | None = None
) -> str:
    """``template`` rendered for ``product`` with ``note``; ``ctx`` supplies agent, shop, time.

    When the product has no price, the words the template puts around ``{商品.价格}``
    ("现价", "元") are dropped too and the separators around it collapse, so the buyer never
    reads "现价元，". A note placed inside the template is joined with a comma when words
    follow it, and gives way to the template's own punctuation.
    """
    context = replace(ctx or RenderContext(), product=product)
    parsed = parse(template)
    note = note.strip()
    tokens = list(parsed.tokens)
    if product.price is None:
        tokens = _drop_price_words(tokens)
    placed = False
    for i, token in enumerate(tokens):
        if not _is_note(token):
            continue
        # What the buyer reads right after the note decides its punctuation, so look at the
        # rendered rest (a placeholder may be empty, the price words may have gone).
        rest = [t for t in tokens[i + 1 :] if not _is_note(t)]
        following = render_template(Template(parsed.source, tuple(rest)), context).text
        tokens[i] = Token(TokenKind.TEXT, _place_note(note, following or None), token.start, token.end)
        placed = True
    text = render_template(Template(parsed.source, tuple(tokens), parsed.errors), context).text
    if product.price is None:
        text = _DOUBLE_SEPARATOR.sub(r"\1", text).rstrip().rstrip("，,、；;：:")
    if note and not placed:
        text = note.rstrip(_TRAILING_PUNCTUATION) + _NOTE_JOIN + text
    return text.strip()
