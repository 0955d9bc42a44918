"""Loading the search index from the local database, fast.

``load_index`` reads every live phrase (with its library kind and category names) and product
(with tags, knowledge and relations) in a few plain SQL statements, and hands the stored
``search_forms`` to the index, so start-up decodes pinyin instead of computing it. Phrases are
read as whole columns (``load_phrase_columns``: one row of aggregated strings, decoded with
NumPy) and their ``Phrase`` objects are made on demand; ``load_phrases`` (row by row, objects
at once) is the fallback for tables the column path cannot represent exactly. Only rows
whose forms are empty or stale get them computed; those end up in
``index.recomputed_forms`` and ``save_recomputed_forms`` writes them back.

Raw SQL rather than ORM objects: building 100k ORM rows costs more than the whole load budget.

``load_usage`` turns the ``usage_stat`` table into ``UsageStat`` values, with the running score
brought forward to now by ``sidekick.core.frecency.decayed`` (the same rule that writes it).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np

from sidekick.core.frecency import decayed
from sidekick.core.search import SearchIndex
from sidekick.core.search.columns import PhraseColumns, TextColumn
from sidekick.core.search.store import gc_paused
from sidekick.core.types import (
    CategoryPath,
    LibraryKind,
    Phrase,
    Product,
    UsageStat,
)
from sidekick.db.rows import (
    PHRASE_COLUMNS,
    PRODUCT_COLUMNS,
    category_paths,
    path_of,
    phrase_from_values,
    products_from_values,
    stored_datetime,
)
from sidekick.db.text_list import load_text_list

# Plain scans: the library and category tables are tiny and joined in Python, and
# ``NOT deleted`` keeps SQLite from walking the low-selectivity ``deleted`` index row by row.
# Rows are read in ``PHRASE_COLUMNS``/``PRODUCT_COLUMNS`` order with the stored forms last, and
# mapped by ``sidekick.db.rows`` as every other reader of these tables maps them.
_PHRASES = f"SELECT {', '.join(PHRASE_COLUMNS)}, search_forms FROM phrase WHERE NOT deleted"
# 买家问法 are few next to the texts: the column path reads them by id for the rows that have any.
_PHRASE_QUESTIONS = """
SELECT id, questions, intents FROM phrase
WHERE NOT deleted AND (ifnull(questions, '') != '' OR ifnull(intents, '') != '')
"""
_LIBRARIES = "SELECT id, kind FROM library"
_CATEGORIES = "SELECT id, parent_id, name FROM category"
_PRODUCTS = f"SELECT {', '.join(PRODUCT_COLUMNS)}, search_forms FROM product WHERE NOT deleted"
_TAGS = """
SELECT pt.product_id, t.name FROM product_tag pt JOIN tag t ON t.id = pt.tag_id
ORDER BY pt.product_id, pt.position, t.name
"""
_KNOWLEDGE = (
    "SELECT product_id, name, value FROM knowledge_field ORDER BY product_id, position, id"
)
_RELATIONS = """
SELECT product_id, target_id, kind, position, note FROM product_relation
ORDER BY product_id, position, id
"""
_USAGE = "SELECT target_id, count, last_used, decay_score, decay_ref FROM usage_stat"

# The whole phrase table as one row of columns: every aggregate runs over the same rows in
# the same order, and SQLite builds each column's one string in C, so Python handles a dozen
# strings instead of a million values. Texts are concatenated without separators and sliced
# by their lengths; ``length`` stops at a NUL, so a NUL anywhere shows up as a length mismatch
# and the loader falls back to reading rows. Ids, codes and validity bounds are split on
# U+001F (an id containing it also shows up as a count mismatch).
_PHRASE_COLUMNS = """
SELECT count(*),
  group_concat(id, char(31)),
  group_concat(ifnull((SELECT l.rowid FROM library l WHERE l.id = p.library_id), -1), ','),
  group_concat(ifnull((SELECT c.rowid FROM category c WHERE c.id = p.category_id), 0), ','),
  group_concat(ifnull(code, ''), char(31)),
  group_concat(ifnull(title, ''), ''), group_concat(length(ifnull(title, '')), ','),
  group_concat(ifnull(body, ''), ''), group_concat(length(ifnull(body, '')), ','),
  group_concat(ifnull(search_forms, ''), ''), group_concat(length(ifnull(search_forms, '')), ','),
  group_concat(ifnull(position, 0), ','), group_concat(ifnull(revision, 0), ','),
  group_concat(ifnull(created_at, ''), ''), group_concat(length(ifnull(created_at, '')), ','),
  group_concat(ifnull(updated_at, ''), ''), group_concat(length(ifnull(updated_at, '')), ','),
  group_concat(ifnull(valid_from, ''), char(31)), group_concat(ifnull(valid_until, ''), char(31))
