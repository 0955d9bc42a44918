"""One row mapping: every reader of a stored phrase or product gets the same domain value."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    LibraryKind,
    Phrase,
    Product,
    Relation,
    RelationKind,
    new_id,
)
from sidekick.db import repository
from sidekick.db.library_import import _Snapshot
from sidekick.db.rows import PHRASE_COLUMNS, phrase_from_values, stored_datetime, stored_price
from sidekick.db.search_load import load_index, load_phrases, load_products
from sidekick.db.store import Store
from tests.unit.db.test_category_rows import _orphaned_phrase


def _phrase_with_answers(store: Store) -> str:
    """A phrase with validity bounds, 买家问法 and intents, in the personal library."""
    with store.session() as session:
        phrase = repository.save_phrase(session=session, phrase=Phrase(
            new_id(), LibraryKind.PERSONAL, CategoryPath("售前", "尺码"), "尺码建议", "按身高体重选码", "cm",
            valid_from=datetime(2026, 1, 1, 8, 0), valid_until=datetime(2027, 1, 1),
            questions=("穿多大码", "偏大吗"), intents=("size",)))
    return phrase.id


def _products(store: Store) -> tuple[str, str]:
    with store.session() as session:
        target = repository.save_product(session=session, product=Product(new_id(), "1002", "加绒卫衣"))
        product = repository.save_product(session=session, product=Product(
            new_id(), "1001", "纯棉T恤", link="https://item.example/1001", price=Decimal("59.90"),
            tags=("爆款", "夏季"), knowledge=(KnowledgeField("材质", "纯棉"), KnowledgeField("产地", "")),
            notes="不起球", related=(Relation(RelationKind.SUBSTITUTE, target.id, 0, "更厚"),)))
    return product.id, target.id



def test_repository_loader_and_importer_read_a_phrase_alike(store: Store) -> None:
    orphan_id = _orphaned_phrase(store)
    answered_id = _phrase_with_answers(store)
    with store.session() as session:
        by_repository = {i: repository.get_phrase(session=session, phrase_id=i) for i in (orphan_id, answered_id)}
        snapshot = _Snapshot(session)
        by_importer = snapshot.load(session, [orphan_id, answered_id])
        snapshot.close()
    by_rows = {phrase.id: phrase for phrase, _forms in load_phrases(store.path)}
    index = load_index(store.path)  # the column path, phrases made on demand
    answered = by_repository[answered_id]
    assert answered is not None
    assert answered.questions == ("穿多大码", "偏大吗") and answered.intents == ("size",)
    assert answered.valid_from == datetime(2026, 1, 1, 8, 0) and answered.created_at is not None
    assert by_repository[orphan_id] is not None and by_repository[orphan_id].category == CategoryPath()
    for phrase_id in (orphan_id, answered_id):
        assert by_importer[phrase_id] == by_repository[phrase_id]
        assert by_rows[phrase_id] == by_repository[phrase_id]
        assert index.phrase(phrase_id) == by_repository[phrase_id]


def test_repository_and_loader_read_a_product_alike(store: Store) -> None:
    product_id, target_id = _products(store)
    with store.session() as session:
        by_repository = {i: repository.get_product(session=session, product_id=i) for i in (product_id, target_id)}
    by_loader = {product.id: product for product, _forms in load_products(store.path)}
    index = load_index(store.path)
    product = by_repository[product_id]
    assert product is not None
    assert product.price == Decimal("59.90") and product.tags == ("爆款", "夏季")
    assert product.knowledge == (KnowledgeField("材质", "纯棉"), KnowledgeField("产地", ""))
    assert product.related == (Relation(RelationKind.SUBSTITUTE, target_id, 0, "更厚"),)
    for pid in (product_id, target_id):
        assert by_loader[pid] == by_repository[pid]
        assert index.product(pid) == by_repository[pid]


def test_values_from_sqlite_text_and_from_typed_drivers_map_alike() -> None:
    stamp = datetime(2026, 3, 4, 5, 6, 7, 890000)
    typed = ("p1", "lib", None, None, "标题", "正文", None, stamp, None, stamp, stamp, 3, 0, '["问"]', None)
    as_text = tuple(v.isoformat(sep=" ") if isinstance(v, datetime) else v for v in typed)
    assert len(typed) == len(PHRASE_COLUMNS)
    first = phrase_from_values(typed, LibraryKind.PERSONAL, CategoryPath())
    assert first == phrase_from_values(as_text, LibraryKind.PERSONAL, CategoryPath())
    assert (first.code, first.position, first.valid_until, first.questions, first.intents) == ("", 0, stamp, ("问",), ())
    assert stored_datetime("") is None and stored_price("") is None and stored_price("abc") is None
    assert stored_price("59.90") == Decimal("59.90")
