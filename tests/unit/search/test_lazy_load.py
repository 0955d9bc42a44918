"""The column loader: phrases made on demand equal the ones read row by row, and the index
built from columns answers exactly like one built from objects."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from search_fixtures import NOW, PHRASES, PRODUCTS
from sqlalchemy import insert
from sqlmodel import SQLModel

from sidekick.core.search import SearchIndex, phrase_forms, product_forms
from sidekick.core.types import CategoryPath, LibraryKind, Phrase
from sidekick.db import tables as t
from sidekick.db.engine import make_engine, sqlite_url
from sidekick.db.search_load import (
    load_index,
    load_phrase_columns,
    load_phrases,
    load_products,
)

QUERIES = [
    "", "k", "kd", "kuaidi", "快递", "tk", "/t", "yinxing", "退 7天", "tuihou", "@我 kd",
    "/售后 th", "#新品", "xl", "iphone", "cm", "zhangdu", "shumfeng", "600001", "hy",
]  # fmt: skip


def _write(path: Path, phrases: list[Phrase], stale: set[str] = frozenset()) -> None:
    engine = make_engine(sqlite_url(path))
    SQLModel.metadata.create_all(engine)
    libs = {LibraryKind.TEAM: "L-team", LibraryKind.PERSONAL: "L-me"}
    cats: dict[tuple[str, str, str], str] = {}
    cat_rows: list[dict] = []

    def cat_id(lib: str, path: CategoryPath) -> str | None:
        if not path.category:
            return None
        key = (lib, path.category, "")
        if key not in cats:
            cats[key] = f"c{len(cats)}"
            cat_rows.append({"id": cats[key], "library_id": lib, "parent_id": None, "name": path.category})
        if not path.subcategory:
            return cats[key]
        sub = (lib, path.category, path.subcategory)
        if sub not in cats:
            cats[sub] = f"c{len(cats)}"
            cat_rows.append({"id": cats[sub], "library_id": lib, "parent_id": cats[key], "name": path.subcategory})
        return cats[sub]

    created = datetime(2026, 5, 1, 8, 30, 15, 123456)
    rows = [
        {"id": p.id, "library_id": libs[p.library], "category_id": cat_id(libs[p.library], p.category),
         "code": p.code, "title": p.title, "body": p.body, "valid_from": p.valid_from,
         "valid_until": p.valid_until, "position": p.position, "created_at": created,
         "updated_at": datetime(2026, 5, 2, i % 24), "revision": i, "dirty": False, "deleted": False,
         "search_forms": "" if p.id in stale else phrase_forms(p)}
        for i, p in enumerate(phrases)
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(t.LibraryRow), [
            {"id": "L-team", "kind": "team", "name": "团队", "shop": "default", "owner": ""},
            {"id": "L-me", "kind": "personal", "name": "我的", "shop": "default", "owner": "me"},
        ])  # fmt: skip
        if cat_rows:
            conn.execute(insert(t.CategoryRow), [
                {**r, "position": 0, "revision": 0, "dirty": False, "deleted": False, "updated_at": created}
                for r in cat_rows
            ])  # fmt: skip
        conn.execute(insert(t.PhraseRow), rows)
        conn.execute(insert(t.TagRow), [{"id": 1, "name": "新品"}])
        conn.execute(insert(t.ProductRow), [
            {"id": x.id, "item_id": x.item_id, "title": x.title, "link": "", "price": "",
             "notes": x.notes, "position": x.position, "created_at": created, "updated_at": created,
             "revision": 0, "dirty": False, "deleted": False, "search_forms": product_forms(x)}
            for x in PRODUCTS
        ])  # fmt: skip
        conn.execute(insert(t.ProductTagRow), [{"product_id": "x_tee", "tag_id": 1, "position": 0}])
    engine.dispose()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    _write(path, PHRASES, stale={"t_bank", "p_kd"})
    return path


def test_lazy_phrases_equal_eager_ones(db: Path) -> None:
    engine = make_engine(sqlite_url(db))
    columns = load_phrase_columns(engine)
    assert columns is not None
    eager = load_phrases(engine)
    assert len(columns) == len(eager) == len(PHRASES)
    for row, (phrase, _forms) in enumerate(eager):
        assert columns.phrase(row) == phrase
    index = load_index(engine)
    for phrase, _forms in eager:
        assert index.phrase(phrase.id) == phrase
        assert index.product(phrase.id) is None
    assert index.phrase("t_618").valid_from == datetime(2026, 6, 1)


def test_column_index_answers_like_an_object_index(db: Path) -> None:
    engine = make_engine(sqlite_url(db))
    lazy = load_index(engine, with_usage=False)
    eager = SearchIndex.bulk(load_phrases(engine), load_products(engine))
    assert lazy.recomputed_forms == eager.recomputed_forms
    assert {"t_bank", "p_kd"} <= set(lazy.recomputed_forms)  # (products: knowledge not stored)
    assert len(lazy) == len(eager)
    for query in QUERIES:
        for limit in (3, 50):
            assert lazy.search(query, limit=limit, now_local=NOW) == eager.search(
                query, limit=limit, now_local=NOW
            ), query
    # Edits after a column load behave as after an object load.
    for index in (lazy, eager):
        index.remove("t_kd_default")
        index.add_phrase(Phrase("new", LibraryKind.TEAM, CategoryPath("售前"), "极兔快递", "发极兔"))
        index.note_use("t_kd_fee", NOW)
    for query in QUERIES:
        assert lazy.search(query, now_local=NOW) == eager.search(query, now_local=NOW), query


def test_texts_the_columns_cannot_carry_fall_back_to_rows(tmp_path: Path) -> None:
    odd = [
        Phrase("nul", LibraryKind.TEAM, CategoryPath("售前"), "含\x00空字符", "正文\x00也有", "kd"),
        Phrase("sep", LibraryKind.TEAM, CategoryPath(), "分隔\x1f符", "正文", "k\x1fd"),
        Phrase("sigma", LibraryKind.PERSONAL, CategoryPath(), "ΟΔΟΣ快递", "ΣΑΣ"),
        Phrase("wide", LibraryKind.PERSONAL, CategoryPath(), "ＫＤ全角　快递", "İstanbul 😀 发货"),
    ]
    for i, phrase in enumerate(odd):
        path = tmp_path / f"odd{i}.db"
        _write(path, [phrase])
        engine = make_engine(sqlite_url(path))
        index = load_index(engine, with_usage=False)
        eager = SearchIndex.bulk(load_phrases(engine), load_products(engine))
        assert index.phrase(phrase.id) == load_phrases(engine)[0][0]
        for query in ["kd", "快递", "kuaidi", "fahuo", "ΣΑΣ", "σας", "istanbul", "空字符", "fg"]:
            assert index.search(query, now_local=NOW) == eager.search(query, now_local=NOW), query


def test_an_error_of_the_background_phrase_read_reaches_the_caller(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sidekick.db.search_load as search_load

    def broken(source: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(search_load, "load_phrase_columns", broken)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        load_index(db)


def test_an_error_while_the_phrases_are_read_waits_for_the_reader(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    import sidekick.db.search_load as search_load

    finished = threading.Event()
    real = search_load.load_phrase_columns

    def slow(source: object) -> object:
        columns = real(source)  # type: ignore[arg-type]
        time.sleep(0.3)  # still reading when the products fail
        finished.set()
        return columns

    def broken_products(source: object) -> None:
        raise ValueError("a damaged product row")

    monkeypatch.setattr(search_load, "load_phrase_columns", slow)
    monkeypatch.setattr(search_load, "load_products", broken_products)
    with pytest.raises(ValueError, match="damaged product"):
        load_index(db)
    assert finished.is_set()  # the reader was not left running against the file
