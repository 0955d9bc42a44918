"""The Windows and macOS backends against the real OS APIs (not the fakes of tests/unit/platform).

These run only on the CI workflow's Windows and macOS runners (``pytest -m native``, see
``.github/workflows/ci.yml``); the Linux suite deselects them with the marker, and the X11
backend is covered for real by the end-to-end tests under Xvfb. Each test asks the OS itself:
register the hotkey and see it fire from an injected key press, read the foreground window,
put text on the clipboard and read it back through the same backend.
"""

from __future__ import annotations

import sys
import threading
import time

import pytest

pytestmark = [
    pytest.mark.native,
    pytest.mark.skipif(sys.platform not in {"win32", "darwin"}, reason="Windows/macOS runners only (-m native)"),
]


def test_clipboard_round_trip_through_the_backend(qapp) -> None:
    from sidekick.platform import create_platform

    backends = create_platform()
    clipboard = backends.clipboard
    before = clipboard.save()
    text = "您好，已为您备注 ✅ #1234"
    clipboard.set_text(text)
    deadline = time.monotonic() + 5
    while clipboard.text() != text and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.02)
    assert clipboard.text() == text
    clipboard.restore(before)


def test_the_foreground_window_is_ours_once_raised(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from sidekick.platform import create_platform

    focus = create_platform().focus
    window = QWidget()
    window.setWindowTitle("sidekick-native-focus-probe")
    qtbot.addWidget(window)
    window.show()
    window.raise_()
    window.activateWindow()
    qtbot.waitExposed(window)
    ref = None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        ref = focus.active_window()
        if ref is not None and focus.is_active(ref):
            break
        qtbot.wait(50)
    assert ref is not None, "the OS reported no foreground window"
    assert ref.backend == ("win32" if sys.platform == "win32" else "mac")
    if sys.platform == "win32":
        assert ref.title == "sidekick-native-focus-probe"
    assert focus.is_active(ref)


@pytest.mark.skipif(sys.platform != "win32", reason="macOS runners lack the Input Monitoring permission")
def test_the_hotkey_fires_on_an_injected_key_press() -> None:
    from pynput.keyboard import Controller, Key

    from sidekick.platform.hotkeys_pynput import PynputHotkeys

    fired = threading.Event()
    hotkeys = PynputHotkeys()
    hotkeys.register("<ctrl>+<alt>+<f9>", fired.set)
    try:
        keyboard = Controller()
        with keyboard.pressed(Key.ctrl_l), keyboard.pressed(Key.alt_l):
            keyboard.press(Key.f9)
            keyboard.release(Key.f9)
        assert fired.wait(5), "the registered hotkey did not fire"
    finally:
        hotkeys.unregister()


def test_registering_and_releasing_the_hotkey_works_twice() -> None:
    from sidekick.platform.hotkeys_pynput import PynputHotkeys

    hotkeys = PynputHotkeys()
    for _ in range(2):
        hotkeys.register("<ctrl>+<alt>+<f10>", lambda: None)
        hotkeys.unregister()
