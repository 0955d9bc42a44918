"""The repository: categories (two levels), phrases, products, usage, transactions."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

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
from sidekick.db import repository as repo
from sidekick.db.tables import PhraseRow, UsageEventRow

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL


def phrase(title: str, body: str = "您好", *, library: LibraryKind = TEAM,
           path: CategoryPath = CategoryPath("售前", "快递"), code: str = "") -> Phrase:
    return Phrase(id=new_id(), library=library, category=path, title=title, body=body, code=code)


def test_save_and_read_back_a_phrase_with_emoji(store) -> None:
    original = phrase("快递说明", "亲，默认发中通📦，48小时内发货～", code="kd")
    with store.session() as s:
        repo.save_phrase(session=s, phrase=original)
    with store.session() as s:
        loaded = repo.get_phrase(session=s, phrase_id=original.id)
        row = s.get(PhraseRow, original.id)
    assert loaded is not None
    assert (loaded.title, loaded.body, loaded.code, loaded.category) == (original.title, original.body, "kd", original.category)
    assert row is not None and row.dirty and row.search_forms  # team edit is pending; forms stored


def test_third_category_level_is_refused(store) -> None:
    with pytest.raises(ValueError, match="levels"):
        CategoryPath.parse("售前/快递/顺丰")
    with store.session() as s:
        top = repo.create_category(session=s, library=TEAM, parent_id=None, name="售前")
        sub = repo.create_category(session=s, library=TEAM, parent_id=top, name="快递")
        with pytest.raises(repo.RepositoryError, match="two levels"):
            repo.create_category(session=s, library=TEAM, parent_id=sub, name="顺丰")


def test_duplicate_code_in_one_library_is_refused_but_allowed_across_libraries(store) -> None:
    with store.session() as s:
        repo.save_phrase(session=s, phrase=phrase("A", code="kd"))
        repo.save_phrase(session=s, phrase=phrase("B", code="kd", library=PERSONAL))
        with pytest.raises(repo.DuplicateCodeError, match="kd"):
            repo.save_phrase(session=s, phrase=phrase("C", code="kd"))


def test_failed_transaction_leaves_nothing(store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:
        repo.save_phrase(session=s, phrase=phrase("A"))
        raise RuntimeError("crash in the middle")
    with store.session() as s:
        assert repo.list_phrases(session=s) == []


def test_team_delete_leaves_tombstone_personal_delete_removes(store) -> None:
    team, mine = phrase("团队"), phrase("我的", library=PERSONAL)
    with store.session() as s:
        repo.save_phrase(session=s, phrase=team)
        repo.save_phrase(session=s, phrase=mine)
        repo.delete_phrase(session=s, phrase_id=team.id)
        repo.delete_phrase(session=s, phrase_id=mine.id)
    with store.session() as s:
        assert repo.list_phrases(session=s) == []
        tomb = s.get(PhraseRow, team.id)
        assert tomb is not None and tomb.deleted and tomb.dirty
        assert s.get(PhraseRow, mine.id) is None


def test_move_phrases_between_categories_and_libraries_keeps_order(store) -> None:
    a, b, c = phrase("A"), phrase("B"), phrase("C", path=CategoryPath("售后"))
    with store.session() as s:
        for p in (a, b, c):
            repo.save_phrase(session=s, phrase=p)
        repo.move_phrases(session=s, phrase_ids=[b.id], library=PERSONAL, category=CategoryPath("常用"), position=0)
        repo.move_phrases(session=s, phrase_ids=[c.id], library=TEAM, category=CategoryPath("售前", "快递"), position=0)
    with store.session() as s:
        assert [p.title for p in repo.list_phrases(session=s, library=TEAM, category=CategoryPath("售前", "快递"))] == ["C", "A"]
        moved = repo.get_phrase(session=s, phrase_id=b.id)
        assert moved is not None and moved.library is PERSONAL and moved.category == CategoryPath("常用")


def test_category_counts_and_tree_order(store) -> None:
    with store.session() as s:
        repo.save_phrase(session=s, phrase=phrase("A", path=CategoryPath("售前", "快递")))
        repo.save_phrase(session=s, phrase=phrase("B", path=CategoryPath("售前")))
        repo.save_phrase(session=s, phrase=phrase("C", path=CategoryPath("售后", "退换货")))
        tree = repo.list_categories(session=s, library=TEAM)
    assert [(str(c.path), c.phrase_count) for c in tree] == [
        ("售前", 1), ("售前 › 快递", 1), ("售后", 0), ("售后 › 退换货", 1),
    ]


def test_delete_category_refuses_while_it_holds_phrases(store) -> None:
    with store.session() as s:
        repo.save_phrase(session=s, phrase=phrase("A", path=CategoryPath("售后")))
        (node,) = repo.list_categories(session=s, library=TEAM)
        with pytest.raises(repo.RepositoryError, match="holds 1"):
            repo.delete_category(session=s, category_id=node.id)


def make_product(item_id: str, title: str, tags: tuple[str, ...] = ("爆款",)) -> Product:
    return Product(
        id=new_id(), item_id=item_id, title=title, link=f"https://item.taobao.com/item.htm?id={item_id}",
        price=Decimal("89.00"), tags=tags, knowledge=(KnowledgeField("材质", "纯棉"), KnowledgeField("尺码", "S-XL")),
    )


def test_products_tags_knowledge_relations_round_trip(store) -> None:
    dress, belt = make_product("100000000001", "连衣裙", ("爆款", "夏季")), make_product("100000000002", "腰带", ("配饰",))
    dress = Product(**{**{f: getattr(dress, f) for f in dress.__slots__},
                       "related": (Relation(RelationKind.PAIRING, belt.id, 0, "同色系"),)})
    with store.session() as s:
        repo.save_product(session=s, product=belt)
        repo.save_product(session=s, product=dress)
    with store.session() as s:
        loaded = repo.get_product(session=s, product_id=dress.id)
        assert loaded is not None
        assert loaded.tags == ("爆款", "夏季") and loaded.field("材质") == "纯棉" and loaded.price == Decimal("89.00")
        assert loaded.related == (Relation(RelationKind.PAIRING, belt.id, 0, "同色系"),)
        assert [p.title for p in repo.list_products(session=s, tags=["爆款", "夏季"])] == ["连衣裙"]
        assert repo.list_products(session=s, tags=["爆款", "配饰"]) == []
        assert repo.tag_counts(session=s) == [("夏季", 1), ("爆款", 1), ("配饰", 1)]
        with pytest.raises(repo.RepositoryError, match="itself"):
            repo.set_relations(session=s, product_id=belt.id, relations=[Relation(RelationKind.SUBSTITUTE, belt.id)])


def test_usage_events_store_ids_only_and_decay(store) -> None:
    target = phrase("A")
    now = datetime(2026, 11, 23, 12, 0)
    with store.session() as s:
        repo.save_phrase(session=s, phrase=target)
        repo.record_usage(session=s, target_id=target.id, kind="phrase", when=now - timedelta(days=14))
        repo.record_usage(session=s, target_id=target.id, kind="phrase", when=now)
    with store.session() as s:
        stats = repo.usage_stats(session=s, now=now)
        events = s.exec(select(UsageEventRow)).all()
    assert stats[target.id].count == 2
    assert stats[target.id].frecency == pytest.approx(1.5)  # today's use counts 1, a half-life ago 0.5
    # Ids, times and how the reply was chosen (migration 0005_usage_events): never a text column.
    assert {tuple(sorted(e.model_dump())) for e in events} == {(
        "action", "by_alt_number", "found_via", "id", "popup_ms", "rank", "target_id", "target_kind", "used_at")}


def test_usage_recorded_with_sqlite3_alone_reads_back_like_the_repositorys(store) -> None:
    """The paste path writes with sqlite3 only; the ORM and the search loader read the same values."""
    from sidekick.db.search_load import load_usage
    from sidekick.db.usage_log import record_usage_at

    target = phrase("A")
    now = datetime(2026, 11, 23, 12, 0)
    with store.session() as s:
        repo.save_phrase(session=s, phrase=target)
        repo.record_usage(session=s, target_id=target.id, kind="phrase", when=now - timedelta(days=14))
    record_usage_at(store.path, target.id, "phrase", now)
    with store.session() as s:
        stats = repo.usage_stats(session=s, now=now)
        events = s.exec(select(UsageEventRow)).all()
    assert stats[target.id].count == 2 and stats[target.id].last_used == now
    assert stats[target.id].frecency == pytest.approx(1.5)
    assert len(events) == 2
    assert load_usage(store.path, now=now)[target.id].frecency == pytest.approx(1.5)
