"""Parsing what the agent typed into search terms and filters.

Rules (whitespace, including the ideographic space, separates tokens):

- ``#标签`` keeps products with a tag starting with ``标签`` (phrases have no tags).
- ``@团队``/``@team`` keeps team phrases, ``@我``/``@me``/``@个人``/``@personal`` personal ones
  (products have no library, so they drop out). A prefix of one library's name works while it
  is being typed (``@te``); an unknown name is ignored. The last library filter wins.
- ``/分类`` keeps phrases whose category *or* subcategory starts with ``分类``; ``/售后/退``
  names both levels (category starts with 售后, subcategory with 退).
  **Codes win:** when the whole token (``/tk``) is a prefix of some phrase's short code, it is a
  search term, not a category filter, so codes that start with ``/`` keep working while typed.
- Everything else is a search term; all terms must match, in any order.
- A lone ``#``, ``@`` or ``/`` is ignored. Filters of the same kind combine with AND.

Terms are folded like indexed text (lower case, half-width), see ``text.fold``. The index
then matches each term together with its variants (``variants``: 你/您, ``7天``/``7 天``/
``七天``) and reads a pasted item link as its item id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sidekick.core.search.text import fold
from sidekick.core.types import LibraryKind

_LIBRARY_NAMES: dict[LibraryKind, tuple[str, ...]] = {
    LibraryKind.TEAM: ("团队", "团队短语", "team"),
    LibraryKind.PERSONAL: ("我", "me", "个人", "私人", "私人短语", "personal"),
}


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: terms and filters, all folded."""

    terms: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    library: LibraryKind | None = None
    categories: tuple[tuple[str, str], ...] = ()  # (category prefix, subcategory prefix or "")

    @property
    def has_filters(self) -> bool:
        return bool(self.tags or self.library or self.categories)


def _library(name: str) -> LibraryKind | None:
    exact = [kind for kind, names in _LIBRARY_NAMES.items() if name in names]
    if exact:
        return exact[0]
    prefixed = [
        kind for kind, names in _LIBRARY_NAMES.items() if any(n.startswith(name) for n in names)
    ]
    return prefixed[0] if len(prefixed) == 1 else None


def parse_query(text: str, is_code_prefix: Callable[[str], bool] = lambda _t: False) -> Query:
    """Split ``text`` into terms and filters (see the module docstring for the rules)."""
    terms: list[str] = []
    tags: list[str] = []
    categories: list[tuple[str, str]] = []
    library: LibraryKind | None = None
    for token in fold(text).split():
        token = "".join(ch for ch in token if ch.isprintable())
        if not token:
            continue
        head, rest = token[0], token[1:]
        if head == "#":
            if rest:
                tags.append(rest)
        elif head == "@":
            if rest and (kind := _library(rest)) is not None:
                library = kind
        elif head == "/" and not is_code_prefix(token):
            parts = [p for p in rest.split("/") if p]
            if parts:
                categories.append((parts[0], parts[1] if len(parts) > 1 else ""))
        else:
            terms.append(token)
    return Query(tuple(terms), tuple(tags), library, tuple(categories))
