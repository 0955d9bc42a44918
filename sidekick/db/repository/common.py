"""Library ids, errors and the helpers every part of the repository shares."""

from __future__ import annotations

from sqlmodel import Session

from sidekick.core.messages import Message
from sidekick.core.types import (
    LibraryKind,
    Phrase,
    Product,
)
from sidekick.db.tables import (
    LibraryRow,
)

# Fixed ids: one team and one personal library per local database (one agent, one shop).
# More shops later get their own rows; nothing here assumes these are the only ones.
LIBRARY_IDS = {LibraryKind.TEAM: "team", LibraryKind.PERSONAL: "personal"}



class RepositoryError(ValueError):
    """A write the data model does not allow; the message names the thing and the fix."""


class DuplicateCodeError(RepositoryError):
    pass


def ensure_libraries(*, session: Session, owner: str = "") -> None:
    """Create the team and personal library rows if missing."""
    for kind, library_id in LIBRARY_IDS.items():
        if session.get(LibraryRow, library_id) is None:
            name = "团队短语" if kind is LibraryKind.TEAM else "私人短语"
            session.add(LibraryRow(id=library_id, kind=kind.value, name=name, owner=owner))
    session.flush()


def library_kind_of(library_id: str) -> LibraryKind:
    for kind, known in LIBRARY_IDS.items():
        if known == library_id:
            return kind
    raise RepositoryError(Message("unknown library id %1", repr(library_id)))


def phrase_search_forms(phrase: Phrase) -> str:
    # Imported here so the repository stays importable while the search package loads lazily.
    from sidekick.core.search.forms import phrase_forms

    return phrase_forms(phrase)


def product_search_forms(product: Product) -> str:
    from sidekick.core.search.forms import product_forms

    return product_forms(product)
