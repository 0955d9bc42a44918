"""Recording no-op backends: tests, Wayland and systems Sidekick cannot drive.

With these the app still runs: the popup opens from the tray, and a chosen reply lands on
the clipboard for the agent to paste by hand (there is no window to paste into). Every call
is recorded so tests can assert on what the app asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from sidekick.core.ports import ClipboardSnapshot
from sidekick.core.types import WindowRef


class DummyHotkeys:
    """Accepts any combo; :meth:`fire` simulates a press."""

    def __init__(self) -> None:
        self.combo: str | None = None
        self._on_press: Callable[[], None] | None = None
        self.calls: list[str] = []

    def register(self, combo: str, on_press: Callable[[], None]) -> None:
        self.calls.append(f"register {combo}")
        self.combo = combo
        self._on_press = on_press

    def unregister(self) -> None:
        self.calls.append("unregister")
        self.combo = None
        self._on_press = None

    def fire(self) -> None:
        if self._on_press is not None:
            self._on_press()


class DummyFocus:
    """Knows no windows: nothing to capture, so nothing is pasted blind."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def active_window(self) -> WindowRef | None:
        return None

    def activate(self, window: WindowRef) -> None:
        self.calls.append(f"activate {window.handle}")

    def is_active(self, window: WindowRef) -> bool:
        return False


class DummyKeys:
    """Records the keys the app would send."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def modifiers_down(self) -> bool:
        return False

    def release_modifiers(self) -> None:
        self.sent.append("release_modifiers")

    def send_paste(self, key: str) -> None:
        self.sent.append(f"paste {key}")

    def send_copy(self, key: str) -> None:
        self.sent.append(f"copy {key}")

    def send_enter(self) -> None:
        self.sent.append("enter")

    def send_left(self, count: int) -> None:
        self.sent.append(f"left {count}")

    def type_text(self, text: str) -> None:
        self.sent.append(f"type {len(text)} chars")  # length only: never keep what was typed

    def finish_typing(self) -> None:
        self.sent.append("typing finished")


class DummyClipboard:
    """An in-memory clipboard (for systems without one Qt can reach)."""

    def __init__(self) -> None:
        self._formats: tuple[tuple[str, bytes], ...] = ()

    def text(self) -> str:
        for mime, data in self._formats:
            if mime.startswith("text/plain"):
                return data.decode("utf-8", "replace")
        return ""

    def save(self) -> ClipboardSnapshot:
        return ClipboardSnapshot(self._formats)

    def set_text(self, text: str) -> None:
        self._formats = (("text/plain", text.encode("utf-8")),)

    def restore(self, snapshot: ClipboardSnapshot) -> None:
        self._formats = snapshot.formats

    def watch_reads(self, on_read: Callable[[], None] | None, reader: WindowRef | None = None) -> bool:
        return False


class DummySelection:
    """A selection that holds ``text`` (set by tests); "" = nothing selected, so suggest mode
    takes the clipboard. Wayland and unknown systems use it as it is."""

    def __init__(self, text: str = "") -> None:
        self.text = text

    def selected_text(self) -> str | None:
        return self.text


class CopiedSelection:
    """For systems without a readable selection (Windows, macOS): the app sends the copy chord."""

    def selected_text(self) -> str | None:
        return None
