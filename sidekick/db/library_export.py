"""Reading the database out as a ``Library`` for the exchange formats to write."""

from __future__ import annotations

from sqlmodel import Session

from sidekick.core.types import Library, LibraryKind
from sidekick.db import repository


def export_library(*, session: Session, kind: LibraryKind | None = None, include_deleted: bool = False) -> Library:
    """Everything (or one library's phrases and categories, with all products) as plain values.

    ``include_deleted`` keeps tombstones, which only the lossless JSON carries: they let a
    restored export still tell the team hub what was deleted.
    """
    library = repository.load_library(session=session, include_deleted=include_deleted)
    if kind is None:
        return library
    return Library(
        phrases=tuple(p for p in library.phrases if p.library is kind),
        products=library.products,
        categories=tuple(c for c in library.categories if c[0] is kind),
    )
