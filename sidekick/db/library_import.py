"""Importing a library into the database: plan (dry run) first, then write all of it or nothing.

Matching, so that re-importing a file changes nothing:
- phrases: by id; else by library + category path + code; else by library + category path + title;
- products: by id; else by item id.
Only live rows are matched by code, title or item id; an id also matches a tombstone (revived).

Two kinds of input (``exact``):
- *exact* records (Sidekick JSON: every record has ``created_at``) are written as they are,
  positions, timestamps, revision and tombstones included, so JSON round-trips byte for byte;
- *content* records (spreadsheets, other tools) change only what they hold: a matched phrase keeps
  its position, creation time and revision; new ones are appended after what a category holds.

Phrases are planned from a record *stream* (``PhraseStream``) that can be read twice: pass 1
matches and validates, keeping only keys and counts; pass 2 (``apply_import``) reads the
stream again and writes in batches. Large CSVs therefore never sit in memory as phrase objects.
All writes happen in the caller's session, i.e. one transaction: any error rolls all of it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from sidekick.core import placeholders
from sidekick.core.exchange.tabular import ITEM_REF_PREFIX, Header, RowRecord
from sidekick.core.messages import Message
from sidekick.core.progress import Progress
from sidekick.core.types import (
    CategoryPath,
    Library,
    LibraryKind,
    Phrase,
    Problem,
    Product,
    Relation,
    RelationKind,
    new_id,
)
from sidekick.db import repository
from sidekick.db.change_mark import mark_library_changed
from sidekick.db.repository import LIBRARY_IDS
from sidekick.db.rows import PHRASE_COLUMNS, category_paths, phrase_from_row
from sidekick.db.tables import CategoryRow, PhraseRow, ProductRow, utcnow
from sidekick.db.team_access import TeamReadOnlyError, team_write_refusal

PhraseStream = Callable[[], Iterable[RowRecord]]  # may be called twice; yields the same rows each time
_KIND = {library_id: kind for kind, library_id in LIBRARY_IDS.items()}
_BATCH = 500
_LIBRARY_NAMES = {LibraryKind.TEAM: Message("team"), LibraryKind.PERSONAL: Message("personal")}
_RELATION_NAMES = {RelationKind.PAIRING: Message("pairing"), RelationKind.SUBSTITUTE: Message("substitute")}


def _place(where: int | str) -> str:
    """Where a file used something first: a row number, or a record's label."""
    return Message("row %1", where) if isinstance(where, int) else where


@dataclass(frozen=True, slots=True)
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    phrases: ImportCounts
    products: ImportCounts
    dry_run: bool = False
    warnings: tuple[Problem, ...] = ()

    def __str__(self) -> str:
        return f"phrases: {self.phrases}; products: {self.products}"


@dataclass
class ImportPlan:
    """The dry-run result. Phrase lists are filled for in-memory input only; counts always."""

    exact: bool
    source: str = ""
    phrases_added: list[Phrase] = field(default_factory=list)
    phrases_updated: list[Phrase] = field(default_factory=list)  # the state after the import
    phrases_unchanged: list[Phrase] = field(default_factory=list)
    products_added: list[Product] = field(default_factory=list)
    products_updated: list[Product] = field(default_factory=list)
    products_unchanged: list[Product] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    phrase_counts: ImportCounts = ImportCounts()
    categories: tuple[tuple[LibraryKind, CategoryPath, int], ...] = ()
    stream: PhraseStream | None = None
    recoded: set[str] = field(default_factory=set)  # matched phrases whose code changes
    # The phrase lists hold every decided phrase (in-memory input, planned in the transaction
    # that applies it): the write takes them as they are instead of deciding every row again.
    kept: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes_something(self) -> bool:
        """Whether applying the plan adds or updates anything (a re-import of the same file does not)."""
        phrases, products = self.phrase_counts, self.product_counts
        return bool(phrases.added or phrases.updated or products.added or products.updated)

    @property
    def product_counts(self) -> ImportCounts:
        return ImportCounts(len(self.products_added), len(self.products_updated), len(self.products_unchanged))

    def summary(self, *, dry_run: bool) -> ImportSummary:
        return ImportSummary(self.phrase_counts, self.product_counts, dry_run, tuple(self.warnings))


