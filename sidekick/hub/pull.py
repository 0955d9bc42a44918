"""Receiving: bring the hub's changes since the last revision seen into the local copy.

Round trips matter more than bytes here: after every publish all agents pull at once, and
most pulls move a handful of rows, or none (a poll). So a pull is

1. one tiny query for the hub's head revision; equal to the last one seen (and nothing to
   retry) means nothing new, and the pull ends there;
2. otherwise, when the window of revisions fits in one batch (each changed row uses one
   revision, so the window bounds the row count), ONE more statement: the changed categories,
   phrases and products (with their tags, knowledge and relations) as JSON arrays, bounded by
   the head revision read in the same statement. A single statement sees a single snapshot,
   so this is as consistent as a REPEATABLE READ transaction, without its BEGIN and COMMIT;
3. for a large window (the first pull of a big library), a REPEATABLE READ, READ ONLY
   transaction streamed in batches through server-side cursors, so memory stays flat.

Either way the rows are applied in ONE local transaction, in which the new revision is
recorded too. If the hub connection dies half-way, the local transaction rolls back and the
copy stays exactly as it was: the next sync starts again from the last recorded revision.

A local team row with an unpublished edit (``dirty``) is never overwritten: the hub version is
skipped and reported as a conflict; ``publish`` then shows both versions and settles it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from sqlalchemy import bindparam, update
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Product
from sidekick.db import repository
from sidekick.db.change_mark import mark_library_changed
from sidekick.db.rows import PRODUCT_COLUMNS as LOCAL_PRODUCT_COLUMNS
from sidekick.db.rows import category_paths as rows_to_paths
from sidekick.db.rows import products_from_values
from sidekick.db.settings_store import get_value, set_value
from sidekick.db.store import Store
from sidekick.db.tables import CategoryRow, PhraseRow, ProductRow, utcnow
from sidekick.db.team_access import HUB_ROLE_KEY
from sidekick.db.team_data import purge_settled_tombstones
from sidekick.hub.model import (
    CATEGORY_COLUMNS,
    CATEGORY_SQL,
    CATEGORY_STAMPS,
    PHRASE_COLUMNS,
    PHRASE_FROM,
    PHRASE_SQL,
    PHRASE_STAMPS,
    PRODUCT_COLUMNS,
    PRODUCT_SQL,
    PRODUCT_STAMPS,
    ChangedItem,
    HubCategory,
    SyncReport,
    batches,
    category_from_row,
    phrase_from_row,
    products_from_rows,
)
from sidekick.hub.shop import (
    SHOP_COLUMNS,
    SHOP_SQL,
    ShopSetting,
    apply_shop_settings,
    restore_hub_values,
    shop_setting_from_row,
)

# A product's row in CHANGES_SQL: its columns, then its tags, knowledge and relations as JSON.
_N = len(LOCAL_PRODUCT_COLUMNS)
STATE_REVISION = "state.hub.revision"
STATE_LAST_SYNC = "state.hub.last_sync"
STATE_RETRY = "state.hub.retry"  # hub phrase ids that could not be applied yet (code clash)
TEAM_ID = repository.LIBRARY_IDS[LibraryKind.TEAM]
# Rows held in memory at once. A window of at most this many revisions (one revision per
# changed row, so at most this many rows) is fetched in one round trip; a larger one is
# streamed in batches of this size. A publish of 1,000 rows still arrives in one trip.
BATCH_SIZE = 2000

HEAD_SQL = "SELECT revision FROM sidekick.hub_state WHERE id = 1"
# The upper bound is the head read in the same snapshot: a row a lead commits while this pull
# runs is either entirely in this pull or entirely in the next one.
_WINDOW = " WHERE {a}.revision > %s AND {a}.revision <= (" + HEAD_SQL + ")"

# Called after each batch is applied locally with (table, rows so far); tests use it to cut
# the connection in the middle of a pull.
BatchHook = Callable[[str, int], None]


def last_revision(store: Store) -> int:
    with store.session() as session:
        return int(get_value(session=session, key=STATE_REVISION, default=0) or 0)


@dataclass
class HubChanges:
    """Everything that changed on the hub in a window of revisions, read in one snapshot."""

    since: int
    head: int
    categories: list[HubCategory] = field(default_factory=list)
    retried: list[Phrase] = field(default_factory=list)  # earlier phrases asked for again by id
    phrases: list[Phrase] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    shop: list[ShopSetting] = field(default_factory=list)


def hub_head(conn: psycopg.Connection) -> int:
    """The hub's current revision: the one query of a pull that finds nothing new."""
    row = conn.execute(HEAD_SQL).fetchone()
    return int(row[0]) if row else 0


