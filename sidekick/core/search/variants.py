"""Equivalent spellings of one search term, tried together by the strict match kinds.

A term is matched as the union of its *variants*; each item takes the best tier any variant
gives it (and the highlight of that variant). Variants only cover differences that never change
what the agent meant:

- **你 / 您**: buyers write 你好, shops write 您好; each of the two is also tried as the other.
- **spacing between Chinese and Latin/digits**: ``7天`` also matches ``7 天`` (and ``kd费``
  ``kd 费``). The reverse needs no variant: ``7 天`` typed with a space is two terms, which
  match ``7天`` anyway.
- **a lone digit 1-9 before a measure word** (天, 件, 个 …) and its numeral 一 … 九:
  ``7天`` ↔ ``七天``, so ``七天无理由`` is found by ``7天`` and ``7天`` text by ``七天``
  (两, 十 and longer numbers are not rewritten; 一下, 一起 are left alone).

Terms without 你/您 and without a Chinese–Latin boundary have exactly one variant (themselves),
so codes, pinyin and short queries are matched exactly as before. At most ``MAX_VARIANTS`` are
made, keeping each keystroke bounded.

``link_item_id`` turns a pasted item link into the item id it names, so a link finds its product
the way the bare id does; it reads links with the shop's patterns (``links``), else the defaults.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from sidekick.core.links import LinkMatcher, link_matcher
from sidekick.core.search.pinyin import is_han

MAX_VARIANTS = 4
_SWAP = str.maketrans({"你": "您", "您": "你"})
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_NUMERALS = "一二三四五六七八九"
_TO_NUMERAL = {str(d): _NUMERALS[d - 1] for d in range(1, 10)}
_TO_DIGIT = {n: str(i + 1) for i, n in enumerate(_NUMERALS)}
# Counted things: a numeral elsewhere (一下, 一起, 三件套 as a name) is left alone.
_MEASURES = frozenset("天件个年月日号双条只斤次周位")


def _spaced(term: str) -> str:
    """``term`` with a space at every boundary between a Chinese character and a letter/digit."""
    out = [term[0]]
    for prev, ch in pairwise(term):
        if (is_han(prev) and ch in _LATIN) or (prev in _LATIN and is_han(ch)):
            out.append(" ")
        out.append(ch)
    return "".join(out)


def _counted(term: str) -> str:
    """Lone digits before a measure word as numerals and numerals as digits (7天 ↔ 七天)."""
    out = list(term)
    for i, ch in enumerate(term[:-1]):
        if term[i + 1] not in _MEASURES:
            continue
        lone = (i == 0 or not term[i - 1].isdigit()) and ch in _TO_NUMERAL
        if lone:
            out[i] = _TO_NUMERAL[ch]
        elif ch in _TO_DIGIT and (i == 0 or term[i - 1] not in _TO_DIGIT):
            out[i] = _TO_DIGIT[ch]
    return "".join(out)


@lru_cache(maxsize=1024)
def term_variants(term: str) -> tuple[str, ...]:
    """The term first, then its equivalent spellings (deduplicated, at most ``MAX_VARIANTS``)."""
    if not term or term.isascii():  # codes, pinyin, Latin words: matched exactly as typed
        return (term,)
    forms = [term]
    if "你" in term or "您" in term:
        forms.append(term.translate(_SWAP))
    counted = _counted(term)
    if counted != term:
        forms.append(counted)
    for form in list(forms):
        spaced = _spaced(form)
        if spaced != form:
            forms.append(spaced)
    return tuple(dict.fromkeys(forms))[:MAX_VARIANTS]


def link_item_id(term: str, links: LinkMatcher | None = None) -> str | None:
    """The item id named by a link-looking term (``…item.htm?id=616815215358``), else None.

    ``links`` is the shop's matcher (``link_matcher(settings.link_patterns)``); None means the
    built-in patterns.

    Only terms with a ``/`` after their first character and a ``.`` are tried, so the check
    costs nothing for ordinary typing (``/tk`` codes start with the slash).
    """
    if "/" not in term[1:] or "." not in term:
        return None
    return (links or link_matcher()).match(term)
