"""Recognise a marketplace item link (or a bare item id) in copied text.

Link detection is opt-in: when it is on, the app hands every clipboard change to
:meth:`LinkMatcher.match`, which returns the item id (the ``id=`` of a link) or None. The
text is only read here, never kept: the matcher holds compiled patterns and nothing else.

Patterns are the shop's regular expressions (``Settings.link_patterns``); group ``id`` if
the pattern names one, else group 1, is the item id. A pattern the shop got wrong raises
:class:`LinkPatternError` naming it, so the settings page can say which line to fix.

A bare number is only an item id when the *whole* text is that number and the caller says it
is a known product's item id (``is_known``). Agents copy order numbers, phone numbers and
prices all day; without the check every one of them would open a card.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

__all__ = [
    "DEFAULT_LINK_PATTERNS", "MAX_TEXT", "LinkMatcher", "LinkPatternError", "link_matcher", "pattern_problems",
]

# The marketplaces Sidekick knows, the default of ``Settings.link_patterns``; group 1 of each
# pattern is the item id. Hosts are anchored
# (``(?<![A-Za-z0-9_.-])``) so ``nottaobao.com`` is not Taobao while a link glued to Chinese
# text ("这个item.taobao.com/…") still counts, subdomains are bounded (``{0,5}``) so a
# long dotted text cannot make matching slow on every copy, and the parameter must be exactly ``id``
# (or ``item_id``/``goods_id``) after ``?`` or ``&``, so ``user_id=``/``shop_id=`` never match.
# Short links (m.tb.cn, e.tb.cn, u.jd.com, v.douyin.com) carry no id and are not matched.
DEFAULT_LINK_PATTERNS = (
    # Taobao, Tmall (also .hk), Pinduoduo (yangkeduo), Douyin shop (jinritemai), 1688:
    # item.taobao.com/item.htm?id=…, detail.tmall.com/item.htm?spm=…&id=…,
    # mobile.yangkeduo.com/goods.html?goods_id=…, haohuo.jinritemai.com/…/detail?id=…
    r"(?<![A-Za-z0-9_.-])(?:[A-Za-z0-9-]+\.){0,5}(?:taobao\.com|tmall\.com|tmall\.hk|yangkeduo\.com|pinduoduo\.com"
    r"|jinritemai\.com|1688\.com)/[^\s?#]*\?(?:[^\s#]*?&)?(?:id|item_?id|goods_id)=(\d{6,20})(?!\d)",
    # JD item pages: item.jd.com/100012043978.html, item.m.jd.com/product/100012043978.html
    r"(?<![A-Za-z0-9_.-])(?:[A-Za-z0-9-]+\.){0,5}jd\.(?:com|hk)/(?:product/)?(\d{5,20})\.html",
    # 1688 offers and old Taobao mobile pages: detail.1688.com/offer/123456789.html, a.m.taobao.com/i123456789.htm
    r"(?<![A-Za-z0-9_.-])detail\.1688\.com/offer/(\d{6,20})\.html",
    r"(?<![A-Za-z0-9_.-])a\.m\.taobao\.com/i(\d{6,20})\.htm",
)

# Longer clipboard text is a document or a chat log, not a copied link: skip it rather than run
# every pattern over it on each copy.
MAX_TEXT = 2000

# A bare item id: marketplaces use 6 to 20 digits.
_PLAIN_ID = re.compile(r"\d{6,20}")


class LinkPatternError(ValueError):
    """One or more link patterns cannot be used; the message names each and says why."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class _Compiled:
    source: str
    regex: re.Pattern[str]
    group: str | int


def _compile(pattern: str) -> _Compiled:
    """Compile one shop pattern or raise ``ValueError`` with a message naming it."""
    try:
        regex = re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise ValueError(f"link pattern \"{pattern}\" is not a valid regular expression: {error}") from None
    if "id" in regex.groupindex:
        return _Compiled(pattern, regex, "id")
    if regex.groups < 1:
        raise ValueError(
            f"link pattern \"{pattern}\" has no group: put parentheses around the item id, "
            r"e.g. [?&]id=(\d+)"
        )
    return _Compiled(pattern, regex, 1)


def pattern_problems(patterns: Sequence[str]) -> list[str]:
    """A message for every unusable pattern (empty when all compile); for the settings page."""
    problems = []
    for pattern in patterns:
        try:
            _compile(pattern)
        except ValueError as error:
            problems.append(str(error))
    return problems


class LinkMatcher:
    """Item ids from copied links, by the shop's patterns."""

    def __init__(self, patterns: Sequence[str]) -> None:
        compiled: list[_Compiled] = []
        problems: list[str] = []
        for pattern in patterns:
            if not pattern.strip():
                continue  # a blank line in the settings list means nothing
            try:
                compiled.append(_compile(pattern))
            except ValueError as error:
                problems.append(str(error))
        if problems:
            raise LinkPatternError(problems)
        self._patterns = tuple(compiled)

    @classmethod
    def lenient(cls, patterns: Sequence[str]) -> tuple[LinkMatcher, list[str]]:
        """A matcher from the usable patterns, and a message for each one left out.

        The watcher uses this: one mistyped custom pattern must not switch detection off for
        the links the other patterns still recognise.
        """
        problems = pattern_problems(patterns)
        good = [p for p in patterns if p.strip() and not pattern_problems([p])]
        return cls(good), problems

    @property
    def patterns(self) -> tuple[str, ...]:
        return tuple(p.source for p in self._patterns)

    def match(self, text: str, *, is_known: Callable[[str], bool] | None = None) -> str | None:
        """The item id in ``text``, or None.

        A link anywhere in the text counts (agents copy a buyer's whole message). A bare
        number counts only when it is the whole text and ``is_known(number)`` is true.
        """
        if not text or len(text) > MAX_TEXT:
            return None
        stripped = text.strip()
        if _PLAIN_ID.fullmatch(stripped):
            return stripped if is_known is not None and is_known(stripped) else None
        found = self._search(text)
        if found is None and "%" in text:
            # Share and affiliate links carry the item link percent-encoded in a parameter.
            found = self._search(unquote(text))
        return found

    def _search(self, text: str) -> str | None:
        for pattern in self._patterns:
            for hit in pattern.regex.finditer(text):
                value = hit.group(pattern.group)
                if value:
                    return value
        return None


@lru_cache(maxsize=8)
def link_matcher(patterns: tuple[str, ...] = DEFAULT_LINK_PATTERNS) -> LinkMatcher:
    """The matcher for a shop's patterns, built once per list; unusable patterns are left out
    (the settings page names them), so one typo never stops the others from matching."""
    return LinkMatcher.lenient(patterns)[0]
