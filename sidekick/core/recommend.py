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
from dataclasses import replace

from sidekick.core.placeholders import RenderContext, Template, Token, TokenKind, parse, render_template
from sidekick.core.types import Product

__all__ = ["NOTE_PLACEHOLDERS", "has_note_placeholder", "recommendation_text"]

# How the note is written in a template (braces included, as the parser keeps unknown names).
NOTE_PLACEHOLDERS = frozenset({"{推荐语}", "{备注}", "{note}", "{Note}", "{NOTE}"})

# Between the note and the rest when the template has no place for the note.
_NOTE_JOIN = "："
_TRAILING_PUNCTUATION = "，。,.；;：:！!～~ \t"
# A missing price leaves its two separators side by side ("标题，，链接"): keep one.
_DOUBLE_SEPARATOR = re.compile(r"([，,、；;])\s*[，,、；;]")


def has_note_placeholder(template: str) -> bool:
    """True when ``template`` says where the note goes."""
    return any(_is_note(token) for token in parse(template).tokens)


def _is_note(token: Token) -> bool:
    return token.kind is TokenKind.UNKNOWN and token.value.replace(" ", "") in NOTE_PLACEHOLDERS


def recommendation_text(
    product: Product, template: str, note: str = "", ctx: RenderContext | None = None
) -> str:
    """``template`` rendered for ``product`` with ``note``; ``ctx`` supplies agent, shop, time.

    When the product has no price, a ``元`` written right after ``{商品.价格}`` is dropped too,
    and the separators around it collapse, so the buyer never reads "，元，".
    """
    context = replace(ctx or RenderContext(), product=product)
    parsed = parse(template)
    note = note.strip()
    tokens: list[Token] = []
    placed = False
    skip_yuan = False
    for token in parsed.tokens:
        if _is_note(token):
            tokens.append(Token(TokenKind.TEXT, note, token.start, token.end))
            placed = True
            continue
        if skip_yuan and token.kind is TokenKind.TEXT and token.value.startswith("元"):
            token = Token(TokenKind.TEXT, token.value[1:], token.start + 1, token.end)
        skip_yuan = token.kind is TokenKind.PRODUCT and token.value == "price" and product.price is None
        tokens.append(token)
    text = render_template(Template(parsed.source, tuple(tokens), parsed.errors), context).text
    if product.price is None:
        text = _DOUBLE_SEPARATOR.sub(r"\1", text)
    if note and not placed:
        text = note.rstrip(_TRAILING_PUNCTUATION) + _NOTE_JOIN + text
    return text.strip()
