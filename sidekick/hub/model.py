"""What the hub stores, as core types, and the reports that sync and publish return.

The SQL that reads hub rows lives here once, so pull (by revision) and publish (by id, to
compare versions) read the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import psycopg

from sidekick.core.types import (
    CategoryPath,
    LibraryKind,
    Phrase,
    Product,
)
from sidekick.db import rows as db_rows


@dataclass(frozen=True, slots=True)
class HubCategory:
    """A team category node as the hub stores it (by id, so renames and moves sync)."""

    id: str
    parent_id: str | None
    name: str
    position: int = 0
    revision: int = 0
    deleted: bool = False
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChangedItem:
    """One row a sync or publish touched, for the "what changed" notice (clickable by id)."""

    kind: str  # "phrase" | "product" | "category"
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one pull brought into the local team library."""

    previous_revision: int
    revision: int
    new_phrases: tuple[ChangedItem, ...] = ()
    changed_phrases: tuple[ChangedItem, ...] = ()
    removed_phrases: tuple[ChangedItem, ...] = ()
    products_new: int = 0
    products_changed: int = 0
    products_removed: int = 0
    categories_changed: int = 0
    # Hub rows not applied because this machine holds an unpublished edit of the same row
    # (settled by publish), or a code clash with one (retried on the next pull).
    conflicts: tuple[ChangedItem, ...] = ()
    shop_settings: tuple[str, ...] = ()  # shop settings the hub changed here (shop_name, ...)
    discarded_backup: str = ""  # local team edits of an agent's machine were discarded; backed up here

    @property
    def changed(self) -> bool:
        return bool(
            self.new_phrases or self.changed_phrases or self.removed_phrases or self.products_new
            or self.products_changed or self.products_removed or self.categories_changed or self.shop_settings
        )

    def summary(self) -> str:
        parts = [
            f"{len(self.new_phrases)} new, {len(self.changed_phrases)} changed, "
            f"{len(self.removed_phrases)} removed team phrases",
            f"products +{self.products_new} ~{self.products_changed} -{self.products_removed}",
        ]
        if self.shop_settings:
            parts.append(f"shop settings changed: {', '.join(self.shop_settings)}")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} kept local (unpublished edits)")
        return f"revision {self.previous_revision} → {self.revision}: " + "; ".join(parts)


Version = Phrase | Product | HubCategory


@dataclass(frozen=True, slots=True)
class Conflict:
    """A row both this lead and the hub changed since this machine last saw it."""

    kind: str
    id: str
    title: str
    mine: Version | None  # the local pending version
    theirs: Version | None  # the hub's current version (None: the hub has no such row)

    def describe(self) -> str:
        lines = [f"{self.kind} 「{self.title}」 ({self.id})"]
        mine = _plain(self.mine)
        theirs = _plain(self.theirs)
        for key in sorted(set(mine) | set(theirs)):
            if key in ("revision", "updated_at", "created_at"):
                continue
            if mine.get(key) != theirs.get(key):
                lines.append(f"  {key}: mine = {mine.get(key)!r}")
                lines.append(f"  {' ' * len(key)}  hub  = {theirs.get(key)!r}")
        return "\n".join(lines)


def _plain(version: Version | None) -> dict[str, Any]:
    return asdict(version) if version is not None else {}


@dataclass(frozen=True, slots=True)
class PublishReport:
    """The outcome of one publish: written (with the new revision) or refused with conflicts."""

    written: bool
    revision: int
    categories: int = 0
    phrases: tuple[ChangedItem, ...] = ()
    products: int = 0
    conflicts: tuple[Conflict, ...] = ()
    resolution: str | None = None  # None, "mine" or "theirs"
    saved_conflicts: str = ""  # file keeping both versions of every conflict, when any

    @property
    def nothing_to_do(self) -> bool:
        return self.written and not (self.categories or self.phrases or self.products)


@dataclass
class HubRows:
    """Rows read from the hub in one snapshot."""

    categories: list[HubCategory] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)


# --------------------------------------------------------------------------- reading the hub

