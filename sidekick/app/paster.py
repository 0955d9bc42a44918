"""The paste, as timed steps on the GUI thread.

    give focus back to the target ─► confirm it has focus ─► wait for the hotkey's modifiers
    to be released ─► save every clipboard format ─► put the reply on the clipboard ─►
    check focus once more ─► send the paste key ─► wait until the target has read the
    clipboard (then a short quiet time), or the restore timeout ─► restore the clipboard ─►
    move the caret back for {光标} / press Enter for "paste and send"

Every wait is a QTimer poll, never ``time.sleep``: on X11 the target fetches the reply from
us, the clipboard owner, through our event loop, and a blocked loop pastes the old content
(PASTE_NOTES). Every delay is a named setting (``focus_timeout_ms``, ``modifier_timeout_ms``,
``restore_settle_ms``, ``restore_timeout_ms``, ``paste_poll_ms``).

If the target cannot be confirmed focused, nothing is pasted blind: the reply is left on
the clipboard and ``failed`` carries a message for the user. Nothing here logs text.
"""

from __future__ import annotations

import enum
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from sidekick.config.settings import Settings
from sidekick.core.ports import Clipboard, ClipboardSnapshot, FocusTracker, KeySender
from sidekick.core.types import WindowRef


class PasteOutcome(str, enum.Enum):
    PASTED = "pasted"
    TYPED = "typed"
    NO_TARGET = "no_target"  # nothing to paste into: left on the clipboard
    FOCUS_LOST = "focus_lost"  # focus went elsewhere: left on the clipboard


@dataclass(frozen=True, slots=True)
class PasteJob:
    text: str
    target: WindowRef | None
    caret: int | None = None  # code point index from RenderResult; None = at the end
    send: bool = False  # press Enter after pasting (Ctrl+Enter in the popup)
    paste_key: str = "ctrl+v"
    type_instead: bool = False


def caret_moves(text: str, caret: int | None) -> int:
    """Left presses that put the caret at ``caret``: one per user-perceived character after it.

    Editors move over a whole emoji (with its variation selector, skin tone or ZWJ parts)
    and a base letter with its combining marks in one press.
    """
    if caret is None or caret >= len(text):
        return 0
    moves = 0
    joined = False
    for char in text[max(caret, 0):]:
        code = ord(char)
        if joined:
            joined = False
            continue
        if char == "\u200d":
            joined = True
            continue
        if unicodedata.combining(char) or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF:
            continue
        moves += 1
    # "\r\n" is one caret position too.
    return moves - text[max(caret, 0):].count("\r\n")


