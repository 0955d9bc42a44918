"""Products with their tags, knowledge and related products."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from sidekick.core.messages import Message
from sidekick.core.types import (
    Product,
    Relation,
)
from sidekick.db.repository.common import RepositoryError, product_search_forms
from sidekick.db.rows import PRODUCT_VALUES, product_from_values
from sidekick.db.tables import (
    KnowledgeRow,
    ProductRow,
    ProductTagRow,
    RelationRow,
    TagRow,
    utcnow,
)


def _product_from_row(session: Session, row: ProductRow) -> Product:
    tags = session.exec(
        select(TagRow.name)
        .join(ProductTagRow, col(ProductTagRow.tag_id) == col(TagRow.id))
        .where(ProductTagRow.product_id == row.id)
        .order_by(col(ProductTagRow.position), col(TagRow.name))
    ).all()
    knowledge = session.exec(
        select(KnowledgeRow.name, KnowledgeRow.value)
        .where(KnowledgeRow.product_id == row.id)
        .order_by(col(KnowledgeRow.position), col(KnowledgeRow.id))
    ).all()
    relations = session.exec(
        select(RelationRow.target_id, RelationRow.kind, RelationRow.position, RelationRow.note)
        .where(RelationRow.product_id == row.id)
        .order_by(col(RelationRow.position), col(RelationRow.id))
    ).all()
    return product_from_values(PRODUCT_VALUES(row), tags, knowledge, relations)


def get_product(*, session: Session, product_id: str) -> Product | None:
    row = session.get(ProductRow, product_id)
    return _product_from_row(session, row) if row is not None else None


def find_product_by_item_id(*, session: Session, item_id: str) -> Product | None:
    row = session.exec(
        select(ProductRow).where(ProductRow.item_id == item_id, ProductRow.deleted == False)  # noqa: E712  builds SQL, not a truth test
    ).first()
    return _product_from_row(session, row) if row is not None else None


def list_products(
    *, session: Session, tags: Iterable[str] = (), include_deleted: bool = False
) -> list[Product]:
    """Products in catalogue order; with ``tags``, only those carrying every one of them (AND)."""
    query = select(ProductRow)
    if not include_deleted:
        query = query.where(ProductRow.deleted == False)  # noqa: E712  builds SQL, not a truth test
    wanted = [t for t in tags if t]
    for tag in wanted:
        tagged = (
            select(ProductTagRow.product_id)
            .join(TagRow, col(TagRow.id) == col(ProductTagRow.tag_id))
            .where(TagRow.name == tag)
        )
        query = query.where(col(ProductRow.id).in_(tagged))
    rows = session.exec(query.order_by(col(ProductRow.position), col(ProductRow.title), col(ProductRow.id))).all()
    return [_product_from_row(session, row) for row in rows]


def tag_counts(*, session: Session) -> list[tuple[str, int]]:
    """Every tag with how many live products carry it, most used first."""
    rows = session.exec(
        select(TagRow.name, func.count())
        .join(ProductTagRow, col(ProductTagRow.tag_id) == col(TagRow.id))
        .join(ProductRow, col(ProductRow.id) == col(ProductTagRow.product_id))
        .where(ProductRow.deleted == False)  # noqa: E712  builds SQL, not a truth test
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
        raise RepositoryError(Message("a product needs a title"))
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
    row.search_forms = forms if forms is not None else product_search_forms(product)
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
            raise RepositoryError(Message("a product cannot be related to itself"))
        target = session.get(ProductRow, relation.target_id)
        if target is None or target.deleted:
            raise RepositoryError(Message("related product %1 does not exist", repr(relation.target_id)))
        key = (relation.kind.value, relation.target_id)
        if key in seen:
            raise RepositoryError(Message("product %1 is listed twice as %2", repr(target.title), relation.kind.value))
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