def _json_agg(columns: str, source: str, order: str) -> str:
    return f"(SELECT json_agg(json_build_array({columns}) ORDER BY {order}){source})"


def _changes_sql() -> str:
    """The one statement that reads a window of changes; see ``fetch_changes``."""
    window = " WHERE {a}.revision > %(since)s AND {a}.revision <= h.revision"
    children = (
        "(SELECT json_agg(t.tag ORDER BY t.position) FROM sidekick.product_tag t WHERE t.product_id = p.id), "
        "(SELECT json_agg(json_build_array(k.name, k.value) ORDER BY k.position) "
        "FROM sidekick.knowledge_field k WHERE k.product_id = p.id), "
        "(SELECT json_agg(json_build_array(r.target_id, r.kind, r.position, r.note) ORDER BY r.position) "
        "FROM sidekick.product_relation r WHERE r.product_id = p.id)"
    )
    return (
        "SELECT h.revision, "
        + _json_agg(CATEGORY_COLUMNS, " FROM sidekick.category c" + window.format(a="c"), "c.revision") + ", "
        + _json_agg(PHRASE_COLUMNS, PHRASE_FROM + window.format(a="p"), "p.revision") + ", "
        + _json_agg(PHRASE_COLUMNS, PHRASE_FROM + " WHERE p.id = ANY(%(retry)s) AND p.revision <= %(since)s", "p.revision") + ", "
        + _json_agg(f"{PRODUCT_COLUMNS}, {children}", " FROM sidekick.product p" + window.format(a="p"), "p.revision")
        + ", " + _shop_changes_sql(window)
        + " FROM sidekick.hub_state h WHERE h.id = 1"
    )


def _shop_changes_sql(window: str) -> str:
    """The shop settings' column of ``CHANGES_SQL`` (kept apart: the last column, added later)."""
    return _json_agg(SHOP_COLUMNS, " FROM sidekick.shop_setting s" + window.format(a="s"), "s.revision")


CHANGES_SQL = _changes_sql()


def _rows(value: list[list[Any]] | None, stamps: tuple[int, ...]) -> list[list[Any]]:
    """JSON rows back into driver-shaped rows: timestamps arrive as ISO text."""
    rows = value or []
    for row in rows:
        for i in stamps:
            if row[i] is not None:
                row[i] = datetime.fromisoformat(row[i])
    return rows


def fetch_changes(conn: psycopg.Connection, since: int, retry: Sequence[str] = ()) -> HubChanges:
    """Every row changed after ``since`` (and the ``retry`` phrases), in ONE statement.

    One statement reads one snapshot (even outside an explicit transaction), the same
    guarantee as the REPEATABLE READ transaction of the streaming path, and costs one round
    trip and one plan: each table's changed rows come back as one JSON array (products with
    their tags, knowledge and relations nested), bounded above by the head revision of that
    same snapshot. Meant for windows of at most ``BATCH_SIZE`` revisions.
    """
    row = conn.execute(CHANGES_SQL, {"since": since, "retry": list(retry)}).fetchone()
    if row is None:  # no hub_state row: not a usable hub
        return HubChanges(since=since, head=since)
    head, categories, phrases, retried, products, shop = row
    product_rows = _rows(products, PRODUCT_STAMPS)
    return HubChanges(
        since=since,
        head=int(head),
        categories=[category_from_row(r) for r in _rows(categories, CATEGORY_STAMPS)],
        retried=[phrase_from_row(r) for r in _rows(retried, PHRASE_STAMPS)],
        phrases=[phrase_from_row(r) for r in _rows(phrases, PHRASE_STAMPS)],
        products=products_from_values(
            [r[:_N] for r in product_rows],
            [(r[0], tag) for r in product_rows for tag in r[_N] or ()],
            [(r[0], name, value) for r in product_rows for name, value in r[_N + 1] or ()],
            [(r[0], *relation) for r in product_rows for relation in r[_N + 2] or ()],
        ),
        shop=[shop_setting_from_row(r) for r in shop or ()],
    )


