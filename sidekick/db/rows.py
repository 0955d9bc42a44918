"""Storage rows → domain values: category paths and phrases, one mapping each.

Storage keeps a two-level category tree as rows of ``(id, parent_id, name)``. The repository, the
search index loaders, the importer and the hub's pull and publish all need "id → ``CategoryPath``";
they get it here (``category_paths``), so they agree on every row, the odd ones included. A stored
phrase row becomes a ``Phrase`` in ``phrase_from_row`` for every reader that has the row's columns
by name (the ORM row, or a Core select of the same columns).

The orphan rule: a subcategory whose parent is not among the rows given (deleted away, or never
received) has no path, and a phrase in it reads as uncategorised (``CategoryPath()``), exactly like
a phrase without a category. It is never promoted to a top-level category of its own name (that
would merge it with a real category of the same name) nor read as ``CategoryPath("", name)``
(which is invalid and raises).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from sidekick.core.types import CategoryPath, LibraryKind, Phrase
from sidekick.db.text_list import load_text_list

# The phrase table's columns, in the order a Core select of them returns (``PhraseRow`` has them all).
PHRASE_COLUMNS = ("id", "library_id", "category_id", "code", "title", "body", "valid_from", "valid_until",
                  "position", "created_at", "updated_at", "revision", "deleted", "questions", "intents")


class PhraseColumnsByName(Protocol):
    """A phrase row read by column name: ``PhraseRow``, or a SQLAlchemy ``Row`` of ``PHRASE_COLUMNS``."""

    @property
    def id(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def valid_from(self) -> datetime | None: ...
    @property
    def valid_until(self) -> datetime | None: ...
    @property
    def position(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def revision(self) -> int: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def questions(self) -> str: ...
    @property
    def intents(self) -> str: ...


def phrase_from_row(row: PhraseColumnsByName, library: LibraryKind, category: CategoryPath) -> Phrase:
    """The ``Phrase`` a stored row holds; its library and category path are resolved by the caller
    (from the library id, and ``category_paths``/``path_of``)."""
    return Phrase(
        id=row.id, library=library, category=category, title=row.title, body=row.body, code=row.code,
        valid_from=row.valid_from, valid_until=row.valid_until, position=row.position,
        created_at=row.created_at, updated_at=row.updated_at, revision=row.revision, deleted=bool(row.deleted),
        questions=load_text_list(row.questions), intents=load_text_list(row.intents),
    )



def category_paths(rows: Iterable[tuple[str, str | None, str | None]]) -> dict[str, CategoryPath]:
    """id → path for ``rows`` of ``(id, parent_id, name)``; orphans are left out (see above).

    The result keeps the order of ``rows``.
    """
    listed = list(rows)
    names = {cid: (parent, name or "") for cid, parent, name in listed}
    paths: dict[str, CategoryPath] = {}
    for cid, parent, name in listed:
        if parent is None:
            paths[cid] = CategoryPath(name or "")
        elif parent in names:
            paths[cid] = CategoryPath(names[parent][1], name or "")
    return paths


def path_of(paths: dict[str, CategoryPath], category_id: str | None) -> CategoryPath:
    """The path of ``category_id`` (None, unknown and orphans: uncategorised)."""
    if category_id is None:
        return CategoryPath()
    return paths.get(category_id) or CategoryPath()
