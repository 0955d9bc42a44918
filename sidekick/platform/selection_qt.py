"""The X11 PRIMARY selection through Qt: the text the agent last selected in any window.

On X11 selecting text is enough to make it readable by other programs (the PRIMARY selection,
what a middle click pastes), so suggest mode needs no copy keystroke there and the agent's
clipboard is never touched. Qt fetches it from the owning program on request; the text is
handed to the caller and never kept, logged or stored here.

PRIMARY outlives the highlight in many programs: a line selected a minute ago may still be
it. Suggest mode shows the buyer's message it used at the top of the popup, so the agent sees
at once what the suggestions answer.
"""

from __future__ import annotations

from PySide6.QtGui import QClipboard, QGuiApplication


class QtPrimarySelection:
    """SelectionReader over ``QClipboard.Mode.Selection``."""

    def __init__(self) -> None:
        self._clipboard: QClipboard = QGuiApplication.clipboard()

    def selected_text(self) -> str | None:
        if not self._clipboard.supportsSelection():
            return None
        return self._clipboard.text(QClipboard.Mode.Selection)