class Paster(QObject):
    """Runs one PasteJob at a time; a new job first finishes the pending restore of the last."""

    step = Signal(str)  # step names, no content: for tests and the debug timing log
    finished = Signal(object)  # PasteOutcome
    failed = Signal(str)  # a message for the user (the reply is on the clipboard)

    def __init__(self, clipboard: Clipboard, focus: FocusTracker, keys: KeySender, settings: Settings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._focus = focus
        self._keys = keys
        self.settings = settings
        self._job: PasteJob | None = None
        self._snapshot: ClipboardSnapshot | None = None
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._on_poll)
        self._poll_check: Callable[[], bool] | None = None
        self._poll_done: Callable[[bool], None] | None = None
        self._poll_deadline = 0.0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self._restore)
        self._restore_timeout = QTimer(self)
        self._restore_timeout.setSingleShot(True)
        self._restore_timeout.timeout.connect(self._restore)
        # Typing instead of pasting goes one character per tick: X servers remap a spare keycode
        # for each character outside the keymap (all Chinese), and typing faster than the target
        # reads its events turns "亲，您好" into "亲，您您".
        self._typing = QTimer(self)
        self._typing.timeout.connect(self._type_next)
        self._to_type: list[str] = []
        self.reads = 0  # target reads seen for the current job

    @property
    def busy(self) -> bool:
        return self._job is not None

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings

    # ------------------------------------------------------------------ steps

    def paste(self, job: PasteJob) -> None:
        if self.busy:
            self.step.emit("flush_previous")
            self._restore()
        self._job = job
        self.reads = 0
        self.step.emit("start")
        if job.target is None:
            self._leave_on_clipboard(PasteOutcome.NO_TARGET, "no_target")
            return
        self._focus.activate(job.target)
        self._wait(lambda: self._focus.is_active(job.target), self.settings.focus_timeout_ms, self._focus_result)

    def _focus_result(self, ok: bool) -> None:
        if not ok:
            self._leave_on_clipboard(PasteOutcome.FOCUS_LOST, "focus_lost")
            return
        self.step.emit("focused")
        self._wait(lambda: not self._keys.modifiers_down(), self.settings.modifier_timeout_ms, self._modifiers_result)

    def _modifiers_result(self, released: bool) -> None:
        if not released:
            # The agent is still holding Ctrl/Alt: a paste now would arrive as Ctrl+Alt+V.
            self._keys.release_modifiers()
            self.step.emit("modifiers_forced")
        job = self._job
        assert job is not None and job.target is not None
        if job.type_instead:
            self.step.emit("type")
            self._to_type = list(job.text)
            self._typing.start(max(1, self.settings.type_interval_ms))
            return
        self._snapshot = self._clipboard.save()
        self.step.emit("saved")
        self._clipboard.set_text(job.text)
        if not self._focus.is_active(job.target):
            # Focus moved between the check and now (the agent clicked away): do not paste blind.
            self._snapshot = None
            self._leave_on_clipboard(PasteOutcome.FOCUS_LOST, "focus_lost", already_set=True)
            return
        self._clipboard.watch_reads(self._on_read, job.target)
        self._keys.send_paste(job.paste_key)
        self.step.emit("paste_sent")
        self._restore_timeout.start(self.settings.restore_timeout_ms)

    def _type_next(self) -> None:
        job = self._job
        if job is None or not self._to_type:
            self._typing.stop()
            self._keys.finish_typing()
            if job is not None:
                self._after_paste()
                self._finish(PasteOutcome.TYPED)
            return
        if job.target is not None and not self._focus.is_active(job.target):
            # The agent clicked elsewhere mid-way: stop, and hand over the whole reply.
            self._typing.stop()
            self._to_type = []
            self._keys.finish_typing()
            self._leave_on_clipboard(PasteOutcome.FOCUS_LOST, "focus_lost")
            return
        self._keys.type_text(self._to_type.pop(0))

    def _on_read(self) -> None:
        # The target asks several times (TARGETS, then the text; GTK up to 4 times):
        # restore once it has been quiet for restore_settle_ms.
        self.reads += 1
        if self.reads == 1:
            self.step.emit("read")
        self._settle.start(self.settings.restore_settle_ms)

    def _restore(self) -> None:
        self._settle.stop()
        self._restore_timeout.stop()
        self._clipboard.watch_reads(None)
        job = self._job
        if self._snapshot is not None:
            self._clipboard.restore(self._snapshot)
            self._snapshot = None
            self.step.emit("restored" if self.reads else "restored_after_timeout")
        if job is not None:
            self._after_paste()
            self._finish(PasteOutcome.PASTED)

    def _after_paste(self) -> None:
        job = self._job
        assert job is not None
        moves = caret_moves(job.text, job.caret)
        if moves:
            self._keys.send_left(moves)
            self.step.emit("caret")
        if job.send:
            self._keys.send_enter()
            self.step.emit("enter")

    # ------------------------------------------------------------------ helpers

    def _leave_on_clipboard(self, outcome: PasteOutcome, step: str, already_set: bool = False) -> None:
        job = self._job
        assert job is not None
        if not already_set:
            self._clipboard.set_text(job.text)
        self.step.emit(step)
        if outcome is PasteOutcome.NO_TARGET:
            message = self.tr("No window to paste into: the reply is on the clipboard, paste it yourself.")
        else:
            message = self.tr("Focus moved to another window, so nothing was pasted: "
                              "the reply is on the clipboard, paste it yourself.")
        self._finish(outcome)
        self.failed.emit(message)

    def _finish(self, outcome: PasteOutcome) -> None:
        self._poll.stop()
        self._typing.stop()
        self._to_type = []
        self._job = None
        self.step.emit("done")
        self.finished.emit(outcome)

    def _wait(self, check: Callable[[], bool], timeout_ms: int, done: Callable[[bool], None]) -> None:
        """Call ``done(True)`` as soon as ``check()`` holds, ``done(False)`` after ``timeout_ms``."""
        if check():
            done(True)
            return
        self._poll_check = check
        self._poll_done = done
        self._poll_deadline = time.monotonic() + timeout_ms / 1000.0
        self._poll.start(max(1, self.settings.paste_poll_ms))

    def _on_poll(self) -> None:
        check, done = self._poll_check, self._poll_done
        if check is None or done is None:
            self._poll.stop()
            return
        ok = check()
        if ok or time.monotonic() >= self._poll_deadline:
            self._poll.stop()
            self._poll_check = self._poll_done = None
            done(ok)
