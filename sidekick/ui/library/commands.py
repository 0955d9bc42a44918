"""Undo/redo for every edit of the library window, as recorded changes.

An edit runs *before* its command is pushed (so a refused edit never reaches the stack and its
error can be shown); the command keeps the :class:`EditChange` the backend recorded for it —
each row the edit inserted, updated or deleted, as it was before and after. Undo puts the
``before`` rows back, redo the ``after`` rows, whatever the edit was — a delete, a move between
libraries, a category renamed or dragged under another. The stack's memory grows with what
the edits touched, not with the library.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from sidekick.ui.i18n import error_text
from sidekick.ui.library.backend import BackendError, EditChange, LibraryBackend

# Called after undo/redo so the window shows the result; the argument is the change applied.
Refresh = Callable[[EditChange], None]
# Called when applying fails (the database changed under us, e.g. a hub pull).
Report = Callable[[str], None]


class ChangeCommand(QUndoCommand):
    """One edit, undone and redone by applying its recorded change."""

    def __init__(self, backend: LibraryBackend, text: str, change: EditChange,
                 refresh: Refresh, report: Report) -> None:
        super().__init__(text)
        self._backend = backend
        self.change = change
        self._refresh = refresh
        self._report = report
        self._first = True  # the edit already happened when the command is pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._apply(undo=False)

    def undo(self) -> None:
        self._apply(undo=True)

    def _apply(self, *, undo: bool) -> None:
        # Exceptions cannot cross back into QUndoStack; report them instead.
        try:
            self._backend.apply_change(self.change, undo=undo)
        except BackendError as error:
            self._report(error_text(error))
        self._refresh(self.change)
