"""Plain functions over the local database, taking a keyword-only session, returning core types.

The caller owns the transaction (``sidekick.db.engine.session_scope``): these functions never
commit, so several calls compose into one all-or-nothing write.

Team rows carry sync bookkeeping: a local edit sets ``dirty`` (a pending change for the hub)
unless the caller says the change came *from* the hub (``from_hub=True``). Deletions of team
rows leave a tombstone so they can be published; personal rows are deleted outright.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from sidekick.core.types import (
    CategoryInfo,
    CategoryPath,
    KnowledgeField,
    Library,
    LibraryKind,
    Phrase,
    Product,
    Relation,
    RelationKind,
    UsageStat,
    new_id,
)
from sidekick.db.tables import (
    CategoryRow,
    KnowledgeRow,
    LibraryRow,
    PhraseRow,
    ProductRow,
    ProductTagRow,
    RelationRow,
    TagRow,
    UsageEventRow,
    UsageStatRow,
    utcnow,
)

# Fixed ids: one team and one personal library per local database (one agent, one shop).
# More shops later get their own rows; nothing here assumes these are the only ones.
LIBRARY_IDS = {LibraryKind.TEAM: "team", LibraryKind.PERSONAL: "personal"}

# Frecency half-life: a use two weeks ago counts half as much as a use today.
FRECENCY_HALF_LIFE_DAYS = 14.0


class RepositoryError(ValueError):
    """A write the data model does not allow; the message names the thing and the fix."""


class DuplicateCodeError(RepositoryError):
    pass


# --------------------------------------------------------------------------- libraries


def ensure_libraries(*, session: Session, owner: str = "") -> None:
    """Create the team and personal library rows if missing."""
    for kind, library_id in LIBRARY_IDS.items():
        if session.get(LibraryRow, library_id) is None:
            name = "团队短语" if kind is LibraryKind.TEAM else "私人短语"
            session.add(LibraryRow(id=library_id, kind=kind.value, name=name, owner=owner))
    session.flush()


def _library_kind(library_id: str) -> LibraryKind:
    for kind, known in LIBRARY_IDS.items():
        if known == library_id:
            return kind
    raise RepositoryError(f"unknown library id {library_id!r}")


# --------------------------------------------------------------------------- categories


def _category_children(session: Session, library_id: str, parent_id: str | None) -> list[CategoryRow]:
    query = select(CategoryRow).where(
        CategoryRow.library_id == library_id,
        CategoryRow.deleted == False,  # noqa: E712 - SQL expression
    )
    if parent_id is None:
        query = query.where(col(CategoryRow.parent_id).is_(None))
    else:
        query = query.where(CategoryRow.parent_id == parent_id)
    return list(session.exec(query.order_by(CategoryRow.position, CategoryRow.name)))


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


def _category_path(session: Session, category_id: str | None, cache: dict[str, CategoryPath] | None = None) -> CategoryPath:
    if category_id is None:
        return CategoryPath()
    if cache is not None and category_id in cache:
        return cache[category_id]
    row = session.get(CategoryRow, category_id)
    if row is None:
        return CategoryPath()
    if row.parent_id is None:
        path = CategoryPath(row.name)
    else:
        parent = session.get(CategoryRow, row.parent_id)
        path = CategoryPath(parent.name if parent else "", row.name)
    if cache is not None:
        cache[category_id] = path
    return path


def list_categories(*, session: Session, library: LibraryKind | None = None) -> list[CategoryInfo]:
    """Category nodes in tree order (each category followed by its subcategories)."""
    counts = dict(
        session.exec(
            select(PhraseRow.category_id, func.count())
            .where(PhraseRow.deleted == False)  # noqa: E712
            .group_by(PhraseRow.category_id)
        ).all()
    )
    result: list[CategoryInfo] = []
    kinds = [library] if library else list(LIBRARY_IDS)
    for kind in kinds:
        library_id = LIBRARY_IDS[kind]
        for top in _category_children(session, library_id, None):
            result.append(
                CategoryInfo(top.id, kind, CategoryPath(top.name), top.position, counts.get(top.id, 0))
            )
            for sub in _category_children(session, library_id, top.id):
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
        raise RepositoryError("a category needs a name")
    library_id = LIBRARY_IDS[library]
    if parent_id is not None:
        parent = session.get(CategoryRow, parent_id)
        if parent is None or parent.deleted:
            raise RepositoryError("the parent category no longer exists")
        if parent.parent_id is not None:
            raise RepositoryError(
                f"「{parent.name}」 is already a subcategory: categories have two levels at most "
                "(category › subcategory)"
            )
    if _find_child(session, library_id, parent_id, name) is not None:
        raise RepositoryError(f"a category named 「{name}」 already exists here")
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
        raise RepositoryError("a category needs a name")
    clash = _find_child(session, row.library_id, row.parent_id, name)
    if clash is not None and clash.id != row.id:
        raise RepositoryError(f"a category named 「{name}」 already exists here")
    row.name = name
    _touch_category(row)


def move_category(*, session: Session, category_id: str, parent_id: str | None, position: int) -> None:
    """Reorder a category among its siblings or move it under another top-level category."""
    row = _live_category(session, category_id)
    if parent_id is not None:
        parent = _live_category(session, parent_id)
        if parent.parent_id is not None or parent.id == row.id:
            raise RepositoryError("categories have two levels at most (category › subcategory)")
        if _category_children(session, row.library_id, row.id):
            raise RepositoryError(
                f"「{row.name}」 has subcategories, so it cannot become a subcategory itself"
            )
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
        raise RepositoryError(f"「{row.name}」 still has subcategories; delete or move them first")
    used = session.exec(
        select(func.count()).where(PhraseRow.category_id == row.id, PhraseRow.deleted == False)  # noqa: E712
    ).one()
    if used:
        raise RepositoryError(f"「{row.name}」 still holds {used} phrases; move or delete them first")
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
        raise RepositoryError("that category no longer exists")
    return row


def _touch_category(row: CategoryRow) -> None:
    row.updated_at = utcnow()
    if row.library_id == LIBRARY_IDS[LibraryKind.TEAM]:
        row.dirty = True


# --------------------------------------------------------------------------- phrases


def _phrase_from_row(session: Session, row: PhraseRow, cache: dict[str, CategoryPath] | None = None) -> Phrase:
    return Phrase(
        id=row.id,
        library=_library_kind(row.library_id),
        category=_category_path(session, row.category_id, cache),
        title=row.title,
        body=row.body,
        code=row.code,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        position=row.position,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
        deleted=row.deleted,
    )


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
    if not include_deleted:
        query = query.where(PhraseRow.deleted == False)  # noqa: E712
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


def find_phrase_by_code(*, session: Session, library: LibraryKind, code: str) -> Phrase | None:
    if not code:
        return None
    row = session.exec(
        select(PhraseRow).where(
            PhraseRow.library_id == LIBRARY_IDS[library],
            PhraseRow.code == code,
            PhraseRow.deleted == False,  # noqa: E712
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
            raise DuplicateCodeError(
                f"the code {code!r} is already used by 「{clash.title}」 in the "
                f"{'team' if phrase.library is LibraryKind.TEAM else 'personal'} library"
            )
    if not phrase.title.strip() and not phrase.body.strip():
        raise RepositoryError("a phrase needs a title or a body")
    if phrase.valid_from and phrase.valid_until and phrase.valid_until <= phrase.valid_from:
        raise RepositoryError("the phrase's validity ends before it starts")

    category_id = ensure_category(
        session=session, library=phrase.library, path=phrase.category, from_hub=from_hub
    )
    now = utcnow()
    row = session.get(PhraseRow, phrase.id)
    if row is None:
        row = PhraseRow(id=phrase.id, library_id=LIBRARY_IDS[phrase.library], created_at=phrase.created_at or now)
        session.add(row)
    row.library_id = LIBRARY_IDS[phrase.library]
    row.category_id = category_id
    row.code = code
    row.title = phrase.title
    row.body = phrase.body
    row.valid_from = phrase.valid_from
    row.valid_until = phrase.valid_until
    row.position = phrase.position
    row.deleted = phrase.deleted
    row.updated_at = phrase.updated_at if from_hub and phrase.updated_at else now
    if from_hub:
        row.revision = phrase.revision
        row.dirty = False
    elif phrase.library is LibraryKind.TEAM:
        row.dirty = True
    row.search_forms = forms if forms is not None else _phrase_forms(phrase)
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


def _replace(phrase: Phrase, **changes: object) -> Phrase:
    from dataclasses import replace

    return replace(phrase, **changes)  # type: ignore[arg-type]


def _phrase_forms(phrase: Phrase) -> str:
    # Imported here so the repository stays importable while the search package loads lazily.
    from sidekick.core.search.forms import phrase_forms

    return phrase_forms(phrase)


def _product_forms(product: Product) -> str:
    from sidekick.core.search.forms import product_forms

    return product_forms(product)


# --------------------------------------------------------------------------- products


def _price_from_text(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _product_from_row(session: Session, row: ProductRow) -> Product:
    tags = session.exec(
        select(TagRow.name)
        .join(ProductTagRow, col(ProductTagRow.tag_id) == col(TagRow.id))
        .where(ProductTagRow.product_id == row.id)
        .order_by(ProductTagRow.position)
    ).all()
    knowledge = session.exec(
        select(KnowledgeRow).where(KnowledgeRow.product_id == row.id).order_by(KnowledgeRow.position)
    ).all()
    relations = session.exec(
        select(RelationRow).where(RelationRow.product_id == row.id).order_by(RelationRow.position)
    ).all()
    return Product(
        id=row.id,
        item_id=row.item_id,
        title=row.title,
        link=row.link,
        price=_price_from_text(row.price),
        tags=tuple(tags),
        knowledge=tuple(KnowledgeField(k.name, k.value) for k in knowledge),
        notes=row.notes,
        related=tuple(Relation(RelationKind(r.kind), r.target_id, r.position, r.note) for r in relations),
        position=row.position,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
        deleted=row.deleted,
    )


def get_product(*, session: Session, product_id: str) -> Product | None:
    row = session.get(ProductRow, product_id)
    return _product_from_row(session, row) if row is not None else None


def find_product_by_item_id(*, session: Session, item_id: str) -> Product | None:
    row = session.exec(
        select(ProductRow).where(ProductRow.item_id == item_id, ProductRow.deleted == False)  # noqa: E712
    ).first()
    return _product_from_row(session, row) if row is not None else None


def list_products(
    *, session: Session, tags: Iterable[str] = (), include_deleted: bool = False
) -> list[Product]:
    """Products in catalogue order; with ``tags``, only those carrying every one of them (AND)."""
    query = select(ProductRow)
    if not include_deleted:
        query = query.where(ProductRow.deleted == False)  # noqa: E712
    wanted = [t for t in tags if t]
    for tag in wanted:
        tagged = (
            select(ProductTagRow.product_id)
            .join(TagRow, col(TagRow.id) == col(ProductTagRow.tag_id))
            .where(TagRow.name == tag)
        )
        query = query.where(col(ProductRow.id).in_(tagged))
    rows = session.exec(query.order_by(ProductRow.position, ProductRow.title, ProductRow.id)).all()
    return [_product_from_row(session, row) for row in rows]


def tag_counts(*, session: Session) -> list[tuple[str, int]]:
    """Every tag with how many live products carry it, most used first."""
    rows = session.exec(
        select(TagRow.name, func.count())
        .join(ProductTagRow, col(ProductTagRow.tag_id) == col(TagRow.id))
        .join(ProductRow, col(ProductRow.id) == col(ProductTagRow.product_id))
        .where(ProductRow.deleted == False)  # noqa: E712
        .group_by(TagRow.name)
    ).all()
    return sorted(((name, count) for name, count in rows), key=lambda item: (-item[1], item[0]))


def _tag_id(session: Session, name: str) -> int:
    row = session.exec(select(TagRow).where(TagRow.name == name)).first()
    if row is None:
        row = TagRow(name=name)
        session.add(row)
        session.flush()
    assert row.id is not None
    return row.id


def save_product(
    *, session: Session, product: Product, from_hub: bool = False, relations: bool = True, forms: str | None = None
) -> Product:
    """Insert or update ``product`` with its tags, knowledge and (unless told not to) relations.

    ``relations=False`` leaves the stored relations untouched: an import saves every product
    first and the relations in a second pass, since a relation may point at a later product.
    """
    if not product.title.strip():
        raise RepositoryError("a product needs a title")
    now = utcnow()
    row = session.get(ProductRow, product.id)
    if row is None:
        row = ProductRow(id=product.id, created_at=product.created_at or now)
        session.add(row)
    row.item_id = product.item_id.strip()
    row.title = product.title
    row.link = product.link
    row.price = "" if product.price is None else str(product.price)
    row.notes = product.notes
    row.position = product.position
    row.deleted = product.deleted
    row.updated_at = product.updated_at if from_hub and product.updated_at else now
    if from_hub:
        row.revision = product.revision
        row.dirty = False
    else:
        row.dirty = True
    row.search_forms = forms if forms is not None else _product_forms(product)
    session.flush()

    session.execute(delete(ProductTagRow).where(col(ProductTagRow.product_id) == product.id))
    seen: set[str] = set()
    for position, tag in enumerate(t.strip() for t in product.tags):
        if tag and tag not in seen:
            seen.add(tag)
            session.add(ProductTagRow(product_id=product.id, tag_id=_tag_id(session, tag), position=position))
    session.execute(delete(KnowledgeRow).where(col(KnowledgeRow.product_id) == product.id))
    for position, item in enumerate(product.knowledge):
        session.add(KnowledgeRow(product_id=product.id, name=item.name, value=item.value, position=position))
    if relations:
        set_relations(session=session, product_id=product.id, relations=product.related, from_hub=from_hub)
    session.flush()
    return _product_from_row(session, row)


def set_relations(
    *, session: Session, product_id: str, relations: Sequence[Relation], from_hub: bool = False
) -> None:
    """Replace a product's related products; a relation to itself or to a missing product is refused."""
    seen: set[tuple[str, str]] = set()
    for relation in relations:
        if relation.target_id == product_id:
            raise RepositoryError("a product cannot be related to itself")
        target = session.get(ProductRow, relation.target_id)
        if target is None or target.deleted:
            raise RepositoryError(f"related product {relation.target_id!r} does not exist")
        key = (relation.kind.value, relation.target_id)
        if key in seen:
            raise RepositoryError(f"product {target.title!r} is listed twice as {relation.kind.value}")
        seen.add(key)
    session.execute(delete(RelationRow).where(col(RelationRow.product_id) == product_id))
    for position, relation in enumerate(relations):
        session.add(
            RelationRow(
                product_id=product_id,
                target_id=relation.target_id,
                kind=relation.kind.value,
                position=position,
                note=relation.note,
            )
        )
    row = session.get(ProductRow, product_id)
    if row is not None and not from_hub:
        row.dirty = True
    session.flush()