FROM phrase p WHERE NOT deleted
"""

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

    Source = Engine | Connection | Session | Path | str
else:
    Source = Any
# A database file path reads with the sqlite3 module alone: the app's start-up loads the index
# this way, so SQLAlchemy is not imported (and its memory not taken) until something writes.


def _is_path(source: Any) -> bool:
    return isinstance(source, (str, Path))


def _is_engine(source: Any) -> bool:
    return not _is_path(source) and hasattr(source, "connect") and hasattr(source, "dispose")


def _rows(source: Any, sql: str) -> list[Any]:
    """All rows of ``sql`` as plain tuples, straight from the driver's cursor (fastest)."""
    if _is_path(source):
        connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()
    if _is_engine(source):
        with source.connect() as conn:
            return _rows(conn, sql)
    conn = source.connection() if hasattr(source, "exec") else source  # a Session, or a Connection
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def load_phrases(source: Source, ids: Collection[str] | None = None) -> list[tuple[Phrase, str]]:
    """Every live phrase (or the live ones of ``ids``) with its stored forms."""
    kinds = {kind.value: kind for kind in LibraryKind}
    library_kind = {
        lib_id: kinds.get(kind) or LibraryKind.parse(kind) for lib_id, kind in _rows(source, _LIBRARIES)
    }
    paths = category_paths(_rows(source, _CATEGORIES))
    out: list[tuple[Phrase, str]] = []
    append = out.append
    forms_at = len(PHRASE_COLUMNS)
    for values in _rows(source, _PHRASES if ids is None else _phrases_with(ids)):
        phrase = phrase_from_values(values, library_kind[values[1]], path_of(paths, values[2]))
        append((phrase, values[forms_at] or ""))
    return out


def _phrases_with(ids: Collection[str]) -> str:
    quoted = ",".join("'" + i.replace("'", "''") + "'" for i in ids) or "NULL"
    return f"{_PHRASES} AND id IN ({quoted})"


def refresh_phrases(index: SearchIndex, source: Source, ids: Collection[str]) -> None:
    """Bring the phrases ``ids`` in ``index`` up to date with the database, through the
    index's own add and remove: a live phrase is added or replaced, any other removed.

    What an edit in the library window costs the index: the phrases it touched, not a rebuild
    (a property test checks that searches then answer exactly as a fresh ``load_index``).
    """
    if not ids:
        return
    fresh = load_phrases(source, ids)
    for phrase, forms in fresh:
        index.add_phrase(phrase, forms or None)
    for gone in set(ids) - {phrase.id for phrase, _forms in fresh}:
        index.remove(gone)


def _ints(text: str | None, count: int) -> np.ndarray:
    """A comma-separated column of integers (raises ValueError on anything else)."""
    values = np.fromstring(text or "", dtype=np.int64, sep=",") if count else np.zeros(0, np.int64)
    if len(values) != count:
        raise ValueError("column does not have one integer per row")
    return values


def _texts(text: str | None, lengths: str | None, count: int) -> TextColumn:
    column = TextColumn(text or "", _ints(lengths, count))
    if int(column.lengths.sum()) != len(column.text):
        raise ValueError("a text contains NUL: lengths do not add up")
    return column


def _split(text: str | None, count: int) -> list[str]:
    values = (text or "").split("\x1f") if count else []
    if len(values) != count:
        raise ValueError("a value contains U+001F")
    return values


def load_phrase_columns(source: Source) -> PhraseColumns | None:
    """Every live phrase as columns (see ``PhraseColumns``); None when the table holds
    something the column path cannot represent exactly (the caller reads rows instead)."""
    libraries = _rows(source, "SELECT rowid, id, kind FROM library")
    categories = _rows(source, "SELECT rowid, id, parent_id, name FROM category")
    (row,) = _rows(source, _PHRASE_COLUMNS)
    count = int(row[0])
    try:
        kinds = {kind.value: kind for kind in LibraryKind}
        lib_kinds = [kinds.get(kind) or LibraryKind.parse(kind) for _r, _i, kind in libraries]
        lib_index = np.full(max((r for r, _i, _k in libraries), default=0) + 2, -1, np.int64)
        lib_index[[r for r, _i, _k in libraries]] = np.arange(len(libraries))
        lib_rows = _ints(row[2], count)
        if count and (lib_rows.min() < 0 or (library := lib_index[lib_rows]).min() < 0):
            return None  # a phrase of an unknown library
        by_id = category_paths((cid, parent, name) for _r, cid, parent, name in categories)
        paths = [CategoryPath()]  # index 0: uncategorised, orphans included
        cat_index = np.zeros(max((r for r, *_ in categories), default=0) + 1, np.int64)
        for rowid, cid, _parent, _name in categories:
            if cid in by_id:
                cat_index[rowid] = len(paths)
                paths.append(by_id[cid])
        cols = PhraseColumns(
            ids=_split(row[1], count), library=library if count else np.zeros(0, np.int64),
            libraries=lib_kinds, category=cat_index[_ints(row[3], count)], categories=paths,
            codes=_split(row[4], count), titles=_texts(row[5], row[6], count),
            bodies=_texts(row[7], row[8], count), forms=_texts(row[9], row[10], count),
            position=_ints(row[11], count), revision=_ints(row[12], count),
            created=_texts(row[13], row[14], count), updated=_texts(row[15], row[16], count),
        )  # fmt: skip
        for bounds, values in ((cols.valid_from, row[17]), (cols.valid_until, row[18])):
            for i, value in enumerate(_split(values, count)):
                if value:
                    bounds[i] = datetime.fromisoformat(value)
    except (ValueError, KeyError, IndexError):
        return None
    questioned = _rows(source, _PHRASE_QUESTIONS)
    if questioned:
        row_of = {pid: i for i, pid in enumerate(cols.ids)}
        for pid, questions, intents in questioned:
            if pid in row_of:
                cols.answers[row_of[pid]] = (load_text_list(questions), load_text_list(intents))
    return cols


