"""Windows: the foreground window, and getting it back through the foreground lock.

Windows only lets the process that received the last input event change the foreground
window; a tray app reacting to a hotkey hook often does not qualify, and
``SetForegroundWindow`` then just flashes the taskbar button. The usual way through:
attach our input queue to the current foreground thread's and to the target's
(``AttachThreadInput``), allow any process to take the foreground
(``AllowSetForegroundWindow(ASFW_ANY)``), then ``BringWindowToTop`` + ``SetForegroundWindow``
and detach again. If the lock still holds, a synthetic Alt tap counts as "last input" and
unlocks it (the same trick AutoHotkey and PowerToys use).

Whether it worked is checked, never assumed: ``is_active`` compares the foreground window's
root owner with the captured one, so the paster never pastes into a window that took over.

The Win32 calls go through a small ``api`` object so the dance is unit-tested on any OS with
a fake; the real one (ctypes) is built only on Windows. Not run in CI (no Windows runner).
"""

from __future__ import annotations

import sys
from typing import Any

from sidekick.core.types import WindowRef

ASFW_ANY = 0xFFFFFFFF
SW_RESTORE = 9
GA_ROOTOWNER = 3
VK_MENU = 0x12
KEYEVENTF_KEYUP = 0x0002
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_MODIFIER_VKS = (0x10, 0x11, 0x12, 0x5B, 0x5C)  # Shift, Ctrl, Alt, left and right Windows keys


def _real_api() -> Any:
    if sys.platform != "win32":
        raise ImportError("sidekick.platform.focus_win needs Windows")
    import ctypes
    from ctypes import wintypes

    user32 = ctypes.WinDLL("user32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    user32.GetForegroundWindow.restype = wintypes.HWND
    user32.GetWindowThreadProcessId.argtypes = [wintypes.HWND, ctypes.POINTER(wintypes.DWORD)]
    user32.GetWindowThreadProcessId.restype = wintypes.DWORD
    user32.GetAncestor.argtypes = [wintypes.HWND, wintypes.UINT]
    user32.GetAncestor.restype = wintypes.HWND
    user32.GetAsyncKeyState.restype = ctypes.c_short

    class Api:
        """The handful of Win32 calls used here, with plain-int handles."""

        def foreground(self) -> int:
            return int(user32.GetForegroundWindow() or 0)

        def thread_of(self, hwnd: int) -> int:
            return int(user32.GetWindowThreadProcessId(hwnd, None))

        def current_thread(self) -> int:
            return int(kernel32.GetCurrentThreadId())

        def attach(self, ours: int, theirs: int, on: bool) -> bool:
            return bool(user32.AttachThreadInput(ours, theirs, on))

        def allow_any(self) -> None:
            user32.AllowSetForegroundWindow(ASFW_ANY)

        def is_window(self, hwnd: int) -> bool:
            return bool(user32.IsWindow(hwnd))

        def restore_if_minimised(self, hwnd: int) -> None:
            if user32.IsIconic(hwnd):
                user32.ShowWindow(hwnd, SW_RESTORE)

        def bring_to_front(self, hwnd: int) -> bool:
            user32.BringWindowToTop(hwnd)
            return bool(user32.SetForegroundWindow(hwnd))

        def tap_alt(self) -> None:
            user32.keybd_event(VK_MENU, 0, 0, 0)
            user32.keybd_event(VK_MENU, 0, KEYEVENTF_KEYUP, 0)

        def root_owner(self, hwnd: int) -> int:
            return int(user32.GetAncestor(hwnd, GA_ROOTOWNER) or hwnd)

        def title(self, hwnd: int) -> str:
            buffer = ctypes.create_unicode_buffer(512)
            user32.GetWindowTextW(hwnd, buffer, 512)
            return buffer.value

        def exe_name(self, hwnd: int) -> str:
            pid = wintypes.DWORD()
            user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid))
            handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid.value)
            if not handle:
                return ""
            try:
                size = wintypes.DWORD(1024)
                buffer = ctypes.create_unicode_buffer(size.value)
                if kernel32.QueryFullProcessImageNameW(handle, 0, buffer, ctypes.byref(size)):
                    return buffer.value.rsplit("\\", 1)[-1]
                return ""
            finally:
                kernel32.CloseHandle(handle)

        def key_down(self, vk: int) -> bool:
            return bool(user32.GetAsyncKeyState(vk) & 0x8000)

    return Api()


class Win32Focus:
    """FocusTracker for Windows."""

    backend = "win32"

    def __init__(self, api: Any = None) -> None:
        self._api = api if api is not None else _real_api()

    def active_window(self) -> WindowRef | None:
        hwnd = self._api.foreground()
        if not hwnd:
            return None
        return WindowRef("win32", hwnd, self._api.title(hwnd), self._api.exe_name(hwnd))

    def activate(self, window: WindowRef) -> None:
        api, hwnd = self._api, window.handle
        if not api.is_window(hwnd):
            return  # closed meanwhile: is_active() says no and nothing is pasted
        api.restore_if_minimised(hwnd)
        ours = api.current_thread()
        theirs = {api.thread_of(api.foreground()), api.thread_of(hwnd)} - {ours, 0}
        attached = [thread for thread in theirs if api.attach(ours, thread, True)]
        try:
            api.allow_any()
            api.bring_to_front(hwnd)
        finally:
            for thread in attached:
                api.attach(ours, thread, False)
        if not self.is_active(window):
            # Still locked: a synthetic Alt tap makes us "the last input", which unlocks it.
            api.tap_alt()
            api.bring_to_front(hwnd)

    def is_active(self, window: WindowRef) -> bool:
        foreground = self._api.foreground()
        return bool(foreground) and self._api.root_owner(foreground) == self._api.root_owner(window.handle)


def win32_modifiers_down(api: Any = None) -> bool:
    """True while Shift, Ctrl, Alt or a Windows key is physically held."""
    api = api if api is not None else _modifier_api()
    return any(api.key_down(vk) for vk in _MODIFIER_VKS)


_api_cache: list[Any] = []


def _modifier_api() -> Any:
    if not _api_cache:
        _api_cache.append(_real_api())
    return _api_cache[0]