# Column lists shared by the row queries below and the one-statement JSON read in ``pull``
# (``json_build_array`` of the same list), so both produce rows of the same shape.
CATEGORY_COLUMNS = "c.id, c.parent_id, c.name, c.position, c.revision, c.deleted, c.updated_at"
CATEGORY_SQL = f"SELECT {CATEGORY_COLUMNS} FROM sidekick.category c"
PHRASE_COLUMNS = (
    "p.id, coalesce(pc.name, c.name, ''), CASE WHEN pc.id IS NULL THEN '' ELSE c.name END, "
    "p.title, p.body, p.code, p.valid_from, p.valid_until, p.position, p.created_at, p.updated_at, "
    "p.revision, p.deleted, p.questions, p.intents"
)
PHRASE_FROM = (
    " FROM sidekick.phrase p "
    "LEFT JOIN sidekick.category c ON c.id = p.category_id "
    "LEFT JOIN sidekick.category pc ON pc.id = c.parent_id"
)
PHRASE_SQL = f"SELECT {PHRASE_COLUMNS}{PHRASE_FROM}"
# The hub's product columns are the local table's, in the same order, so its rows map through the
# same ``products_from_values``.
PRODUCT_COLUMNS = ", ".join(f"p.{column}" for column in db_rows.PRODUCT_COLUMNS)
PRODUCT_SQL = f"SELECT {PRODUCT_COLUMNS} FROM sidekick.product p"
# Positions of the timestamp columns in those lists (JSON carries them as ISO text).
CATEGORY_STAMPS = (6,)
PHRASE_STAMPS = (6, 7, 9, 10)
PRODUCT_STAMPS = (db_rows.PRODUCT_COLUMNS.index("created_at"), db_rows.PRODUCT_COLUMNS.index("updated_at"))


def category_from_row(row: Sequence[Any]) -> HubCategory:
    return HubCategory(row[0], row[1], row[2], row[3], int(row[4]), bool(row[5]), row[6])


# Not ``sidekick.db.rows.phrase_from_values``: a hub phrase row carries category names and JSON arrays
# where the local row has a category id, a library id and text lists (different columns).
def phrase_from_row(row: Sequence[Any]) -> Phrase:
    return Phrase(
        id=row[0],
        library=LibraryKind.TEAM,
        category=CategoryPath(row[1], row[2]) if row[1] else CategoryPath(),
        title=row[3],
        body=row[4],
        code=row[5],
        valid_from=row[6],
        valid_until=row[7],
        position=row[8],
        created_at=row[9],
        updated_at=row[10],
        revision=int(row[11]),
        deleted=bool(row[12]),
        questions=_strings(row[13]),
        intents=_strings(row[14]),
    )


def _strings(value: Any) -> tuple[str, ...]:
    """A JSON array of strings from the hub (a row from an older hub has none)."""
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


TAG_SQL = "SELECT product_id, tag FROM sidekick.product_tag"
TAG_ORDER = " ORDER BY product_id, position"
KNOWLEDGE_SQL = "SELECT product_id, name, value FROM sidekick.knowledge_field"
KNOWLEDGE_ORDER = " ORDER BY product_id, position"
RELATION_SQL = "SELECT product_id, target_id, kind, position, note FROM sidekick.product_relation"
RELATION_ORDER = " ORDER BY product_id, position"


def products_from_rows(conn: psycopg.Connection, rows: Sequence[Sequence[Any]]) -> list[Product]:
    """Products with their tags, knowledge and relations (one query per child table)."""
    ids = [row[0] for row in rows]
    if not ids:
        return []
    where = " WHERE product_id = ANY(%s)"
    return db_rows.products_from_values(
        rows,
        conn.execute(TAG_SQL + where + TAG_ORDER, (ids,)).fetchall(),
        conn.execute(KNOWLEDGE_SQL + where + KNOWLEDGE_ORDER, (ids,)).fetchall(),
        conn.execute(RELATION_SQL + where + RELATION_ORDER, (ids,)).fetchall(),
    )


def read_by_ids(
    conn: psycopg.Connection, *, categories: Iterable[str] = (), phrases: Iterable[str] = (), products: Iterable[str] = (),
    lock: bool = False,
) -> HubRows:
    """The hub's current versions of the given rows (``lock``: FOR UPDATE, leads only)."""
    suffix = " FOR UPDATE" if lock else ""
    result = HubRows()
    if ids := list(categories):
        result.categories = [category_from_row(r) for r in conn.execute(CATEGORY_SQL + " WHERE c.id = ANY(%s)" + suffix, (ids,))]
    if ids := list(phrases):
        lock_clause = " FOR UPDATE OF p" if lock else ""
        result.phrases = [phrase_from_row(r) for r in conn.execute(PHRASE_SQL + " WHERE p.id = ANY(%s)" + lock_clause, (ids,))]
    if ids := list(products):
        rows = conn.execute(PRODUCT_SQL + " WHERE p.id = ANY(%s)" + suffix, (ids,)).fetchall()
        result.products = products_from_rows(conn, rows)
    return result


def batches(cursor: psycopg.Cursor, size: int) -> Iterator[list[Any]]:
    while rows := cursor.fetchmany(size):
        yield rows
