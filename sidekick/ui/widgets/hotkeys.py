"""Hotkey text from Qt key events: the settings field's half of the hotkey grammar.

Settings store the hotkey in pynput's ``HotKey.parse`` form (``<ctrl>+<alt>+<space>``), the
form the platform layer registers. This module only maps Qt's keys and modifiers to the core's
key and modifier names; spelling the result (``core.hotkey.Hotkey.stored``), showing it
(``Ctrl+Alt+Space``) and naming what is wrong with it is ``sidekick.core.hotkey``'s,
re-exported here for the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from sidekick.core import hotkey as core_hotkey

# Qt's modifier flags → the core's modifier names (core_hotkey.MODIFIERS).
_QT_MODIFIERS = (
    (Qt.KeyboardModifier.ControlModifier, "ctrl"),
    (Qt.KeyboardModifier.AltModifier, "alt"),
    (Qt.KeyboardModifier.ShiftModifier, "shift"),
    (Qt.KeyboardModifier.MetaModifier, "cmd"),
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

# Qt keys → the core's key names (see core_hotkey.Hotkey.key).
_SPECIAL = {
    Qt.Key.Key_Space: "space",
    Qt.Key.Key_Return: "enter",
    Qt.Key.Key_Enter: "enter",
    Qt.Key.Key_Tab: "tab",
    Qt.Key.Key_Escape: "esc",
    Qt.Key.Key_Backspace: "backspace",
    Qt.Key.Key_Insert: "insert",
    Qt.Key.Key_Delete: "delete",
    Qt.Key.Key_Home: "home",
    Qt.Key.Key_End: "end",
    Qt.Key.Key_PageUp: "page_up",
    Qt.Key.Key_PageDown: "page_down",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Pause: "pause",
    Qt.Key.Key_Print: "print_screen",
    Qt.Key.Key_ScrollLock: "scroll_lock",
    Qt.Key.Key_Menu: "menu",
}

# The grammar itself (display names, reserved chords, what makes a bad hotkey) is the core's:
# the platform backend and the tray use the same one.
RESERVED = core_hotkey.RESERVED
HotkeyProblem = core_hotkey.HotkeyProblem
display = core_hotkey.display
normalise = core_hotkey.normalise
problem = core_hotkey.problem


def hotkey_from_qt(key: int, modifiers: Qt.KeyboardModifier) -> str | None:
    """The stored form of a key press, or None for keys a hotkey cannot use (or modifiers alone)."""
    if key in MODIFIER_KEYS:
        return None
    name = key_name(key)
    if name is None:
        return None
    return core_hotkey.Hotkey(frozenset(modifier_names(modifiers)), name).stored


def modifier_names(modifiers: Qt.KeyboardModifier) -> list[str]:
    """The held modifiers as the core names them, in the core's order (``["ctrl", "alt"]``)."""
    held = {name for flag, name in _QT_MODIFIERS if modifiers & flag}
    return [name for name in core_hotkey.MODIFIERS if name in held]


def key_name(key: int) -> str | None:
    """The core's name of a Qt key (``"k"``, ``"space"``, ``"f5"``), or None for keys it cannot use."""
    if Qt.Key.Key_A <= key <= Qt.Key.Key_Z or Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return chr(key).lower()
    if Qt.Key.Key_F1 <= key <= Qt.Key.Key_F24:
        return f"f{key - Qt.Key.Key_F1 + 1}"
    if key in _SPECIAL:
        return _SPECIAL[Qt.Key(key)]
    if 0x21 <= key <= 0x7E and chr(key) != "+":  # "+" separates keys in the stored form
        return chr(key)
    return None
