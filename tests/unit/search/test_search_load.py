"""Loading the index from SQLite: joins, stored forms, usage decay."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel

from sidekick.core.search import phrase_forms, product_forms
from sidekick.core.types import CategoryPath, KnowledgeField, LibraryKind, Phrase, Product
from sidekick.db import tables as t
from sidekick.db.engine import make_engine, sqlite_url
from sidekick.db.search_load import load_index, load_usage, save_recomputed_forms

NOW = datetime(2026, 6, 5, 12, 0)


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(sqlite_url(tmp_path / "lib.db"))
    SQLModel.metadata.create_all(engine)
    kd = Phrase("p1", LibraryKind.TEAM, CategoryPath("售前", "快递"), "默认快递", "默认发中通", "kd")
    tee = Product("x1", "600001", "纯棉T恤", tags=("新品",), knowledge=(KnowledgeField("材质", "纯棉"),))
    with Session(engine) as s:
        s.add(t.LibraryRow(id="L1", kind="team"))
        s.add(t.LibraryRow(id="L2", kind="personal"))
        s.commit()  # rows without relationships: insert parents first, table by table
        s.add(t.CategoryRow(id="c1", library_id="L1", name="售前"))
        s.add(t.CategoryRow(id="c3", library_id="L2", name="常用"))
        s.commit()
        s.add(t.CategoryRow(id="c2", library_id="L1", parent_id="c1", name="快递"))
        s.commit()
        s.add(t.PhraseRow(id="p1", library_id="L1", category_id="c2", code="kd", title=kd.title,
                          body=kd.body, search_forms=phrase_forms(kd)))
        s.add(t.PhraseRow(id="p2", library_id="L2", category_id="c3", title="我的退货话术",
                          body="退货请备注订单号", position=3))  # no forms stored yet
        s.add(t.PhraseRow(id="p3", library_id="L2", title="已删除", body="x", deleted=True))
        s.add(t.PhraseRow(id="p4", library_id="L1", title="双十一", body="活动",
                          valid_from=datetime(2026, 11, 1), valid_until=datetime(2026, 11, 12)))
        s.add(t.ProductRow(id="x1", item_id="600001", title=tee.title, price="59.00",
                           search_forms=product_forms(tee)))
        s.add(t.TagRow(id=1, name="新品"))
        s.commit()
        s.add(t.ProductTagRow(product_id="x1", tag_id=1))
        s.add(t.KnowledgeRow(product_id="x1", name="材质", value="纯棉"))
        s.add(t.UsageStatRow(target_id="p2", target_kind="phrase", count=4, last_used=NOW,
                             decay_score=8.0, decay_ref=NOW - timedelta(days=14)))
        s.commit()
    return engine


def test_load_index_reads_phrases_products_and_categories(engine) -> None:
    index = load_index(engine, with_usage=False)
    assert len(index) == 4  # the deleted phrase is left out
    p1 = index.phrase("p1")
    assert p1 is not None and p1.category == CategoryPath("售前", "快递") and p1.library is LibraryKind.TEAM
    p2 = index.phrase("p2")
    assert p2 is not None and p2.category == CategoryPath("常用") and p2.library is LibraryKind.PERSONAL
    assert index.phrase("p4").valid_from == datetime(2026, 11, 1)
    x1 = index.product("x1")
    assert x1 is not None and x1.tags == ("新品",) and x1.field("材质") == "纯棉"
    assert str(x1.price) == "59.00"
    assert set(index.recomputed_forms) == {"p2", "p4"}  # only the rows without stored forms
    assert index.search("wdth", now_local=NOW)[0].id == "p2"
    assert index.search("/售前 kd", now_local=NOW)[0].id == "p1"
    assert index.search("#新品", now_local=NOW)[0].id == "x1"
    assert "p4" not in [h.id for h in index.search("", now_local=NOW)]


def test_load_index_from_a_session_and_write_back_forms(engine) -> None:
    with Session(engine) as session:
        index = load_index(session)
        assert save_recomputed_forms(session, index) == 2
        session.commit()
    again = load_index(engine)
    assert not again.recomputed_forms


def test_usage_decays_with_a_two_week_half_life(engine) -> None:
    stats = load_usage(engine, now=NOW)
    assert stats["p2"].count == 4
    assert stats["p2"].frecency == pytest.approx(4.0)  # 8 * 0.5 ** (14 / 14)
    assert load_usage(engine, now=NOW - timedelta(days=14))["p2"].frecency == pytest.approx(8.0)
    index = load_index(engine)
    assert index.usage("p2") is not None
