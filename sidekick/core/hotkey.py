"""The one grammar of a hotkey: parse, store, show and judge it.

Settings store a hotkey in pynput's ``HotKey.parse`` form, ``<ctrl>+<alt>+<space>``: modifiers
in angle brackets, then one key (a single character, or a named key in brackets). Every place
that reads or shows a hotkey goes through this module — the platform backend that registers it,
the settings field that captures it, the tray that names it — so it is spelled one way
(``Ctrl+Alt+PgUp``) wherever the agent reads it.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass

from sidekick.core.ports import HotkeyError

__all__ = [
    "MODIFIERS",
    "RESERVED",
    "Hotkey",
    "HotkeyProblem",
    "display",
    "normalise",
    "parse",
    "problem",
]

MODIFIERS = ("ctrl", "alt", "shift", "cmd")  # stored and shown in this order
_MODIFIER_ALIASES = {"ctrl": "ctrl", "control": "ctrl", "alt": "alt", "shift": "shift", "cmd": "cmd",
                     "super": "cmd", "win": "cmd", "meta": "cmd"}
_SUPER_NAME = "Cmd" if sys.platform == "darwin" else ("Win" if sys.platform == "win32" else "Super")

# Named keys as stored (without brackets) → as shown.
_KEY_NAMES = {
    "space": "Space", "enter": "Enter", "tab": "Tab", "esc": "Esc", "backspace": "Backspace",
    "insert": "Insert", "delete": "Delete", "home": "Home", "end": "End", "page_up": "PgUp",
    "page_down": "PgDn", "up": "↑", "down": "↓", "left": "←", "right": "→", "pause": "Pause",
    "print_screen": "PrtSc", "scroll_lock": "ScrLk", "menu": "Menu",
}
# Other spellings people and older versions wrote.
_KEY_ALIASES = {"return": "enter", "escape": "esc", "pgup": "page_up", "pgdn": "page_down",
                "pageup": "page_up", "pagedown": "page_down", "del": "delete", "ins": "insert"}

# Chords agents press in chat clients (or the OS owns): as a global hotkey they would be
# swallowed everywhere, breaking copy, paste, send or window switching.
RESERVED = frozenset({
    "<ctrl>+a", "<ctrl>+c", "<ctrl>+v", "<ctrl>+x", "<ctrl>+z", "<ctrl>+y", "<ctrl>+s", "<ctrl>+w",
    "<ctrl>+f", "<ctrl>+<enter>", "<alt>+<enter>", "<shift>+<enter>", "<alt>+<tab>", "<alt>+<f4>",
    "<ctrl>+<alt>+<delete>", "<ctrl>+<shift>+<esc>", "<shift>+<insert>", "<cmd>+v", "<cmd>+c",
    "<cmd>+<space>", "<cmd>+<tab>",
})  # fmt: skip


class HotkeyProblem(str, enum.Enum):
    EMPTY = "empty"
    NO_MODIFIER = "no_modifier"  # a plain letter would fire while typing in the chat
    SHIFT_ONLY = "shift_only"  # Shift+letter is just a capital letter
    RESERVED = "reserved"  # copy, paste, send, window switching …
    UNSUPPORTED = "unsupported"  # not a key the hotkey listener can name


@dataclass(frozen=True, slots=True)
class Hotkey:
    modifiers: frozenset[str]  # from MODIFIERS
    key: str  # "k", "5", "space", "page_up", "f5"

    @property
    def stored(self) -> str:
        """``<ctrl>+<alt>+<space>``: the settings value and what pynput parses."""
        mods = [f"<{name}>" for name in MODIFIERS if name in self.modifiers]
        return "+".join([*mods, _stored_key(self.key)])

    @property
    def shown(self) -> str:
        """``Ctrl+Alt+Space``: how the agent reads it."""
        mods = [_SUPER_NAME if name == "cmd" else name.capitalize() for name in MODIFIERS if name in self.modifiers]
        return "+".join([*mods, _shown_key(self.key)])

    @property
    def is_function_key(self) -> bool:
        return _is_function_key(self.key)


def _is_function_key(key: str) -> bool:
    return len(key) > 1 and key[0] == "f" and key[1:].isdigit() and 1 <= int(key[1:]) <= 24


def _stored_key(key: str) -> str:
    return key if len(key) == 1 else f"<{key}>"


def _shown_key(key: str) -> str:
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if _is_function_key(key):
        return key.upper()
    return key.upper() if len(key) == 1 else key.title()


def _parts(text: str) -> list[str]:
    # "+" itself cannot be a key here: it separates the parts.
    return [part.strip().lower() for part in text.strip().split("+")]


def _name(part: str) -> str:
    return part[1:-1].strip() if part.startswith("<") and part.endswith(">") else part


def parse(text: str) -> Hotkey:
    """A hotkey in the stored form, or as shown (``Ctrl+Alt+PgUp``); raises HotkeyError."""
    parts = _parts(text)
    if not text.strip() or any(not part for part in parts):
        raise HotkeyError(f"the hotkey {text!r} is not valid: write it like <ctrl>+<alt>+<space>")
    names = [_name(part) for part in parts]
    modifiers: set[str] = set()
    for name in names[:-1]:
        if name not in _MODIFIER_ALIASES:
            raise HotkeyError(
                f"the hotkey {text!r} is not valid: use modifiers from <ctrl> <alt> <shift> <cmd> "
                "and end with one key, e.g. <ctrl>+<alt>+<space>"
            )
        modifiers.add(_MODIFIER_ALIASES[name])
    key = _KEY_ALIASES.get(names[-1], names[-1])
    if not key or key in _MODIFIER_ALIASES:
        raise HotkeyError(
            f"the hotkey {text!r} is not valid: use modifiers from <ctrl> <alt> <shift> <cmd> "
            "and end with one key, e.g. <ctrl>+<alt>+<space>"
        )
    if len(key) > 1 and key not in _KEY_NAMES and not _is_function_key(key):
        raise HotkeyError(f"the hotkey {text!r} names a key Sidekick does not know: {key!r}")
    return Hotkey(frozenset(modifiers), key)


def display(text: str) -> str:
    """How the agent reads ``text``. A chord still being pressed (``<ctrl>+<alt>``, modifiers
    only) or a value that does not parse is shown part by part, each part named the same way."""
    try:
        return parse(text).shown
    except HotkeyError:
        return "+".join(_show_part(_name(part)) for part in _parts(text) if part)


def _show_part(name: str) -> str:
    modifier = _MODIFIER_ALIASES.get(name)
    if modifier is not None:
        return _SUPER_NAME if modifier == "cmd" else modifier.capitalize()
    return _shown_key(_KEY_ALIASES.get(name, name))


def normalise(text: str) -> str:
    """The stored form with modifiers in a fixed order, so equal chords compare equal."""
    try:
        return parse(text).stored
    except HotkeyError:
        return text.strip().lower()


def problem(text: str) -> HotkeyProblem | None:
    """Why ``text`` is a poor global hotkey, or None when it is fine."""
    if not text.strip():
        return HotkeyProblem.EMPTY
    try:
        hotkey = parse(text)
    except HotkeyError:
        return HotkeyProblem.UNSUPPORTED
    if not hotkey.modifiers and not hotkey.is_function_key:
        return HotkeyProblem.NO_MODIFIER
    if hotkey.modifiers == {"shift"} and not hotkey.is_function_key:
        return HotkeyProblem.SHIFT_ONLY
    if hotkey.stored in RESERVED:
        return HotkeyProblem.RESERVED
    return None


def require_modifier(hotkey: Hotkey, text: str) -> None:
    """The platform registers only chords: a bare key would fire while typing."""
    if not hotkey.modifiers:
        raise HotkeyError(f"the hotkey {text!r} has no modifier: a bare key would fire while typing")
