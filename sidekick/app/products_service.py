"""The products window's backend: every data operation over the Store and the repository.

``ProductsService`` implements ``sidekick.ui.products.backend.ProductsBackend``. Each method is
one transaction (``Store.session()``), so a product and the reverse substitutes it implies are
saved together or not at all; repository errors come back as ``ProductsError`` with the
repository's readable message.

Products are team data: with no hub configured anyone may edit them, with a hub only a lead
(the role the hub client stored), as for the team phrase library.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sidekick.config.settings import QUIZ_HISTORY_KEY, Settings
from sidekick.core.exchange import registry
from sidekick.core.exchange.base import FormatError, in_file, problem_of
from sidekick.core.insights import ACTION_PASTE, UseDetails
from sidekick.core.messages import message_of
from sidekick.core.placeholders import RenderContext
from sidekick.core.progress import Progress
from sidekick.core.quiz import QuizRun
from sidekick.core.types import HitKind, Library, Problem, Product, Relation, RelationKind, SearchHit
from sidekick.db import repository as repo
from sidekick.db.engine import DatabaseBusy
from sidekick.db.library_import import ImportPlan, ImportRefused, apply_import, plan_import
from sidekick.db.settings_store import get_value, set_value
from sidekick.db.store import Store
from sidekick.db.team_access import HUB_ROLE_KEY
from sidekick.ui.background import storage_busy_text
from sidekick.ui.i18n import problem_text, translated
from sidekick.ui.products.backend import FileFormat, ImportPreview, ProductsError, TagCount

QUIZ_HISTORY_KEEP = 100  # runs kept: enough to see progress over weeks, small enough for a JSON value

SearchFunction = Callable[[str, int], Sequence[SearchHit]]
RecordUse = Callable[[str, str, datetime, UseDetails], None]


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as the store keeps it


class ProductsService:
    """``ProductsBackend`` over the local database.

    ``settings_provider`` returns the current settings. ``search`` is the app's search engine
    (``SearchIndex.search``-like: query, limit → hits); without it the service builds its own
    product-only index from the database, and without the engine a plain substring match is used.
    ``on_change`` is called after every write (the app refreshes its shared search index there).
    ``record_use`` queues a use for the app's background usage writer (``UsageWriter.record``):
    a Recommend never waits on the disk. Without it the service starts its own writer on first use.
    """

    def __init__(
        self,
        store: Store,
        settings_provider: Callable[[], Settings] = Settings,
        *,
        search: SearchFunction | None = None,
        role_provider: Callable[[], str | None] | None = None,
        on_change: Callable[[], None] | None = None,
        record_use: RecordUse | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._store = store
        self._settings = settings_provider
        self._search = search
        self._role_provider = role_provider
        self._on_change = on_change
        self._record_use = record_use
        self._clock = clock
        self._index: Any = None  # own product index, dropped after writes

    # ------------------------------------------------------------------ reading
    def can_edit(self) -> bool:
        if not self._settings().hub_url.strip():
            return True
        role = self._role_provider() if self._role_provider else None
        if role is None:
            with self._store.session(read_only=True) as session:
                role = get_value(session=session, key=HUB_ROLE_KEY, default=None)
        return role == "lead"

    def products(self, tags: Sequence[str] = ()) -> list[Product]:
        with self._store.session(read_only=True) as session:
            return repo.list_products(session=session, tags=tags)

    def tag_counts(self, selected: Sequence[str] = ()) -> list[TagCount]:
        with self._store.session(read_only=True) as session:
            totals = repo.tag_counts(session=session)
            inside = repo.list_products(session=session, tags=selected) if selected else None
        if inside is None:
            return [TagCount(name, total, total) for name, total in totals]
        counts: dict[str, int] = {}
        for product in inside:
            for tag in set(product.tags):
                counts[tag] = counts.get(tag, 0) + 1
        return [TagCount(name, counts.get(name, 0), total) for name, total in totals]

    def product(self, product_id: str) -> Product | None:
        with self._store.session(read_only=True) as session:
            found = repo.get_product(session=session, product_id=product_id)
        return found if found is not None and not found.deleted else None

    def product_by_item_id(self, item_id: str) -> Product | None:
        with self._store.session(read_only=True) as session:
            return repo.find_product_by_item_id(session=session, item_id=item_id.strip())

    def related(self, product: Product) -> list[tuple[Relation, Product]]:
        found: list[tuple[Relation, Product]] = []
        with self._store.session(read_only=True) as session:
            for relation in product.related:
                target = repo.get_product(session=session, product_id=relation.target_id)
                if target is not None and not target.deleted:
                    found.append((relation, target))
        return found

    def search(self, query: str, limit: int = 200) -> list[str]:
        query = query.strip()
        if not query:
            return [p.id for p in self.products()][:limit]
        hits = self._engine_hits(query, limit)
        return [hit.id for hit in hits if hit.kind is HitKind.PRODUCT][:limit]

    def _engine_hits(self, query: str, limit: int) -> Sequence[SearchHit]:
        if self._search is not None:
            # The shared index also holds phrases: ask for more so ``limit`` products remain.
            return self._search(query, limit * 4)
        if self._index is None:
            from sidekick.core.search import SearchIndex
            from sidekick.db.search_load import load_products

            with self._store.session(read_only=True) as session:
                self._index = SearchIndex.bulk((), load_products(session), None)
        return self._index.search(query, limit, self._clock())

    # ------------------------------------------------------------------ writes
    def _changed(self) -> None:
        self._index = None
        if self._on_change is not None:
            self._on_change()

    def _require_edit(self) -> None:
        if not self.can_edit():
            raise ProductsError("products are team data: only a lead may change them")

    def save_product(self, product: Product, *, symmetric_substitutes: bool = False) -> Product:
        self._require_edit()
        try:
            with self._store.session() as session:
                before = repo.get_product(session=session, product_id=product.id)
                saved = repo.save_product(session=session, product=_tidy(product))
                if symmetric_substitutes:
                    _mirror_substitutes(session, saved, before)
                saved = repo.get_product(session=session, product_id=product.id) or saved
        except (repo.RepositoryError, ValueError) as error:
            raise ProductsError(message_of(error)) from None
        except DatabaseBusy:
            raise ProductsError(storage_busy_text()) from None  # the editor stays open with its text
        self._changed()
        return saved

    def delete_product(self, product_id: str) -> None:
        self._require_edit()
        try:
            with self._store.session() as session:
                repo.delete_product(session=session, product_id=product_id)
        except DatabaseBusy:
            raise ProductsError(storage_busy_text()) from None
        self._changed()

    # ------------------------------------------------------------------ recommend
    def recommend_template(self) -> str:
        return self._settings().recommend_template

    def render_context(self) -> RenderContext:
        settings = self._settings()
        return RenderContext(agent=settings.agent_name, shop=settings.shop_name, now=self._clock())

    def record_recommendation(self, product_id: str) -> None:
        # Queued, not written here: the paste that follows must not wait for another
        # process's write lock (an import, a backup).
        if self._record_use is None:
            from sidekick.app.usage_writer import UsageWriter

            self._record_use = UsageWriter(self._store.path).record
        self._record_use(product_id, "product", _utcnow(), UseDetails(action=ACTION_PASTE))

    # ------------------------------------------------------------------ self-test
    def quiz_history(self) -> list[QuizRun]:
        with self._store.session(read_only=True) as session:
            raw = get_value(session=session, key=QUIZ_HISTORY_KEY, default=[])
        runs = [QuizRun.from_json(item) for item in raw] if isinstance(raw, list) else []
        return [run for run in runs if run is not None]

    def add_quiz_run(self, run: QuizRun) -> None:
        with self._store.session() as session:
            raw = get_value(session=session, key=QUIZ_HISTORY_KEY, default=[])
            runs = raw if isinstance(raw, list) else []
            runs = [*runs, run.to_json()][-QUIZ_HISTORY_KEEP:]
            set_value(session=session, key=QUIZ_HISTORY_KEY, value=runs)

    # ------------------------------------------------------------------ import / export
    def _read(self, path: Path) -> Library:
        try:
            data = path.read_bytes()
            fmt = registry.detect(data, path.name)
            if not fmt.products:
                raise ProductsError(f"{path.name}: {fmt.label} holds phrases only; products come as .json, .csv or .xlsx")
            result = registry.read(fmt, data, path.name, None)
        except FormatError as error:  # said in the UI's language, with the file and the place
            raise ProductsError(problem_text(problem_of(error, path.name))) from None
        except OSError as error:
            raise ProductsError(str(error)) from None
        if result.problems:
            raise _Refused(result.problems, result.warnings)
        if not result.library.products:
            raise ProductsError(f"{path.name}: the file holds no products")
        # Only the products: phrases in a whole-library JSON belong to the library window.
        return Library(products=result.library.products)

    def _plan(self, session: Any, path: Path) -> ImportPlan:
        return plan_import(session=session, library=self._read(path), source=path.name)

    def preview_import(self, path: Path) -> ImportPreview:
        try:
            with self._store.session(read_only=True) as session:
                plan = self._plan(session, path)
                session.rollback()  # a dry run: nothing of the plan stays
        except _Refused as refused:
            return ImportPreview(path, problems=refused.problems, warnings=refused.warnings)
        return _preview(path, plan)

    def run_import(self, path: Path, progress: Progress | None = None) -> ImportPreview:
        self._require_edit()
        try:
            with self._store.session() as session:
                plan = self._plan(session, path)
                total = len(plan.products_added) + len(plan.products_updated)
                if progress is not None:
                    progress(0, total)
                apply_import(session=session, plan=plan)
                if progress is not None:
                    progress(total, total)
        except _Refused as refused:
            return ImportPreview(path, problems=refused.problems, warnings=refused.warnings)
        except ImportRefused as refused:
            return ImportPreview(path, problems=tuple(_shown(p) for p in refused.problems))
        except DatabaseBusy:
            raise ProductsError(storage_busy_text()) from None
        except (repo.RepositoryError, ValueError) as error:
            raise ProductsError(message_of(error)) from None
        self._changed()
        return _preview(path, plan)

    def export_products(
        self, path: Path, fmt: FileFormat, tags: Sequence[str] = (), progress: Progress | None = None
    ) -> int:
        products = self.products(tags)
        if progress is not None:
            progress(0, len(products))
        try:
            data = registry.write(registry.FORMATS[fmt.value], Library(products=tuple(products)), None, products=True)
            path.write_bytes(data)
        except (FormatError, OSError) as error:
            raise ProductsError(in_file(path.name, message_of(error))) from None
        if progress is not None:
            progress(len(products), len(products))
        return len(products)


class _Refused(Exception):
    def __init__(self, problems: Sequence[object], warnings: Sequence[object] = ()) -> None:
        super().__init__()
        self.problems = tuple(_shown(p) for p in problems)
        self.warnings = tuple(_shown(w) for w in warnings)


def _shown(item: object) -> str:
    """A reader's or the importer's problem as the window shows it: in the UI's language."""
    return problem_text(item) if isinstance(item, Problem) else translated(item)


