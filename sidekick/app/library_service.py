"""The library window's backend: every data operation over the Store and the repository.

``LibraryService`` implements ``sidekick.ui.library.backend.LibraryBackend``. Each method is
one transaction (``Store.session()``), so an edit either happens completely or not at all;
repository errors come back as ``BackendError`` with the repository's readable message.

Who may change the team library is decided here, not in the window: with no hub configured
anyone may; with a hub only a lead (the role the hub client stored), and those edits are
pending until published.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import select

from sidekick.config.settings import Settings
from sidekick.core.placeholders import validate
from sidekick.core.style import RuleSet, StyleIssue, check, default_rules
from sidekick.core.types import CategoryInfo, CategoryPath, HitKind, LibraryKind, Phrase, Problem, SearchHit, new_id
from sidekick.db import repository as repo
from sidekick.db.settings_store import get_value
from sidekick.db.store import Store
from sidekick.db.team_access import AGENT_MESSAGE, UNKNOWN_MESSAGE
from sidekick.db.tables import CategoryRow, PhraseRow
from sidekick.ui.library.backend import (
    BackendError,
    ImportRow,
    EditPermission,
    ExportFormat,
    ImportPreview,
    LibraryOverview,
    LibrarySnapshot,
    MinedGroup,
    MiningResult,
    PendingChange,
    ProgressCallback,
)

# Written by the hub client after it logs in: "lead" or "agent".
HUB_ROLE_KEY = "state.hub.role"
TEAM_ID = repo.LIBRARY_IDS[LibraryKind.TEAM]


def _content(phrase: Phrase) -> tuple[object, ...]:
    """What undo must bring back; timestamps and sync revisions are bookkeeping, not content."""
    return (phrase.library, phrase.category, phrase.title, phrase.body, phrase.code,
            phrase.valid_from, phrase.valid_until, phrase.position, phrase.questions, phrase.intents)


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
        self._index: object | None = None
        self._bank: object | None = None  # the question bank, read on first use

    # ------------------------------------------------------------------ reading
    def overview(self) -> LibraryOverview:
        with self._store.session(read_only=True) as session:
            categories = tuple(repo.list_categories(session=session))
            counted = repo.counts(session=session)
        return LibraryOverview(categories, {kind: counted.get(kind.value, 0) for kind in LibraryKind})

    def phrases(self, library: LibraryKind, category: CategoryPath | None = None, *,
                query: str = "", expiring_days: int | None = None) -> list[Phrase]:
        with self._store.session(read_only=True) as session:
            found = repo.list_phrases(session=session, library=library)
        if category is not None:
            if category.subcategory or not category.category:
                found = [p for p in found if p.category == category]
            else:
                found = [p for p in found if p.category.category == category.category]
        if expiring_days is not None:
            now = self._clock()
            horizon = now + timedelta(days=expiring_days)
            found = [p for p in found if p.valid_until is not None and now <= p.valid_until < horizon]
        if query.strip():
            rank = self._search(query.strip())
            found = sorted((p for p in found if p.id in rank), key=lambda p: rank[p.id])
        return found

    def phrase(self, phrase_id: str) -> Phrase | None:
        with self._store.session(read_only=True) as session:
            found = repo.get_phrase(session=session, phrase_id=phrase_id)
        return None if found is None or found.deleted else found

    def now_local(self) -> datetime:
        return self._clock()

    def _search(self, query: str) -> dict[str, int]:
        """Phrase id → rank: the search engine first, then plain substring matches.

        The engine only offers phrases valid now (it serves the popup); the library must
        also find expired and future campaign phrases, so substring hits are appended.
        """
        if self._app_search is not None:
            hits = self._app_search(query, 100_000)
        else:
            if self._index is None:
                from sidekick.db.search_load import load_index

                self._index = load_index(self._store.engine, with_usage=False)
            hits = self._index.search(query, 100_000, self._clock())  # type: ignore[attr-defined]
        rank = {hit.id: n for n, hit in enumerate(h for h in hits if h.kind is HitKind.PHRASE)}
        for pid in self._substring(query):
            rank.setdefault(pid, len(rank))
        return rank

    def _substring(self, query: str) -> dict[str, int]:
        needle = query.casefold()
        with self._store.session(read_only=True) as session:
            every = repo.list_phrases(session=session)
        hay = ((p.id, f"{p.code}\n{p.title}\n{p.body}".casefold()) for p in every)
        return {pid: n for n, (pid, text) in enumerate(h for h in hay if needle in h[1])}

    # ------------------------------------------------------------------ permissions, hub
    def permission(self) -> EditPermission:
        if not self._settings().hub_url.strip():
            return EditPermission(team_editable=True)
        role = self._role_provider() if self._role_provider else None
        if role is None:
            with self._store.session(read_only=True) as session:
                role = get_value(session=session, key=HUB_ROLE_KEY, default=None)
        if role == "lead":
            return EditPermission(team_editable=True, pending=True)
        return EditPermission(team_editable=False, reason="agent" if role == "agent" else "role_unknown")

    def pending_changes(self) -> list[PendingChange]:
        found: list[PendingChange] = []
        with self._store.session() as session:
            for row in session.exec(select(CategoryRow).where(CategoryRow.library_id == TEAM_ID, CategoryRow.dirty == True)):  # noqa: E712
                if row.deleted and row.revision == 0:
                    continue  # never published: nothing to tell the hub
                action = "deleted" if row.deleted else "added" if row.revision == 0 else "changed"
                found.append(PendingChange("category", action, row.name))
            for row in session.exec(select(PhraseRow).where(PhraseRow.library_id == TEAM_ID, PhraseRow.dirty == True)):  # noqa: E712
                if row.deleted and row.revision == 0:
                    continue
                action = "deleted" if row.deleted else "added" if row.revision == 0 else "changed"
                path = repo.get_phrase(session=session, phrase_id=row.id)
                found.append(PendingChange("phrase", action, row.title, path.category if path else CategoryPath()))
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
        self._index = None

    def _write(self, libraries: Sequence[LibraryKind], action: Callable[..., object]) -> object:
        self._allowed(libraries)
        try:
            with self._store.session() as session:
                result = action(session)
        except repo.RepositoryError as error:
            raise BackendError(str(error)) from error
        self._changed()
        return result

    def save_phrase(self, phrase: Phrase) -> Phrase:
        problems = self.validate_body(phrase.body)
        if problems:
            raise BackendError("; ".join(str(p) for p in problems))

        def run(session) -> Phrase:  # type: ignore[no-untyped-def]
            old = repo.get_phrase(session=session, phrase_id=phrase.id)
            if old is not None and old.library is not phrase.library:
                self._allowed([old.library])
            fresh = replace(phrase, code=phrase.code.strip(), deleted=False)
            if old is None or old.deleted or old.category != phrase.category or old.library != phrase.library:
                siblings = repo.list_phrases(session=session, library=phrase.library, category=phrase.category)
                fresh = replace(fresh, position=max((p.position for p in siblings), default=-1) + 1)
            return repo.save_phrase(session=session, phrase=fresh)

        return self._write([phrase.library], run)  # type: ignore[return-value]

    def delete_phrases(self, phrase_ids: Sequence[str]) -> None:
        def run(session) -> None:  # type: ignore[no-untyped-def]
            for pid in phrase_ids:
                found = repo.get_phrase(session=session, phrase_id=pid)
                if found is not None:
                    self._allowed([found.library])
                    repo.delete_phrase(session=session, phrase_id=pid)

        self._write([], run)

    def move_phrases(self, phrase_ids: Sequence[str], library: LibraryKind, category: CategoryPath,
                     position: int | None = None) -> None:
        def run(session) -> None:  # type: ignore[no-untyped-def]
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
        def run(session) -> list[str]:  # type: ignore[no-untyped-def]
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

        return self._write([library], run)  # type: ignore[return-value]

    def _category_library(self, category_id: str) -> LibraryKind:
        with self._store.session(read_only=True) as session:
            for info in repo.list_categories(session=session):
                if info.id == category_id:
                    return info.library
        raise BackendError("that category no longer exists")

    def create_category(self, library: LibraryKind, parent_id: str | None, name: str) -> str:
        return self._write([library], lambda s: repo.create_category(  # type: ignore[return-value]
            session=s, library=library, parent_id=parent_id, name=name))

    def rename_category(self, category_id: str, name: str) -> None:
        self._write([self._category_library(category_id)],
                    lambda s: repo.rename_category(session=s, category_id=category_id, name=name))

    def move_category(self, category_id: str, parent_id: str | None, position: int) -> None:
        self._write([self._category_library(category_id)], lambda s: repo.move_category(
            session=s, category_id=category_id, parent_id=parent_id, position=position))

    def delete_category(self, category_id: str) -> None:
        library = self._category_library(category_id)

        def run(session) -> None:  # type: ignore[no-untyped-def]
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

    # ------------------------------------------------------------------ undo support
    def snapshot(self, libraries: Sequence[LibraryKind]) -> LibrarySnapshot:
        kinds = tuple(dict.fromkeys(libraries))
        with self._store.session(read_only=True) as session:
            phrases = tuple(p for k in kinds for p in repo.list_phrases(session=session, library=k))
            categories = tuple(c for k in kinds for c in repo.list_categories(session=session, library=k))
        return LibrarySnapshot(kinds, phrases, categories)

    def restore(self, snapshot: LibrarySnapshot) -> None:
        """Diff the snapshot against the database and rewrite only what differs."""

        def run(session) -> None:  # type: ignore[no-untyped-def]
            now = self.snapshot(snapshot.libraries)
            tops = {(c.library, c.path.category): c.id for c in snapshot.categories if not c.path.subcategory}
            current_cats = {c.id: c for c in now.categories}
            for info in sorted(snapshot.categories, key=lambda c: bool(c.path.subcategory)):
                if current_cats.get(info.id, None) is None or _cat_key(current_cats[info.id]) != _cat_key(info):
                    parent = tops[(info.library, info.path.category)] if info.path.subcategory else None
                    repo.restore_category(session=session, category=info, parent_id=parent)
            wanted = {p.id: p for p in snapshot.phrases}
            for phrase in now.phrases:
                if phrase.id not in wanted:
                    repo.delete_phrase(session=session, phrase_id=phrase.id)
            current = {p.id: p for p in now.phrases}
            for phrase in snapshot.phrases:
                if phrase.id not in current or _content(current[phrase.id]) != _content(phrase):
                    repo.save_phrase(session=session, phrase=replace(phrase, deleted=False))
            keep = {c.id for c in snapshot.categories}
            for info in sorted(now.categories, key=lambda c: not c.path.subcategory):
                if info.id not in keep:
                    repo.delete_category(session=session, category_id=info.id)

        self._write(snapshot.libraries, run)

    # ------------------------------------------------------------------ checking
    # ------------------------------------------------------------------ 买家问法 and intents
    def _question_bank(self):  # type: ignore[no-untyped-def]
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
        from sidekick.app.question_learning import proposals_for

        with self._store.session() as session:
            return proposals_for(session, phrase_id)

    def dismiss_proposal(self, phrase_id: str, question: str) -> None:
        from sidekick.app.question_learning import drop_proposal

        with self._store.session() as session:
            drop_proposal(session, phrase_id, question)

    def validate_body(self, body: str) -> list[Problem]:
        return validate(body)

    def style_issues(self, body: str) -> list[StyleIssue]:
        if self._rules is None:
            self._rules = default_rules()
        return check(body, self._rules)

    # ------------------------------------------------------------------ chat mining
    MINED_QUESTIONS = 20  # examples a group gives its phrase as 买家问法

    def mine_chats(self, paths: Sequence[Path], progress: ProgressCallback | None = None) -> MiningResult:
        from sidekick.app.chat_mining import ChatFileError, dismissed, group_key, mine_files
        from sidekick.db.suggest_load import build_suggest_engine

        engine = build_suggest_engine(self._store.engine, self._question_bank())

        def stage(name: str, done: int, total: int) -> None:
            if progress is not None and name == "coverage" and total:
                progress(done, total)  # the one stage whose length is known in advance

        try:
            report, bad = mine_files(paths, engine, top=50, progress=stage)
        except (ChatFileError, OSError) as error:
            raise BackendError(str(error)) from error
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

        with self._store.session() as session:
            dismiss(session, group.key)

    # ------------------------------------------------------------------ exchange
    def preview_import(self, path: Path, library: LibraryKind) -> ImportPreview:
        from sidekick.db.library_import import plan_import

        parsed, name = _read_import(path, library)
        if parsed.problems:
            return ImportPreview(path, name, 0, 0, 0, problems=parsed.problems, warnings=parsed.warnings)
        with self._store.session(read_only=True) as session:
            plan = plan_import(session=session, library=parsed.library, default_library=_target(name, library),
                               source=path.name, kept_fields=parsed.kept_fields)
            session.rollback()  # a dry run: whatever planning touched is thrown away
        rows = [ImportRow(verdict, p.library, p.category, p.title)
                for verdict, found in (("added", plan.phrases_added), ("updated", plan.phrases_updated),
                                       ("unchanged", plan.phrases_unchanged)) for p in found]
        counts = plan.phrase_counts
        return ImportPreview(path, name, counts.added, counts.updated, counts.unchanged, tuple(rows[:50]),
                             tuple(plan.problems), tuple(parsed.warnings) + tuple(plan.warnings))

    def apply_import(self, path: Path, library: LibraryKind, progress: ProgressCallback | None = None) -> ImportPreview:
        from sidekick.db.library_import import ImportRefused, apply_import, plan_import

        parsed, name = _read_import(path, library)
        target = _target(name, library)
        self._allowed([target] if target else list({p.library for p in parsed.library.phrases}))
        if parsed.problems:
            return ImportPreview(path, name, 0, 0, 0, problems=parsed.problems, warnings=parsed.warnings)
        try:
            with self._store.session() as session:  # plan and write in one transaction
                plan = plan_import(session=session, library=parsed.library, default_library=target,
                                   source=path.name, kept_fields=parsed.kept_fields)
                summary = apply_import(session=session, plan=plan, progress=progress)
        except ImportRefused as refused:
            return ImportPreview(path, name, 0, 0, 0, problems=tuple(refused.problems))
        except repo.RepositoryError as error:  # e.g. team data that is the hub's on this machine
            raise BackendError(str(error)) from error
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
            raise BackendError(str(error)) from error
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


def _read_import(path: Path, library: LibraryKind):  # type: ignore[no-untyped-def]
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


def _target(format_name: str, library: LibraryKind) -> LibraryKind | None:
    # Sidekick JSON names each phrase's library itself; every other format goes where asked.
    return None if format_name == "json" else library


def _cat_key(info: CategoryInfo) -> tuple[object, ...]:
    return (info.library, info.path, info.position)
