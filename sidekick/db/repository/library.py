"""The whole library as plain values, and counts."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from sidekick.core.types import (
    Library,
    LibraryKind,
)
from sidekick.db.repository.categories import list_categories
from sidekick.db.repository.common import library_kind_of
from sidekick.db.repository.phrases import list_phrases
from sidekick.db.repository.products import list_products
from sidekick.db.tables import (
    PhraseRow,
    ProductRow,
)


def load_library(*, session: Session, include_deleted: bool = False) -> Library:
    """Everything in the database as plain values (exchange formats export this)."""
    categories = tuple(
        (info.library, info.path, info.position) for info in list_categories(session=session)
    )
    return Library(
        phrases=tuple(list_phrases(session=session, include_deleted=include_deleted)),
        products=tuple(list_products(session=session, include_deleted=include_deleted)),
        categories=categories,
    )


def counts(*, session: Session) -> dict[str, int]:
    """How many live phrases per library and products there are."""
    result = {kind.value: 0 for kind in LibraryKind}
    # Grouped by the leading columns of ix_phrase_listing: counted from the index alone.
    for library_id, deleted, number in session.exec(
        select(PhraseRow.library_id, PhraseRow.deleted, func.count()).group_by(col(PhraseRow.library_id), col(PhraseRow.deleted))
    ):
        if not deleted:
            result[library_kind_of(library_id).value] = number
    result["products"] = session.exec(
        select(func.count()).where(ProductRow.deleted == False)  # noqa: E712  builds SQL, not a truth test
    ).one()
    return result