@contextmanager
def _autocommit(conn: psycopg.Connection) -> Iterator[None]:
    """Run in autocommit mode and restore the caller's mode.

    The pull's queries need no transaction of the caller's (a single statement, or the
    streaming path's own); in autocommit mode psycopg sends no BEGIN before them, which is
    what keeps a pull with nothing new at one round trip.
    """
    if conn.autocommit:
        yield
        return
    if conn.info.transaction_status != TransactionStatus.IDLE:
        conn.rollback()
    conn.autocommit = True
    try:
        yield
    finally:
        if not conn.broken and not conn.closed:
            conn.autocommit = False


def pull(conn: psycopg.Connection, store: Store, *, batch_size: int = BATCH_SIZE,
         on_batch: BatchHook | None = None) -> SyncReport:
    """Apply every hub row with a revision above the last one seen; see the module docstring."""
    with store.session() as session:
        since = int(get_value(session=session, key=STATE_REVISION, default=0) or 0)
        retry = list(get_value(session=session, key=STATE_RETRY, default=[]) or [])
    with _autocommit(conn):
        head = hub_head(conn)
        if head == since and not retry:
            with store.session() as session:
                set_value(session=session, key=STATE_LAST_SYNC, value=_now_text())
                restored = _restore_agent_settings(session)
            return SyncReport(previous_revision=since, revision=head, shop_settings=tuple(restored))
        if head < since:
            since = 0  # the hub was rebuilt: take everything again
        if head - since <= batch_size:
            return _apply(store, fetch_changes(conn, since, retry), on_batch)
        return _stream(conn, store, since, retry, batch_size, on_batch)


def _restore_agent_settings(session: Session) -> list[str]:
    """On an agent's machine, shop settings changed locally go back to the hub's values."""
    if get_value(session=session, key=HUB_ROLE_KEY, default="") != "agent":
        return []
    return restore_hub_values(session)


def _apply(store: Store, changes: HubChanges, on_batch: BatchHook | None) -> SyncReport:
    """Apply changes read in one round trip, in one local transaction."""
    with store.session() as session:
        applier = Applier(session)
        for category in changes.categories:
            applier.queue_category(category)
        applier.apply_categories()
        if changes.retried:
            applier.phrases(changes.retried)
        if changes.phrases:
            applier.phrases(changes.phrases)
            if on_batch:
                on_batch("phrase", len(changes.phrases))
        for product in changes.products:
            applier.product(product)
        if changes.products and on_batch:
            on_batch("product", len(changes.products))
        applier.apply_relations()
        applier.shop(changes.shop)
        return applier.finish(changes.since, changes.head)


