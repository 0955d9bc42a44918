"""The picker's search box: input-method aware, and the one place keys arrive.

Focus never leaves this box while the popup is open (the list and preview take no focus), so
every picker key goes through :meth:`SearchBox.keyPressEvent` and is offered to the picker's
handler first.

Input methods: while a composition is open (pinyin typed, candidates showing) the pinyin is
the *preedit*, not yet part of ``text()``. Sidekick understands pinyin, so the query includes
the preedit and results follow every letter. Keys that arrive while a composition is open
belong to the input method — above all the Enter that commits it, which must not paste.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

# Pinyin input methods separate syllables in the preedit ("kuai'di", "kuai di"); the search
# engine wants the letters only.
_PREEDIT_SEPARATORS = str.maketrans("", "", "' \u3000")


class SearchBox(QLineEdit):
    """A line edit that reports text + preedit as the query and routes keys to the picker."""

    query_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PickerSearch")
        self.setClearButtonEnabled(False)
        self._preedit = ""
        # Returns True when the picker handled the key; set by the picker.
        self.key_handler: Callable[[QKeyEvent], bool] = lambda event: False
        self.textChanged.connect(lambda _text: self.query_changed.emit(self.query()))

    @property
    def preedit(self) -> str:
        """The open composition's text, or "" when none is open."""
        return self._preedit

    def composing(self) -> bool:
        return bool(self._preedit)

    def query(self) -> str:
        """What to search for: the committed text with the preedit inserted at the caret."""
        text = self.text()
        if not self._preedit:
            return text
        cursor = self.cursorPosition()
        return text[:cursor] + self._preedit.translate(_PREEDIT_SEPARATORS) + text[cursor:]

    def reset(self) -> None:
        """Empty the box without emitting ``query_changed`` (the picker refreshes itself)."""
        if self._preedit and self.hasFocus():
            QGuiApplication.inputMethod().reset()  # drop a composition left open last time
        self.blockSignals(True)
        self._preedit = ""
        self.clear()
        self.blockSignals(False)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # Record the preedit before the base class applies the commit, so the textChanged it
        # emits already sees the composition closed.
        before = self._preedit
        self._preedit = event.preeditString()
        text_before = self.text()
        super().inputMethodEvent(event)
        if self._preedit != before and self.text() == text_before:
            # A preedit-only change emits no textChanged: search with the new pinyin ourselves.
            self.query_changed.emit(self.query())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._preedit and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            # Belongs to the composition (commit or cancel it), never to the picker.
            super().keyPressEvent(event)
            event.accept()
            return
        if not self._preedit and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Tab never reaches keyPressEvent (QWidget turns it into focus traversal first); the
        # picker uses it to toggle the product card and focus must stay here anyway.
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not self._preedit):
            self.key_handler(event)
            event.accept()
            return True
        return super().event(event)
