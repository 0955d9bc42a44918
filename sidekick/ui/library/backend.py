"""What the library window needs from the rest of the app, as a Protocol and plain values.

The window never touches the database, the hub or the exchange code: ``sidekick.app``
implements :class:`LibraryBackend` (``LibraryService``) and hands it in. Every write is one
transaction on the backend's side; the window only decides *what* to change.

Undo works on changes: after each write the window asks the backend for the
:class:`EditChange` it recorded (the rows the write changed, as they were before and after),
and undo/redo ask the backend to ``apply_change`` one side of it. That brings back ids,
positions, categories and fields exactly, and costs what the edit touched, not the library.

Lists are read as ids (``phrase_ids``: selected and ordered where the data is) and the
phrases a view shows are fetched by id (``phrases_by_id``), a page at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sidekick.core.progress import Progress
from sidekick.core.style import StyleIssue
from sidekick.core.types import CategoryInfo, CategoryPath, LibraryKind, Phrase, Problem

# (done, total) — called from the worker thread during an import.


class BackendError(Exception):
    """A change the user asked for that cannot be made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class EditPermission:
    """Whether this user may change the team library, and how."""

    team_editable: bool
    pending: bool = False  # team edits wait for "发布/Publish" (hub + lead)
    reason: str = ""  # shown in the banner when the team library is read-only
    hub: bool = False  # a team hub is set up on this computer


@dataclass(frozen=True, slots=True)
class LibraryOverview:
    """The tree: every category node with counts, and per-library totals."""

    categories: tuple[CategoryInfo, ...]
    totals: dict[LibraryKind, int] = field(default_factory=dict)  # live phrases per library
    dated: dict[LibraryKind, int] = field(default_factory=dict)  # live phrases with validity dates


@dataclass(frozen=True, slots=True)
class EditChange:
    """What one write changed, as the backend recorded it (for undo/redo).

    ``record`` is the backend's own (the window only hands it back); ``phrase_ids`` are the
    phrases whose rows or category changed; ``reshaped`` says whether lists must be read again.
    """

    record: object
    phrase_ids: frozenset[str] = frozenset()
    # False when only phrase fields changed in place (no phrase added, removed or moved, no
    # category touched, no validity dates set or cleared): lists and the tree keep their shape.
    reshaped: bool = True


