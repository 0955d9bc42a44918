"""X11: which window has focus, giving it back, the root-window key grab, modifier state.

Uses python-xlib (a pynput dependency) on connections of its own, all used from the GUI
thread except the grab's, which a small daemon thread drains.

Focus: the window recorded at hotkey time is the EWMH ``_NET_ACTIVE_WINDOW`` (falling back to
``XGetInputFocus`` without a window manager). Giving focus back sends ``_NET_ACTIVE_WINDOW``
as a pager (source indication 2), which window managers honour without focus-stealing
checks; without a WM we set the input focus directly (docs/PASTE.md: otherwise focus falls to
the root window and the paste is lost). Whether it worked is then *checked*, never assumed.
"""

from __future__ import annotations

import select
import threading

from Xlib import XK, X, display, error
from Xlib.protocol import event as xevent
from Xlib.xobject.drawable import Window as XWindow

from sidekick.core.ports import HotkeyError
from sidekick.core.types import WindowRef

_KEY_NAMES = {"space": "space", "enter": "Return", "return": "Return", "tab": "Tab", "esc": "Escape",
              "escape": "Escape", "insert": "Insert", "delete": "Delete", "home": "Home", "end": "End",
              "page_up": "Prior", "page_down": "Next", "backspace": "BackSpace", "pause": "Pause"}
_MODIFIER_MASKS = {"ctrl": X.ControlMask, "alt": X.Mod1Mask, "shift": X.ShiftMask, "cmd": X.Mod4Mask,
                   "super": X.Mod4Mask}
# CapsLock and NumLock change the modifier state; grab every combination so the hotkey
# works whichever of them is on.
_LOCK_VARIANTS = (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask)
_MODIFIER_KEYSYMS = ("Control_L", "Control_R", "Alt_L", "Alt_R", "Shift_L", "Shift_R", "Super_L",
                     "Super_R", "Meta_L", "Meta_R", "ISO_Level3_Shift")


def keysym_for(key: str) -> int:
    """The X keysym for a pynput-style key name (``space``, ``f5``, ``k``, ``1``)."""
    name = _KEY_NAMES.get(key)
    if name is None and key.startswith("f") and key[1:].isdigit():
        name = key.upper()
    keysym = XK.string_to_keysym(name or key)
    if not keysym and len(key) == 1 and ord(key) < 0x100:
        keysym = ord(key)  # Latin-1 keysyms equal the code point
    if not keysym:
        raise HotkeyError(f"the key {key!r} is not known on this X server; pick another hotkey in Settings")
    return keysym


