"""Precomputed search forms: what is stored in the ``search_forms`` column.

Computing pinyin is the slow part of indexing, so it is done when a phrase or product is
saved, and start-up only decodes the stored string. The format is a compact string, cheap to
decode in bulk (one ``str.encode("utf-32-le")`` and a NumPy view for the whole library)::

    VERSION  P[0] … P[n-1]  (OFF ALT)*

- ``n`` is the number of tokens of the item (see ``text.raw_run``: fields joined by a
  separator, plus one at the end), so the forms can be checked against the current text;
- ``P[i]`` is the primary spelling of token ``i`` as ``chr(0xE000 + id)`` (ids from
  ``syllables.SPELLINGS``; 0 for punctuation, emoji and separators);
- each ``OFF ALT`` pair gives token ``ord(OFF) - 0xF0000`` an alternate spelling
  ``ord(ALT) - 0xE000`` (the second reading of a polyphonic character).

A string with another version or the wrong length is treated as missing and recomputed.
"""

from __future__ import annotations

from sidekick.core.search.pinyin import PUA, spell
from sidekick.core.search.text import fold_run, phrase_fields, product_fields, raw_run
from sidekick.core.types import Phrase, Product

FORMS_VERSION = "1"
OFFSET_BASE = 0xF0000  # supplementary private-use plane: offsets up to 65533 tokens
_MAX_OFFSET = 0xFFFD


def folded_text(fields: tuple[str, ...]) -> str:
    """The folded token run of an item (see ``text``), exactly as the index stores it."""
    return fold_run(raw_run(fields))


def encode_fields(fields: tuple[str, ...]) -> str:
    """Forms of an item given its raw fields."""
    primary, alts = spell(folded_text(fields))
    pairs = "".join(
        chr(OFFSET_BASE + off) + chr(PUA + sid) for off, sid in alts if off <= _MAX_OFFSET
    )
    return FORMS_VERSION + primary + pairs


def phrase_forms(phrase: Phrase) -> str:
    """Serialized search forms of a phrase (title and body)."""
    return encode_fields(phrase_fields(phrase))


def product_forms(product: Product) -> str:
    """Serialized search forms of a product (title, tags, knowledge)."""
    return encode_fields(product_fields(product))


def split_forms(forms: str | None, n_tokens: int) -> tuple[str, str] | None:
    """(primary, pairs) parts of stored forms for an item of ``n_tokens`` tokens.

    None when the forms are missing, of another version, or do not fit the text (the text
    was edited without recomputing them): the caller then recomputes.
    """
    if not forms or forms[0] != FORMS_VERSION:
        return None
    rest = len(forms) - 1 - n_tokens
    if rest < 0 or rest % 2:
        return None
    return forms[1 : 1 + n_tokens], forms[1 + n_tokens :]


def decode_forms(forms: str, n_tokens: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Spelling ids and (offset, alternate id) pairs; raises ValueError if invalid.

    The index decodes in bulk with NumPy; this readable version is for tests and tools.
    """
    parts = split_forms(forms, n_tokens)
    if parts is None:
        raise ValueError("search forms do not match this item (stale or other version)")
    primary, pairs = parts
    ids = [ord(ch) - PUA for ch in primary]
    alts = [
        (ord(pairs[k]) - OFFSET_BASE, ord(pairs[k + 1]) - PUA) for k in range(0, len(pairs), 2)
    ]
    return ids, alts
