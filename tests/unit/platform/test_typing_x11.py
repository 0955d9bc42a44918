"""Which X11 keysym types which character (the typist binds these to spare keycodes)."""

from __future__ import annotations

from sidekick.platform.typing_x11 import keysym_for_char


def test_latin1_characters_use_their_own_keysyms() -> None:
    assert keysym_for_char("a") == 0x61
    assert keysym_for_char("é") == 0xE9


def test_chinese_and_emoji_use_unicode_keysyms() -> None:
    assert keysym_for_char("您") == 0x01000000 + ord("您")
    assert keysym_for_char("📦") == 0x01000000 + 0x1F4E6
    assert keysym_for_char("，") == 0x01000000 + 0xFF0C  # full-width comma is not Latin-1