def _stream(
    conn: psycopg.Connection, store: Store, since: int, retry: list[str], batch_size: int, on_batch: BatchHook | None
) -> SyncReport:
    """A large window: the same snapshot read through server-side cursors, batch by batch."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        head = hub_head(conn)
        with store.session() as session:
            applier = Applier(session)
            window = (since,)
            for hub_row in conn.execute(CATEGORY_SQL + _WINDOW.format(a="c"), window):
                applier.queue_category(category_from_row(hub_row))
            applier.apply_categories()
            if retry:  # separately: an OR in the window query would defeat the revision index
                retried = conn.execute(PHRASE_SQL + " WHERE p.id = ANY(%s) AND p.revision <= %s", (retry, since)).fetchall()
                applier.phrases([phrase_from_row(hub_row) for hub_row in retried])
            with conn.cursor(name="sidekick_pull_phrases") as cursor:
                cursor.execute(PHRASE_SQL + _WINDOW.format(a="p"), window)
                done = 0
                for rows in batches(cursor, batch_size):
                    applier.phrases([phrase_from_row(hub_row) for hub_row in rows])
                    done += len(rows)
                    if on_batch:
                        on_batch("phrase", done)
            with conn.cursor(name="sidekick_pull_products") as cursor:
                cursor.execute(PRODUCT_SQL + _WINDOW.format(a="p"), window)
                done = 0
                for rows in batches(cursor, batch_size):
                    for product in products_from_rows(conn, rows):
                        applier.product(product)
                    done += len(rows)
                    if on_batch:
                        on_batch("product", done)
            applier.apply_relations()
            applier.shop([shop_setting_from_row(r) for r in conn.execute(SHOP_SQL + _WINDOW.format(a="s"), window)])
            return applier.finish(since, head)


def _now_text() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def category_paths(session: Session) -> dict[str, CategoryPath]:
    """id → path of every live local team category, read in one query."""
    rows = session.exec(
        select(CategoryRow).where(CategoryRow.library_id == TEAM_ID, CategoryRow.deleted == False)  # noqa: E712  builds SQL, not a truth test
    ).all()
    ordered = sorted(rows, key=lambda r: (r.position, r.name))
    return rows_to_paths((r.id, r.parent_id, r.name) for r in ordered)


class Applier:
    """Applies hub rows to one local session and keeps the tally for the report."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.categories: list[HubCategory] = []
        self.new: list[ChangedItem] = []
        self.changed: list[ChangedItem] = []
        self.removed: list[ChangedItem] = []
        self.conflicts: list[ChangedItem] = []
        self.retry: list[str] = []
        self.products = [0, 0, 0]  # new, changed, removed
        self.category_count = 0
        self.relations: list[Product] = []
        self._code_map: dict[str, str] = {}
        self._code_seen: set[str] = set()
        self._paths: dict[CategoryPath, str | None] | None = None
        self.shop_changed: list[str] = []

    # ------------------------------------------------------------------ categories

    def queue_category(self, category: HubCategory) -> None:
        self.categories.append(category)

    def apply_categories(self) -> None:
        # Parents before children, so the local foreign key always finds its parent.
        for category in sorted(self.categories, key=lambda c: (c.parent_id is not None, c.revision)):
            self._category(category)

    def _category(self, hub: HubCategory) -> None:
        session = self.session
        row = session.get(CategoryRow, hub.id)
        if row is None:
            if hub.deleted:
                return
            twin = self._unpublished_twin(hub)
            row = CategoryRow(id=hub.id, library_id=TEAM_ID, name=hub.name)
            session.add(row)
            session.flush()
            if twin is not None:
                self._rekey(twin, row)
        elif row.dirty:
            self.conflicts.append(ChangedItem("category", hub.id, hub.name))
            return
        parent = hub.parent_id if hub.parent_id and session.get(CategoryRow, hub.parent_id) else None
        row.parent_id, row.name, row.position = parent, hub.name, hub.position
        row.deleted, row.revision, row.dirty = hub.deleted, hub.revision, False
        if hub.updated_at:
            row.updated_at = hub.updated_at
        self.category_count += 1
        session.flush()

    def _unpublished_twin(self, hub: HubCategory) -> CategoryRow | None:
        """A local category of the same name and place that was never published (e.g. two
        leads each created 售前): it becomes the hub's, instead of a duplicate sibling."""
        query = select(CategoryRow).where(
            CategoryRow.library_id == TEAM_ID, CategoryRow.name == hub.name, CategoryRow.revision == 0,
            CategoryRow.deleted == False,  # noqa: E712  builds SQL, not a truth test
        )
        query = query.where(col(CategoryRow.parent_id).is_(None)) if hub.parent_id is None else query.where(
            CategoryRow.parent_id == hub.parent_id
        )
        return self.session.exec(query).first()

    def _rekey(self, old: CategoryRow, new: CategoryRow) -> None:
        session = self.session
        session.execute(update(PhraseRow).where(col(PhraseRow.category_id) == old.id).values(category_id=new.id))
        session.execute(update(CategoryRow).where(col(CategoryRow.parent_id) == old.id).values(parent_id=new.id))
        session.delete(old)
        session.flush()

    # ------------------------------------------------------------------ phrases

    def phrase(self, hub: Phrase) -> None:
        session = self.session
        row = session.get(PhraseRow, hub.id)
        item = ChangedItem("phrase", hub.id, hub.title or hub.body[:20])
        if row is not None and row.library_id != TEAM_ID:
            return  # never let a hub row touch a personal phrase
        if row is not None and row.dirty:
            self.conflicts.append(item)
            return
        if hub.deleted:
            if row is not None and not row.deleted:
                repository.delete_phrase(session=session, phrase_id=hub.id, from_hub=True)
                self.removed.append(item)
            if row is not None:
                row.revision = hub.revision
            return
        existed = row is not None and not row.deleted
        try:
            repository.save_phrase(session=session, phrase=hub, from_hub=True)
        except repository.DuplicateCodeError:
            # A local unpublished phrase holds this code; apply the hub row once that settles.
            self.conflicts.append(item)
            self.retry.append(hub.id)
            return
        (self.changed if existed else self.new).append(item)

    def phrases(self, batch: list[Phrase]) -> None:
        """Apply a batch of hub phrases with a few set-based statements.

        Same outcome as ``phrase()`` row by row (which goes through ``repository.save_phrase``),
        but an initial pull of 100k phrases takes seconds instead of minutes: local state is
        read once per batch, codes and category paths are checked against in-memory maps, and
        the rows go to ``repository.write_phrase_rows`` (two ``executemany`` calls, with
        ``save_phrase``'s row rule for changes from the hub). A received phrase replaces the
        local row whole, except its id and when it was first created. What remains is mostly
        the pinyin search forms, about half of a first pull.
        """
        session = self.session
        session.flush()
        table = PhraseRow.__table__  # type: ignore[attr-defined]  # set by SQLModel, not in its stubs
        ids = [p.id for p in batch]
        local = {
            r.id: r
            for r in session.execute(
                sql_select(col(PhraseRow.id), col(PhraseRow.library_id), col(PhraseRow.dirty), col(PhraseRow.deleted),
                           col(PhraseRow.code)).where(
                    col(PhraseRow.id).in_(ids)
                )
            )
        }
        codes = self._codes({p.code for p in batch} | {r.code for r in local.values()})
        rows: list[repository.PhraseValues] = []
        tombstones: list[dict[str, object]] = []
        now = utcnow()
        # Codes that deletions in this batch give up are free for the batch's other rows (the
        # tombstones are written first), whatever their order in the batch.
        for hub in batch:
            row = local.get(hub.id)
            if hub.deleted and row is not None and not row.dirty and row.code and codes.get(row.code) == hub.id:
                del codes[row.code]
        for hub in batch:
            row = local.get(hub.id)
            item = ChangedItem("phrase", hub.id, hub.title or hub.body[:20])
            if row is not None and row.library_id != TEAM_ID:
                continue  # never let a hub row touch a personal phrase
            if row is not None and row.dirty:
                self.conflicts.append(item)
                continue
            if hub.deleted:
                if row is not None:
                    if not row.deleted:
                        self.removed.append(item)
                    if row.code and codes.get(row.code) == hub.id:
                        del codes[row.code]
                    tombstones.append({"b_id": hub.id, "b_revision": hub.revision, "b_updated_at": hub.updated_at or now})
                continue
            if hub.code and codes.get(hub.code, hub.id) != hub.id:
                self.conflicts.append(item)  # a local unpublished phrase holds this code
                self.retry.append(hub.id)
                continue
            if row is not None and row.code and codes.get(row.code) == hub.id:
                del codes[row.code]
            if hub.code:
                codes[hub.code] = hub.id
            (self.changed if row is not None and not row.deleted else self.new).append(item)
            rows.append(repository.phrase_values(hub, category_id=self._category_id(hub), from_hub=True, now=now))
        # Tombstones first: a code a deleted row gives up may be taken by a row of this batch.
        if tombstones:
            session.execute(
                table.update()
                .where(table.c.id == bindparam("b_id"))
                .values(deleted=True, dirty=False, revision=bindparam("b_revision"), updated_at=bindparam("b_updated_at")),
                tombstones,
            )
        repository.write_phrase_rows(session, rows, existing_ids=local.keys())

    def _codes(self, wanted: set[str]) -> dict[str, str]:
        """code → id of live local team phrases, loaded only for the codes a batch needs
        (so a small pull never reads the whole library)."""
        missing = [c for c in wanted if c and c not in self._code_seen]
        if missing:
            # Filter by code only (its index); the other conditions in Python, because given them
            # SQLite picks the `deleted` index and scans the whole library.
            rows = self.session.execute(
                select(PhraseRow.code, PhraseRow.id, PhraseRow.library_id, PhraseRow.deleted).where(
                    col(PhraseRow.code).in_(missing)
                )
            )
            self._code_map.update({code: pid for code, pid, library, deleted in rows if library == TEAM_ID and not deleted})
            self._code_seen.update(missing)
        return self._code_map

    def _category_id(self, hub: Phrase) -> str | None:
        if not hub.category.parts:
            return None
        if self._paths is None:
            self._paths = {}
            for cid, path in category_paths(self.session).items():
                self._paths.setdefault(path, cid)
        found = self._paths.get(hub.category)
        if found is None:
            found = repository.ensure_category(session=self.session, library=LibraryKind.TEAM, path=hub.category, from_hub=True)
            self._paths[hub.category] = found
        return found

    # ------------------------------------------------------------------ products

    def product(self, hub: Product) -> None:
        session = self.session
        row = session.get(ProductRow, hub.id)
        if row is not None and row.dirty:
            self.conflicts.append(ChangedItem("product", hub.id, hub.title))
            return
        if hub.deleted:
            if row is not None and not row.deleted:
                repository.delete_product(session=session, product_id=hub.id, from_hub=True)
                self.products[2] += 1
            if row is not None:
                row.revision = hub.revision
            return
        existed = row is not None and not row.deleted
        repository.save_product(session=session, product=hub, from_hub=True, relations=False)
        self.products[1 if existed else 0] += 1
        self.relations.append(hub)

    def apply_relations(self) -> None:
        # A second pass: a relation may point at a product that arrived later in the pull.
        session = self.session
        for product in self.relations:
            live = []
            for relation in product.related:
                target = session.get(ProductRow, relation.target_id)
                if target is not None and not target.deleted:
                    live.append(relation)
            repository.set_relations(session=session, product_id=product.id, relations=live, from_hub=True)

    def shop(self, rows: list[ShopSetting]) -> None:
        """Shop settings from the hub (see ``sidekick.hub.shop``)."""
        role = str(get_value(session=self.session, key=HUB_ROLE_KEY, default="") or "")
        changed, conflicts = apply_shop_settings(self.session, rows, role=role)
        self.shop_changed += changed
        self.conflicts += conflicts

    def finish(self, since: int, head: int) -> SyncReport:
        """Record the new revision in the same local transaction as the rows; the report."""
        purge_settled_tombstones(self.session)
        set_value(session=self.session, key=STATE_REVISION, value=head)
        set_value(session=self.session, key=STATE_RETRY, value=self.retry)
        set_value(session=self.session, key=STATE_LAST_SYNC, value=_now_text())
        if head != since or self.retry:
            mark_library_changed(self.session)  # a running app in another process rebuilds its index
        return self.report(since, head)

    def report(self, since: int, head: int) -> SyncReport:
        return SyncReport(
            previous_revision=since,
            revision=head,
            new_phrases=tuple(self.new),
            changed_phrases=tuple(self.changed),
            removed_phrases=tuple(self.removed),
            products_new=self.products[0],
            products_changed=self.products[1],
            products_removed=self.products[2],
            categories_changed=self.category_count,
            conflicts=tuple(self.conflicts),
            shop_settings=tuple(self.shop_changed),
        )
