"""What the app needs from the operating system, as small Protocols.

Each concern (hotkey, focus, clipboard, key injection) has one interface here and one
implementation per backend under ``sidekick.platform``; ``sidekick.platform.dummy`` records
calls and does nothing, for tests and unsupported systems.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sidekick.core.types import WindowRef


class HotkeySource(Protocol):
    """Delivers a global hotkey press. ``on_press`` may be called from any thread."""

    def register(self, combo: str, on_press: Callable[[], None]) -> None:
        """Start listening for ``combo`` (e.g. ``<ctrl>+<alt>+<space>``); raises on failure."""

    def unregister(self) -> None: ...


class FocusTracker(Protocol):
    def active_window(self) -> WindowRef | None:
        """The window that has keyboard focus now, or None if unknown."""

    def activate(self, window: WindowRef) -> bool:
        """Give focus back to ``window``; True when it is confirmed focused."""


class KeySender(Protocol):
    def wait_modifiers_released(self, timeout_s: float) -> bool:
        """Block until no modifier key is held (or timeout); True when released."""

    def send_paste(self, key: str) -> None:
        """Send the paste chord (``ctrl+v``, ``shift+insert``, ``cmd+v``)."""

    def send_enter(self) -> None: ...

    def type_text(self, text: str) -> None:
        """Type text key by key, for targets that block paste."""
