"""Undo/redo for every edit of the library window, as snapshots.

An edit runs *before* its command is pushed (so a refused edit never reaches the stack and its
error can be shown); the command keeps the snapshot taken before and the one taken after.
Undo restores the first, redo the second. Restoring a snapshot brings back ids, positions,
categories and every field exactly, whatever the edit was — a delete, a move between
libraries, a category renamed or dragged under another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from sidekick.core.types import LibraryKind
from sidekick.ui.library.backend import BackendError, LibraryBackend, LibrarySnapshot

# Called after undo/redo so the window reloads; the argument says whether it was an undo.
Refresh = Callable[[bool], None]
# Called when restoring fails (the database changed under us, e.g. a hub pull).
Report = Callable[[str], None]


class SnapshotCommand(QUndoCommand):
    """One edit, undone and redone by restoring whole-library snapshots."""

    def __init__(self, backend: LibraryBackend, text: str, before: LibrarySnapshot, after: LibrarySnapshot,
                 refresh: Refresh, report: Report) -> None:
        super().__init__(text)
        self._backend = backend
        self._before = before
        self._after = after
        self._refresh = refresh
        self._report = report
        self._first = True  # the edit already happened when the command is pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._apply(self._after, undo=False)

    def undo(self) -> None:
        self._apply(self._before, undo=True)

    def _apply(self, snapshot: LibrarySnapshot, *, undo: bool) -> None:
        # Exceptions cannot cross back into QUndoStack; report them instead.
        try:
            self._backend.restore(snapshot)
        except BackendError as error:
            self._report(str(error))
        self._refresh(undo)


def run_edit(backend: LibraryBackend, libraries: Sequence[LibraryKind], action: Callable[[], object]
             ) -> tuple[object, LibrarySnapshot, LibrarySnapshot]:
    """Snapshot, run ``action``, snapshot again; ``BackendError`` propagates with nothing changed."""
    before = backend.snapshot(libraries)
    result = action()
    after = backend.snapshot(libraries)
    return result, before, after
