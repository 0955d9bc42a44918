"""The OS backends: global hotkeys, window focus, key injection, clipboard, selected text.

``create_platform`` picks the backends for the running system. Every backend module is
imported lazily inside it: ``import pynput`` fails without a display on Linux, and offscreen
tests import this package. Where the system cannot be driven (Wayland, no display, an
unknown OS) the recording no-op backends from ``dummy`` keep the app usable: the popup
opens from the tray and a chosen reply is left on the clipboard.

Call ``create_platform`` after the QApplication exists (the clipboard is Qt's).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from sidekick.core.ports import Clipboard, FocusTracker, HotkeySource, KeySender, SelectionReader


@dataclass
class PlatformBackends:
    """What the app gets from the OS; ``name`` says which backend (``x11``, ``win32``, …)."""

    name: str
    hotkeys: HotkeySource
    focus: FocusTracker
    keys: KeySender
    clipboard: Clipboard
    notes: list[str] = field(default_factory=list)  # why a feature is missing, for the user
    # Suggest mode: its own hotkey listener (a HotkeySource holds one combo) and the reader
    # of the agent's selection (the buyer's message).
    suggest_hotkeys: HotkeySource | None = None
    selection: SelectionReader | None = None


def _qt_platform() -> str:
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() if QGuiApplication.instance() else ""


def detect() -> str:
    """Which backend fits this session: x11, win32, mac or dummy."""
    if sys.platform == "win32":
        return "win32"
    if sys.platform == "darwin":
        return "mac"
    qt = _qt_platform()
    if qt == "xcb" or (not qt and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        return "x11"
    return "dummy"


def create_platform(backend: str | None = None) -> PlatformBackends:
    """The backends for this OS (``backend`` forces one, e.g. ``"dummy"`` in tests)."""
    name = backend or detect()
    if name == "x11":
        return _x11()
    if name == "win32":
        return _win32()
    if name == "mac":
        return _mac()
    return _dummy()


def _dummy(note: str = "") -> PlatformBackends:
    from sidekick.platform.dummy import DummyClipboard, DummyFocus, DummyHotkeys, DummyKeys, DummySelection

    clipboard: Clipboard
    if _qt_platform():
        from sidekick.platform.clipboard_qt import QtClipboard

        clipboard = QtClipboard()
    else:
        clipboard = DummyClipboard()
    notes = [note or "Global hotkey and paste are not available in this session (Wayland or no X11 display): "
             "open the popup from the tray; the chosen reply is copied to the clipboard."]
    return PlatformBackends("dummy", DummyHotkeys(), DummyFocus(), DummyKeys(), clipboard, notes,
                            suggest_hotkeys=DummyHotkeys(), selection=DummySelection())


def _x11() -> PlatformBackends:
    from sidekick.platform import xlib_extensions

    xlib_extensions.load_only_needed()  # before any X connection is opened
    from sidekick.platform.clipboard_qt import QtClipboard
    from sidekick.platform.hotkeys_pynput import PynputHotkeys, SharedListener
    from sidekick.platform.keys_pynput import X11Keys
    from sidekick.platform.selection_qt import QtPrimarySelection
    from sidekick.platform.x11 import X11Focus, X11Grab, X11GrabConnection, X11Modifiers

    focus = X11Focus()
    modifiers = X11Modifiers(focus.connection)
    listener, grabs = SharedListener(), X11GrabConnection()  # one of each for both hotkeys
    return PlatformBackends(
        "x11",
        hotkeys=PynputHotkeys(suppressor=X11Grab(grabs), listener=listener),
        focus=focus,
        keys=X11Keys(modifiers.any_down),
        clipboard=QtClipboard(clipboard_atom=focus.clipboard_atom, client_mask=focus.client_mask),
        suggest_hotkeys=PynputHotkeys(suppressor=X11Grab(grabs), listener=listener),
        selection=QtPrimarySelection(),
    )


def _win32() -> PlatformBackends:
    from sidekick.platform.clipboard_qt import QtClipboard
    from sidekick.platform.focus_win import Win32Focus, win32_modifiers_down
    from sidekick.platform.hotkeys_pynput import PynputHotkeys, SharedListener
    from sidekick.platform.keys_pynput import PynputKeys

    listener = SharedListener()
    # Windows has no portable "the target read the clipboard" signal we can observe from
    # Qt, so the paster restores after restore_timeout_ms there.
    from sidekick.platform.dummy import CopiedSelection

    return PlatformBackends("win32", PynputHotkeys(listener=listener), Win32Focus(),
                            PynputKeys(win32_modifiers_down), QtClipboard(),
                            suggest_hotkeys=PynputHotkeys(listener=listener), selection=CopiedSelection())


def _mac() -> PlatformBackends:
    from sidekick.platform.clipboard_qt import QtClipboard
    from sidekick.platform.focus_mac import MacFocus, mac_modifiers_down
    from sidekick.platform.hotkeys_pynput import PynputHotkeys, SharedListener
    from sidekick.platform.keys_pynput import PynputKeys

    listener = SharedListener()

    notes = ["macOS support is best effort: grant Sidekick Accessibility and Input Monitoring "
             "permission (System Settings › Privacy & Security) or the hotkey and paste do nothing."]
    from sidekick.platform.dummy import CopiedSelection

    return PlatformBackends("mac", PynputHotkeys(listener=listener), MacFocus(),
                            PynputKeys(mac_modifiers_down), QtClipboard(), notes,
                            suggest_hotkeys=PynputHotkeys(listener=listener), selection=CopiedSelection())


def describe_backends() -> dict[str, str]:
    """What each concern would use here, for ``sidekick doctor`` (imports nothing heavy)."""
    name = detect()
    table = {
        "x11": {"hotkeys": "pynput (XRecord) + XGrabKey on the root window", "focus": "_NET_ACTIVE_WINDOW / XGetInputFocus",
                "keys": "pynput XTEST", "clipboard": "Qt, restore after the target's SelectionRequest",
                "selection": "PRIMARY through Qt"},
        "win32": {"hotkeys": "pynput (low-level keyboard hook)", "focus": "GetForegroundWindow + AttachThreadInput",
                  "keys": "pynput SendInput", "clipboard": "Qt, restore after restore_timeout_ms",
                  "selection": "copy chord, clipboard saved and restored"},
        "mac": {"hotkeys": "pynput (Quartz event tap; needs Input Monitoring)",
                "focus": "NSWorkspace frontmost app (best effort)",
                "keys": "pynput CGEvent (needs Accessibility)", "clipboard": "Qt, restore after restore_timeout_ms",
                "selection": "copy chord, clipboard saved and restored"},
        "dummy": {"hotkeys": "none (open the popup from the tray)", "focus": "none", "keys": "none",
                  "clipboard": "Qt (the reply is left on the clipboard)", "selection": "none (the clipboard)"},
    }[name]
    return {"backend": name, **table}
