"""The library window's backend: every data operation over the Store and the repository.

``LibraryService`` implements ``sidekick.ui.library.backend.LibraryBackend``. Each method is
one transaction (``Store.session()``), so an edit either happens completely or not at all;
repository errors come back as ``BackendError`` with the repository's readable message.

Who may change the team library is decided here, not in the window: with no hub configured
anyone may; with a hub only a lead (the role the hub client stored), and those edits are
pending until published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlmodel import Session, select

from sidekick.config.settings import Settings
from sidekick.core.messages import Message, message_of
from sidekick.core.placeholders import validate
from sidekick.core.progress import Progress
from sidekick.core.style import RuleSet, StyleIssue, check, default_rules
from sidekick.core.types import CategoryPath, HitKind, LibraryKind, Phrase, Problem, SearchHit, new_id
from sidekick.db import repository as repo
from sidekick.db.changes import ChangeRecord, apply_rows, category_phrase_ids, recording
from sidekick.db.engine import DatabaseBusy
from sidekick.db.repository.common import library_kind_of
from sidekick.db.settings_store import get_value, set_value
from sidekick.db.store import Store
from sidekick.db.tables import CategoryRow, PhraseRow
from sidekick.db.team_access import AGENT_MESSAGE, HUB_ROLE_KEY, UNKNOWN_MESSAGE
from sidekick.ui.background import storage_busy_text
from sidekick.ui.library.backend import (
    BackendError,
    EditChange,
    EditPermission,
    ExportFormat,
    ImportPreview,
    ImportRow,
    LibraryOverview,
    MinedGroup,
    MiningResult,
    PendingChange,
)

if TYPE_CHECKING:
    from sidekick.core.exchange.base import ImportResult
    from sidekick.core.search import SearchIndex
    from sidekick.db.library_import import ImportPlan

# The library editor's unsaved text, kept as the agent types (restored after a crash or kill).
DRAFT_KEY = "state.library.draft"
TEAM_ID = repo.LIBRARY_IDS[LibraryKind.TEAM]

_T = TypeVar("_T")


@contextmanager
def _storage_errors() -> Iterator[None]:
    """A write the storage refuses, as the ``BackendError`` the window shows: one mapping for every write.

    While another Sidekick process holds the write lock the window says so and keeps what the
    lead typed; saving again works once the lock is free."""
    try:
        yield
    except repo.RepositoryError as error:
        raise BackendError(message_of(error)) from error
    except DatabaseBusy as error:
        raise BackendError(storage_busy_text()) from error


def _content(phrase: Phrase) -> tuple[object, ...]:
    """What undo must bring back; timestamps and sync revisions are bookkeeping, not content."""
    return (phrase.library, phrase.category, phrase.title, phrase.body, phrase.code,
            phrase.valid_from, phrase.valid_until, phrase.position, phrase.questions, phrase.intents)
# The search engine's hits a filter lists, best first. Making a hit is the engine's main cost
# (about 0.05 ms each): 500 keep a keystroke's filter within budget at 20,000 phrases, and a
# filter matching more than 500 phrases is refined by typing on, not by scrolling.
SEARCH_LIMIT = 500
# Plain substring matches among campaign phrases (the ones the engine may leave out), case-blind
# for Latin letters; the validity indexes find them without reading every row.
_DATED_SUBSTRING = ("(valid_from IS NOT NULL OR valid_until IS NOT NULL) "
                    "AND (code || char(10) || title || char(10) || body) LIKE ? ESCAPE '\\'")


# Live phrases with a validity window per library (through the validity indexes).
_DATED_COUNTS = ("SELECT library_id, count(*) FROM phrase "
                 "WHERE (valid_from IS NOT NULL OR valid_until IS NOT NULL) AND NOT deleted GROUP BY library_id")


def _in_node(path: CategoryPath, node: CategoryPath) -> bool:
    """Whether a phrase filed under ``path`` is listed at ``node`` (a category lists its
    subcategories' phrases too; a subcategory or the uncategorised node only its own)."""
    if node.subcategory or not node.category:
        return path == node
    return path.category == node.category


def _sql_time(value: datetime) -> str:
    """A naive datetime as SQLite holds it (text that sorts like the time)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


class LibraryService:
    """``LibraryBackend`` over the local database.

    ``settings_provider`` returns the current settings (a hub URL means a hub is configured);
    ``role_provider`` overrides the stored hub role; ``publisher`` sends pending team changes
    and returns a summary (the app wires the hub's publish here).
    """

    def __init__(
        self,
        store: Store,
        settings_provider: Callable[[], Settings],
        *,
        role_provider: Callable[[], str | None] | None = None,
        publisher: Callable[[], str] | None = None,
        rules: RuleSet | None = None,
        clock: Callable[[], datetime] = datetime.now,
        search: Callable[[str, int], Sequence[SearchHit]] | None = None,
        on_change: Callable[[set[str]], None] | None = None,
    ) -> None:
        self._store = store
        self._settings = settings_provider
        self._role_provider = role_provider
        self._publisher = publisher
        self._rules = rules
        self._clock = clock
        # The app's search (its one index) when given; else an index of our own, rebuilt
        # lazily after writes (a service used on its own, as in tests and scripts).
        self._app_search = search
        self._index: SearchIndex | None = None
        self._bank: object | None = None  # the question bank, read on first use
        # Told the phrase ids each edit (or its undo/redo) touched: the app updates its one
        # search index with them instead of rebuilding it.
        self._on_change = on_change
        self._last_change: EditChange | None = None

    # ------------------------------------------------------------------ reading
    def overview(self) -> LibraryOverview:
        with self._store.session(read_only=True) as session:
            categories = tuple(repo.list_categories(session=session))
            counted = repo.counts(session=session)
            dated: dict[str, int] = {library_id: count for library_id, count
                                     in session.connection().exec_driver_sql(_DATED_COUNTS).fetchall()}
        return LibraryOverview(categories, {kind: counted.get(kind.value, 0) for kind in LibraryKind},
                               {kind: dated.get(repo.LIBRARY_IDS[kind], 0) for kind in LibraryKind})

    def phrases(self, library: LibraryKind, category: CategoryPath | None = None, *,
                query: str = "", expiring_days: int | None = None) -> list[Phrase]:
        return self.phrases_by_id(self.phrase_ids(library, category, query=query, expiring_days=expiring_days))

    def phrase_ids(self, library: LibraryKind, category: CategoryPath | None = None, *,
                   query: str = "", expiring_days: int | None = None) -> list[str]:
        """The node's phrase ids in list order; no phrase is materialised here.

        Without a query: selected by SQL from ``ix_phrase_listing`` alone and put in tree
        order here. With a query: the search index's ranking, kept to the node by the hits'
        own library and category, plus plain substring matches among campaign phrases (the
        engine leaves out expired and future ones; the library must still find them).
        """
        with self._store.session() as session:  # the tree: a few dozen rows
            infos = repo.list_categories(session=session, library=library, with_counts=False)
        where = ["library_id = ?", "NOT deleted"]
        params: list[object] = [repo.LIBRARY_IDS[library]]
        if category is not None and not category.parts:
            where.append("category_id IS NULL")
        elif category is not None:
            ids = [c.id for c in infos if _in_node(c.path, category)]
            where.append(f"category_id IN ({','.join('?' * len(ids)) or 'NULL'})")
            params += ids
        if expiring_days is not None:
            now = self._clock()
            where.append("valid_until IS NOT NULL AND valid_until >= ? AND valid_until < ?")
            params += [_sql_time(now), _sql_time(now + timedelta(days=expiring_days))]
        needle = query.strip()
        with self._store.session() as session:
            connection = session.connection()
            if not needle:
                sql = f"SELECT category_id, position, title, id FROM phrase WHERE {' AND '.join(where)}"
                rows = list(connection.exec_driver_sql(sql, tuple(params)).fetchall())
                order = {info.id: n for n, info in enumerate(infos)}
                rows.sort(key=lambda r: (order.get(r[0], -1), r[1], r[2], r[3]))  # list_phrases' order
                return [r[3] for r in rows]
            rank: dict[str, int] = {}
            for hit in self._search_hits(needle):
                if hit.library is library and (category is None or _in_node(hit.category, category)):
                    rank.setdefault(hit.id, len(rank))
            pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql = f"SELECT id FROM phrase WHERE {' AND '.join(where)} AND {_DATED_SUBSTRING}"
            for (pid,) in connection.exec_driver_sql(sql, (*params, pattern)):
                rank.setdefault(pid, len(rank))
            if expiring_days is not None and rank:  # the engine's hits must also end soon
                sql = f"SELECT id FROM phrase WHERE {' AND '.join(where)}"
                ending = {pid for (pid,) in connection.exec_driver_sql(sql, tuple(params))}
                return [pid for pid in rank if pid in ending]
        return list(rank)

    def phrases_by_id(self, phrase_ids: Sequence[str]) -> list[Phrase]:
        """Live phrases of ``phrase_ids``, in that order (the rows a view is about to show)."""
        from sidekick.db.search_load import load_phrases  # plain SQL: a page costs a few ms

        with self._store.session() as session:
            found = {p.id: p for p, _forms in load_phrases(session, phrase_ids)}
        return [found[i] for i in phrase_ids if i in found]

    def phrase(self, phrase_id: str) -> Phrase | None:
        with self._store.session(read_only=True) as session:
            found = repo.get_phrase(session=session, phrase_id=phrase_id)
        return None if found is None or found.deleted else found

    def now_local(self) -> datetime:
        return self._clock()

    def _search_hits(self, query: str) -> Sequence[SearchHit]:
        """The search engine's phrase hits, best first (the app's one index when given)."""
        if self._app_search is not None:
            hits = self._app_search(query, SEARCH_LIMIT)
        else:
            hits = self._own_index().search(query, SEARCH_LIMIT, self._clock())
        return [h for h in hits if h.kind is HitKind.PHRASE]

    def _own_index(self) -> SearchIndex:
        if self._index is None:
            from sidekick.db.search_load import load_index

            self._index = load_index(self._store.engine, with_usage=False)
        return self._index

    # ------------------------------------------------------------------ permissions, hub
    def permission(self) -> EditPermission:
        if not self._settings().hub_url.strip():
            return EditPermission(team_editable=True)
        role = self._role_provider() if self._role_provider else None
        if role is None:
            with self._store.session(read_only=True) as session:
                role = get_value(session=session, key=HUB_ROLE_KEY, default=None)
        if role == "lead":
            return EditPermission(team_editable=True, pending=True, hub=True)
        return EditPermission(team_editable=False, reason="agent" if role == "agent" else "role_unknown", hub=True)

    def pending_changes(self) -> list[PendingChange]:
        found: list[PendingChange] = []
        with self._store.session() as session:
            for row in session.exec(select(CategoryRow).where(CategoryRow.library_id == TEAM_ID, CategoryRow.dirty == True)):  # noqa: E712  builds SQL, not a truth test
                if row.deleted and row.revision == 0:
                    continue  # never published: nothing to tell the hub
                action = "deleted" if row.deleted else "added" if row.revision == 0 else "changed"
                found.append(PendingChange("category", action, row.name))
            for phrase_row in session.exec(select(PhraseRow).where(PhraseRow.library_id == TEAM_ID, PhraseRow.dirty == True)):  # noqa: E712  builds SQL, not a truth test
                if phrase_row.deleted and phrase_row.revision == 0:
                    continue
                action = "deleted" if phrase_row.deleted else "added" if phrase_row.revision == 0 else "changed"
                path = repo.get_phrase(session=session, phrase_id=phrase_row.id)
                found.append(PendingChange("phrase", action, phrase_row.title,
                                           path.category if path else CategoryPath()))
        return found

    def publish(self) -> str:
        if self._publisher is None:
            raise BackendError("publishing needs the team hub connection; connect to the hub first")
        result = self._publisher()
        self._changed()
        return result

    # ------------------------------------------------------------------ writes
    def _allowed(self, libraries: Sequence[LibraryKind]) -> None:
        permission = self.permission() if LibraryKind.TEAM in libraries else None
        if permission is not None and not permission.team_editable:
            # The same words as every other path that refuses (import, command line).
            raise BackendError(AGENT_MESSAGE if permission.reason == "agent" else UNKNOWN_MESSAGE)

    def _changed(self) -> None:
        """Everything may have changed (an import, a publish): forget the own index."""
        self._index = None
        self._last_change = None

    def _write(self, libraries: Sequence[LibraryKind], action: Callable[[Session], _T]) -> _T:
        """Run ``action`` in one transaction, recording the rows it changes (for undo)."""
        self._allowed(libraries)
        self._last_change = None
        with _storage_errors(), self._store.session() as session:
            with recording(session) as record:
                result = action(session)
            touched = record.phrase_ids() | category_phrase_ids(session, record.category_ids())
        if not record.empty:
            self._last_change = EditChange(record, frozenset(touched), record.reshapes())
            self._phrases_changed(touched)
        return result

    def _phrases_changed(self, phrase_ids: set[str]) -> None:
        if self._index is not None:
            from sidekick.db.search_load import refresh_phrases

            refresh_phrases(self._index, self._store.engine, phrase_ids)
        if self._on_change is not None:
            self._on_change(phrase_ids)

    def last_change(self) -> EditChange | None:
        return self._last_change

    def apply_change(self, change: EditChange, *, undo: bool) -> None:
        record: ChangeRecord = change.record  # type: ignore[assignment]  # the UI carries it opaquely
        libraries = {library_kind_of(row[1]) for r in record.rows for row in (r.before, r.after)
                     if row is not None}  # the library column, for phrase and category rows alike
        self._allowed(list(libraries))
        try:
            with _storage_errors(), self._store.session() as session:
                apply_rows(session, record, undo=undo)
        except BackendError:
            raise
        except Exception as error:
            raise BackendError(message_of(error)) from error
        self._last_change = None
        self._phrases_changed(set(change.phrase_ids))

    def save_phrase(self, phrase: Phrase) -> Phrase:
        problems = self.validate_body(phrase.body)
        if problems:
            raise BackendError("; ".join(str(p) for p in problems))

        def run(session: Session) -> Phrase:
            old = repo.get_phrase(session=session, phrase_id=phrase.id)
            if old is not None and old.library is not phrase.library:
                self._allowed([old.library])
            fresh = replace(phrase, code=phrase.code.strip(), deleted=False)
            if old is None or old.deleted or old.category != phrase.category or old.library != phrase.library:
                siblings = repo.list_phrases(session=session, library=phrase.library, category=phrase.category)
                fresh = replace(fresh, position=max((p.position for p in siblings), default=-1) + 1)
            return repo.save_phrase(session=session, phrase=fresh)

        return self._write([phrase.library], run)

    def delete_phrases(self, phrase_ids: Sequence[str]) -> None:
        def run(session: Session) -> None:
            for pid in phrase_ids:
                found = repo.get_phrase(session=session, phrase_id=pid)
                if found is not None:
                    self._allowed([found.library])
                    repo.delete_phrase(session=session, phrase_id=pid)

        self._write([], run)

    def move_phrases(self, phrase_ids: Sequence[str], library: LibraryKind, category: CategoryPath,
                     position: int | None = None) -> None:
        def run(session: Session) -> None:
            targets: list[str] = []
            for pid in phrase_ids:
                found = repo.get_phrase(session=session, phrase_id=pid)
                if found is None or found.deleted:
                    continue
                self._allowed([found.library])
                if found.library is library:
                    targets.append(pid)
                    continue
                # Between libraries: a new row, and the old one deleted (a tombstone for team
                # rows so the hub learns of it) rather than a row silently changing library.
                copy = replace(found, id=new_id(), library=library, category=category,
                               revision=0, position=10**9)
                repo.delete_phrase(session=session, phrase_id=pid)
                repo.save_phrase(session=session, phrase=copy)
                targets.append(copy.id)
            repo.move_phrases(session=session, phrase_ids=targets, library=library,
                              category=category, position=position)

        self._write([library], run)

    def copy_phrases(self, phrase_ids: Sequence[str], library: LibraryKind, category: CategoryPath) -> list[str]:
        def run(session: Session) -> list[str]:
            made: list[str] = []
            siblings = repo.list_phrases(session=session, library=library, category=category)
            position = max((p.position for p in siblings), default=-1) + 1
            for pid in phrase_ids:
                found = repo.get_phrase(session=session, phrase_id=pid)
                if found is None or found.deleted:
                    continue
                code = found.code
                if code and repo.find_phrase_by_code(session=session, library=library, code=code):
                    code = ""  # keep the copy; the agent's own code wins
                copy = replace(found, id=new_id(), library=library, category=category, code=code,
                               position=position, revision=0, created_at=None)
                repo.save_phrase(session=session, phrase=copy)
                made.append(copy.id)
                position += 1
            return made

        return self._write([library], run)

    def _category_library(self, category_id: str) -> LibraryKind:
        with self._store.session(read_only=True) as session:
            for info in repo.list_categories(session=session):
                if info.id == category_id:
                    return info.library
        raise BackendError(Message("that category no longer exists"))

    def create_category(self, library: LibraryKind, parent_id: str | None, name: str) -> str:
        return self._write([library], lambda s: repo.create_category(
            session=s, library=library, parent_id=parent_id, name=name))

    def rename_category(self, category_id: str, name: str) -> None:
        self._write([self._category_library(category_id)],
                    lambda s: repo.rename_category(session=s, category_id=category_id, name=name))

    def move_category(self, category_id: str, parent_id: str | None, position: int) -> None:
        self._write([self._category_library(category_id)], lambda s: repo.move_category(
            session=s, category_id=category_id, parent_id=parent_id, position=position))

    def delete_category(self, category_id: str) -> None:
        library = self._category_library(category_id)

        def run(session: Session) -> None:
            infos = repo.list_categories(session=session, library=library)
            node = next(i for i in infos if i.id == category_id)
            doomed = [i for i in infos if i.id == category_id or (
                not node.path.subcategory and i.path.category == node.path.category and i.path.subcategory)]
            paths = {i.path for i in doomed}
            for phrase in repo.list_phrases(session=session, library=library):
                if phrase.category in paths:
                    repo.delete_phrase(session=session, phrase_id=phrase.id)
            for info in sorted(doomed, key=lambda i: not i.path.subcategory):  # subcategories first
                repo.delete_category(session=session, category_id=info.id)

        self._write([library], run)

    # ------------------------------------------------------------------ the open draft
    def save_draft(self, draft: dict[str, object] | None) -> None:
        """Autosave of the open draft, as the agent types: best effort. While another Sidekick
        command holds the write lock it is skipped; the text stays in the editor and the next
        change saves it again."""
        try:
            with self._store.session() as session:
                set_value(session=session, key=DRAFT_KEY, value=draft)
        except DatabaseBusy:
            return

    def load_draft(self) -> dict[str, object] | None:
        with self._store.session() as session:
            found = get_value(session=session, key=DRAFT_KEY, default=None)
        return found if isinstance(found, dict) else None

    # ------------------------------------------------------------------ checking
    # ------------------------------------------------------------------ 买家问法 and intents
    def _question_bank(self):
        if self._bank is None:
            from sidekick.core.suggest import QuestionBank, load_question_bank

            try:
                self._bank = load_question_bank()
            except (OSError, ValueError):
                self._bank = QuestionBank()  # no bank: phrases keep their questions, intents stay empty
        return self._bank

    def intent_choices(self) -> list[tuple[str, str]]:
        return [(intent.id, intent.name) for intent in self._question_bank().intents]

    def linked_intents(self, phrase: Phrase) -> tuple[str, ...]:
        from sidekick.core.suggest import link_intents

        return link_intents(replace(phrase, intents=()), self._question_bank())

    def question_proposals(self, phrase_id: str) -> list[str]:
        from sidekick.db.question_proposals import proposals_for

        with self._store.session() as session:
            return proposals_for(session, phrase_id)

    def question_proposers(self, phrase_id: str) -> dict[str, str]:
        from sidekick.db.question_proposals import proposers_for

        with self._store.session() as session:
            return proposers_for(session, phrase_id)

    def dismiss_proposal(self, phrase_id: str, question: str) -> None:
        from sidekick.db.question_proposals import drop_proposal

        with _storage_errors(), self._store.session() as session:
            drop_proposal(session, phrase_id, question)

    def validate_body(self, body: str) -> list[Problem]:
        return validate(body)

    def style_issues(self, body: str) -> list[StyleIssue]:
        if self._rules is None:
            self._rules = default_rules()
        return check(body, self._rules)

    # ------------------------------------------------------------------ chat mining
    MINED_QUESTIONS = 20  # examples a group gives its phrase as 买家问法

    def mine_chats(self, paths: Sequence[Path], progress: Progress | None = None) -> MiningResult:
        from sidekick.app.chat_mining import ChatFileError, dismissed, group_key, mine_files
        from sidekick.db.suggest_load import build_suggest_engine

        engine = build_suggest_engine(self._store.engine, self._question_bank())

        def stage(name: str, done: int, total: int) -> None:
            if progress is not None and name == "coverage" and total:
                progress(done, total)  # the one stage whose length is known in advance

        try:
            report, bad = mine_files(paths, engine, top=50, progress=stage)
        except (ChatFileError, OSError) as error:
            raise BackendError(message_of(error)) from error
        with self._store.session() as session:
            hidden = dismissed(session)
        groups = []
        for group in report.groups:
            key = group_key(group)
            if key in hidden or group.rank > 200:
                continue
            questions = list(dict.fromkeys([*group.examples, *(m.text for m in group.members)]))[: self.MINED_QUESTIONS]
            groups.append(MinedGroup(
                key=key, rank=group.rank, kind=group.kind, representative=group.representative,
                conversations=group.conversations, share=group.share, intent=group.intent,
                intent_name=group.intent_name, covered_id=group.covered_by, covered_title=group.covered_title,
                proposed_reply=group.proposed_reply or "", questions=tuple(questions)))
        return MiningResult(tuple(groups), report.messages, report.coverage_before, report.coverage_after, len(bad))

    def accept_mined(self, group: MinedGroup, library: LibraryKind, category: CategoryPath, title: str,
                     body: str) -> Phrase:
        if not body.strip():
            raise BackendError("Write the reply before saving it as a phrase.")
        phrase = Phrase(id=new_id(), library=library, category=category, title=title.strip() or group.representative[:20],
                        body=body.strip(), questions=group.questions,
                        intents=(group.intent,) if group.intent else ())
        return self.save_phrase(phrase)

    def add_mined_questions(self, group: MinedGroup, phrase_id: str) -> Phrase:
        phrase = self.phrase(phrase_id)
        if phrase is None:
            raise BackendError("That phrase no longer exists; pick another one.")
        merged = tuple(dict.fromkeys([*phrase.questions, *group.questions]))
        return self.save_phrase(replace(phrase, questions=merged))

    def dismiss_mined(self, group: MinedGroup) -> None:
        from sidekick.app.chat_mining import dismiss

        with _storage_errors(), self._store.session() as session:
            dismiss(session, group.key)

    # ------------------------------------------------------------------ exchange
    def preview_import(self, path: Path, library: LibraryKind) -> ImportPreview:
        return self._import(path, library, dry_run=True)

    def apply_import(self, path: Path, library: LibraryKind, progress: Progress | None = None) -> ImportPreview:
        return self._import(path, library, dry_run=False, progress=progress)

    def _import(self, path: Path, library: LibraryKind, *, dry_run: bool,
                progress: Progress | None = None) -> ImportPreview:
        """Plan an import of ``path`` and, unless a dry run, write it in the same transaction.

        A Sidekick CSV/XLSX is streamed and checked by the command line's own path (``plan_table``),
        so the window lists exactly the problems `sidekick import` lists; its rows go into the
        library shown. Other formats are read whole, as the command line reads them.
        """
        from sidekick.core.exchange.base import FormatError, problem_of
        from sidekick.db.library_import import ImportRefused, apply_import, plan_import
        from sidekick.db.table_source import plan_table

        plan_of: Callable[[Session], ImportPlan]
        warnings: tuple[Problem, ...]
        problems: tuple[Problem, ...]
        table = _table_format(path)
        if table:
            name, libraries, warnings, problems = table, [library], (), ()
            apply_progress = None  # plan_table reports the bytes read, on the check and on the write

            def plan_of(session: Session) -> ImportPlan:
                return plan_table(session, path, source=path.name, library=library, force_library=True,
                                  keep=dry_run, progress=progress)
        else:
            parsed, name = _read_import(path, library)
            target = _target(name, library)
            libraries = [target] if target else list({p.library for p in parsed.library.phrases})
            warnings, problems, apply_progress = tuple(parsed.warnings), tuple(parsed.problems), progress

            def plan_of(session: Session) -> ImportPlan:
                return plan_import(session=session, library=parsed.library, default_library=target,
                                   source=path.name, kept_fields=parsed.kept_fields)
        if not dry_run:
            self._allowed(libraries)
        if problems:
            return ImportPreview(path, name, 0, 0, 0, problems=problems, warnings=warnings)
        try:
            with self._store.session(read_only=dry_run) as session:
                plan = plan_of(session)
                if dry_run or not plan.ok:
                    session.rollback()  # a dry run: whatever planning touched is thrown away
                    return _preview(path, name, plan, warnings)
                summary = apply_import(session=session, plan=plan, progress=apply_progress)
        except FormatError as error:  # not readable as a table at all: listed like a bad row
            return ImportPreview(path, name, 0, 0, 0, problems=(problem_of(error, path.name),))
        except ImportRefused as refused:
            return ImportPreview(path, name, 0, 0, 0, problems=tuple(refused.problems))
        except OSError as error:
            raise BackendError(f"cannot read {path}: {error.strerror or error}") from error
        except repo.RepositoryError as error:  # e.g. team data that is the hub's on this machine
            raise BackendError(message_of(error)) from error
        except DatabaseBusy as error:
            raise BackendError(storage_busy_text()) from error
        self._changed()
        counts = summary.phrases
        return ImportPreview(path, name, counts.added, counts.updated, counts.unchanged,
                             warnings=tuple(summary.warnings))

    def export_formats(self) -> list[ExportFormat]:
        return list(EXPORT_FORMATS)

    def export(self, path: Path, format_key: str, library: LibraryKind | None) -> int:
        from sidekick.core.exchange import registry
        from sidekick.core.exchange.base import FormatError

        fmt = registry.FORMATS.get(format_key)
        if fmt is None:
            raise BackendError(f"unknown export format {format_key!r}")
        kind = library if library is not None or not fmt.one_library else LibraryKind.TEAM
        with self._store.session(read_only=True) as session:
            whole = repo.load_library(session=session)
        try:
            data = registry.write(fmt, whole, kind)
            path.write_bytes(data)
        except FormatError as error:
            raise BackendError(message_of(error)) from error
        except OSError as error:
            raise BackendError(f"cannot write {path}: {error.strerror or error}") from error
        return sum(1 for p in whole.phrases if kind is None or p.library is kind)


EXPORT_FORMATS = (
    ExportFormat("json", "Sidekick JSON", "json"),
    ExportFormat("csv", "CSV (Excel/WPS)", "csv"),
    ExportFormat("xlsx", "Excel (.xlsx)", "xlsx"),
    ExportFormat("qianniu", "千牛快捷短语 CSV", "csv"),
    ExportFormat("espanso", "Espanso YAML", "yml"),
)


def _read_import(path: Path, library: LibraryKind) -> tuple[ImportResult, str]:
    """Parse ``path`` (format detected from content and extension) → (ImportResult, format name)."""
    from sidekick.core.exchange import registry
    from sidekick.core.exchange.base import FormatError, ImportResult, problem_of
    from sidekick.core.types import Library

    try:
        data = path.read_bytes()
    except OSError as error:
        raise BackendError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        fmt = registry.detect(data, path.name)
        return registry.read(fmt, data, path.name, library), fmt.name
    except FormatError as error:  # an unreadable file is listed like a bad row, in the same preview
        return ImportResult(Library(), (problem_of(error, path.name),)), ""


def _preview(path: Path, name: str, plan: ImportPlan, warnings: tuple[Problem, ...] = ()) -> ImportPreview:
    """What a checked plan would do: its counts and first rows, or (refused) only its problems."""
    if not plan.ok:
        return ImportPreview(path, name, 0, 0, 0, problems=tuple(plan.problems), warnings=warnings + tuple(plan.warnings))
    rows = [ImportRow(verdict, p.library, p.category, p.title)
            for verdict, found in (("added", plan.phrases_added), ("updated", plan.phrases_updated),
                                   ("unchanged", plan.phrases_unchanged)) for p in found]
    counts = plan.phrase_counts
    return ImportPreview(path, name, counts.added, counts.updated, counts.unchanged, tuple(rows[:50]),
                         warnings=warnings + tuple(plan.warnings))


def _table_format(path: Path) -> str | None:
    """"csv" or "xlsx" when ``path`` is a Sidekick spreadsheet (read by streaming), else None."""
    from sidekick.core.exchange import registry
    from sidekick.core.exchange.base import FormatError
    from sidekick.db.table_source import TABLE_FORMATS

    try:
        with path.open("rb") as handle:
            head = handle.read(registry.SNIFF_BYTES)
        name = registry.detect(head, path.name).name
    except (OSError, FormatError):
        return None  # the whole-file path reports it
    return name if name in TABLE_FORMATS else None


def _target(format_name: str, library: LibraryKind) -> LibraryKind | None:
    # Sidekick JSON names each phrase's library itself; every other format goes where asked.
    return None if format_name == "json" else library
