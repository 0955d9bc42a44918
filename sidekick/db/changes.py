"""Row-level change records: what one write changed, so it can be undone and redone exactly.

``recording(session)`` watches the ORM's flushes during one transaction and keeps, for every
phrase and category row the write inserts, updates or deletes, the row as it was before the
write's first flush and as it is at the end. ``apply_rows`` writes one side of such a record
back: undo writes the ``before`` rows, redo the ``after`` rows (a ``None`` side deletes the
row). Memory is proportional to the rows the edit touched, never to the library.

Sync bookkeeping: a team row put back keeps the hub revision the database holds now; it goes
back to its recorded ``dirty`` flag only if the hub has not moved the row meanwhile (same
revision), else it becomes dirty, so the next publish tells the hub about the reversal. A team
row that is gone altogether (its deletion was published, and the settled tombstone purged) comes
back as a pending change that never reached the hub in this form (revision 0); publish takes it
as the restoration of the hub's tombstone, so undoing a published deletion reaches every agent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlmodel import Session, col, select

from sidekick.db.tables import CategoryRow, PhraseRow

_TABLES: dict[str, type[Any]] = {"phrase": PhraseRow, "category": CategoryRow}
_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c.name for c in table.__table__.columns)
    for name, table in _TABLES.items()
}
Row = tuple[Any, ...]  # one row's column values, in ``_COLUMNS`` order
# Phrase columns that decide where a phrase is listed (and whether it is).
_SHAPE = ("library_id", "category_id", "position", "deleted")


@dataclass(frozen=True, slots=True)
class RowChange:
    table: str  # "phrase" | "category"
    id: str
    before: Row | None  # None: the write created the row
    after: Row | None  # None: the write removed the row


@dataclass(slots=True)
class ChangeRecord:
    """Every row one write changed (rows whose before and after are equal are dropped)."""

    rows: list[RowChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows

    def phrase_ids(self) -> set[str]:
        return {r.id for r in self.rows if r.table == "phrase"}

    def category_ids(self) -> set[str]:
        return {r.id for r in self.rows if r.table == "category"}

    def reshapes(self) -> bool:
        """Whether a list of phrases or the category tree may look different beyond the changed
        rows' own texts: a row added or removed, a category touched, a phrase moved, deleted or
        given or stripped of validity dates."""
        for change in self.rows:
            if change.table != "phrase" or change.before is None or change.after is None:
                return True
            before = dict(zip(_COLUMNS["phrase"], change.before))
            after = dict(zip(_COLUMNS["phrase"], change.after))
            if any(before[k] != after[k] for k in _SHAPE):
                return True
            if (before["valid_from"] is None and before["valid_until"] is None) != (
                    after["valid_from"] is None and after["valid_until"] is None):
                return True
        return False


def _values(obj: Any, table: str, committed: dict[str, Any] | None = None) -> Row:
    old = committed or {}
    return tuple(old[name] if name in old else getattr(obj, name) for name in _COLUMNS[table])


def _table_of(obj: Any) -> str | None:
    for name, table in _TABLES.items():
        if isinstance(obj, table):
            return name
    return None


@contextmanager
def recording(session: Session) -> Iterator[ChangeRecord]:
    """Record the phrase and category rows changed in ``session`` inside the block."""
    before: dict[tuple[str, str], Row | None] = {}

    def on_flush(sess: Session, _context: Any, _instances: Any) -> None:
        for obj in sess.new:
            table = _table_of(obj)
            if table is not None:
                before.setdefault((table, obj.id), None)
        for obj in (*sess.dirty, *sess.deleted):
            table = _table_of(obj)
            if table is None or (table, obj.id) in before:
                continue
            state = inspect(obj)
            committed = {k: v for k, v in state.committed_state.items() if k in _COLUMNS[table]}
            before[(table, obj.id)] = _values(obj, table, committed)

    event.listen(session, "before_flush", on_flush)
    record = ChangeRecord()
    try:
        yield record
        session.flush()
    finally:
        event.remove(session, "before_flush", on_flush)
    for (table, row_id), old in before.items():
        current = session.get(_TABLES[table], row_id)
        new = _values(current, table) if current is not None else None
        if new != old:
            record.rows.append(RowChange(table, row_id, old, new))


def apply_rows(session: Session, record: ChangeRecord, *, undo: bool) -> None:
    """Write the ``before`` (undo) or ``after`` (redo) side of ``record``."""
    # Categories first when rows come back (phrases point at them), last when rows go.
    ordered = sorted(record.rows, key=lambda r: r.table != "category")
    for change in ordered:
        wanted = change.before if undo else change.after
        if wanted is not None:
            _put(session, change.table, change.id, wanted)
    session.flush()
    for change in reversed(ordered):
        wanted = change.before if undo else change.after
        if wanted is None:
            row = session.get(_TABLES[change.table], change.id)
            if row is not None:
                session.delete(row)
                session.flush()


def _put(session: Session, table: str, row_id: str, values: Row) -> None:
    columns = _COLUMNS[table]
    wanted = dict(zip(columns, values))
    row = session.get(_TABLES[table], row_id)
    if row is None:
        if wanted["revision"]:  # a published row whose tombstone is gone: restore it on the hub
            wanted = {**wanted, "revision": 0, "dirty": True}
        session.add(_TABLES[table](**wanted))
        return
    same_revision = row.revision == wanted["revision"]
    for name, value in wanted.items():
        if name in ("revision", "dirty"):
            continue
        setattr(row, name, value)
    if not same_revision:
        row.dirty = True  # the hub moved on: the reversal is a change to publish
    else:
        row.dirty = wanted["dirty"]


def category_phrase_ids(session: Session, category_ids: set[str]) -> set[str]:
    """Ids of phrases filed in these categories or their subcategories (a phrase's category
    path changes with a rename or move of either level)."""
    if not category_ids:
        return set()
    children = select(CategoryRow.id).where(col(CategoryRow.parent_id).in_(category_ids))
    nodes = set(category_ids) | set(session.exec(children))
    query = select(PhraseRow.id).where(col(PhraseRow.category_id).in_(nodes))
    return set(session.exec(query))
