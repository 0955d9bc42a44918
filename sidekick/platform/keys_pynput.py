"""Key injection through pynput's Controller (XTEST on X11, SendInput on Windows, CGEvent on macOS).

Chords are sent by virtual key code: on X11 pynput injects keys that carry a ``vk`` with
XTEST, which every client accepts, while plain characters go out as ``XSendEvent``, which
some clients (xterm) ignore (docs/PASTE.md). So ``v`` is ``KeyCode.from_vk(<the OS's v>)``.

Nothing typed or sent is logged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sidekick.platform.typing_x11 import X11Typist

# The "v" and "c" keys as each OS's virtual key: X11 keysym, Windows VK_V/VK_C, macOS kVK_ANSI_V/C.
_LETTER_KEYS = {"v": {"linux": 0x76, "win32": 0x56, "darwin": 9},
                "c": {"linux": 0x63, "win32": 0x43, "darwin": 8}}


class PynputKeys:
    """KeySender over ``pynput.keyboard.Controller``; ``modifiers_down`` is OS-specific."""

    def __init__(self, modifiers_down: Callable[[], bool]) -> None:
        from pynput import keyboard  # lazy: importing pynput needs a display on Linux

        self._keyboard = keyboard
        self._controller = keyboard.Controller()
        self._modifiers_down = modifiers_down
        self._modifier_keys = {
            "ctrl": keyboard.Key.ctrl, "shift": keyboard.Key.shift,
            "alt": keyboard.Key.alt, "cmd": keyboard.Key.cmd,
        }

    def modifiers_down(self) -> bool:
        return self._modifiers_down()

    def release_modifiers(self) -> None:
        key = self._keyboard.Key
        for modifier in (key.ctrl, key.ctrl_r, key.alt, key.alt_r, key.shift, key.shift_r, key.cmd):
            try:
                self._controller.release(modifier)
            except self._controller.InvalidKeyException:
                continue

    def _key(self, name: str) -> Any:  # a pynput Key or KeyCode
        if name in _LETTER_KEYS:
            platform = "linux" if sys.platform.startswith("linux") else sys.platform
            codes = _LETTER_KEYS[name]
            return self._keyboard.KeyCode.from_vk(codes.get(platform, codes["linux"]))
        special = getattr(self._keyboard.Key, name, None)
        if special is None:
            raise ValueError(f"unknown paste key {name!r}: use ctrl+v, shift+insert or cmd+v")
        return special

    def send_paste(self, key: str) -> None:
        self._send_chord(key)

    def send_copy(self, key: str) -> None:
        self._send_chord(key)

    def _send_chord(self, key: str) -> None:
        *modifiers, last = [part.strip().lower() for part in key.split("+")]
        held = [self._modifier_keys[name] for name in modifiers]
        target = self._key(last)
        for modifier in held:
            self._controller.press(modifier)
        try:
            self._controller.press(target)
            self._controller.release(target)
        finally:
            for modifier in reversed(held):
                self._controller.release(modifier)

    def send_enter(self) -> None:
        self._controller.tap(self._keyboard.Key.enter)

    def send_left(self, count: int) -> None:
        for _ in range(max(0, count)):
            self._controller.tap(self._keyboard.Key.left)

    def type_text(self, text: str) -> None:
        key = self._keyboard.Key
        for line_number, line in enumerate(text.split("\n")):
            if line_number:
                # In chat clients Enter sends: a newline must be Shift+Enter to stay one message.
                with self._controller.pressed(key.shift):
                    self._controller.tap(key.enter)
            if line:
                self._controller.type(line)

    def finish_typing(self) -> None:
        """pynput restores its own keyboard-map changes after each character."""


class X11Keys(PynputKeys):
    """PynputKeys whose typing binds characters to spare keycodes in turn (see typing_x11).

    The typist (its own X connection and keyboard map) is made on the first typed reply: most
    agents only ever paste."""

    def __init__(self, modifiers_down: Callable[[], bool]) -> None:
        super().__init__(modifiers_down)
        self._typist: X11Typist | None = None

    def type_text(self, text: str) -> None:
        if self._typist is None:
            from sidekick.platform.typing_x11 import X11Typist

            self._typist = X11Typist()
        for char in text:
            self._typist.type_char(char)

    def finish_typing(self) -> None:
        if self._typist is not None:
            self._typist.finish()
