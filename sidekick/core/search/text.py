"""How phrases and products are laid out as searchable text.

Each indexed item is one run of *tokens* (one per character) made of its fields joined by a
separator, with a separator at the end::

    phrase:  title ␀ body ␀
    product: title ␀ tags ␀ knowledge ␀

A product's ``notes`` are the end of its knowledge text (``knowledge_text``) but only the
fallback tier matches them (``partial``; ``notes_range`` says where they are): shops write there
about *other* products as much as about this one (常与真丝枕套、睡袍组成睡眠礼盒 on an eye
mask), so a literal match in the notes must not outrank the product whose title says it.
Relation notes (``Relation.note``) describe the target product and are not indexed at all.

Normalisation keeps one character per character (so a token index maps straight back to the
original text for highlighting): full-width ASCII becomes ASCII (``ｋｄ`` → ``kd``), the
ideographic space becomes a space, letters are lower-cased.
"""

from __future__ import annotations

import re

from sidekick.core.types import Phrase, Product

SEP = "\x00"  # field separator token: never produced by a query, so no match can cross it

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x00] = 0x20  # a stray NUL in user text must not act as a separator

PHRASE_FIELDS = ("title", "body")
PRODUCT_FIELDS = ("title", "tags", "knowledge")

SUMMARY_CHARS = 80  # length of a product's knowledge summary in a search hit


_NEEDS_FOLD = re.compile("[\x00\u3000\uff01-\uff5e]")
_NEEDS_FOLD_KEEP_SEP = re.compile("[\u3000\uff01-\uff5e]")
_FOLD_KEEP_SEP = {k: v for k, v in _FOLD.items() if k != 0}


def _lower(text: str) -> str:
    out = text.lower()
    if len(out) == len(text):
        return out
    # A few characters lower-case to two (``İ``); keep those as they are.
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def fold(text: str) -> str:
    """Lower-case and fold full-width forms, keeping the length unchanged."""
    if _NEEDS_FOLD.search(text):  # translate() is slow on CJK text: only when needed
        text = text.translate(_FOLD)
    return _lower(text)


def fold_run(run: str) -> str:
    """``fold`` for an already joined token run: separators stay separators."""
    if _NEEDS_FOLD_KEEP_SEP.search(run):
        run = run.translate(_FOLD_KEEP_SEP)
    return _lower(run)


def raw_run(fields: tuple[str, ...]) -> str:
    """An item's token run before folding (a NUL inside a field becomes a space)."""
    return SEP.join(f.replace(SEP, " ") if SEP in f else f for f in fields) + SEP


def tags_text(product: Product) -> str:
    """The searchable text of a product's tags (spans with field ``tags`` index into it)."""
    return " ".join(product.tags)


def knowledge_text(product: Product) -> str:
    """The searchable text of a product's knowledge (spans with field ``knowledge`` index it)."""
    parts = [f"{item.name}:{item.value}" for item in product.knowledge]
    if product.notes:
        parts.append(product.notes)
    return "；".join(parts)


def notes_range(product: Product) -> tuple[int, int]:
    """(offset in the item's token run, length) of the product's notes; (0, 0) for none."""
    if not product.notes:
        return (0, 0)
    start = len(product.title) + 1 + len(tags_text(product)) + 1
    return (start + len(knowledge_text(product)) - len(product.notes), len(product.notes))


def knowledge_summary(product: Product) -> str:
    """A short knowledge summary shown as a product hit's body (a prefix of knowledge_text)."""
    text = knowledge_text(product)
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[: SUMMARY_CHARS - 1] + "…"


def phrase_fields(phrase: Phrase) -> tuple[str, ...]:
    return (phrase.title, phrase.body)


def product_fields(product: Product) -> tuple[str, ...]:
    return (product.title, tags_text(product), knowledge_text(product))
