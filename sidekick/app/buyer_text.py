"""Suggest mode's first step: the buyer's message the agent has selected, or the clipboard.

Where the system keeps a readable selection (X11 PRIMARY) it is read directly: no keys are
sent and the clipboard is untouched. Elsewhere the copy chord is sent to the chat window with
the same discipline as the paste: wait until the hotkey's modifiers are up (Ctrl+C under a
held Alt is another chord), save every clipboard format, empty the clipboard, send the chord,
poll for the copied text for ``copy_timeout_ms``, then put the agent's clipboard back. When
nothing is selected, the clipboard's own text is the message.

Every wait is a QTimer poll on the GUI thread (see ``paster``). The text goes to the caller
only: it is never logged, stored or kept here after the callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from sidekick.config.settings import Settings
from sidekick.core.ports import Clipboard, ClipboardSnapshot, KeySender, SelectionReader

# The copy chord per paste chord: an agent whose chat client pastes with Cmd+V copies with Cmd+C.
_COPY_CHORDS = {"cmd+v": "cmd+c"}


def snapshot_text(snapshot: ClipboardSnapshot) -> str:
    """The plain text a saved clipboard held ("" when none)."""
    for mime, data in snapshot.formats:
        if mime.startswith("text/plain"):
            return data.decode("utf-8", "replace")
    return ""


class BuyerTextReader(QObject):
    """Reads the buyer's message once per ``read``; the answer arrives through ``done``."""

    def __init__(self, selection: SelectionReader, clipboard: Clipboard, keys: KeySender,
                 settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._selection = selection
        self._clipboard = clipboard
        self._keys = keys
        self.settings = settings
        self._done: Callable[[str], None] | None = None
        self._snapshot: ClipboardSnapshot | None = None
        self._deadline = 0.0
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._tick)
        self._step: Callable[[], None] | None = None

    @property
    def busy(self) -> bool:
        return self._done is not None

    def read(self, done: Callable[[str], None]) -> None:
        """Call ``done(text)`` with the selected text, else the clipboard's ("" when neither)."""
        if self.busy:
            return  # a second hotkey press while copying: the first read answers
        selected = self._selection.selected_text()
        if selected is not None:
            done(selected if selected.strip() else self._clipboard.text())
            return
        self._done = done
        self._deadline = time.monotonic() + self.settings.modifier_timeout_ms / 1000.0
        self._step = self._wait_for_modifiers
        self._poll.start(max(1, self.settings.paste_poll_ms))
        self._tick()

    def _tick(self) -> None:
        if self._step is not None:
            self._step()

    def _wait_for_modifiers(self) -> None:
        if self._keys.modifiers_down() and time.monotonic() < self._deadline:
            return
        if self._keys.modifiers_down():
            self._keys.release_modifiers()
        self._snapshot = self._clipboard.save()
        self._clipboard.restore(ClipboardSnapshot())  # empty: whatever appears was copied now
        self._keys.send_copy(_COPY_CHORDS.get(self.settings.paste_key, "ctrl+c"))
        self._deadline = time.monotonic() + self.settings.copy_timeout_ms / 1000.0
        self._step = self._wait_for_copy

    def _wait_for_copy(self) -> None:
        copied = self._clipboard.text()
        if not copied and time.monotonic() < self._deadline:
            return
        snapshot = self._snapshot or ClipboardSnapshot()
        self._clipboard.restore(snapshot)
        self._finish(copied if copied.strip() else snapshot_text(snapshot))

    def _finish(self, text: str) -> None:
        self._poll.stop()
        done, self._done, self._step, self._snapshot = self._done, None, None, None
        if done is not None:
            done(text)
