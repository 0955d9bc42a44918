"""Phrases: save (with stored search forms), list, move, delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from sidekick.core.messages import Message
from sidekick.core.types import (
    CategoryPath,
    LibraryKind,
    Phrase,
)
from sidekick.db.repository.bulk import phrase_values
from sidekick.db.repository.categories import (
    category_path_of,
    ensure_category,
    list_categories,
)
from sidekick.db.repository.common import (
    LIBRARY_IDS,
    DuplicateCodeError,
    RepositoryError,
    library_kind_of,
)
from sidekick.db.rows import phrase_from_row
from sidekick.db.tables import (
    PhraseRow,
    utcnow,
)


def _phrase_from_row(session: Session, row: PhraseRow, cache: dict[str, CategoryPath] | None = None) -> Phrase:
    return phrase_from_row(row, library_kind_of(row.library_id), category_path_of(session, row.category_id, cache))


def get_phrase(*, session: Session, phrase_id: str) -> Phrase | None:
    row = session.get(PhraseRow, phrase_id)
    return _phrase_from_row(session, row) if row is not None else None


def list_phrases(
    *,
    session: Session,
    library: LibraryKind | None = None,
    category: CategoryPath | None = None,
    include_deleted: bool = False,
) -> list[Phrase]:
    """Phrases in library order: library, category tree order, then position."""
    query = select(PhraseRow)
    if library is not None:
        query = query.where(PhraseRow.library_id == LIBRARY_IDS[library])
        if category is not None:  # one category's rows, not the library's
            found = _category_id_of(session, library, category)
            if found is _MISSING:
                return []
            query = query.where(PhraseRow.category_id == found if found else col(PhraseRow.category_id).is_(None))
    if not include_deleted:
        query = query.where(PhraseRow.deleted == False)  # noqa: E712  builds SQL, not a truth test
    rows = list(session.exec(query))
    cache: dict[str, CategoryPath] = {}
    order = {info.id: index for index, info in enumerate(list_categories(session=session, library=library))}
    rows.sort(
        key=lambda r: (
            0 if r.library_id == LIBRARY_IDS[LibraryKind.TEAM] else 1,
            order.get(r.category_id, -1) if r.category_id else -1,
            r.position,
            r.title,
            r.id,
        )
    )
    phrases = [_phrase_from_row(session, row, cache) for row in rows]
    if category is not None:
        phrases = [p for p in phrases if p.category == category]
    return phrases


_MISSING = object()


def _category_id_of(session: Session, library: LibraryKind, path: CategoryPath) -> object:
    """The id of ``path``'s node (None for uncategorised), or ``_MISSING``."""
    if not path.parts:
        return None
    for info in list_categories(session=session, library=library):
        if info.path == path:
            return info.id
    return _MISSING


def get_phrases(*, session: Session, phrase_ids: Sequence[str]) -> list[Phrase]:
    """The live phrases among ``phrase_ids`` (in no particular order)."""
    if not phrase_ids:
        return []
    cache: dict[str, CategoryPath] = {}
    rows = session.exec(select(PhraseRow).where(col(PhraseRow.id).in_(list(phrase_ids)),
                                                PhraseRow.deleted == False))  # noqa: E712  builds SQL, not a truth test
    return [_phrase_from_row(session, row, cache) for row in rows]


def find_phrase_by_code(*, session: Session, library: LibraryKind, code: str) -> Phrase | None:
    if not code:
        return None
    row = session.exec(
        select(PhraseRow).where(
            PhraseRow.library_id == LIBRARY_IDS[library],
            PhraseRow.code == code,
            PhraseRow.deleted == False,  # noqa: E712  builds SQL, not a truth test
            PhraseRow.code != "",  # implies the unique index's condition, so SQLite uses it
        )
    ).first()
    return _phrase_from_row(session, row) if row is not None else None


def save_phrase(
    *, session: Session, phrase: Phrase, from_hub: bool = False, forms: str | None = None
) -> Phrase:
    """Insert or update ``phrase`` (matched by id) and its stored search forms.

    A phrase saved with a category path gets the missing category levels created. A code
    already used by another live phrase of the same library is refused.
    """
    code = phrase.code.strip()
    if code:
        clash = find_phrase_by_code(session=session, library=phrase.library, code=code)
        if clash is not None and clash.id != phrase.id:
            raise DuplicateCodeError(Message(
                "the code %1 is already used by 「%2」 in the %3 library", repr(code), clash.title,
                Message("team") if phrase.library is LibraryKind.TEAM else Message("personal")))
    if not phrase.title.strip() and not phrase.body.strip():
        raise RepositoryError(Message("a phrase needs a title or a body"))
    if phrase.valid_from and phrase.valid_until and phrase.valid_until <= phrase.valid_from:
        raise RepositoryError(Message("the phrase's validity ends before it starts"))

    category_id = ensure_category(
        session=session, library=phrase.library, path=phrase.category, from_hub=from_hub
    )
    # The row's values, sync bookkeeping included, follow the rule the bulk writers share.
    values = phrase_values(phrase, category_id=category_id, from_hub=from_hub, now=utcnow(), forms=forms)
    row = session.get(PhraseRow, phrase.id)
    if row is None:
        row = PhraseRow(id=phrase.id, library_id=values.library_id, created_at=values.created_at)
        session.add(row)
    values.assign(row)
    session.flush()
    return _phrase_from_row(session, row)


def delete_phrase(*, session: Session, phrase_id: str, from_hub: bool = False) -> None:
    """Delete a phrase: a tombstone for team phrases (so the deletion syncs), gone for personal."""
    row = session.get(PhraseRow, phrase_id)
    if row is None:
        return
    if row.library_id == LIBRARY_IDS[LibraryKind.TEAM]:
        row.deleted = True
        row.updated_at = utcnow()
        row.dirty = not from_hub
    else:
        session.delete(row)
    session.flush()


def move_phrases(
    *, session: Session, phrase_ids: Sequence[str], library: LibraryKind, category: CategoryPath, position: int | None = None
) -> list[Phrase]:
    """Move phrases (keeping their ids) into a category, optionally at a position."""
    target = list_phrases(session=session, library=library, category=category)
    moving = [p for p in (get_phrase(session=session, phrase_id=i) for i in phrase_ids) if p is not None]
    moving_ids = {p.id for p in moving}
    remaining = [p for p in target if p.id not in moving_ids]
    insert_at = len(remaining) if position is None else max(0, min(position, len(remaining)))
    ordered = remaining[:insert_at] + moving + remaining[insert_at:]
    saved = []
    for index, phrase in enumerate(ordered):
        changed = phrase.position != index or phrase.id in moving_ids
        if changed:
            saved.append(
                save_phrase(
                    session=session,
                    phrase=_replace(phrase, library=library, category=category, position=index),
                )
            )
    return [p for p in saved if p.id in moving_ids]


def _replace(phrase: Phrase, **changes: Any) -> Phrase:
    from dataclasses import replace

    return replace(phrase, **changes)