def load_products(source: Source) -> list[tuple[Product, str]]:
    """Every live product with tags, knowledge, relations and its stored forms."""
    rows = _rows(source, _PRODUCTS)
    products = products_from_values(rows, _rows(source, _TAGS), _rows(source, _KNOWLEDGE), _rows(source, _RELATIONS))
    forms_at = len(PRODUCT_COLUMNS)
    return [(product, row[forms_at] or "") for product, row in zip(products, rows, strict=True)]


def load_usage(source: Source, now: datetime | None = None) -> dict[str, UsageStat]:
    """Usage statistics with frecency decayed to ``now`` (naive UTC; default: now)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    out: dict[str, UsageStat] = {}
    for target, count, last_used, score, ref in _rows(source, _USAGE):
        frecency = decayed(float(score or 0.0), stored_datetime(ref), now)
        out[target] = UsageStat(target, count or 0, stored_datetime(last_used), frecency)
    return out


_T = TypeVar("_T")


class _Background(Generic[_T]):
    """``work(source)`` running on a thread of its own. A plain thread, not ``concurrent.futures``:
    the tray app keeps every module it imports, and this is the only pool it would need."""

    def __init__(self, work: Callable[[Source], _T], source: Source) -> None:
        self._outcome: list[tuple[bool, Any]] = []
        self._thread = threading.Thread(target=self._run, args=(work, source), name="load-phrases", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[Source], _T], source: Source) -> None:
        try:
            self._outcome.append((True, work(source)))
        except BaseException as error:  # handed to the caller, as a future would
            self._outcome.append((False, error))

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> _T:
        """Wait for the work; its result, or its error raised here."""
        self.wait()
        done, value = self._outcome[0]
        if not done:
            raise value
        return value


def load_index(source: Source, with_usage: bool = True) -> SearchIndex:
    """A search index of the whole local library, from stored forms (see module doc)."""
    with gc_paused():  # see gc_paused: object creation dominates a large load
        if _is_engine(source) or _is_path(source):
            # The phrase query is SQLite work that releases the GIL: on a second core it runs
            # while this thread reads the products and indexes them (own pooled connection per
            # thread); the phrases are then appended to that index.
            pending = _Background(load_phrase_columns, source)
            try:
                products = load_products(source)
                usage = load_usage(source) if with_usage else None
                products_index = SearchIndex.bulk(products=products)
            except BaseException:
                pending.wait()  # as a pool's shutdown would: never leave the reader running
                raise
            columns = pending.result()
            if columns is not None:
                return SearchIndex.from_columns(columns, products, usage, products_index)
        else:
            products = load_products(source)
            usage = load_usage(source) if with_usage else None
            columns = load_phrase_columns(source)
        if columns is None:
            return SearchIndex.bulk(load_phrases(source), products, usage)
        return SearchIndex.from_columns(columns, products, usage)


def save_recomputed_forms(session: Session, index: SearchIndex) -> int:
    """Store forms the loader had to compute, so the next start does not; returns how many."""
    forms = index.recomputed_forms
    if not forms:
        return 0
    phrase_rows = [{"id": i, "f": f} for i, f in forms.items() if index.phrase(i) is not None]
    product_rows = [{"id": i, "f": f} for i, f in forms.items() if index.product(i) is not None]
    from sqlalchemy import text

    conn = session.connection()
    if phrase_rows:
        conn.execute(text("UPDATE phrase SET search_forms = :f WHERE id = :id"), phrase_rows)
    if product_rows:
        conn.execute(text("UPDATE product SET search_forms = :f WHERE id = :id"), product_rows)
    count = len(phrase_rows) + len(product_rows)
    forms.clear()
    return count