def _preview(path: Path, plan: ImportPlan) -> ImportPreview:
    changed = plan.products_added + plan.products_updated
    return ImportPreview(
        path,
        new=len(plan.products_added),
        updated=len(plan.products_updated),
        unchanged=len(plan.products_unchanged),
        relations=sum(len(p.related) for p in changed),
        problems=tuple(_shown(p) for p in plan.problems),
        warnings=tuple(_shown(w) for w in plan.warnings),
    )


def _tidy(product: Product) -> Product:
    """Positions follow list order (the editor reorders by moving rows)."""
    related = tuple(replace(r, position=i) for i, r in enumerate(product.related))
    tags = tuple(dict.fromkeys(t.strip() for t in product.tags if t.strip()))
    return replace(product, related=related, tags=tags, title=product.title.strip(), item_id=product.item_id.strip())


def _mirror_substitutes(session: Any, saved: Product, before: Product | None) -> None:
    """Make substitutes symmetric: add the reverse of each, drop the reverse of removed ones."""
    now = {r.target_id for r in saved.related if r.kind is RelationKind.SUBSTITUTE}
    old = {r.target_id for r in (before.related if before else ()) if r.kind is RelationKind.SUBSTITUTE}
    for target_id in sorted(now | (old - now)):
        other = repo.get_product(session=session, product_id=target_id)
        if other is None or other.deleted:
            continue
        has_reverse = any(r.kind is RelationKind.SUBSTITUTE and r.target_id == saved.id for r in other.related)
        if target_id in now and not has_reverse:
            related = [*other.related, Relation(RelationKind.SUBSTITUTE, saved.id, len(other.related))]
        elif target_id not in now and has_reverse:
            related = [r for r in other.related if not (r.kind is RelationKind.SUBSTITUTE and r.target_id == saved.id)]
        else:
            continue
        repo.set_relations(
            session=session,
            product_id=target_id,
            relations=[replace(r, position=i) for i, r in enumerate(related)],
        )
