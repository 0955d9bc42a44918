"""Bulk operations on the team data (team phrases, team categories, products) for the hub.

- ``discard_team_data``: remove all of it (``sidekick hub reset``, switching to another hub,
  an agent's machine holding data the hub never had). The caller backs up first.
- ``purge_settled_tombstones``: a deletion that is published (or came from the hub) leaves
  nothing to tell anyone, so its tombstone goes. Every machine then holds exactly the hub's
  live rows, whatever deletions it saw happen, so team exports of two machines are equal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, CursorResult, delete, exists, select, update
from sqlmodel import Session, col

from sidekick.core.types import LibraryKind
from sidekick.db.repository import LIBRARY_IDS
from sidekick.db.tables import CategoryRow, KnowledgeRow, PhraseRow, ProductRow, ProductTagRow, RelationRow

TEAM_ID = LIBRARY_IDS[LibraryKind.TEAM]


def _delete_products(session: Session, where: ColumnElement[bool]) -> None:
    ids = select(col(ProductRow.id)).where(where)
    session.execute(delete(ProductTagRow).where(col(ProductTagRow.product_id).in_(ids)))
    session.execute(delete(KnowledgeRow).where(col(KnowledgeRow.product_id).in_(ids)))
    session.execute(delete(RelationRow).where(col(RelationRow.product_id).in_(ids) | col(RelationRow.target_id).in_(ids)))
    session.execute(delete(ProductRow).where(where))


def discard_team_data(session: Session) -> None:
    """Delete every team phrase, team category and product (with tags, knowledge, relations)."""
    session.flush()
    session.execute(delete(PhraseRow).where(col(PhraseRow.library_id) == TEAM_ID))
    session.execute(update(CategoryRow).where(col(CategoryRow.library_id) == TEAM_ID).values(parent_id=None))
    session.execute(delete(CategoryRow).where(col(CategoryRow.library_id) == TEAM_ID))
    _delete_products(session, col(ProductRow.id).is_not(None))
    session.expire_all()


def purge_settled_tombstones(session: Session) -> None:
    """Remove team tombstones that are not pending (published, or received from the hub)."""
    session.flush()
    settled = (col(PhraseRow.library_id) == TEAM_ID) & col(PhraseRow.deleted) & ~col(PhraseRow.dirty)
    session.execute(delete(PhraseRow).where(settled))
    for _level in range(3):  # a child category before its parent (two levels, one spare)
        child = CategoryRow.__table__.alias("child")  # type: ignore[attr-defined]  # set by SQLModel, not in its stubs
        unused = (
            (col(CategoryRow.library_id) == TEAM_ID) & col(CategoryRow.deleted) & ~col(CategoryRow.dirty)
            & ~exists().where(col(PhraseRow.category_id) == CategoryRow.id)
            & ~exists().where(child.c.parent_id == CategoryRow.id)
        )
        deleted: CursorResult[Any] = session.execute(delete(CategoryRow).where(unused))  # type: ignore[assignment]  # a DELETE gives a CursorResult
        if not deleted.rowcount:
            break
    _delete_products(session, col(ProductRow.deleted) & ~col(ProductRow.dirty))
    session.expire_all()