def delete_product(*, session: Session, product_id: str, from_hub: bool = False) -> None:
    """Tombstone a product (products are team data) and drop relations pointing at it."""
    row = session.get(ProductRow, product_id)
    if row is None:
        return
    pointing = session.exec(select(RelationRow).where(RelationRow.target_id == product_id)).all()
    for relation in pointing:
        owner = session.get(ProductRow, relation.product_id)
        if owner is not None and not from_hub:
            owner.dirty = True
        session.delete(relation)
    session.execute(delete(RelationRow).where(col(RelationRow.product_id) == product_id))
    row.deleted = True
    row.updated_at = utcnow()
    row.dirty = not from_hub
    session.flush()


# --------------------------------------------------------------------------- usage


def record_usage(*, session: Session, target_id: str, kind: str, when: datetime | None = None) -> None:
    """Log one use (id and time only, never the text) and update the running frecency."""
    when = when or utcnow()
    session.add(UsageEventRow(target_id=target_id, target_kind=kind, used_at=when))
    stat = session.get(UsageStatRow, target_id)
    if stat is None:
        stat = UsageStatRow(target_id=target_id, target_kind=kind)
        session.add(stat)
    stat.count += 1
    stat.last_used = when if stat.last_used is None or when > stat.last_used else stat.last_used
    stat.decay_score = decayed(stat.decay_score, stat.decay_ref, when) + 1.0
    stat.decay_ref = when
    session.flush()


def decayed(score: float, ref: datetime | None, now: datetime) -> float:
    """``score`` as it stands at ``now`` after halving every FRECENCY_HALF_LIFE_DAYS since ``ref``."""
    if ref is None or score == 0.0:
        return score
    age_days = max(0.0, (now - ref).total_seconds() / 86400.0)
    return score * 0.5 ** (age_days / FRECENCY_HALF_LIFE_DAYS)


def usage_stats(*, session: Session, now: datetime | None = None) -> dict[str, UsageStat]:
    now = now or utcnow()
    return {
        row.target_id: UsageStat(row.target_id, row.count, row.last_used, decayed(row.decay_score, row.decay_ref, now))
        for row in session.exec(select(UsageStatRow))
    }


# --------------------------------------------------------------------------- whole library


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
    for library_id, number in session.exec(
        select(PhraseRow.library_id, func.count()).where(PhraseRow.deleted == False).group_by(PhraseRow.library_id)  # noqa: E712
    ):
        result[_library_kind(library_id).value] = number
    result["products"] = session.exec(
        select(func.count()).where(ProductRow.deleted == False)  # noqa: E712
    ).one()
    return result