class ImportRefused(ValueError):
    """Raised by ``import_library`` when the plan has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --------------------------------------------------------------------------- phrase matching


def _stored_categories(session: Session) -> dict[str, tuple[LibraryKind, CategoryPath]]:
    """Every live category's (library, path), by id."""
    rows = session.exec(select(CategoryRow).where(CategoryRow.deleted == False)).all()  # noqa: E712  SQL expression, not a Python comparison
    kinds = {row.id: _KIND[row.library_id] for row in rows}
    return {category_id: (kinds[category_id], path)
            for category_id, path in category_paths((row.id, row.parent_id, row.name) for row in rows).items()}


class _Snapshot:
    """The database's phrases as matching keys, as they were before anything is written.

    The keys are copied once into an indexed temporary table on the import's own connection
    (SQLite keeps it in its temporary file, not in Python objects) and looked up chunk by chunk
    (``prefetch``), so memory does not grow with the size of the library being matched against.
    ``close`` drops the table.
    """

    _made = 0

    def __init__(self, session: Session) -> None:
        self.paths = _stored_categories(session)
        self.category_ids = {value: key for key, value in self.paths.items()}
        self.session = session
        _Snapshot._made += 1
        self.table = f"sidekick_import_keys_{id(self)}_{_Snapshot._made}"
        self._sql(f"CREATE TEMP TABLE {self.table} AS SELECT rowid AS rid, id, library_id, category_id, code, title, "
                  "deleted, position FROM phrase")
        for column in ("id", "code", "title"):
            self._sql(f"CREATE INDEX temp.{self.table}_{column} ON {self.table} ({column})")
        self.next_position: dict[tuple[LibraryKind, CategoryPath], int] = {}
        for library_id, category_id, top in self._sql(
                f"SELECT library_id, category_id, max(position) FROM {self.table} WHERE NOT deleted "
                "GROUP BY library_id, category_id"):
            key = self._key(library_id, category_id)
            self.next_position[key] = max(self.next_position.get(key, 0), int(top) + 1)
        # The current chunk's keys (``prefetch``); row numbers (``rid``) stand for stored phrases.
        self.rid: dict[str, int] = {}
        self.by_code: dict[tuple[LibraryKind, CategoryPath, str], str] = {}
        self.by_title: dict[tuple[LibraryKind, CategoryPath, str], list[str]] = {}
        self.code_owner: dict[tuple[LibraryKind, str], tuple[str, str]] = {}  # → (id, title)
        self._file_keys_made = False  # the table of ids and codes seen in the file (``first_uses``)
        self._seen: dict[tuple[str, str], int | str] = {}  # the same for input held in memory

    def _sql(self, statement: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        cursor = self.session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # an open session has one
        try:
            cursor.execute(statement, tuple(parameters))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def _key(self, library_id: str, category_id: str | None) -> tuple[LibraryKind, CategoryPath]:
        if not category_id:
            return _KIND[library_id], CategoryPath()
        return self.paths.get(category_id, (_KIND[library_id], CategoryPath()))

    def prefetch(self, phrases: Sequence[Phrase]) -> None:
        """Look up every stored phrase this chunk's ``phrases`` could match (by id, code or title)."""
        self.rid, self.by_code, self.by_title, self.code_owner = {}, {}, {}, {}
        ids = list({p.id for p in phrases})
        codes = list({p.code for p in phrases if p.code})
        titles = list({p.title for p in phrases})
        for part in _parts(ids):
            marks = ",".join("?" * len(part))
            for rid, pid in self._sql(f"SELECT rid, id FROM {self.table} WHERE id IN ({marks})", part):
                self.rid[pid] = rid
        found: dict[int, tuple[Any, ...]] = {}
        for column, values in (("code", codes), ("title", titles)):
            for part in _parts(values):
                marks = ",".join("?" * len(part))
                for row in self._sql(f"SELECT rid, id, library_id, category_id, code, title, position FROM {self.table} "
                                     f"WHERE NOT deleted AND {column} IN ({marks})", part):
                    found[row[0]] = row
        for rid, pid, library_id, category_id, code, title, _ in sorted(found.values(), key=lambda r: (r[6], r[1])):
            self.rid[pid] = rid
            kind, path = self._key(library_id, category_id)
            if code:
                self.by_code[(kind, path, code)] = pid
                self.code_owner[(kind, code)] = (pid, title)
            self.by_title.setdefault((kind, path, title), []).append(pid)

    def first_uses(self, kind: str, uses: Sequence[tuple[str, int | str]], *,
                   streamed: bool = True) -> list[int | str | None]:
        """For each (key, where) of one chunk, in order: where the file used ``key`` before, or None
        for a first use (which is remembered). ``kind`` ("id", "code") keeps the key spaces apart.

        For a streamed file the keys seen so far live in a temporary table on the import's
        connection, like the snapshot's, so checking a 400,000-row file for repeated ids and codes
        costs no Python memory per row. Input held in memory anyway (``streamed`` False) keeps
        them in a dictionary: a table would only make it slower."""
        if not uses:
            return []
        if not streamed:
            answers: list[int | str | None] = []
            for key, where in uses:
                first = self._seen.get((kind, key))
                if first is None:
                    self._seen[(kind, key)] = where
                answers.append(first)
            return answers
        if not self._file_keys_made:
            self._sql(f"CREATE TEMP TABLE {self.table}_file (kind TEXT NOT NULL, key TEXT NOT NULL, place, "
                      "PRIMARY KEY (kind, key)) WITHOUT ROWID")
            self._file_keys_made = True
        earlier: dict[str, int | str] = {}
        keys = list({key for key, _ in uses})
        for part in _parts(keys):
            marks = ",".join("?" * len(part))
            for key, place in self._sql(f"SELECT key, place FROM temp.{self.table}_file WHERE kind = ? "
                                        f"AND key IN ({marks})", [kind, *part]):
                earlier[key] = place
        found: list[int | str | None] = []
        new: list[tuple[str, str, int | str]] = []
        for key, where in uses:
            first = earlier.get(key)
            found.append(first)
            if first is None:
                earlier[key] = where
                new.append((kind, key, where))
        if new:
            cursor = self.session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # an open session has one
            try:
                cursor.executemany(f"INSERT INTO temp.{self.table}_file (kind, key, place) VALUES (?, ?, ?)", new)
            finally:
                cursor.close()
        return found

    def stored(self, phrase_id: str) -> bool:
        """Whether ``phrase_id`` was a stored phrase (live or deleted); asked for the current chunk."""
        return phrase_id in self.rid

    def close(self) -> None:
        self._sql(f"DROP TABLE IF EXISTS temp.{self.table}")
        if self._file_keys_made:
            self._sql(f"DROP TABLE IF EXISTS temp.{self.table}_file")


    def load(self, session: Session, phrase_ids: list[str]) -> dict[str, Phrase]:
        """Stored phrases by id, in one query (one ORM ``get`` per row made re-imports 5x slower)."""
        if not phrase_ids:
            return {}
        table = PhraseRow.__table__  # type: ignore[attr-defined]  # SQLModel sets __table__ on table classes at run time
        columns = [table.c[name] for name in PHRASE_COLUMNS]
        found = {}
        for row in session.execute(select(*columns).where(table.c.id.in_(phrase_ids))):
            _kind, path = self.paths.get(row.category_id or "", (_KIND[row.library_id], CategoryPath()))
            found[row.id] = phrase_from_row(row, _KIND[row.library_id], path)
        return found


class _Claims:
    """Stored phrases already matched by a record, one bit per row number (flat in library size)."""

    def __init__(self) -> None:
        self.bits = bytearray()

    def add(self, rid: int) -> None:
        if rid >= len(self.bits) * 8:
            self.bits.extend(bytes(rid // 8 + 1 - len(self.bits) + 4096))
        self.bits[rid // 8] |= 1 << (rid % 8)

    def __contains__(self, rid: int) -> bool:
        return rid < len(self.bits) * 8 and bool(self.bits[rid // 8] & (1 << (rid % 8)))


def _parts(values: list[str], size: int = 400) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]

class _Matcher:
    """One pass over the phrase records: decides added/updated/unchanged and finds conflicts."""

    def __init__(self, snapshot: _Snapshot, session: Session, exact: bool, source: str,
                 kept_fields: frozenset[str] = frozenset(), *, check_repeats: bool = True) -> None:
        self.snap, self.session, self.exact, self.source = snapshot, session, exact, source
        self.kept_fields = kept_fields
        # The write pass re-decides a plan that passed: its repeats were checked by the plan pass.
        self.check_repeats = check_repeats
        self.claimed = _Claims()
        self.pending: list[tuple[LibraryKind, str, int, Problem]] = []  # code clashes to confirm (owner's row)
        self.problems: list[Problem] = []
        self.recoded: set[str] = set()

    def _where(self, record: RowRecord, column: str = "") -> Problem:
        phrase = record.item
        assert isinstance(phrase, Phrase)
        if record.row > 0:
            label = record.header.label(column) if record.header and column else column
            return Problem("", record.source or self.source, record.row, label)
        return Problem("", self.source, None, Message("phrase 「%1」", phrase.title or phrase.body[:12]))

    def _problem(self, record: RowRecord, message: str, column: str = "") -> None:
        self.problems.append(replace(self._where(record, column), message=message))

    def _label(self, record: RowRecord) -> str:
        # In-memory input numbers its records -1, -2, … (see plan_import): not spreadsheet rows.
        return _place(record.row) if record.row > 0 else Message("phrase #%1 「%2」", -record.row, record.item.title)  # type: ignore[union-attr]  # in-memory records are phrases

    def _free(self, phrase_id: str) -> bool:
        return phrase_id in self.snap.rid and self.snap.rid[phrase_id] not in self.claimed

    def _match(self, phrase: Phrase) -> str | None:
        if self._free(phrase.id):
            return phrase.id
        key = (phrase.library, phrase.category)
        if phrase.code:
            found = self.snap.by_code.get((*key, phrase.code))
            if found and self._free(found):
                return found
        for candidate in self.snap.by_title.get((*key, phrase.title), ()):
            if self._free(candidate):
                return candidate
        return None

    def decisions(self, records: Iterable[RowRecord]) -> Iterator[tuple[RowRecord, str, Phrase | None]]:
        """(record, verdict, stored form) for every record, phrases matched and loaded in chunks."""
        chunk: list[RowRecord] = []
        for record in records:
            chunk.append(record)
            if len(chunk) >= _BATCH:
                yield from self._decide_chunk(chunk)
                chunk = []
        yield from self._decide_chunk(chunk)

    def _decide_chunk(self, records: list[RowRecord]) -> Iterator[tuple[RowRecord, str, Phrase | None]]:
        if not records:
            return
        self.snap.prefetch([r.item for r in records if isinstance(r.item, Phrase)])
        chunk = [(record, self.claim(record)) for record in records]  # in file order, as they came
        current = self.snap.load(self.session, [db_id for _, db_id in chunk if db_id])
        decided: list[tuple[RowRecord, str, Phrase | None]] = []
        for record, db_id in chunk:
            if isinstance(record.item, Phrase):
                decided.append((record, *self.decide(record, db_id, current.get(db_id or ""))))
            else:
                decided.append((record, "skip", None))
        if self.check_repeats:
            self._check_repeats(decided)
        yield from decided

    def _check_repeats(self, decided: list[tuple[RowRecord, str, Phrase | None]]) -> None:
        """Ids and codes the file uses twice, for one chunk against everything before it."""
        streamed = any(record.row > 0 for record, _, _ in decided)  # read row by row from a file
        with_ids = [record for record, _, final in decided
                    if final is not None and (record.given_id or record.row <= 0)]  # made-up ids cannot clash
        # A row number where there is one (a streamed file keeps it in SQL, where a label would
        # lose its translation), else a short label.
        uses: list[tuple[str, int | str]] = [(record.item.id, record.row if record.row > 0 else self._label(record))  # type: ignore[union-attr]  # with_ids holds phrase records only
                                             for record in with_ids]
        for record, first in zip(with_ids, self.snap.first_uses("id", uses, streamed=streamed), strict=True):
            if first is not None:
                phrase_id = record.item.id  # type: ignore[union-attr]  # with_ids holds phrase records only
                self._problem(record, Message("id %1 is used by %2 and %3", repr(phrase_id), _place(first),
                                              self._label(record)), "id")
        coded = [(record, final) for record, _, final in decided
                 if final is not None and final.code and not final.deleted]
        # Keep a row number (or a short label), never the record: its body would stay in memory.
        uses = [(f"{final.library.value}\t{final.code}", record.row if record.row > 0 else self._label(record))
                for record, final in coded]
        for (record, final), first in zip(coded, self.snap.first_uses("code", uses, streamed=streamed), strict=True):
            if first is None:
                self._check_code_owner(record, final)
                continue
            self._problem(record, Message("code %1 is used twice in the %2 library: %3 and %4", repr(final.code),
                                          _LIBRARY_NAMES[final.library], _place(first), self._label(record)), "code")

    def claim(self, record: RowRecord) -> str | None:
        """The stored phrase this record matches (taken, so no later record matches it too)."""
        if not isinstance(record.item, Phrase):
            return None
        db_id = self._match(record.item)
        if db_id is not None:
            self.claimed.add(self.snap.rid[db_id])
        return db_id

    def decide(self, record: RowRecord, db_id: str | None, current: Phrase | None) -> tuple[str, Phrase]:
        """("added" | "updated" | "unchanged", the phrase as it will be stored)."""
        phrase = record.item
        assert isinstance(phrase, Phrase)
        if not phrase.title.strip() and not phrase.body.strip():
            self._problem(record, "a phrase needs a title or a body")
        if phrase.valid_from and phrase.valid_until and phrase.valid_until <= phrase.valid_from:
            self._problem(record, "the validity ends before it starts", "valid_until")
        self._check_body(record, phrase)
        if db_id is None or current is None:
            key = (phrase.library, phrase.category)
            if self.exact:
                final = phrase
            else:
                base = self.snap.next_position.get(key, 0)
                final = replace(phrase, position=base + phrase.position, created_at=None, updated_at=None,
                                revision=0, deleted=False)
            if self.snap.stored(final.id):  # its id belongs to a row another record already matched
                final = replace(final, id=new_id())
            verdict = "added"
        else:
            if self.exact:
                final = replace(phrase, id=db_id)
            else:
                incoming: dict[str, Any] = {"title": phrase.title, "valid_from": phrase.valid_from,
                                            "valid_until": phrase.valid_until,
                            # A file without 问法/意图 (most foreign formats) keeps the stored ones.
                            "questions": phrase.questions or current.questions,
                            "intents": phrase.intents or current.intents}
                for name in self.kept_fields & incoming.keys():
                    incoming[name] = getattr(current, name)
                final = replace(current, library=phrase.library, category=phrase.category, code=phrase.code,
                                body=phrase.body, deleted=False, **incoming)
            verdict = "unchanged" if final == current else "updated"
            if final.code != current.code and current.code:
                self.recoded.add(db_id)
        return verdict, final

    def _check_body(self, record: RowRecord, phrase: Phrase) -> None:
        """Refuse a body the library editor would refuse to save (unknown placeholder, stray brace).

        Checked here, where every format passes, so no reader can let ``{未知占位}`` through to
        be pasted to a buyer literally. Tombstones are never pasted, so they are not checked.
        """
        if phrase.deleted:
            return
        for problem in placeholders.validate(phrase.body):
            if record.row > 0:
                self._problem(record, problem.message, "body")
            else:  # read whole: the record number stands in for the row, the title says which
                title = phrase.title or phrase.body[:12]
                self.problems.append(Problem(Message("「%1」: %2", title, problem.message), record.source or self.source,
                                             -record.row, "body"))

    def _check_code_owner(self, record: RowRecord, final: Phrase) -> None:
        """A code a stored phrase holds: a problem unless this import changes that phrase too."""
        key = (final.library, final.code)
        owner = self.snap.code_owner.get(key)
        if owner is not None and owner[0] != final.id:
            message = Message("code %1 is already used by 「%2」 in the %3 library; change one of the codes",
                              repr(final.code), owner[1], _LIBRARY_NAMES[final.library])
            self.pending.append((final.library, final.code, self.snap.rid[owner[0]],
                                 replace(self._where(record, "code"), message=message)))

    def finish(self) -> list[Problem]:
        """Code clashes with database phrases this import does not itself change."""
        return self.problems + [problem for _, _, owner_row, problem in self.pending if owner_row not in self.claimed]


# --------------------------------------------------------------------------- products


@dataclass
class ProductOrigins:
    """Where a spreadsheet's products came from, so relation problems name file, row and column."""

    rows: dict[str, tuple[str, int, Header | None]] = field(default_factory=dict)  # product id → (source, row, header)
    # Item ids of rows the reader refused (already reported): relations to them are not reported again.
    refused: set[str] = field(default_factory=set)


def _product_problem(plan: ImportPlan, origins: ProductOrigins, product: Product, column: str, message: str) -> None:
    """A problem at the product's row and column when the file gave one, else named by the product."""
    found = origins.rows.get(product.id)
    if found is None:
        plan.problems.append(Problem(message, plan.source, None, Message("product 「%1」", product.title or product.item_id)))
        return
    source, row, header = found
    plan.problems.append(Problem(message, source, row, header.label(column) if header else column))


def _plan_products(session: Session, products: Iterable[Product], plan: ImportPlan,
                   origins: ProductOrigins | None = None) -> None:
    """Match products, resolve relation targets (ids or ``item:`` references) and decide."""
    live_by_item = {row.item_id: row.id for row in session.exec(
        select(ProductRow).where(ProductRow.deleted == False, ProductRow.item_id != "")).all()}  # noqa: E712  builds SQL, not a truth test
    db_ids = {pid: deleted for pid, deleted in session.execute(select(ProductRow.id, ProductRow.deleted))}
    next_position = (session.execute(select(func.max(ProductRow.position))).scalar() or -1) + 1
    products = list(products)
    final_id: dict[str, str] = {}
    claimed: set[str] = set()
    for product in products:
        match = product.id if product.id in db_ids and product.id not in claimed else live_by_item.get(product.item_id)
        if match in claimed:
            match = None
        if match:
            claimed.add(match)
        # A new product whose id a matched row already holds gets a fresh one.
        final_id[product.id] = match or (new_id() if product.id in db_ids else product.id)
    by_token = {p.item_id: final_id[p.id] for p in products if p.item_id}
    live_ids = {pid for pid, deleted in db_ids.items() if not deleted} | {final_id[p.id] for p in products if not p.deleted}
    origins = origins or ProductOrigins()
    columns = {RelationKind.PAIRING: "pairings", RelationKind.SUBSTITUTE: "substitutes"}
    shown = {p.id: p.item_id for p in products if p.item_id}  # name file products as the file does
    for product in products:
        related: list[Relation] = []
        pid = final_id[product.id]
        seen: set[tuple[RelationKind, str]] = set()
        # Checked here rather than left to ``set_relations``: its error stops at the first problem
        # and names no row, while a plan must list every problem with where it is.
        for relation in product.related:
            token = relation.target_id.removeprefix(ITEM_REF_PREFIX)
            target = by_token.get(token) or final_id.get(token) or live_by_item.get(token) or token
            column = columns.get(relation.kind, relation.kind.value)
            token = shown.get(token, token)
            if target not in live_ids:
                if token not in origins.refused:
                    _product_problem(plan, origins, product, column, Message(
                        "%1 %2: no product with this item id in the file or in Sidekick",
                        _RELATION_NAMES[relation.kind], repr(token)))
            elif target == pid:
                _product_problem(plan, origins, product, column, Message(
                    "%1 %2: a product cannot be related to itself", _RELATION_NAMES[relation.kind], repr(token)))
            elif (relation.kind, target) in seen:
                _product_problem(plan, origins, product, column,
                                 Message("%1 %2 is listed twice", _RELATION_NAMES[relation.kind], repr(token)))
            seen.add((relation.kind, target))
            related.append(replace(relation, target_id=target, position=len(related)))
        if not product.title.strip():
            _product_problem(plan, origins, product, "title", "a product needs a title")
        current = repository.get_product(session=session, product_id=pid) if pid in db_ids else None
        if plan.exact:
            final = replace(product, id=pid, related=tuple(related))
        elif current is None:
            final = replace(product, related=tuple(related), position=next_position + product.position,
                            created_at=None, updated_at=None, revision=0, deleted=False)
        else:
            same_fields = sorted((k.name, k.value) for k in product.knowledge) == sorted(
                (k.name, k.value) for k in current.knowledge)
            # A spreadsheet lists pairings and substitutes in separate columns: the same lists per
            # kind mean no change, whatever order the kinds were interleaved in before.
            def per_kind(items: Iterable[Relation]) -> list[tuple[str, str, str]]:
                return sorted(((r.kind.value, r.target_id, r.note) for r in items), key=lambda entry: entry[0])

            same_related = per_kind(related) == per_kind(current.related)
            final = replace(current, item_id=product.item_id, title=product.title, link=product.link,
                            price=product.price, tags=product.tags, notes=product.notes,
                            related=current.related if same_related else tuple(related),
                            knowledge=current.knowledge if same_fields else product.knowledge, deleted=False)
        target_list = (plan.products_added if current is None else
                       plan.products_unchanged if final == current else plan.products_updated)
        target_list.append(final)


# --------------------------------------------------------------------------- planning


def plan_stream(*, session: Session, phrases: PhraseStream, products: Iterable[Product] = (),
                categories: tuple[tuple[LibraryKind, CategoryPath, int], ...] = (), exact: bool = False,
                source: str = "", keep: bool = False, progress: Progress | None = None, total: int = 0,
                kept_fields: frozenset[str] = frozenset(), product_rows: ProductOrigins | None = None) -> ImportPlan:
    """Pass 1 over ``phrases`` (and the products): what would change and what is wrong.

    ``kept_fields`` names phrase fields the file does not carry; a matched phrase keeps its own.
    ``product_rows`` says where each product came from, for problems naming row and column.
    """
    plan = ImportPlan(exact=exact, source=source, categories=categories, stream=phrases)
    snapshot = _Snapshot(session)
    try:
        matcher = _Matcher(snapshot, session, exact, source, kept_fields)
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        lists = {"added": plan.phrases_added, "updated": plan.phrases_updated, "unchanged": plan.phrases_unchanged}
        for number, (record, verdict, final) in enumerate(matcher.decisions(phrases()), start=1):
            plan.problems += record.problems
            plan.warnings += record.warnings
            if final is not None:
                counts[verdict] += 1
                if keep:
                    lists[verdict].append(final)
            if progress is not None and number % 1000 == 0:
                progress(number, total)
            if len(plan.problems) > 10_000:
                plan.problems.append(Problem(Message("more than 10000 problems; stopped checking"), source))
                break
        plan.problems += matcher.finish()
    finally:
        snapshot.close()
    plan.recoded = matcher.recoded
    plan.phrase_counts = ImportCounts(**counts)
    plan.kept = keep
    _plan_products(session, products, plan, product_rows)
    return plan


def plan_import(*, session: Session, library: Library, default_library: LibraryKind | None = None,
                exact: bool | None = None, source: str = "", kept_fields: frozenset[str] = frozenset()) -> ImportPlan:
    """Dry run of importing an in-memory ``library``.

    ``default_library`` puts every phrase (and category) into that library, for callers holding
    phrases that do not belong anywhere yet. ``exact`` defaults to "every record has a creation
    time", which is true of Sidekick JSON and of nothing else.
    """
    if default_library is not None:
        library = Library(tuple(p if p.library is default_library else replace(p, library=default_library)
                                for p in library.phrases), library.products,
                          tuple((default_library, path, pos) for _, path, pos in library.categories))
    if exact is None:
        records: list[Phrase | Product] = [*library.phrases, *library.products]
        exact = bool(records) and all(r.created_at is not None for r in records)
    phrases = library.phrases
    return plan_stream(session=session, phrases=lambda: (RowRecord(-n, p) for n, p in enumerate(phrases, 1)),
                       products=library.products, categories=library.categories, exact=exact, source=source, keep=True,
                       kept_fields=kept_fields)


# --------------------------------------------------------------------------- writing


class _PhraseWriter:
    """Writes phrases in batches through the repository's bulk writer.

    ``save_phrase`` costs several queries per phrase (code and category look-ups); the plan has
    already checked all of that, so the rows go straight to ``repository.write_phrase_rows``,
    whose values (stamps, ``dirty``, search forms) follow ``save_phrase``'s rule, and the import
    stays fast for 100k-row files. Exact records keep their own stamps (``keep_stamps``).
    """

    def __init__(self, session: Session, category_ids: dict[tuple[LibraryKind, CategoryPath], str], exact: bool) -> None:
        self.session, self.exact = session, exact
        self.categories: dict[tuple[LibraryKind, CategoryPath], str | None] = dict(category_ids)
        self.rows: list[repository.PhraseValues] = []
        self.known: set[str] = set()  # ids among ``rows`` that are stored already (updates)
        self.now = utcnow()

    def category_id(self, kind: LibraryKind, path: CategoryPath, position: int | None = None) -> str | None:
        if not path.parts:
            return None
        if (kind, path) not in self.categories:
            self.categories[(kind, path)] = repository.ensure_category(session=self.session, library=kind, path=path)
        category_id = self.categories[(kind, path)]
        if position is not None:
            row = self.session.get(CategoryRow, category_id)
            if row is not None and row.position != position:
                row.position = position
                row.dirty = kind is LibraryKind.TEAM
        return category_id

    def write(self, phrase: Phrase, verdict: str) -> None:
        category_id = self.category_id(phrase.library, phrase.category)
        self.rows.append(repository.phrase_values(phrase, category_id=category_id, from_hub=False, now=self.now,
                                                  keep_stamps=self.exact))
        if verdict != "added":
            self.known.add(phrase.id)
        if len(self.rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        repository.write_phrase_rows(self.session, self.rows, existing_ids=self.known)
        self.rows, self.known = [], set()
        self.session.flush()


def apply_import(*, session: Session, plan: ImportPlan, progress: Progress | None = None) -> ImportSummary:
    """Write the plan in the caller's transaction; refuses a plan with problems."""
    if plan.problems:
        raise ImportRefused(plan.problems)
    # On a machine whose team data is the hub's (an agent's), nothing may land in it: checked
    # here, where every import path (command line, library and products windows, demo) ends.
    read_only = team_write_refusal(session)
    if read_only is not None and (
        plan.products_added or plan.products_updated or any(kind is LibraryKind.TEAM for kind, _p, _n in plan.categories)
    ):
        raise TeamReadOnlyError(read_only)
    # A streamed plan is decided again while written: against the state before this import writes
    # anything. A plan held in memory was decided in this very transaction and needs only the categories.
    snapshot = None if plan.kept else _Snapshot(session)
    category_ids = ({value: key for key, value in _stored_categories(session).items()} if snapshot is None
                    else snapshot.category_ids)
    try:
        writer = _PhraseWriter(session, category_ids, plan.exact)
        for kind, path, position in sorted(plan.categories, key=lambda c: len(c[1].parts)):
            writer.category_id(kind, path, position if plan.exact else None)
        if plan.recoded:  # free codes first, so swapped codes never collide half-way
            session.execute(update(PhraseRow).where(col(PhraseRow.id).in_(plan.recoded)).values(code=""))
        total = sum((plan.phrase_counts.added, plan.phrase_counts.updated, plan.phrase_counts.unchanged))
        done = 0
        # Nothing to add or change: the second pass over the file would only confirm that.
        rewrite = plan.stream is not None and (plan.phrase_counts.added or plan.phrase_counts.updated)
        decided: Iterable[tuple[object, str, Phrase | None]]
        if plan.kept:  # in memory, decided in this very transaction: nothing to read or decide again
            decided = [*((None, "added", p) for p in plan.phrases_added),
                       *((None, "updated", p) for p in plan.phrases_updated),
                       *((None, "unchanged", p) for p in plan.phrases_unchanged)]
        else:
            assert snapshot is not None
            matcher = _Matcher(snapshot, session, plan.exact, plan.source, check_repeats=False)
            decided = matcher.decisions(plan.stream() if rewrite else ())  # type: ignore[misc]  # records typed RowRecord there, object here: only the verdict is read
        for _record, verdict, final in decided:
            if final is not None:
                if verdict != "unchanged":
                    if read_only is not None and final.library is LibraryKind.TEAM:
                        raise TeamReadOnlyError(read_only)  # streamed rows name their library only here
                    writer.write(final, verdict)
                done += 1
                if progress is not None and done % 1000 == 0:
                    progress(done, total)
        writer.flush()
    finally:
        if snapshot is not None:
            snapshot.close()
    _write_products(session, plan)
    if plan.changes_something:
        mark_library_changed(session)  # a running app (another process) rebuilds its index
    if progress is not None:
        progress(total, total)
    return plan.summary(dry_run=False)


def _write_products(session: Session, plan: ImportPlan) -> None:
    changed = plan.products_added + plan.products_updated
    for product in changed:  # every product first: a relation may point at a later one
        repository.save_product(session=session, product=product, from_hub=plan.exact, relations=False)
        row = session.get(ProductRow, product.id)
        if row is not None:
            row.dirty = True
            if plan.exact and product.created_at:
                row.created_at = product.created_at
    for product in changed:
        repository.set_relations(session=session, product_id=product.id, relations=product.related, from_hub=plan.exact)
    session.flush()


def import_library(*, session: Session, library: Library, default_library: LibraryKind | None = None,
                   progress: Progress | None = None) -> ImportSummary:
    """Plan and apply in one go (the demo loader uses this); raises ``ImportRefused`` on problems."""
    plan = plan_import(session=session, library=library, default_library=default_library)
    return apply_import(session=session, plan=plan, progress=progress)


# --------------------------------------------------------------------------- Sidekick spreadsheets
