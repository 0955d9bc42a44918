"""Edits update the search index phrase by phrase, and it then answers exactly like a rebuild.

A property test: random sequences of library-window edits (new, edit, delete, move, copy to
personal, rename, move and delete categories, undo and redo of any of them) run through
``LibraryService``; after every step the service's incrementally updated index and a fresh
``load_index`` of the database give identical results for a fixed set of queries (ids, order,
match kinds, scores, spans and the fields a hit shows).
"""

from __future__ import annotations

import random
from datetime import datetime

import pytest

from sidekick.app.library_service import LibraryService
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.search_load import load_index
from sidekick.db.store import Store
from sidekick.ui.library.backend import BackendError

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL
NOW = datetime(2026, 11, 20, 12, 0)
WORDS = ["快递", "顺丰", "退货", "运费", "发票", "尺码", "包邮", "催付", "改地址", "物流", "差评", "七天"]
QUERIES = ["kd", "快递", "sf", "退", "tuihuo", "yf", "发票", "cm", "/售后", "@我", "@团队 wl", "x1", "包邮 7天", "gdz"]
PATHS = [CategoryPath("售前", "快递"), CategoryPath("售前", "运费"), CategoryPath("售后"), CategoryPath("物流"),
         CategoryPath()]


def _hits(index: object) -> list[tuple[object, ...]]:
    return [
        tuple((h.id, h.title, h.body, h.score, h.match, h.spans, h.library, h.category, h.code)
              for h in index.search(q, 50, NOW))
        for q in QUERIES
    ]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def _live(store: Store) -> list[Phrase]:
    with store.session() as session:
        return repo.list_phrases(session=session)


def _step(service: LibraryService, store: Store, rng: random.Random, undo: list[object], redo: list[object]) -> None:
    phrases = _live(store)
    categories = service.overview().categories
    kind = rng.randrange(10)
    if kind == 0 or not phrases:
        library = rng.choice([TEAM, PERSONAL])
        code = rng.choice(["", f"x{rng.randrange(40)}"])
        service.save_phrase(Phrase(new_id(), library, rng.choice(PATHS), _text(rng), _text(rng), code))
    elif kind == 1:
        old = rng.choice(phrases)
        service.save_phrase(Phrase(old.id, old.library, old.category, _text(rng), _text(rng), old.code,
                                   position=old.position))
    elif kind == 2:
        service.delete_phrases([p.id for p in rng.sample(phrases, min(len(phrases), rng.randint(1, 2)))])
    elif kind == 3:
        moving = rng.choice(phrases)
        service.move_phrases([moving.id], rng.choice([TEAM, PERSONAL]), rng.choice(PATHS), rng.choice([None, 0, 1]))
    elif kind == 4:
        service.copy_phrases([rng.choice(phrases).id], PERSONAL, rng.choice(PATHS))
    elif kind == 5 and categories:
        service.rename_category(rng.choice(categories).id, rng.choice(["售前", "售后", "物流", "新的", "活动"]))
    elif kind == 6 and categories:
        info = rng.choice(categories)
        service.move_category(info.id, None, rng.randrange(3))
    elif kind == 7 and categories:
        service.delete_category(rng.choice(categories).id)
    elif kind == 8 and undo:
        change = undo.pop()
        service.apply_change(change, undo=True)
        redo.append(change)
        return
    elif kind == 9 and redo:
        change = redo.pop()
        service.apply_change(change, undo=False)
        undo.append(change)
        return
    else:
        return
    change = service.last_change()
    if change is not None:
        undo.append(change)
        redo.clear()


@pytest.mark.parametrize("seed", range(6))
def test_incremental_index_answers_like_a_rebuild(store: Store, seed: int) -> None:
    service = LibraryService(store, lambda: Settings(), clock=lambda: NOW)
    service.phrase_ids(TEAM, query="kd")  # builds the service's own index once
    own = service._index
    assert own is not None
    rng = random.Random(seed)
    undo: list[object] = []
    redo: list[object] = []
    for step in range(40):
        try:
            _step(service, store, rng, undo, redo)
        except BackendError:
            continue  # a refused edit (a code clash, a non-empty category) changes nothing
        assert service._index is own, "an edit rebuilt the index instead of updating it"
        assert _hits(own) == _hits(load_index(store.engine, with_usage=False)), f"seed {seed}, step {step}"


def test_an_edit_tells_the_app_which_phrases_changed(store: Store) -> None:
    told: list[set[str]] = []
    service = LibraryService(store, lambda: Settings(), on_change=told.append)
    saved = service.save_phrase(Phrase(new_id(), TEAM, CategoryPath("售前", "快递"), "快递", "默认中通", "kd"))
    other = service.save_phrase(Phrase(new_id(), TEAM, CategoryPath("售前", "快递"), "顺丰", "加 10 元", "sf"))
    assert told == [{saved.id}, {other.id}]
    category = next(c for c in service.overview().categories if c.path == CategoryPath("售前", "快递"))
    service.rename_category(category.id, "物流")
    assert told[-1] == {saved.id, other.id}  # their category path changed with it
