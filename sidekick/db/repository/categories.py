"""Category nodes: two levels at most (category › subcategory), ordered."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from sidekick.core.messages import Message
from sidekick.core.types import (
    CategoryInfo,
    CategoryPath,
    LibraryKind,
    new_id,
)
from sidekick.db.repository.common import LIBRARY_IDS, RepositoryError
from sidekick.db.rows import category_paths, path_of
from sidekick.db.tables import (
    CategoryRow,
    PhraseRow,
    utcnow,
)


def _category_children(session: Session, library_id: str, parent_id: str | None) -> list[CategoryRow]:
    query = select(CategoryRow).where(
        CategoryRow.library_id == library_id,
        CategoryRow.deleted == False,  # noqa: E712  builds SQL, not a truth test
    )
    if parent_id is None:
        query = query.where(col(CategoryRow.parent_id).is_(None))
    else:
        query = query.where(CategoryRow.parent_id == parent_id)
    return list(session.exec(query.order_by(col(CategoryRow.position), col(CategoryRow.name))))


def _find_child(session: Session, library_id: str, parent_id: str | None, name: str) -> CategoryRow | None:
    for row in _category_children(session, library_id, parent_id):
        if row.name == name:
            return row
    return None


def ensure_category(
    *, session: Session, library: LibraryKind, path: CategoryPath, from_hub: bool = False
) -> str | None:
    """The id of the category node for ``path``, creating missing levels at the end.

    Returns None for the empty path (uncategorised).
    """
    library_id = LIBRARY_IDS[library]
    parent_id: str | None = None
    for name in path.parts:
        row = _find_child(session, library_id, parent_id, name)
        if row is None:
            siblings = _category_children(session, library_id, parent_id)
            row = CategoryRow(
                id=new_id(),
                library_id=library_id,
                parent_id=parent_id,
                name=name,
                position=(max((s.position for s in siblings), default=-1) + 1),
                dirty=library is LibraryKind.TEAM and not from_hub,
            )
            session.add(row)
            session.flush()
        parent_id = row.id
    return parent_id


def category_path_of(session: Session, category_id: str | None, cache: dict[str, CategoryPath] | None = None) -> CategoryPath:
    if category_id is None:
        return CategoryPath()
    if cache is not None and category_id in cache:
        return cache[category_id]
    row = session.get(CategoryRow, category_id)
    if row is None:
        return CategoryPath()
    parent = session.get(CategoryRow, row.parent_id) if row.parent_id is not None else None
    rows = [(row.id, row.parent_id, row.name)] + ([(parent.id, parent.parent_id, parent.name)] if parent else [])
    path = path_of(category_paths(rows), row.id)
    if cache is not None:
        cache[category_id] = path
    return path


def list_categories(
    *, session: Session, library: LibraryKind | None = None, with_counts: bool = True
) -> list[CategoryInfo]:
    """Category nodes in tree order (each category followed by its subcategories).

    Two queries whatever the tree's size: the live nodes and (unless ``with_counts`` is
    False: every count 0) the live phrases per node.
    """
    counts: dict[str | None, int] = {}
    if with_counts:
        # Grouped by the columns that lead ix_phrase_listing, so SQLite counts from that
        # index alone instead of reading every (wide) phrase row.
        grouped = select(PhraseRow.library_id, PhraseRow.deleted, PhraseRow.category_id, func.count()).group_by(
            col(PhraseRow.library_id), col(PhraseRow.deleted), col(PhraseRow.category_id))
        for _library_id, deleted, category_id, number in session.exec(grouped):
            if not deleted:
                counts[category_id] = counts.get(category_id, 0) + number
    kinds = [library] if library else list(LIBRARY_IDS)
    query = select(CategoryRow).where(
        col(CategoryRow.library_id).in_([LIBRARY_IDS[k] for k in kinds]),
        CategoryRow.deleted == False,  # noqa: E712  builds SQL, not a truth test
    )
    children: dict[tuple[str, str | None], list[CategoryRow]] = {}
    for row in session.exec(query.order_by(col(CategoryRow.position), col(CategoryRow.name))):
        children.setdefault((row.library_id, row.parent_id), []).append(row)
    result: list[CategoryInfo] = []
    for kind in kinds:
        library_id = LIBRARY_IDS[kind]
        for top in children.get((library_id, None), []):
            result.append(
                CategoryInfo(top.id, kind, CategoryPath(top.name), top.position, counts.get(top.id, 0))
            )
            for sub in children.get((library_id, top.id), []):
                result.append(
                    CategoryInfo(
                        sub.id, kind, CategoryPath(top.name, sub.name), sub.position, counts.get(sub.id, 0)
                    )
                )
    return result


def create_category(
    *, session: Session, library: LibraryKind, parent_id: str | None, name: str, position: int | None = None
) -> str:
    """Add a category (``parent_id`` None) or a subcategory; a third level is refused."""
    name = name.strip()
    if not name:
        raise RepositoryError(Message("a category needs a name"))
    library_id = LIBRARY_IDS[library]
    if parent_id is not None:
        parent = session.get(CategoryRow, parent_id)
        if parent is None or parent.deleted:
            raise RepositoryError(Message("the parent category no longer exists"))
        if parent.parent_id is not None:
            raise RepositoryError(Message(
                "「%1」 is already a subcategory: categories have two levels at most (category › subcategory)",
                parent.name))
    if _find_child(session, library_id, parent_id, name) is not None:
        raise RepositoryError(Message("a category named 「%1」 already exists here", name))
    siblings = _category_children(session, library_id, parent_id)
    row = CategoryRow(
        id=new_id(),
        library_id=library_id,
        parent_id=parent_id,
        name=name,
        position=position if position is not None else max((s.position for s in siblings), default=-1) + 1,
        dirty=library is LibraryKind.TEAM,
    )
    session.add(row)
    session.flush()
    return row.id


def rename_category(*, session: Session, category_id: str, name: str) -> None:
    row = _live_category(session, category_id)
    name = name.strip()
    if not name:
        raise RepositoryError(Message("a category needs a name"))
    clash = _find_child(session, row.library_id, row.parent_id, name)
    if clash is not None and clash.id != row.id:
        raise RepositoryError(Message("a category named 「%1」 already exists here", name))
    row.name = name
    _touch_category(row)


def move_category(*, session: Session, category_id: str, parent_id: str | None, position: int) -> None:
    """Reorder a category among its siblings or move it under another top-level category."""
    row = _live_category(session, category_id)
    if parent_id is not None:
        parent = _live_category(session, parent_id)
        if parent.parent_id is not None or parent.id == row.id:
            raise RepositoryError(Message("categories have two levels at most (category › subcategory)"))
        if _category_children(session, row.library_id, row.id):
            raise RepositoryError(Message("「%1」 has subcategories, so it cannot become a subcategory itself",
                                          row.name))
    siblings = [s for s in _category_children(session, row.library_id, parent_id) if s.id != row.id]
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, row)
    row.parent_id = parent_id
    for index, sibling in enumerate(siblings):
        if sibling.position != index or sibling is row:
            sibling.position = index
            _touch_category(sibling)


def delete_category(*, session: Session, category_id: str) -> None:
    """Delete an empty category; one that still holds phrases or subcategories is refused."""
    row = _live_category(session, category_id)
    if _category_children(session, row.library_id, row.id):
        raise RepositoryError(Message("「%1」 still has subcategories; delete or move them first", row.name))
    used = session.exec(
        select(func.count()).where(PhraseRow.category_id == row.id, PhraseRow.deleted == False)  # noqa: E712  builds SQL, not a truth test
    ).one()
    if used:
        raise RepositoryError(Message("「%1」 still holds %2 phrases; move or delete them first", row.name, used))
    if row.library_id == LIBRARY_IDS[LibraryKind.TEAM]:
        row.deleted = True
        _touch_category(row)
    else:
        session.delete(row)
    session.flush()


def restore_category(
    *, session: Session, category: CategoryInfo, parent_id: str | None
) -> None:
    """Put a category back exactly as ``category`` describes it (same id, name, parent, position).

    Undo in the library window uses this to bring back a deleted or moved category with its
    old id, so phrases and pending hub changes keep pointing at the same node. A tombstoned
    team category is revived rather than duplicated.
    """
    row = session.get(CategoryRow, category.id)
    if row is None:
        row = CategoryRow(id=category.id, library_id=LIBRARY_IDS[category.library], name="")
        session.add(row)
    row.library_id = LIBRARY_IDS[category.library]
    row.parent_id = parent_id
    row.name = category.path.subcategory or category.path.category
    row.position = category.position
    row.deleted = False
    _touch_category(row)
    session.flush()


def _live_category(session: Session, category_id: str) -> CategoryRow:
    row = session.get(CategoryRow, category_id)
    if row is None or row.deleted:
        raise RepositoryError(Message("that category no longer exists"))
    return row


def _touch_category(row: CategoryRow) -> None:
    row.updated_at = utcnow()
    if row.library_id == LIBRARY_IDS[LibraryKind.TEAM]:
        row.dirty = True
