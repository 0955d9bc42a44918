"""Publishing: a lead's pending team edits go to the hub in one transaction, or not at all.

Optimistic concurrency: every pending local row remembers the hub revision it was based on
(``revision``). Under the hub's writer lock, the current hub versions are read; a row whose
hub revision moved on (and whose content differs) is a conflict. With conflicts and no
``resolve``, nothing is written and both versions are returned. ``resolve="mine"`` writes the
local versions anyway; ``resolve="theirs"`` takes the hub's versions into the local copy and
publishes the rest. Either way both versions of every conflict are kept in a JSON file in the
data directory, so neither lead's text is lost.

Only team rows are read here: the personal library never leaves the machine.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlmodel import Session, col, func, select

from sidekick.core.messages import Message
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Product
from sidekick.db import repository
from sidekick.db.rows import path_of
from sidekick.db.rows import phrase_from_row as stored_phrase
from sidekick.db.settings_store import get_value, set_value
from sidekick.db.store import Store
from sidekick.db.tables import CategoryRow, PhraseRow, ProductRow
from sidekick.db.team_access import HUB_ROLE_KEY
from sidekick.db.team_data import purge_settled_tombstones
from sidekick.hub.errors import HubError
from sidekick.hub.model import (
    CATEGORY_SQL,
    PHRASE_SQL,
    ChangedItem,
    Conflict,
    HubCategory,
    PublishReport,
    Version,
    category_from_row,
    phrase_from_row,
    read_by_ids,
)
from sidekick.hub.pull import STATE_LAST_SYNC, STATE_RETRY, STATE_REVISION, TEAM_ID, Applier, _now_text, category_paths
from sidekick.hub.shop import (
    ShopSetting,
    new_revisions,
    pending_shop_settings,
    read_shop_settings,
    record,
    take_hub_setting,
    write_shop_settings,
)

RESOLUTIONS = ("mine", "theirs")


def count_pending_team_rows(session: Session) -> int:
    """Local team rows waiting to be published (shop settings not counted)."""
    queries = (
        select(func.count()).where(col(CategoryRow.dirty), col(CategoryRow.library_id) == TEAM_ID),
        select(func.count()).where(col(PhraseRow.dirty), col(PhraseRow.library_id) == TEAM_ID),
        select(func.count()).where(col(ProductRow.dirty)),
    )
    return sum(int(session.exec(query).one()) for query in queries)


def pending_count(store: Store) -> int:
    """How many team rows (and, on a lead's machine, shop settings) wait to be published."""
    with store.session() as session:
        role = get_value(session=session, key=HUB_ROLE_KEY, default="")
        shop = len(pending_shop_settings(session)) if role == "lead" else 0
        return shop + count_pending_team_rows(session)


def _phrase(row: PhraseRow, paths: dict[str, CategoryPath]) -> Phrase:
    """A team phrase from its row (what ``repository.get_phrase`` returns, without a query per row)."""
    return stored_phrase(row, LibraryKind.TEAM, path_of(paths, row.category_id))


def _same(mine: Version, theirs: Version) -> bool:
    """Equal content, ignoring bookkeeping (a publish whose local commit was lost is no conflict)."""
    ignore = {"revision", "updated_at", "created_at"}
    a = {k: v for k, v in asdict(mine).items() if k not in ignore}
    b = {k: v for k, v in asdict(theirs).items() if k not in ignore}
    return a == b


def _restores(mine: Version, theirs: Version) -> bool:
    """A live row this machine never had from the hub in this form (revision 0) against the
    hub's tombstone of the same id: a deletion undone after it was published (the local
    tombstone was purged meanwhile), or a deleted row brought back by an import. Nobody can
    have edited a tombstone, so this overwrites no one's change."""
    return (mine.revision == 0 and not getattr(mine, "deleted", False) and bool(getattr(theirs, "deleted", False)))


def publish(
    conn: psycopg.Connection, store: Store, *, resolve: str | None = None, conflicts_dir: Path | None = None
) -> PublishReport:
    """Publish every pending team edit; see the module docstring.

    Returns a report with ``written=False`` and the conflicts when the hub moved on and no
    ``resolve`` was given. Permission and connection problems raise (the caller translates).

    A pending phrase whose code another live hub phrase holds (or a new category whose path
    another live hub category has) is a conflict too: two leads adding the same code at once.
    The hub refuses such a row itself (its exclusion constraints), so there is never a
    duplicate to sync. Settled with ``resolve``: "theirs" keeps the hub's phrase (this lead's
    one is dropped here, both kept in the conflicts file), "mine" replaces the hub's phrase with
    this lead's; a category is merged into the hub's either way.
    """
    settled: tuple[Conflict, ...] = ()
    saved = ""
    for attempt in range(2):
        try:
            return _publish(conn, store, resolve=resolve, conflicts_dir=conflicts_dir, settled=settled, saved=saved)
        except _Refused as refused:
            return refused.report
        except _Clashes as clashes:
            if attempt:
                return PublishReport(False, 0, conflicts=clashes.conflicts, saved_conflicts=clashes.saved)
            # Settle the clashes in the local copy (outside the rolled-back hub transaction),
            # then publish what is pending now, once more.
            _settle_clashes(store, clashes.conflicts, clashes.resolve)
            settled, saved = clashes.conflicts, clashes.saved
        except (psycopg.errors.ExclusionViolation, psycopg.errors.UniqueViolation) as error:
            raise HubError(Message(
                "the hub refused the publish: %1. Nothing was published; run `sidekick hub sync`, then publish again.",
                str(error).splitlines()[0])) from None
    raise AssertionError("unreachable")


def _publish(
    conn: psycopg.Connection, store: Store, *, resolve: str | None, conflicts_dir: Path | None,
    settled: tuple[Conflict, ...] = (), saved: str = "",
) -> PublishReport:
    if resolve is not None and resolve not in RESOLUTIONS:
        raise ValueError(f"resolve must be one of {RESOLUTIONS}")
    with store.session() as session:
        seen = int(get_value(session=session, key=STATE_REVISION, default=0) or 0)
        cat_rows = session.exec(
            select(CategoryRow).where(CategoryRow.dirty == True, CategoryRow.library_id == TEAM_ID)  # noqa: E712  builds SQL, not a truth test
        ).all()
        categories = {r.id: HubCategory(r.id, r.parent_id, r.name, r.position, r.revision, r.deleted) for r in cat_rows}
        phrase_rows = session.exec(
            select(PhraseRow).where(PhraseRow.dirty == True, PhraseRow.library_id == TEAM_ID)  # noqa: E712  builds SQL, not a truth test
        ).all()
        paths = category_paths(session)
        phrases = {r.id: _phrase(r, paths) for r in phrase_rows}
        category_of = {r.id: r.category_id for r in phrase_rows}
        product_ids = session.exec(select(ProductRow.id).where(ProductRow.dirty == True)).all()  # noqa: E712  builds SQL, not a truth test
        products = {pid: p for pid in product_ids if (p := repository.get_product(session=session, product_id=pid))}
        stamps: dict[tuple[str, str], datetime | None] = {("category", r.id): r.updated_at for r in cat_rows}
        stamps |= {("phrase", p.id): p.updated_at for p in phrases.values()}
        stamps |= {("product", p.id): p.updated_at for p in products.values()}
        shop = pending_shop_settings(session)
    if not (categories or phrases or products or shop):
        return PublishReport(written=True, revision=seen)

    theirs_rows: list[Version] = []
    with conn.transaction():
        # The writers' lock: serialises publishes (and is refused to agents, who lack UPDATE).
        head_row = conn.execute("SELECT revision FROM sidekick.hub_state WHERE id = 1 FOR UPDATE").fetchone()
        head_before = int(head_row[0]) if head_row else 0
        hub = read_by_ids(conn, categories=categories, phrases=phrases, products=products, lock=True)
        current: dict[tuple[str, str], Version] = {("category", c.id): c for c in hub.categories}
        current |= {("phrase", p.id): p for p in hub.phrases}
        current |= {("product", p.id): p for p in hub.products}
        conflicts: list[Conflict] = []
        mine_all: list[tuple[str, Version]] = [
            *(("category", c) for c in categories.values()),
            *(("phrase", p) for p in phrases.values()),
            *(("product", p) for p in products.values()),
        ]
        for kind, mine in mine_all:
            theirs = current.get((kind, mine.id))
            if theirs is None or theirs.revision == mine.revision or _same(mine, theirs) or _restores(mine, theirs):
                continue
            title = getattr(mine, "title", "") or getattr(mine, "name", "")
            conflicts.append(Conflict(kind, mine.id, title, mine, theirs))
        hub_shop = read_shop_settings(conn, list(shop), lock=True)
        for key, mine_setting in shop.items():
            theirs_setting = hub_shop.get(key)
            if theirs_setting is not None and theirs_setting.revision != mine_setting.revision and (
                theirs_setting.value != mine_setting.value
            ):
                conflicts.append(Conflict("setting", key, key, mine_setting, theirs_setting))  # type: ignore[arg-type]  # settings conflicts carry setting versions
        clashes = _clashes(conn, categories, phrases)
        if clashes or (conflicts and resolve is None):
            everything = [*conflicts, *clashes]
            saved = _save_conflicts(everything, conflicts_dir, resolve)
            if resolve is None:
                raise _Refused(PublishReport(False, head_before, conflicts=tuple(everything), saved_conflicts=saved))
            raise _Clashes(tuple(clashes), resolve, saved)
        saved = saved or (_save_conflicts(conflicts, conflicts_dir, resolve) if conflicts else "")
        skip = {(c.kind, c.id) for c in conflicts} if resolve == "theirs" else set()
        theirs_rows = [c.theirs for c in conflicts if c.theirs is not None] if resolve == "theirs" else []
        write_shop = [v for k, v in shop.items() if ("setting", k) not in skip]
        # Rows deleted locally before they ever reached the hub need not go there at all.
        write_cats = [c for c in categories.values() if ("category", c.id) not in skip and (c.revision or not c.deleted)]
        write_phrases = [p for p in phrases.values() if ("phrase", p.id) not in skip and (p.revision or not p.deleted)]
        write_products = [p for p in products.values() if ("product", p.id) not in skip and (p.revision or not p.deleted)]
        existing = set(current)
        _write_categories(conn, write_cats, existing)
        _write_phrases(conn, write_phrases, category_of, existing)
        _write_products(conn, write_products, existing)
        write_shop_settings(conn, write_shop, set(hub_shop))
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a clash that slipped past the checks fails here
        head_row = conn.execute("SELECT revision FROM sidekick.hub_state WHERE id = 1").fetchone()
        head_after = int(head_row[0]) if head_row else head_before
        revisions = _new_revisions(conn, write_cats, write_phrases, write_products)
        shop_revisions = new_revisions(conn, [v.id for v in write_shop])

    with store.session() as session:
        dirty: list[tuple[str, CategoryRow | PhraseRow | ProductRow]] = [
            *(("category", row) for row in session.exec(select(CategoryRow).where(col(CategoryRow.dirty)))),
            *(("phrase", row) for row in session.exec(select(PhraseRow).where(col(PhraseRow.dirty)))),
            *(("product", row) for row in session.exec(select(ProductRow).where(col(ProductRow.dirty)))),
        ]
        loaded = {(kind, row.id): row for kind, row in dirty}
        for (kind, rid), stamp in stamps.items():
            row = loaded.get((kind, rid))
            if (kind, rid) in skip or row is None:
                continue
            row.revision = revisions.get((kind, rid), row.revision)
            if row.updated_at == stamp:  # not edited again while we were publishing
                row.dirty = False
        applier = Applier(session)
        for version in theirs_rows:
            if isinstance(version, ShopSetting):
                take_hub_setting(session, version)
            else:
                _take_theirs(session, applier, version)
        record(session, [ShopSetting(v.id, v.value, shop_revisions.get(v.id, v.revision)) for v in write_shop])
        purge_settled_tombstones(session)
        if head_before == seen:  # nobody else published since our last pull: we are current
            set_value(session=session, key=STATE_REVISION, value=head_after)
            set_value(session=session, key=STATE_LAST_SYNC, value=_now_text())
    every = (*settled, *conflicts)
    return PublishReport(
        written=True,
        revision=head_after,
        categories=len(write_cats),
        phrases=tuple(ChangedItem("phrase", p.id, p.title) for p in write_phrases),
        products=len(write_products) + len(write_shop),
        conflicts=every,
        resolution=resolve if every else None,
        saved_conflicts=saved,
    )


class _Clashes(Exception):
    """Raised inside the hub transaction when pending rows clash with other live hub rows
    (same code, same category path) and a resolution was given: settled locally, then again."""

    def __init__(self, conflicts: tuple[Conflict, ...], resolve: str, saved: str) -> None:
        super().__init__("clashes")
        self.conflicts = conflicts
        self.resolve = resolve
        self.saved = saved


def _clashes(conn: psycopg.Connection, categories: dict[str, HubCategory], phrases: dict[str, Phrase]) -> list[Conflict]:
    """Pending rows that would give the hub a second live phrase with one code, or a second
    live category with one path (read under the writers' lock, so no publish slips between)."""
    found: list[Conflict] = []
    codes = {p.code: p for p in phrases.values() if p.code and not p.deleted}
    if codes:
        rows = conn.execute(
            PHRASE_SQL + " WHERE p.code = ANY(%s) AND NOT p.deleted AND p.id <> ALL(%s)", (list(codes), list(phrases))
        ).fetchall()
        for row in rows:
            theirs = phrase_from_row(row)
            mine = codes[theirs.code]
            found.append(Conflict("phrase", mine.id, mine.title or mine.body[:20], mine, theirs))
    new_paths = {c.id: c for c in categories.values() if not c.deleted}
    if new_paths:
        hub = [category_from_row(r) for r in conn.execute(CATEGORY_SQL + " WHERE NOT c.deleted")]
        names = {c.id: c for c in hub}
        mine_names = {**names, **categories}

        def path(category: HubCategory, source: dict[str, HubCategory]) -> tuple[str, str]:
            parent = source.get(category.parent_id or "")
            return (parent.name, category.name) if parent is not None else ("", category.name)

        hub_paths = {path(c, names): c for c in hub if c.id not in categories}
        for mine_category in new_paths.values():
            their_category = hub_paths.get(path(mine_category, mine_names))
            if their_category is not None and their_category.id != mine_category.id:
                found.append(Conflict("category", mine_category.id, mine_category.name, mine_category, their_category))
    return found


def _settle_clashes(store: Store, clashes: tuple[Conflict, ...], resolve: str) -> None:
    """The local side of settling code and path clashes (see ``publish``)."""
    with store.session() as session:
        applier = Applier(session)
        for clash in sorted(clashes, key=lambda c: (c.kind != "category", getattr(c.theirs, "parent_id", None) is not None)):
            theirs = clash.theirs
            if isinstance(theirs, HubCategory):
                mine_row = session.get(CategoryRow, clash.id)
                if mine_row is not None and mine_row.revision:
                    mine_row.dirty = False  # an existing category renamed onto another: back to the hub's
                applier._category(theirs)  # an unpublished twin is merged into it
            elif isinstance(theirs, Phrase) and isinstance(clash.mine, Phrase):
                mine_phrase = session.get(PhraseRow, clash.id)
                if resolve == "mine":
                    _local_tombstone(session, theirs)
                    continue
                if mine_phrase is not None:
                    if mine_phrase.revision == 0:
                        session.delete(mine_phrase)  # never published; kept in the conflicts file
                    else:
                        # Back to the hub's own version of it, fetched again by the next pull.
                        mine_phrase.dirty, mine_phrase.code = False, ""
                        retry = list(get_value(session=session, key=STATE_RETRY, default=[]) or [])
                        set_value(session=session, key=STATE_RETRY, value=[*retry, mine_phrase.id])
                    session.flush()
                applier.phrase(theirs)
        session.flush()


def _local_tombstone(session: Session, theirs: Phrase) -> None:
    """A pending deletion of the hub's phrase ``theirs`` (resolve "mine" of a code clash)."""
    row = session.get(PhraseRow, theirs.id)
    if row is None:
        row = PhraseRow(id=theirs.id, library_id=TEAM_ID, title=theirs.title, body=theirs.body, code=theirs.code)
        session.add(row)
    row.deleted, row.dirty, row.revision = True, True, theirs.revision
    row.updated_at = datetime.now(UTC).replace(tzinfo=None)
    session.flush()


class _Refused(Exception):
    """Raised inside the hub transaction to roll it back and hand out the conflict report."""

    def __init__(self, report: PublishReport) -> None:
        super().__init__("conflicts")
        self.report = report


def _take_theirs(session: Session, applier: Applier, version: Version) -> None:
    if isinstance(version, HubCategory):
        category = session.get(CategoryRow, version.id)
        if category is not None:
            category.dirty = False
        applier._category(version)
    elif isinstance(version, Phrase):
        phrase = session.get(PhraseRow, version.id)
        if phrase is not None:
            phrase.dirty = False
        applier.phrase(version)
    elif isinstance(version, Product):
        product = session.get(ProductRow, version.id)
        if product is not None:
            product.dirty = False
        applier.product(version)
        applier.apply_relations()


def _save_conflicts(conflicts: list[Conflict], directory: Path | None, resolve: str | None) -> str:
    from sidekick.config import paths

    directory = directory or paths.data_dir() / "hub-conflicts"
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = directory / f"conflicts-{stamp}.json"
    payload = {
        "resolution": resolve or "none (nothing written)",
        "conflicts": [
            {"kind": c.kind, "id": c.id, "title": c.title, "mine": _jsonable(c.mine), "hub": _jsonable(c.theirs)}
            for c in conflicts
        ],
    }
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return str(target)


def _jsonable(version: Version | None) -> object:
    return asdict(version) if version is not None else None


def _columns(rows: list[tuple], types: tuple[str, ...]) -> tuple[str, list[list[object]]]:
    """``unnest`` over one array per column: many rows in ONE statement, so the hub's statement
    triggers (writer lock, revision bookkeeping, NOTIFY) run once instead of once per row."""
    arrays = [list(column) for column in zip(*rows)] if rows else [[] for _ in types]
    placeholders = ", ".join(f"%s::{t}[]" for t in types)
    return f"SELECT * FROM unnest({placeholders})", arrays


def _insert(conn: psycopg.Connection, table: str, columns: tuple[str, ...], types: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    select_sql, arrays = _columns(rows, types)
    statement = f"INSERT INTO sidekick.{table} ({', '.join(columns)}) {select_sql}"
    conn.execute(statement, arrays)  # constant SQL built from names above


def _upsert(
    conn: psycopg.Connection, table: str, columns: tuple[str, ...], types: tuple[str, ...], rows: list[tuple],
    existing: set[str],
) -> None:
    """New rows (id not in ``existing``) are inserted, the others updated: two statements rather
    than INSERT … ON CONFLICT, whose attempted insert would stamp a revision number of its own
    before the update stamps another (two numbers per published update)."""
    new = [r for r in rows if r[0] not in existing]
    old = [r for r in rows if r[0] in existing]
    _insert(conn, table, columns, types, new)
    if not old:
        return
    select_sql, arrays = _columns(old, types)
    assignments = ", ".join(f"{c} = u.{c}" for c in columns if c not in ("id", "created_at"))
    statement = (
        f"UPDATE sidekick.{table} t SET {assignments} FROM ({select_sql}) AS u({', '.join(columns)}) WHERE t.id = u.id"
    )
    conn.execute(statement, arrays)  # constant SQL built from names above


def _write_categories(conn: psycopg.Connection, rows: list[HubCategory], existing: set[tuple[str, str]]) -> None:
    # Parents first: the foreign key is checked row by row within the statement.
    ordered = sorted(rows, key=lambda c: c.parent_id is not None)
    _upsert(
        conn, "category", ("id", "parent_id", "name", "position", "deleted"), ("text", "text", "text", "int", "bool"),
        [(c.id, c.parent_id, c.name, c.position, c.deleted) for c in ordered],
        {rid for kind, rid in existing if kind == "category"},
    )


def _write_phrases(
    conn: psycopg.Connection, rows: list[Phrase], category_of: dict[str, str | None], existing: set[tuple[str, str]]
) -> None:
    _upsert(
        conn, "phrase",
        ("id", "category_id", "code", "title", "body", "valid_from", "valid_until", "position", "created_at",
         "updated_at", "deleted", "questions", "intents"),
        ("text", "text", "text", "text", "text", "timestamp", "timestamp", "int", "timestamp", "timestamp", "bool",
         "jsonb", "jsonb"),
        [
            (p.id, category_of.get(p.id), p.code, p.title, p.body, p.valid_from, p.valid_until, p.position,
             p.created_at, p.updated_at, p.deleted, json.dumps(list(p.questions), ensure_ascii=False),
             json.dumps(list(p.intents), ensure_ascii=False))
            for p in rows
        ],
        {rid for kind, rid in existing if kind == "phrase"},
    )


def _write_products(conn: psycopg.Connection, rows: list[Product], existing: set[tuple[str, str]]) -> None:
    if not rows:
        return
    _upsert(
        conn, "product",
        ("id", "item_id", "title", "link", "price", "notes", "position", "created_at", "updated_at", "deleted"),
        ("text", "text", "text", "text", "text", "text", "int", "timestamp", "timestamp", "bool"),
        [
            (p.id, p.item_id, p.title, p.link, "" if p.price is None else str(p.price), p.notes, p.position,
             p.created_at, p.updated_at, p.deleted)
            for p in rows
        ],
        {rid for kind, rid in existing if kind == "product"},
    )
    ids = [p.id for p in rows]
    for table in ("product_tag", "knowledge_field", "product_relation"):
        conn.execute(f"DELETE FROM sidekick.{table} WHERE product_id = ANY(%s)", (ids,))
    _insert(conn, "product_tag", ("product_id", "tag", "position"), ("text", "text", "int"),
            [(p.id, tag, i) for p in rows for i, tag in enumerate(p.tags)])
    _insert(conn, "knowledge_field", ("product_id", "position", "name", "value"), ("text", "int", "text", "text"),
            [(p.id, i, k.name, k.value) for p in rows for i, k in enumerate(p.knowledge)])
    _insert(conn, "product_relation", ("product_id", "target_id", "kind", "position", "note"),
            ("text", "text", "text", "int", "text"),
            [(p.id, r.target_id, r.kind.value, i, r.note) for p in rows if not p.deleted for i, r in enumerate(p.related)])


def _new_revisions(
    conn: psycopg.Connection, cats: list[HubCategory], phrases: list[Phrase], products: list[Product]
) -> dict[tuple[str, str], int]:
    result: dict[tuple[str, str], int] = {}
    for kind, table, ids in (
        ("category", "category", [c.id for c in cats]),
        ("phrase", "phrase", [p.id for p in phrases]),
        ("product", "product", [p.id for p in products]),
    ):
        if ids:
            for rid, revision in conn.execute(f"SELECT id, revision FROM sidekick.{table} WHERE id = ANY(%s)", (ids,)):
                result[(kind, rid)] = int(revision)
    return result
