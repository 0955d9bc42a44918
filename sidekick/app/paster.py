"""The paste, as an explicit state machine of timed steps on the GUI thread.

    IDLE ─► WAITING_FOCUS ─► WAITING_MODIFIERS ─┬─► PASTING ─► WAITING_READ ─► RESTORING ─► IDLE
                                                 └─► TYPING ───────────────────────────────► IDLE

- WAITING_FOCUS: focus is given back to the target and confirmed.
- WAITING_MODIFIERS: the hotkey's Ctrl/Alt must be up, or the paste arrives as Ctrl+Alt+V.
- PASTING: every clipboard format is saved, the reply put on the clipboard, focus checked once
  more, the paste key sent. TYPING instead sends the reply one character per tick.
- WAITING_READ: the target fetches the reply (then a short quiet time). Where reads cannot be
  seen (Windows, macOS) the restore timeout stands for the read; where they can, a target that has
  not read by then gets until LATE_READ_LIMIT_S, and one that never reads gets no restore at all:
  the reply stays on the clipboard (NOT_READ), so a late read can never paste the old clipboard.
- RESTORING: the agent's clipboard comes back; then the caret moves back for {光标} and, for
  "paste and send", Enter is pressed.

Every wait is a QTimer poll, never ``time.sleep``: on X11 the target fetches the reply from
us, the clipboard owner, through our event loop, and a blocked loop pastes the old content
(docs/PASTE.md). Every delay is a named setting (``focus_timeout_ms``, ``modifier_timeout_ms``,
``restore_settle_ms``, ``restore_timeout_ms``, ``paste_poll_ms``).

A new paste while one is running cancels the running one according to its state (see
:meth:`Paster.cancel`): nothing is sent for a job still waiting; typing stops and the keyboard
map is put back; a job whose paste key was sent gets its clipboard restored, and its caret
moves and Enter only if the target had already read the reply. A job that did not put its
whole reply in never presses Enter: a half-typed reply is never sent.

If the target cannot be confirmed focused, or never reads the reply, nothing is pasted blind: the
reply is left on the clipboard and ``failed`` carries a message for the user. Nothing here logs text.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from sidekick.config.settings import Settings
from sidekick.core.ports import Clipboard, ClipboardSnapshot, FocusTracker, KeySender
from sidekick.core.text import grapheme_count
from sidekick.core.types import WindowRef

# While waiting for the target to take focus, the request is repeated this often.
REACTIVATE_S = 0.1
# Where reads can be seen (X11), a target that has not read the reply by restore_timeout_ms gets up
# to this long after the paste key before the paste is given up on. Restoring first would hand a late
# reader the agent's own clipboard, pasted to the buyer: a chat window on a busy machine was seen
# reading more than 0.8 s after the key. Where reads cannot be seen, restore_timeout_ms is all there is.
LATE_READ_LIMIT_S = 5.0


class PasteOutcome(str, enum.Enum):
    PASTED = "pasted"
    TYPED = "typed"
    NO_TARGET = "no_target"  # nothing to paste into: left on the clipboard
    FOCUS_LOST = "focus_lost"  # focus went elsewhere: left on the clipboard
    NOT_READ = "not_read"  # the target never read the reply it was sent: left on the clipboard
    CANCELLED = "cancelled"  # a newer paste replaced this one before it was complete


class PasteState(str, enum.Enum):
    IDLE = "idle"
    WAITING_FOCUS = "waiting_focus"
    WAITING_MODIFIERS = "waiting_modifiers"
    PASTING = "pasting"
    TYPING = "typing"
    WAITING_READ = "waiting_read"
    RESTORING = "restoring"


@dataclass(frozen=True, slots=True)
class PasteJob:
    text: str
    target: WindowRef | None
    caret: int | None = None  # code point index from RenderResult; None = at the end
    send: bool = False  # press Enter after pasting (Ctrl+Enter in the popup)
    paste_key: str = "ctrl+v"
    type_instead: bool = False


def caret_moves(text: str, caret: int | None) -> int:
    """Left presses that put the caret at code point ``caret``: one per user-perceived
    character (grapheme cluster) after it — an emoji with its modifiers or ZWJ parts, a flag,
    a keycap ``1️⃣``, a Hangul syllable typed as jamo, ``\\r\\n`` — as editors move.
    """
    if caret is None or caret >= len(text):
        return 0
    return grapheme_count(text[max(caret, 0):])


class Paster(QObject):
    """Runs one PasteJob at a time; a new job first cancels the running one (see ``cancel``)."""

    step = Signal(str)  # step names, no content: for tests and the debug timing log
    finished = Signal(object)  # PasteOutcome, once per job that started
    failed = Signal(str)  # a message for the user (the reply is on the clipboard)

    def __init__(self, clipboard: Clipboard, focus: FocusTracker, keys: KeySender, settings: Settings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._focus = focus
        self._keys = keys
        self.settings = settings
        self.state = PasteState.IDLE
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
        self._restore_timeout.timeout.connect(self._read_timed_out)
        self._reads_observed = False  # whether this system tells us when the target reads
        self._waited_late = False  # the current job already got its extra wait for a late read
        # Typing instead of pasting goes one character per tick: X servers remap a spare keycode
        # for each character outside the keymap (all Chinese), and typing faster than the target
        # reads its events turns "亲，您好" into "亲，您您".
        self._typing = QTimer(self)
        self._typing.timeout.connect(self._type_next)
        # After the last character the target must still read its key event with the keycode
        # bound: unbinding at once lost the last character ("…更新" for "…更新。") on a busy machine.
        self._typed = QTimer(self)
        self._typed.setSingleShot(True)
        self._typed.timeout.connect(self._typing_done)
        self._to_type: list[str] = []
        self.reads = 0  # target reads seen for the current job

    @property
    def busy(self) -> bool:
        return self.state is not PasteState.IDLE

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings

    def _enter(self, state: PasteState) -> None:
        self.state = state
        self.step.emit(state.value)

    # ------------------------------------------------------------------ steps

    def paste(self, job: PasteJob) -> None:
        if self.busy:
            self.cancel()
        self._job = job
        self.reads = 0
        self.step.emit("start")
        if job.target is None:
            self._leave_on_clipboard(PasteOutcome.NO_TARGET, "no_target")
            return
        self._enter(PasteState.WAITING_FOCUS)
        target = job.target
        self._focus.activate(target)
        asked = [time.monotonic()]

        def focused() -> bool:
            if self._focus.is_active(target):
                return True
            # Something may take focus after our request (a window manager giving it to one of
            # our dialogs when the popup hides): ask again now and then while waiting.
            if time.monotonic() - asked[0] >= REACTIVATE_S:
                asked[0] = time.monotonic()
                self._focus.activate(target)
            return False

        self._wait(focused, self.settings.focus_timeout_ms, self._focus_result)

    def cancel(self) -> None:
        """Stop the running job, undoing what its state has done so far.

        WAITING_FOCUS / WAITING_MODIFIERS: nothing was sent; the job just ends.
        TYPING: the typing stops and the keyboard map is restored; no caret moves, no Enter
        (what was typed stays in the chat box, unsent).
        WAITING_READ: the agent's clipboard is restored now; caret moves and Enter only when
        the target had already read the reply (it pasted), never otherwise.
        """
        state = self.state
        if state is PasteState.IDLE:
            return
        self.step.emit(f"cancel_{state.value}")
        self._poll.stop()
        self._poll_check = self._poll_done = None
        if state is PasteState.TYPING:
            self._typing.stop()
            self._typed.stop()
            self._to_type = []
            self._keys.finish_typing()
            self._finish(PasteOutcome.CANCELLED)
        elif state is PasteState.WAITING_READ:
            pasted = self.reads > 0
            self._restore_clipboard()
            if pasted:
                self._after_paste()
                self._finish(PasteOutcome.PASTED)
            else:
                self._finish(PasteOutcome.CANCELLED)
        else:
            self._settle.stop()
            self._restore_timeout.stop()
            self._clipboard.watch_reads(None)
            if self._snapshot is not None:
                self._restore_clipboard()
            self._finish(PasteOutcome.CANCELLED)

    def _focus_result(self, ok: bool) -> None:
        if not ok:
            self._leave_on_clipboard(PasteOutcome.FOCUS_LOST, "focus_lost")
            return
        self.step.emit("focused")
        self._enter(PasteState.WAITING_MODIFIERS)
        self._wait(lambda: not self._keys.modifiers_down(), self.settings.modifier_timeout_ms, self._modifiers_result)

    def _modifiers_result(self, released: bool) -> None:
        if not released:
            # The agent is still holding Ctrl/Alt: a paste now would arrive as Ctrl+Alt+V.
            self._keys.release_modifiers()
            self.step.emit("modifiers_forced")
        job = self._job
        assert job is not None and job.target is not None
        if job.type_instead:
            self._enter(PasteState.TYPING)
            self.step.emit("type")
            self._to_type = list(job.text)
            self._typing.start(max(1, self.settings.type_interval_ms))
            return
        self._enter(PasteState.PASTING)
        self._snapshot = self._clipboard.save()
        self.step.emit("saved")
        self._clipboard.set_text(job.text)
        if not self._focus.is_active(job.target):
            # Focus moved between the check and now (the agent clicked away): do not paste blind.
            self._snapshot = None
            self._leave_on_clipboard(PasteOutcome.FOCUS_LOST, "focus_lost", already_set=True)
            return
        self._reads_observed = self._clipboard.watch_reads(self._on_read, job.target)
        self._keys.send_paste(job.paste_key)
        self._waited_late = False
        self.step.emit("paste_sent")
        self._enter(PasteState.WAITING_READ)
        self._restore_timeout.start(self.settings.restore_timeout_ms)

    def _type_next(self) -> None:
        job = self._job
        if self.state is not PasteState.TYPING or job is None:
            self._typing.stop()
            return
        if not self._to_type:
            self._typing.stop()
            self._typed.start(max(0, self.settings.type_settle_ms))
            return
        if job.target is not None and not self._focus.is_active(job.target):
            # The agent clicked elsewhere mid-way: stop, and hand over the whole reply.
            self._typing.stop()
            self._to_type = []
            self._keys.finish_typing()
            self._leave_on_clipboard(PasteOutcome.FOCUS_LOST, "focus_lost")
            return
        self._keys.type_text(self._to_type.pop(0))

    def _typing_done(self) -> None:
        if self.state is not PasteState.TYPING or self._job is None:
            return
        self._keys.finish_typing()
        self._after_paste()
        self._finish(PasteOutcome.TYPED)

    def _on_read(self) -> None:
        # The target asks several times (TARGETS, then the text; GTK up to 4 times):
        # restore once it has been quiet for restore_settle_ms.
        if self.state is not PasteState.WAITING_READ:
            return
        self.reads += 1
        if self.reads == 1:
            self.step.emit("read")
        self._settle.start(self.settings.restore_settle_ms)

    def _read_timed_out(self) -> None:
        """restore_timeout_ms passed since the paste key: restore, wait on for a late read, or give up."""
        if self.state is not PasteState.WAITING_READ:
            return
        if self.reads or not self._reads_observed:
            self._restore()  # a target still reading, or a system that cannot tell: restore now
            return
        if not self._waited_late:
            self._waited_late = True
            self.step.emit("read_late")
            remaining_ms = int(LATE_READ_LIMIT_S * 1000) - self.settings.restore_timeout_ms
            self._restore_timeout.start(max(1, remaining_ms))
            return
        # Never read: nothing reached the chat. The reply stays where the agent's own Ctrl+V finds
        # it (no restore: _finish drops the snapshot), and a reader even later still gets the reply.
        self._leave_on_clipboard(PasteOutcome.NOT_READ, "not_read", already_set=True)

    def _restore(self) -> None:
        """The target has read the reply (or the timeout passed where reads cannot be seen)."""
        if self.state is not PasteState.WAITING_READ:
            return
        self._restore_clipboard()
        self._after_paste()
        self._finish(PasteOutcome.PASTED)

    def _restore_clipboard(self) -> None:
        self._enter(PasteState.RESTORING)
        self._settle.stop()
        self._restore_timeout.stop()
        self._clipboard.watch_reads(None)
        if self._snapshot is not None:
            self._clipboard.restore(self._snapshot)
            self._snapshot = None
            self.step.emit("restored" if self.reads else "restored_after_timeout")

    def _after_paste(self) -> None:
        """Only for a job whose whole reply is in the chat box."""
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
        elif outcome is PasteOutcome.NOT_READ:
            message = self.tr("The chat window did not take the paste: the reply is on the clipboard, "
                              "paste it yourself.")
        else:
            message = self.tr("Focus moved to another window, so nothing was pasted: "
                              "the reply is on the clipboard, paste it yourself.")
        self._finish(outcome)
        self.failed.emit(message)

    def _finish(self, outcome: PasteOutcome) -> None:
        self._poll.stop()
        self._poll_check = self._poll_done = None
        self._typing.stop()
        self._typed.stop()
        self._settle.stop()
        self._restore_timeout.stop()
        self._clipboard.watch_reads(None)
        self._to_type = []
        self._job = None
        self._snapshot = None
        self.state = PasteState.IDLE
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
