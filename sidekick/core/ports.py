"""What the app needs from the operating system, as small Protocols.

Each concern (hotkey, focus, clipboard, key injection, selected text) has one interface here and one
implementation per backend under ``sidekick.platform``; ``sidekick.platform.dummy`` records
calls and does nothing, for tests and unsupported systems.

Nothing here blocks: the paster runs on the GUI thread as timed steps, so waiting (for focus
to arrive, for the hotkey's modifiers to be released, for the target to read the clipboard)
is done by polling these non-blocking queries from a timer. A blocking wait would stop the
event loop, and on X11 the clipboard owner must answer the target's request from that loop
(docs/PASTE.md: ``time.sleep`` on the GUI thread pasted the old clipboard).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sidekick.core.types import WindowRef


class HotkeyError(RuntimeError):
    """The hotkey could not be registered; the message names the combo and the fix."""


class HotkeySource(Protocol):
    """Delivers a global hotkey press. ``on_press`` may be called from any thread."""

    def register(self, combo: str, on_press: Callable[[], None]) -> None:
        """Start listening for ``combo`` (e.g. ``<ctrl>+<alt>+<space>``); raises HotkeyError."""

    def unregister(self) -> None: ...


class FocusTracker(Protocol):
    def active_window(self) -> WindowRef | None:
        """The window that has keyboard focus now, or None if unknown."""

    def activate(self, window: WindowRef) -> None:
        """Ask for ``window`` to get focus (does not wait; poll :meth:`is_active`)."""

    def is_active(self, window: WindowRef) -> bool:
        """True when ``window`` has keyboard focus now."""


class KeySender(Protocol):
    def modifiers_down(self) -> bool:
        """True while any modifier key (Ctrl, Alt, Shift, Super) is physically held."""

    def release_modifiers(self) -> None:
        """Send key-up events for every modifier (last resort when the user keeps holding)."""

    def send_paste(self, key: str) -> None:
        """Send the paste chord (``ctrl+v``, ``shift+insert``, ``cmd+v``)."""

    def send_copy(self, key: str) -> None:
        """Send the copy chord (``ctrl+c``, ``cmd+c``): suggest mode takes the agent's selection."""

    def send_enter(self) -> None: ...

    def send_left(self, count: int) -> None:
        """Press the Left arrow ``count`` times (moves the caret back for ``{光标}``)."""

    def type_text(self, text: str) -> None:
        """Type text key by key, for targets that block paste; a newline is Shift+Enter."""

    def finish_typing(self) -> None:
        """Typing is over: undo any keyboard-map changes typing made."""


@dataclass(frozen=True, slots=True)
class ClipboardSnapshot:
    """Every format the clipboard held, as (mime type, bytes); empty = the clipboard was empty."""

    formats: tuple[tuple[str, bytes], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.formats


class Clipboard(Protocol):
    def text(self) -> str:
        """The clipboard's plain text now ("" when it holds none)."""

    def save(self) -> ClipboardSnapshot:
        """A deep copy of every format on the clipboard."""

    def set_text(self, text: str) -> None: ...

    def restore(self, snapshot: ClipboardSnapshot) -> None:
        """Put back what :meth:`save` returned (clears the clipboard for an empty snapshot)."""

    def watch_reads(self, on_read: Callable[[], None] | None, reader: WindowRef | None = None) -> bool:
        """Call ``on_read`` each time another program reads our clipboard (``None`` stops).

        With ``reader``, only reads by the program owning that window count, where the system
        can tell (X11: same client id bits), so a clipboard manager copying the new content
        does not pass for the target having read it. Returns False when this system cannot
        observe reads at all; the paster then restores after its timeout only.
        """


class SelectionReader(Protocol):
    """The text the agent has selected in another window (suggest mode's buyer message)."""

    def selected_text(self) -> str | None:
        """The current selection's text ("" when nothing is selected), or None when this system
        keeps no selection another program can read (the app then copies it with the copy
        chord, saving and restoring the clipboard around it). Never logged or stored."""
