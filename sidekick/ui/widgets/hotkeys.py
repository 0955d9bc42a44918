"""Hotkey text: Qt key events to the stored form, display names, and what makes a bad hotkey.

Settings store the hotkey in pynput's ``HotKey.parse`` form (``<ctrl>+<alt>+<space>``), the
form the platform layer registers. This module turns a key pressed in the settings dialog into
that form, shows it the way agents read it (``Ctrl+Alt+Space``) and names the problem with a
choice, so the dialog can explain it before the app fails to register it.
"""

from __future__ import annotations

import enum
import sys

from PySide6.QtCore import Qt

MODIFIER_ORDER = ("<ctrl>", "<alt>", "<shift>", "<cmd>")

_QT_MODIFIERS = (
    (Qt.KeyboardModifier.ControlModifier, "<ctrl>"),
    (Qt.KeyboardModifier.AltModifier, "<alt>"),
    (Qt.KeyboardModifier.ShiftModifier, "<shift>"),
    (Qt.KeyboardModifier.MetaModifier, "<cmd>"),
)

MODIFIER_KEYS = {
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Shift,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_Hyper_L,
    Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
}

_SPECIAL = {
    Qt.Key.Key_Space: "<space>",
    Qt.Key.Key_Return: "<enter>",
    Qt.Key.Key_Enter: "<enter>",
    Qt.Key.Key_Tab: "<tab>",
    Qt.Key.Key_Escape: "<esc>",
    Qt.Key.Key_Backspace: "<backspace>",
    Qt.Key.Key_Insert: "<insert>",
    Qt.Key.Key_Delete: "<delete>",
    Qt.Key.Key_Home: "<home>",
    Qt.Key.Key_End: "<end>",
    Qt.Key.Key_PageUp: "<page_up>",
    Qt.Key.Key_PageDown: "<page_down>",
    Qt.Key.Key_Up: "<up>",
    Qt.Key.Key_Down: "<down>",
    Qt.Key.Key_Left: "<left>",
    Qt.Key.Key_Right: "<right>",
    Qt.Key.Key_Pause: "<pause>",
    Qt.Key.Key_Print: "<print_screen>",
    Qt.Key.Key_ScrollLock: "<scroll_lock>",
    Qt.Key.Key_Menu: "<menu>",
}

_DISPLAY = {
    "<ctrl>": "Ctrl",
    "<alt>": "Alt",
    "<shift>": "Shift",
    "<cmd>": "Cmd" if sys.platform == "darwin" else ("Win" if sys.platform == "win32" else "Super"),
    "<space>": "Space",
    "<enter>": "Enter",
    "<tab>": "Tab",
    "<esc>": "Esc",
    "<backspace>": "Backspace",
    "<insert>": "Insert",
    "<delete>": "Delete",
    "<home>": "Home",
    "<end>": "End",
    "<page_up>": "PgUp",
    "<page_down>": "PgDn",
    "<up>": "↑",
    "<down>": "↓",
    "<left>": "←",
    "<right>": "→",
    "<pause>": "Pause",
    "<print_screen>": "PrtSc",
    "<scroll_lock>": "ScrLk",
    "<menu>": "Menu",
}

# Chords agents press in chat clients (or the OS owns): as a global hotkey they would be
# swallowed everywhere, breaking copy, paste, send or window switching.
RESERVED = {
    "<ctrl>+a", "<ctrl>+c", "<ctrl>+v", "<ctrl>+x", "<ctrl>+z", "<ctrl>+y", "<ctrl>+s", "<ctrl>+w",
    "<ctrl>+f", "<ctrl>+<enter>", "<alt>+<enter>", "<shift>+<enter>", "<alt>+<tab>", "<alt>+<f4>",
    "<ctrl>+<alt>+<delete>", "<ctrl>+<shift>+<esc>", "<shift>+<insert>", "<cmd>+v", "<cmd>+c",
    "<cmd>+<space>", "<cmd>+<tab>",
}  # fmt: skip


class HotkeyProblem(str, enum.Enum):
    EMPTY = "empty"
    NO_MODIFIER = "no_modifier"  # a plain letter would fire while typing in the chat
    SHIFT_ONLY = "shift_only"  # Shift+letter is just a capital letter
    RESERVED = "reserved"  # copy, paste, send, window switching …
    UNSUPPORTED = "unsupported"  # not a key the hotkey listener can name


def hotkey_from_qt(key: int, modifiers: Qt.KeyboardModifier) -> str | None:
    """The stored form of a key press, or None for keys a hotkey cannot use (or modifiers alone)."""
    if key in MODIFIER_KEYS:
        return None
    name = key_name(key)
    if name is None:
        return None
    return "+".join([*modifier_names(modifiers), name])


def modifier_names(modifiers: Qt.KeyboardModifier) -> list[str]:
    """The held modifiers in the stored form and fixed order (``["<ctrl>", "<alt>"]``)."""
    return [text for flag, text in _QT_MODIFIERS if modifiers & flag]


def key_name(key: int) -> str | None:
    if Qt.Key.Key_A <= key <= Qt.Key.Key_Z or Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return chr(key).lower()
    if Qt.Key.Key_F1 <= key <= Qt.Key.Key_F24:
        return f"<f{key - Qt.Key.Key_F1 + 1}>"
    if key in _SPECIAL:
        return _SPECIAL[Qt.Key(key)]
    if 0x21 <= key <= 0x7E and chr(key) != "+":  # "+" separates keys in the stored form
        return chr(key)
    return None


def split(hotkey: str) -> list[str]:
    return [part for part in hotkey.strip().lower().split("+") if part]


def display(hotkey: str) -> str:
    """``<ctrl>+<alt>+<space>`` → ``Ctrl+Alt+Space``."""
    names = []
    for part in split(hotkey):
        if part in _DISPLAY:
            names.append(_DISPLAY[part])
        elif part.startswith("<f") and part[2:-1].isdigit():
            names.append(part[1:-1].upper())
        else:
            names.append(part.strip("<>").upper() if len(part.strip("<>")) == 1 else part.strip("<>").title())
    return "+".join(names)


def normalise(hotkey: str) -> str:
    """Modifiers in a fixed order, so equal chords compare equal."""
    parts = split(hotkey)
    mods = [m for m in MODIFIER_ORDER if m in parts]
    keys = [p for p in parts if p not in MODIFIER_ORDER]
    return "+".join(mods + keys)


def problem(hotkey: str) -> HotkeyProblem | None:
    """Why ``hotkey`` is a poor global hotkey, or None when it is fine."""
    parts = split(hotkey)
    if not parts:
        return HotkeyProblem.EMPTY
    mods = [p for p in parts if p in MODIFIER_ORDER]
    keys = [p for p in parts if p not in MODIFIER_ORDER]
    if len(keys) != 1:
        return HotkeyProblem.UNSUPPORTED
    is_function_key = keys[0].startswith("<f") and keys[0][2:-1].isdigit()
    if not mods and not is_function_key:
        return HotkeyProblem.NO_MODIFIER
    if mods == ["<shift>"] and not is_function_key:
        return HotkeyProblem.SHIFT_ONLY
    if normalise(hotkey) in RESERVED:
        return HotkeyProblem.RESERVED
    return None
