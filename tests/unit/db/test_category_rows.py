"""One rule for category rows → paths, and every reader of the category table follows it."""

from __future__ import annotations

import sqlite3

from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository
from sidekick.db.library_import import _Snapshot
from sidekick.db.rows import category_paths, path_of
from sidekick.db.search_load import load_index, load_phrase_columns, load_phrases
from sidekick.db.store import Store
from sidekick.db.tables import PhraseRow


def test_top_levels_subcategories_and_orphans() -> None:
    paths = category_paths([("b", "a", "快递"), ("a", None, "售前"), ("o", "gone", "退款"), ("e", None, None)])
    assert paths == {"b": CategoryPath("售前", "快递"), "a": CategoryPath("售前"), "e": CategoryPath("")}
    assert list(paths) == ["b", "a", "e"]  # the order of the rows
    assert path_of(paths, "o") == CategoryPath()  # the orphan reads as uncategorised
    assert path_of(paths, None) == CategoryPath() and path_of(paths, "unknown") == CategoryPath()


def _orphaned_phrase(store: Store) -> str:
    """A live phrase in a subcategory whose parent row is gone (as hub data can leave it)."""
    with store.session() as session:
        phrase = repository.save_phrase(session=session, phrase=Phrase(
            new_id(), LibraryKind.TEAM, CategoryPath("售后", "退款"), "退款说明", "退款三天内到账", "tk"))
        category_id = session.get(PhraseRow, phrase.id).category_id
    connection = sqlite3.connect(store.path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        (parent,) = connection.execute("SELECT parent_id FROM category WHERE id = ?", (category_id,)).fetchone()
        connection.execute("DELETE FROM category WHERE id = ?", (parent,))
    connection.close()
    return phrase.id


def test_every_reader_puts_a_phrase_of_an_orphan_subcategory_in_no_category(store: Store) -> None:
    phrase_id = _orphaned_phrase(store)
    with store.session() as session:
        assert repository.get_phrase(session=session, phrase_id=phrase_id).category == CategoryPath()
        snapshot = _Snapshot(session)
        assert CategoryPath("退款") not in {path for _kind, path in snapshot.paths.values()}
        snapshot.close()
    (loaded, _forms), = load_phrases(store.path, [phrase_id])
    assert loaded.category == CategoryPath()
    columns = load_phrase_columns(store.path)
    assert columns is not None
    row = list(columns.ids).index(phrase_id)
    assert columns.categories[int(columns.category[row])] == CategoryPath()
    hits = load_index(store.path).search("tk", limit=5)
    assert [h.id for h in hits][:1] == [phrase_id]
