"""Global hotkey through pynput, plus an OS grab so the combo stops at Sidekick.

pynput's listener only *observes* keys (XRecord on X11), so on its own the focused chat box
would also receive Ctrl+Alt+Space and might act on it. A ``suppressor`` (on X11 a passive
``XGrabKey`` on the root window, see ``sidekick.platform.x11``) takes the combo away from the
focused app; pynput still sees it and calls back.

The callback runs on pynput's thread. It must only emit a queued Qt signal: timers or
widget calls from a foreign thread silently never run (docs/PASTE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pynput import keyboard

from sidekick.core import hotkey
from sidekick.core.ports import HotkeyError


class KeySuppressor(Protocol):
    """Takes a combo away from the focused application while Sidekick owns it."""

    def grab(self, modifiers: frozenset[str], key: str, pretty: str) -> None:
        """Raises HotkeyError when another program already owns the combo."""

    def release(self) -> None: ...


def split_combo(combo: str) -> tuple[frozenset[str], str]:
    """``<ctrl>+<alt>+<space>`` → ({"ctrl", "alt"}, "space"); raises HotkeyError when malformed
    or without a modifier. The grammar is ``sidekick.core.hotkey``'s."""
    parsed = hotkey.parse(combo)
    hotkey.require_modifier(parsed, combo)
    return parsed.modifiers, parsed.key


def pretty_combo(combo: str) -> str:
    """``<ctrl>+<alt>+<space>`` → ``Ctrl+Alt+Space``, the way Settings shows it."""
    return hotkey.parse(combo).shown


class SharedListener:
    """One pynput ``GlobalHotKeys`` listener for the combos of several ``PynputHotkeys``.

    Each pynput listener is an XRecord client that receives every key of the session, so the
    popup's hotkey and suggest mode's share one instead of doubling that work for every key
    the agent (or a typed reply) presses. Changing a combo restarts the listener.
    """

    def __init__(self) -> None:
        self._combos: dict[int, tuple[str, Callable[[], None]]] = {}
        self._listener: keyboard.GlobalHotKeys | None = None  # while any combo is registered

    def set(self, owner: object, canonical: str, on_press: Callable[[], None]) -> None:
        self._combos[id(owner)] = (canonical, on_press)
        self._restart()

    def remove(self, owner: object) -> None:
        if self._combos.pop(id(owner), None) is not None:
            self._restart()

    def _restart(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if not self._combos:
            return
        from pynput import keyboard  # lazy: importing pynput needs a display on Linux

        listener = keyboard.GlobalHotKeys({canonical: callback for canonical, callback in self._combos.values()})
        listener.daemon = True
        listener.start()
        listener.wait()
        self._listener = listener


class PynputHotkeys:
    """HotkeySource over ``pynput.keyboard.GlobalHotKeys`` (imported lazily: it needs a display)."""

    def __init__(self, suppressor: KeySuppressor | None = None, listener: SharedListener | None = None) -> None:
        self._suppressor = suppressor
        self._shared = listener or SharedListener()
        self._registered = False

    def register(self, combo: str, on_press: Callable[[], None]) -> None:
        self.unregister()
        modifiers, key = split_combo(combo)
        pretty = pretty_combo(combo)
        from pynput import keyboard  # lazy: importing pynput needs a display on Linux

        canonical = hotkey.Hotkey(modifiers, key).stored
        try:
            keyboard.HotKey.parse(canonical)
        except ValueError as error:
            raise HotkeyError(f"the hotkey {pretty} is not valid ({error}); pick another in Settings") from error
        if self._suppressor is not None:
            self._suppressor.grab(modifiers, key, pretty)
        self._shared.set(self, canonical, on_press)
        self._registered = True

    def unregister(self) -> None:
        if self._registered:
            self._shared.remove(self)
            self._registered = False
        if self._suppressor is not None:
            self._suppressor.release()
