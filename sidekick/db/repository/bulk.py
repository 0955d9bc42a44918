"""Phrase rows: the one rule for a row's values, and a bulk writer that applies it.

Three places write phrase rows: ``save_phrase`` (one row, through the ORM, with the code and
category checks), the library import and the hub pull (thousands of rows, already checked by
their own matching). ``phrase_values`` decides what a row holds, the sync bookkeeping
included, for all three; ``write_phrase_rows`` writes a batch of such rows with two
``executemany`` statements, because ``save_phrase`` costs a few milliseconds per row (its
look-ups), which is minutes for a 100k-row file or first pull.

The bookkeeping rule (see the package docstring):

- a change *from the hub* takes the hub's revision and update time and is clean (not dirty);
- a local change stamps the update time now and keeps the stored revision; a team row
  becomes dirty (a pending change for the hub), a personal row keeps its flag;
- a new row is created at the phrase's creation time, or now.

``keep_stamps`` is for the library import's exact records (Sidekick JSON), which round-trip
as they are: their creation time, update time and revision are written, while the row still
counts as a local change (dirty for team rows), as it has not come from the hub.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlmodel import Session

from sidekick.core.types import LibraryKind, Phrase
from sidekick.db.repository.common import LIBRARY_IDS, phrase_search_forms
from sidekick.db.tables import PhraseRow
from sidekick.db.text_list import dump_text_list

# Column order of the statements below and of ``_insert_params`` / ``_update_params``.
_CONTENT = ("library_id", "category_id", "code", "title", "body", "valid_from", "valid_until", "position", "deleted",
            "questions", "intents")
_INSERT = (
    f"INSERT INTO phrase (id, {', '.join(_CONTENT)}, created_at, updated_at, revision, dirty, search_forms) "
    f"VALUES ({', '.join('?' for _ in range(len(_CONTENT) + 6))})"
)
# A NULL for created_at, revision or dirty keeps what the row holds (see ``PhraseValues``).
_UPDATE = (
    f"UPDATE phrase SET {', '.join(f'{c} = ?' for c in _CONTENT)}, created_at = COALESCE(?, created_at), "
    "updated_at = ?, revision = COALESCE(?, revision), dirty = COALESCE(?, dirty), search_forms = ? WHERE id = ?"
)


class PhraseValues(NamedTuple):
    """What one phrase write puts into its row. ``None`` keeps the stored value.

    ``created_at`` is a new row's creation time; ``recreated_at`` replaces an existing row's
    (exact imports only). ``revision`` and ``dirty`` of ``None`` keep the stored ones, and
    a new row starts at revision 0, clean.

    Immutable like a frozen dataclass, but a named tuple: one is built per row of a 100k-row
    pull, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost
    about three times as much, a few percent of a first pull.
    """

    id: str
    library_id: str
    category_id: str | None
    code: str
    title: str
    body: str
    valid_from: datetime | None
    valid_until: datetime | None
    position: int
    deleted: bool
    created_at: datetime
    recreated_at: datetime | None
    updated_at: datetime
    revision: int | None
    dirty: bool | None
    search_forms: str
    questions: str = ""  # JSON arrays as stored (``tables.dump_text_list``)
    intents: str = ""

    def assign(self, row: PhraseRow) -> None:
        """Set an ORM row to these values (``save_phrase``'s one-row path)."""
        row.library_id = self.library_id
        row.category_id = self.category_id
        row.code = self.code
        row.title = self.title
        row.body = self.body
        row.valid_from = self.valid_from
        row.valid_until = self.valid_until
        row.position = self.position
        row.deleted = self.deleted
        if self.recreated_at is not None:
            row.created_at = self.recreated_at
        row.updated_at = self.updated_at
        if self.revision is not None:
            row.revision = self.revision
        if self.dirty is not None:
            row.dirty = self.dirty
        row.search_forms = self.search_forms
        row.questions = self.questions
        row.intents = self.intents


def phrase_values(
    phrase: Phrase,
    *,
    category_id: str | None,
    from_hub: bool,
    now: datetime,
    keep_stamps: bool = False,
    forms: str | None = None,
) -> PhraseValues:
    """The row ``phrase`` becomes, by the rule in the module docstring.

    ``category_id`` is the (already ensured) id of the phrase's category path; ``forms``
    are its stored search forms when the caller has them, else they are computed here.
    """
    own_stamps = from_hub or keep_stamps
    return PhraseValues(
        id=phrase.id,
        library_id=LIBRARY_IDS[phrase.library],
        category_id=category_id,
        code=phrase.code.strip(),
        title=phrase.title,
        body=phrase.body,
        valid_from=phrase.valid_from,
        valid_until=phrase.valid_until,
        position=phrase.position,
        deleted=phrase.deleted,
        created_at=phrase.created_at or now,
        recreated_at=phrase.created_at if keep_stamps else None,
        updated_at=phrase.updated_at if own_stamps and phrase.updated_at else now,
        revision=phrase.revision if own_stamps else None,
        dirty=False if from_hub else (True if phrase.library is LibraryKind.TEAM else None),
        search_forms=forms if forms is not None else phrase_search_forms(phrase),
        questions=dump_text_list(phrase.questions),
        intents=dump_text_list(phrase.intents),
    )


def write_phrase_rows(session: Session, rows: Sequence[PhraseValues], *, existing_ids: Collection[str]) -> None:
    """Write ``rows``: an UPDATE for ids in ``existing_ids`` (stored rows), an INSERT for the rest.

    The caller has done what ``save_phrase`` checks (codes, categories, titles); this only
    writes. Known rows go first, so a code a stored row gives up in this batch is free before
    a new row takes it. Parameters go to the driver as plain tuples: the ORM's per-row
    parameter handling costs about as much as SQLite's own insert on a 100k-row first pull.
    """
    if not rows:
        return
    session.flush()  # categories or other rows the ORM still holds must be in before these
    stamp = _datetime_bind(session)
    updates = [_update_params(v, stamp) for v in rows if v.id in existing_ids]
    inserts = [_insert_params(v, stamp) for v in rows if v.id not in existing_ids]
    connection = session.connection()
    if updates:
        connection.exec_driver_sql(_UPDATE, updates)
        _expire_stale(session, {params[-1] for params in updates})  # type: ignore[misc]  # the id is the last bound parameter
    if inserts:
        connection.exec_driver_sql(_INSERT, inserts)


def _content(v: PhraseValues, stamp: Callable[[datetime | None], object]) -> tuple[object, ...]:
    return (v.library_id, v.category_id, v.code, v.title, v.body, stamp(v.valid_from), stamp(v.valid_until),
            v.position, v.deleted, v.questions, v.intents)


def _insert_params(v: PhraseValues, stamp: Callable[[datetime | None], object]) -> tuple[object, ...]:
    return (v.id, *_content(v, stamp), stamp(v.created_at), stamp(v.updated_at), v.revision or 0, bool(v.dirty),
            v.search_forms)


def _update_params(v: PhraseValues, stamp: Callable[[datetime | None], object]) -> tuple[object, ...]:
    return (*_content(v, stamp), stamp(v.recreated_at), stamp(v.updated_at), v.revision, v.dirty, v.search_forms,
            v.id)


def _datetime_bind(session: Session) -> Callable[[datetime | None], object]:
    """A datetime as the ORM stores it (the column type's own conversion, SQLite's text form),
    so rows written here read back, and sort, exactly like rows ``save_phrase`` wrote.

    Memoised: the rows of one batch mostly share their stamps (``now``, or the one time a hub
    transaction committed at), and the conversion is a Python-level format per value.
    """
    dialect = session.get_bind().dialect
    column_type = PhraseRow.__table__.c.updated_at.type  # type: ignore[attr-defined]  # set by SQLModel
    convert = column_type.dialect_impl(dialect).bind_processor(dialect) or (lambda value: value)
    # Keyed with the offset too: equal instants in different zones are equal datetimes, but
    # the stored text is their wall-clock time.
    seen: dict[tuple[datetime, object], object] = {}

    def stamp(value: datetime | None) -> object:
        if value is None:
            return None
        key = (value, value.utcoffset())
        text = seen.get(key)
        if text is None:
            seen[key] = text = convert(value)
        return text

    return stamp


def _expire_stale(session: Session, ids: set[str]) -> None:
    """Forget ORM copies of rows just updated behind the ORM's back, so a later read or flush in
    this session sees (and never overwrites) the new values."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, PhraseRow) and obj.id in ids:
            session.expire(obj)