class X11GrabConnection:
    """One X connection, and one thread draining it, for the passive grabs of every hotkey.

    The popup's hotkey and suggest mode's each own their grabs (by ``owner``) but share the
    connection: a second connection and thread would cost memory for an agent who never uses
    suggest mode. The drain thread is stopped while grabs change, so the connection is only
    ever used by one thread at a time.
    """

    def __init__(self) -> None:
        self._display: display.Display | None = None
        self._grabs: dict[int, list[tuple[int, int]]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def grab(self, owner: object, modifiers: frozenset[str], key: str, pretty: str) -> None:
        self._stop_drain()
        try:
            self._ungrab(owner)
            disp = self._display or display.Display()
            self._display = disp
            root = disp.screen().root
            keycode = disp.keysym_to_keycode(keysym_for(key))
            if not keycode:
                raise HotkeyError(f"the hotkey {pretty} uses a key this keyboard does not have; pick another in Settings")
            mask = 0
            for name in modifiers:
                mask |= _MODIFIER_MASKS[name]
            catcher = error.CatchError(error.BadAccess)
            grabs = []
            for variant in _LOCK_VARIANTS:
                root.grab_key(keycode, mask | variant, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catcher)
                grabs.append((keycode, mask | variant))
            disp.sync()  # errors arrive asynchronously; sync makes them arrive now
            if catcher.get_error() is not None:
                for code, mods in grabs:
                    root.ungrab_key(code, mods)
                disp.sync()
                raise HotkeyError(
                    f"the hotkey {pretty} is already taken by another program. Pick another one in "
                    "Sidekick's Settings (设置 › 快捷键), for example Ctrl+Alt+K or Ctrl+Shift+Space, or "
                    "free it in the program that uses it"
                )
            self._grabs[id(owner)] = grabs
        finally:
            self._start_drain_or_close()

    def release(self, owner: object) -> None:
        self._stop_drain()
        self._ungrab(owner)
        self._start_drain_or_close()

    def _ungrab(self, owner: object) -> None:
        grabs = self._grabs.pop(id(owner), [])
        if grabs and self._display is not None:
            root = self._display.screen().root
            for code, mods in grabs:
                root.ungrab_key(code, mods)
            self._display.sync()

    def _start_drain_or_close(self) -> None:
        if self._display is None:
            return
        if not self._grabs:
            self._display.close()
            self._display = None
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._drain, name="sidekick-x11-grab", daemon=True)
        self._thread.start()

    def _stop_drain(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None

    def _drain(self) -> None:
        # The grabbed key events are delivered to this connection; read and drop them so
        # they never pile up. (pynput's recorder, not this, reports the press.)
        disp = self._display
        assert disp is not None
        while not self._stop.is_set():
            ready, _, _ = select.select([disp.fileno()], [], [], 0.2)
            if ready:
                try:
                    while disp.pending_events():
                        disp.next_event()
                except (error.ConnectionClosedError, OSError):
                    return


class X11Grab:
    """A passive XGrabKey on the root window so the combo does not reach the focused app."""

    def __init__(self, connection: X11GrabConnection | None = None) -> None:
        self._connection = connection or X11GrabConnection()

    def grab(self, modifiers: frozenset[str], key: str, pretty: str) -> None:
        self._connection.grab(self, modifiers, key, pretty)

    def release(self) -> None:
        self._connection.release(self)


class X11Focus:
    """FocusTracker for X11 (EWMH window managers and bare X)."""

    backend = "x11"

    def __init__(self) -> None:
        self._display = display.Display()
        self._root = self._display.screen().root
        self._net_active = self._display.intern_atom("_NET_ACTIVE_WINDOW")
        self._net_wm_name = self._display.intern_atom("_NET_WM_NAME")
        self._utf8 = self._display.intern_atom("UTF8_STRING")
        self._wm_check = self._display.intern_atom("_NET_SUPPORTING_WM_CHECK")

    @property
    def connection(self) -> display.Display:
        """The X connection (GUI thread only), for other GUI-thread users to share."""
        return self._display

    @property
    def clipboard_atom(self) -> int:
        return self._display.intern_atom("CLIPBOARD")

    @property
    def client_mask(self) -> int:
        """The bits of a window id that identify its X client (all ids minus the resource bits)."""
        return 0xFFFFFFFF & ~int(self._display.display.info.resource_id_mask)

    def has_window_manager(self) -> bool:
        return self._root.get_full_property(self._wm_check, X.AnyPropertyType) is not None

    def _active_id(self) -> int:
        prop = self._root.get_full_property(self._net_active, X.AnyPropertyType)
        if prop is not None and len(prop.value) and prop.value[0]:
            return int(prop.value[0])
        focus = self._display.get_input_focus().focus
        if isinstance(focus, int) or focus is None or focus.id == self._root.id:
            return 0  # PointerRoot / None / the root: nobody to paste into
        return int(focus.id)

    def active_window(self) -> WindowRef | None:
        try:
            handle = self._active_id()
            if not handle:
                return None
            window = self._display.create_resource_object("window", handle)
            return WindowRef("x11", handle, self._title(window), self._wm_class(window))
        except error.XError:
            return None

    def _title(self, window: XWindow) -> str:
        prop = window.get_full_property(self._net_wm_name, self._utf8)
        if prop is not None:
            value = prop.value
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        name = window.get_wm_name()
        return name.decode("latin-1") if isinstance(name, bytes) else (name or "")

    def _wm_class(self, window: XWindow) -> str:
        wm_class = window.get_wm_class()
        return ".".join(wm_class) if wm_class else ""

    def activate(self, window: WindowRef) -> None:
        target = self._display.create_resource_object("window", window.handle)
        try:
            if self.has_window_manager():
                message = xevent.ClientMessage(
                    window=target, client_type=self._net_active,
                    data=(32, [2, X.CurrentTime, 0, 0, 0]),  # 2 = pager: not subject to focus-stealing rules
                )
                self._root.send_event(message, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
            else:
                target.raise_window()
                target.set_input_focus(X.RevertToParent, X.CurrentTime)
            self._display.flush()
        except error.XError:
            pass  # the window is gone; is_active() will say so

    def is_active(self, window: WindowRef) -> bool:
        try:
            if self.has_window_manager():
                prop = self._root.get_full_property(self._net_active, X.AnyPropertyType)
                if prop is None or not len(prop.value) or int(prop.value[0]) != window.handle:
                    return False
            focus = self._display.get_input_focus().focus
            if isinstance(focus, int) or focus is None:
                return False
            # The input focus may sit on a child of the top-level window (or its frame's child).
            node = focus
            while node is not None and node.id != self._root.id:
                if node.id == window.handle:
                    return True
                node = node.query_tree().parent
            return False
        except error.XError:
            return False


class X11Modifiers:
    """Which modifier keys are physically down, from ``XQueryKeymap``."""

    def __init__(self, connection: display.Display | None = None) -> None:
        # The focus tracker's connection is shared: both are asked on the GUI thread only, and
        # each connection holds its own copy of the keyboard map.
        self._display = connection or display.Display()
        codes: set[int] = set()
        for name in _MODIFIER_KEYSYMS:
            keysym = XK.string_to_keysym(name)
            codes.update(code for code, _ in self._display.keysym_to_keycodes(keysym))
        self._codes = sorted(codes)

    def any_down(self) -> bool:
        keymap = self._display.query_keymap()
        return any(keymap[code // 8] & (1 << (code % 8)) for code in self._codes)
