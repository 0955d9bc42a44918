"""Storage rows → domain values: category paths, phrases and products, one mapping each.

Storage keeps a two-level category tree as rows of ``(id, parent_id, name)``. The repository, the
search index loaders, the importer and the hub's pull and publish all need "id → ``CategoryPath``";
they get it here (``category_paths``), so they agree on every row, the odd ones included. A stored
phrase row becomes a ``Phrase`` in ``phrase_from_values`` (its values in ``PHRASE_COLUMNS`` order,
as the index loader reads them with plain sqlite3) or ``phrase_from_row`` (the same, for readers that
have the columns by name: the ORM row, or a Core select); a product row with its tag, knowledge and
relation rows becomes a ``Product`` in ``product_from_values``/``products_from_values`` (the
repository, the index loader and the hub, whose product columns are the same). The conversions a
driver may leave undone (SQLite's datetimes as text, NULLs, price text, text lists) are done here.

The orphan rule: a subcategory whose parent is not among the rows given (deleted away, or never
received) has no path, and a phrase in it reads as uncategorised (``CategoryPath()``), exactly like
a phrase without a category. It is never promoted to a top-level category of its own name (that
would merge it with a real category of the same name) nor read as ``CategoryPath("", name)``
(which is invalid and raises).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from typing import Any, Protocol

from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    LibraryKind,
    Phrase,
    Product,
    Relation,
    RelationKind,
)
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


_PHRASE_VALUES = attrgetter(*PHRASE_COLUMNS)


def stored_datetime(value: Any) -> datetime | None:
    """A stored timestamp: SQLite's driver hands datetimes back as ISO text, others as datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value) if value else None


def stored_price(value: Any) -> Decimal | None:
    """A stored price (decimal text, "" when unknown; anything unreadable reads as unknown)."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def phrase_from_values(values: Sequence[Any], library: LibraryKind, category: CategoryPath) -> Phrase:
    """The ``Phrase`` of a stored row's ``values`` in ``PHRASE_COLUMNS`` order (values after those
    are ignored, so a reader may select more); library and category are resolved by the caller
    (from the library id, and ``category_paths``/``path_of``)."""
    return Phrase(
        values[0], library, category, values[4] or "", values[5] or "", values[3] or "",
        stored_datetime(values[6]), stored_datetime(values[7]), values[8] or 0, stored_datetime(values[9]),
        stored_datetime(values[10]), values[11] or 0, bool(values[12]), load_text_list(values[13]),
        load_text_list(values[14]),
    )  # fmt: skip


def phrase_from_row(row: PhraseColumnsByName, library: LibraryKind, category: CategoryPath) -> Phrase:
    """``phrase_from_values`` for a row read by column name."""
    return phrase_from_values(_PHRASE_VALUES(row), library, category)


# The product table's columns, in the order ``product_from_values`` takes them (the hub's product
# table has the same columns, read in this order too).
PRODUCT_COLUMNS = ("id", "item_id", "title", "link", "price", "notes", "position", "created_at", "updated_at",
                   "revision", "deleted")
PRODUCT_VALUES = attrgetter(*PRODUCT_COLUMNS)


def product_from_values(
    values: Sequence[Any],
    tags: Iterable[str] = (),
    knowledge: Iterable[Sequence[Any]] = (),
    related: Iterable[Sequence[Any]] = (),
) -> Product:
    """The ``Product`` of a stored row's ``values`` in ``PRODUCT_COLUMNS`` order (values after those
    are ignored), with its tag names, knowledge rows ``(name, value)`` and relation rows
    ``(target_id, kind, position, note)``, each in stored order."""
    return Product(
        values[0], values[1] or "", values[2] or "", values[3] or "", stored_price(values[4]), tuple(tags),
        tuple(KnowledgeField(name, value or "") for name, value in knowledge), values[5] or "",
        tuple(Relation(RelationKind(kind), target, position or 0, note or "") for target, kind, position, note in related),
        values[6] or 0, stored_datetime(values[7]), stored_datetime(values[8]), int(values[9] or 0), bool(values[10]),
    )  # fmt: skip


def products_from_values(
    rows: Iterable[Sequence[Any]],
    tag_rows: Iterable[Sequence[Any]],
    knowledge_rows: Iterable[Sequence[Any]],
    relation_rows: Iterable[Sequence[Any]],
) -> list[Product]:
    """``product_from_values`` for many products, their children given as rows that start with the
    product id: ``(product_id, tag)``, ``(product_id, name, value)`` and
    ``(product_id, target_id, kind, position, note)``, each in stored order."""
    tags: dict[str, list[str]] = {}
    knowledge: dict[str, list[Sequence[Any]]] = {}
    related: dict[str, list[Sequence[Any]]] = {}
    for pid, tag in tag_rows:
        tags.setdefault(pid, []).append(tag)
    for pid, *field in knowledge_rows:
        knowledge.setdefault(pid, []).append(field)
    for pid, *relation in relation_rows:
        related.setdefault(pid, []).append(relation)
    return [
        product_from_values(row, tags.get(row[0], ()), knowledge.get(row[0], ()), related.get(row[0], ()))
        for row in rows
    ]


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
