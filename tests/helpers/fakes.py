"""Fakes of the platform ports, recording what the app asked for in one shared event list.

The paste is a sequence of steps across several ports (focus, keys, clipboard); tests assert
on their order, so all fakes append to one ``events`` list. A fake clipboard "read" is
triggered by the test (``clipboard.target_reads()``), like a target answering Ctrl+V.
"""

from __future__ import annotations

from collections.abc import Callable

from sidekick.app import pyside_fix
from sidekick.core.ports import ClipboardSnapshot
from sidekick.core.types import WindowRef

# PySide6 6.12 on Python 3.11 loses references to None/True on Qt calls and emits; without
# this the test process aborts (rc 134). See sidekick/app/pyside_fix.py.
pyside_fix.apply()


class EventLog(list[str]):
    """Events like ``focus.activate 42`` or ``keys.paste ctrl+v``, in the order they happened."""

    def names(self) -> list[str]:
        return [event.split(" ")[0] for event in self]


class FakeClipboard:
    def __init__(self, events: EventLog, formats: tuple[tuple[str, bytes], ...] = ()) -> None:
        self.events = events
        self.formats = formats
        self._on_read: Callable[[], None] | None = None
        self.reader: WindowRef | None = None
        self.observable = True

    def text(self) -> str:
        for mime, data in self.formats:
            if mime.startswith("text/plain"):
                return data.decode("utf-8")
        return ""

    def save(self) -> ClipboardSnapshot:
        self.events.append("clipboard.save")
        return ClipboardSnapshot(self.formats)

    def set_text(self, text: str) -> None:
        self.events.append("clipboard.set")
        self.formats = (("text/plain", text.encode("utf-8")),)

    def restore(self, snapshot: ClipboardSnapshot) -> None:
        self.events.append("clipboard.restore")
        self.formats = snapshot.formats

    def watch_reads(self, on_read: Callable[[], None] | None, reader: WindowRef | None = None) -> bool:
        self._on_read = on_read
        self.reader = reader
        return self.observable

    def target_reads(self, times: int = 1) -> None:
        """Simulate the target fetching the clipboard (X11: a SelectionRequest)."""
        for _ in range(times):
            if self._on_read is not None:
                self._on_read()


class FakeFocus:
    """One focused window; ``activate`` moves focus unless ``refuse`` is set."""

    def __init__(self, events: EventLog, active: WindowRef | None = None) -> None:
        self.events = events
        self.active = active
        self.refuse = False  # the window manager ignores activation requests
        self.steal_after_activate: WindowRef | None = None  # focus jumps here once activated

    def active_window(self) -> WindowRef | None:
        return self.active

    def activate(self, window: WindowRef) -> None:
        self.events.append(f"focus.activate {window.handle}")
        if not self.refuse:
            self.active = window
        if self.steal_after_activate is not None:
            self.active = self.steal_after_activate

    def is_active(self, window: WindowRef) -> bool:
        return self.active is not None and self.active.handle == window.handle


class RecordingKeySender:
    def __init__(self, events: EventLog) -> None:
        self.events = events
        self.held_polls = 0  # modifiers_down() answers True this many times
        self.focus_thief: FakeFocus | None = None  # steals focus when the modifiers come up
        self.thief_window: WindowRef | None = None
        self.on_copy: Callable[[], None] | None = None  # the focused app answering the copy chord

    def modifiers_down(self) -> bool:
        if self.held_polls > 0:
            self.held_polls -= 1
            return True
        if self.focus_thief is not None and self.thief_window is not None:
            self.focus_thief.active = self.thief_window
            self.focus_thief = None
        return False

    def release_modifiers(self) -> None:
        self.events.append("keys.release_modifiers")

    def send_paste(self, key: str) -> None:
        self.events.append(f"keys.paste {key}")

    def send_copy(self, key: str) -> None:
        self.events.append(f"keys.copy {key}")
        if self.on_copy is not None:
            self.on_copy()

    def send_enter(self) -> None:
        self.events.append("keys.enter")

    def send_left(self, count: int) -> None:
        self.events.append(f"keys.left {count}")

    def type_text(self, text: str) -> None:
        self.events.append(f"keys.type {len(text)}")

    def finish_typing(self) -> None:
        self.events.append("keys.typing_finished")


class FakeHotkeys:
    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken = taken or set()
        self.combo: str | None = None
        self._on_press: Callable[[], None] | None = None

    def register(self, combo: str, on_press: Callable[[], None]) -> None:
        from sidekick.core.ports import HotkeyError

        if combo in self.taken:
            raise HotkeyError(f"the hotkey {combo} is already taken by another program")
        self.combo = combo
        self._on_press = on_press

    def unregister(self) -> None:
        self.combo = None
        self._on_press = None

    def press(self) -> None:
        if self._on_press is not None:
            self._on_press()
