"""Typing any Unicode text on X11 with XTEST, for chat clients that block paste.

A character outside the keyboard map (all of Chinese, emoji) has to be bound to a spare keycode
before it can be pressed. Binding every character to the *same* spare keycode — what generic
key injectors do — loses characters: the target reads each key event after the next rebinding
and sees the wrong character ("亲，您好" arrives as "亲，您您"). Here each character takes the
next of several spare keycodes in turn, so a binding lives on for several characters after its
key event, long enough for a busy target to read it. The spare keycodes are unbound again when
typing ends. Nothing typed is logged.
"""

from __future__ import annotations

from Xlib import XK, X, display
from Xlib.ext import xtest

SCRATCH_KEYCODES = 32  # how many characters a binding outlives its own key press by (a slow target lags)
_UNICODE_KEYSYM = 0x01000000  # X11 keysym for a Unicode code point above Latin-1


def keysym_for_char(char: str) -> int:
    """The X11 keysym that types ``char``."""
    point = ord(char)
    if 0x20 <= point <= 0x7E or 0xA0 <= point <= 0xFF:
        return point  # Latin-1 keysyms equal their code points
    return _UNICODE_KEYSYM | point


class X11Typist:
    """Types characters one at a time (the paster paces the calls)."""

    def __init__(self) -> None:
        self._display = display.Display()
        self._spare = self._spare_keycodes()
        self._next = 0
        self._bound: set[int] = set()
        self._shift = self._display.keysym_to_keycode(XK.XK_Shift_L)
        self._enter = self._display.keysym_to_keycode(XK.XK_Return)

    def _spare_keycodes(self) -> list[int]:
        first = self._display.display.info.min_keycode
        count = self._display.display.info.max_keycode - first + 1
        mapping = self._display.get_keyboard_mapping(first, count)
        # Scan from the top: low keycodes are real keys on most keyboards.
        spare = [first + offset for offset in range(count - 1, -1, -1) if not any(mapping[offset])]
        return spare[:SCRATCH_KEYCODES]

    def type_char(self, char: str) -> None:
        if char == "\n":
            # In chat clients Enter sends: a line break inside one message is Shift+Enter.
            self._chord(self._enter, shift=True)
            return
        keysym = keysym_for_char(char)
        keycode = self._display.keysym_to_keycode(keysym)
        if keycode:
            # In the map already: shifted when only the second column of its keycode holds it.
            shifted = self._display.keycode_to_keysym(keycode, 0) != keysym
            self._chord(keycode, shift=shifted)
            return
        if not self._spare:
            return  # a keyboard map without spare keycodes: nothing can be typed this way
        keycode = self._spare[self._next % len(self._spare)]
        self._next += 1
        self._display.change_keyboard_mapping(keycode, [(keysym, keysym)])
        self._bound.add(keycode)
        self._display.sync()
        self._chord(keycode, shift=False)

    def _chord(self, keycode: int, *, shift: bool) -> None:
        if shift:
            xtest.fake_input(self._display, X.KeyPress, self._shift)
        xtest.fake_input(self._display, X.KeyPress, keycode)
        xtest.fake_input(self._display, X.KeyRelease, keycode)
        if shift:
            xtest.fake_input(self._display, X.KeyRelease, self._shift)
        self._display.sync()

    def finish(self) -> None:
        """Unbind the spare keycodes again (the keyboard map is as it was)."""
        for keycode in sorted(self._bound):
            self._display.change_keyboard_mapping(keycode, [(X.NoSymbol, X.NoSymbol)])
        self._bound.clear()
        self._display.sync()