@dataclass(frozen=True, slots=True)
class PendingChange:
    """One team change not yet published to the hub."""

    kind: str  # "phrase" | "category"
    action: str  # "added" | "changed" | "deleted"
    title: str
    category: CategoryPath = CategoryPath()


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One phrase of an import preview."""

    action: str  # "added" | "updated" | "unchanged"
    library: LibraryKind
    category: CategoryPath
    title: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a file would change (a dry run: nothing was written)."""

    path: Path
    format_name: str
    added: int
    updated: int
    unchanged: int
    rows: tuple[ImportRow, ...] = ()  # the first rows, for a glance
    problems: tuple[Problem, ...] = ()  # errors: the import is refused while any exist
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export choice of the Export dialog."""

    key: str  # "json", "csv", "xlsx", "qianniu"
    label: str
    extension: str  # without the dot


@dataclass(frozen=True, slots=True)
class MinedGroup:
    """One group of buyer questions found in chat records, as the review list shows it."""

    key: str  # stays the same across runs (intent, or the masked representative question)
    rank: int
    kind: str  # "question", "closing" or "greeting"
    representative: str
    conversations: int
    share: float
    intent: str | None
    intent_name: str | None
    covered_id: str | None  # the phrase that answers it today, if any
    covered_title: str | None
    proposed_reply: str
    questions: tuple[str, ...]  # masked examples: they become the phrase's 买家问法


@dataclass(frozen=True, slots=True)
class MiningResult:
    groups: tuple[MinedGroup, ...]  # by frequency, dismissed ones left out
    messages: int
    coverage_before: float
    coverage_after: float
    bad_lines: int


class LibraryBackend(Protocol):
    """Data operations of the library window (called on the GUI thread unless noted)."""

    # --- reading --------------------------------------------------------------------
    def overview(self) -> LibraryOverview:
        """Category tree with direct phrase counts, and totals per library."""
        ...

    def phrases(
        self,
        library: LibraryKind,
        category: CategoryPath | None = None,
        *,
        query: str = "",
        expiring_days: int | None = None,
    ) -> list[Phrase]:
        """Phrases of a node: the whole library (``None``), a category with its subcategories,
        or one subcategory; filtered by ``query`` (search-engine order) and, with
        ``expiring_days``, to phrases whose validity ends within that many days."""
        ...

    def phrase_ids(
        self,
        library: LibraryKind,
        category: CategoryPath | None = None,
        *,
        query: str = "",
        expiring_days: int | None = None,
    ) -> list[str]:
        """What ``phrases`` returns, as ids only (cheap at any library size)."""
        ...

    def phrases_by_id(self, phrase_ids: Sequence[str]) -> list[Phrase]:
        """The live phrases of ``phrase_ids``, in that order."""
        ...

    def phrase(self, phrase_id: str) -> Phrase | None:
        ...

    def now_local(self) -> datetime:
        """Shop-local now, for validity badges."""
        ...

    # --- permissions and hub --------------------------------------------------------
    def permission(self) -> EditPermission:
        ...

    def pending_changes(self) -> list[PendingChange]:
        ...

    def publish(self) -> str:
        """Send pending team changes to the hub; returns a summary (may block: run off-thread)."""
        ...

    # --- writes (each one transaction; raise BackendError with a readable message) ---
    def save_phrase(self, phrase: Phrase) -> Phrase:
        """Insert or update; a new phrase (unknown id) goes to the end of its category."""
        ...

    def delete_phrases(self, phrase_ids: Sequence[str]) -> None:
        ...

    def move_phrases(
        self, phrase_ids: Sequence[str], library: LibraryKind, category: CategoryPath, position: int | None = None
    ) -> None:
        """Move phrases into a category at ``position`` (end when None). Between libraries
        the phrases are copied and the originals deleted (a team deletion must sync)."""
        ...

    def copy_phrases(self, phrase_ids: Sequence[str], library: LibraryKind, category: CategoryPath) -> list[str]:
        """Copies with new ids (and no code clash) in ``library``; returns the new ids."""
        ...

    def create_category(self, library: LibraryKind, parent_id: str | None, name: str) -> str:
        ...

    def rename_category(self, category_id: str, name: str) -> None:
        ...

    def move_category(self, category_id: str, parent_id: str | None, position: int) -> None:
        ...

    def delete_category(self, category_id: str) -> None:
        """Delete a category with its subcategories and every phrase in them."""
        ...

    def last_change(self) -> EditChange | None:
        """What the last write changed (None when it changed nothing)."""
        ...

    def apply_change(self, change: EditChange, *, undo: bool) -> None:
        """Put back the rows as they were before (``undo``) or after the change."""
        ...

    # --- the open draft (autosave) ----------------------------------------------------
    def save_draft(self, draft: dict[str, object] | None) -> None:
        """Keep what the editor holds unsaved (None forgets it), so a crash or kill loses nothing."""
        ...

    def load_draft(self) -> dict[str, object] | None:
        ...

    # --- checking -------------------------------------------------------------------
    def validate_body(self, body: str) -> list[Problem]:
        """Placeholder errors; a body with any may not be saved (it would paste literally)."""
        ...

    def style_issues(self, body: str) -> list[StyleIssue]:
        """House-style warnings (never block saving)."""
        ...

    # --- 买家问法 (buyer questions) and intents ----------------------------------------
    def intent_choices(self) -> list[tuple[str, str]]:
        """(id, name) of every intent of the question bank, in the bank's order."""
        ...

    def linked_intents(self, phrase: Phrase) -> tuple[str, ...]:
        """The intents ``phrase`` would be linked to automatically (its hand-set ones ignored)."""
        ...

    def question_proposals(self, phrase_id: str) -> list[str]:
        """Masked buyer questions suggest mode proposed for a team phrase, oldest first."""
        ...

    def question_proposers(self, phrase_id: str) -> dict[str, str]:
        """For proposals an agent sent through the team hub: question → that agent's login."""
        ...

    def dismiss_proposal(self, phrase_id: str, question: str) -> None:
        """Forget a proposal (accepted into the phrase, or dismissed)."""
        ...

    # --- exchange -------------------------------------------------------------------
    def mine_chats(self, paths: Sequence[Path], progress: Progress | None = None) -> MiningResult:
        """Read chat exports (never copied), group the buyers' questions; BackendError when unreadable."""
        ...

    def accept_mined(self, group: MinedGroup, library: LibraryKind, category: CategoryPath, title: str,
                     body: str) -> Phrase:
        """A new phrase answering ``group``: its questions become the phrase's 买家问法."""
        ...

    def add_mined_questions(self, group: MinedGroup, phrase_id: str) -> Phrase:
        """Append ``group``'s questions to an existing phrase's 买家问法."""
        ...

    def dismiss_mined(self, group: MinedGroup) -> None:
        """Hide ``group`` from later reviews (remembered in the local database)."""
        ...

    def preview_import(self, path: Path, library: LibraryKind) -> ImportPreview:
        """Dry run: what importing ``path`` into ``library`` would change."""
        ...

    def apply_import(self, path: Path, library: LibraryKind, progress: Progress | None = None) -> ImportPreview:
        """Import for real (one transaction); called from a worker thread."""
        ...

    def export_formats(self) -> list[ExportFormat]:
        ...

    def export(self, path: Path, format_key: str, library: LibraryKind | None) -> int:
        """Write the library (both when None) to ``path``; returns the phrases written."""
        ...
