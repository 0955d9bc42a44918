"""One hotkey grammar: parsed, stored and shown the same way by the platform, Settings and the tray."""

from __future__ import annotations

import pytest

from sidekick.core import hotkey
from sidekick.core.ports import HotkeyError


@pytest.mark.parametrize(("stored", "shown"), [
    ("<ctrl>+<alt>+<page_up>", "Ctrl+Alt+PgUp"),
    ("<ctrl>+<alt>+<page_down>", "Ctrl+Alt+PgDn"),
    ("<ctrl>+<alt>+<space>", "Ctrl+Alt+Space"),
    ("<alt>+<ctrl>+k", "Ctrl+Alt+K"),
    ("<alt>+<f5>", "Alt+F5"),
    ("<ctrl>+<shift>+<print_screen>", "Ctrl+Shift+PrtSc"),
])
def test_platform_and_settings_spell_a_hotkey_the_same_way(stored: str, shown: str) -> None:
    """Defect 9: the tray said Ctrl+Alt+Page_up where Settings said Ctrl+Alt+PgUp."""
    from sidekick.platform.hotkeys_pynput import pretty_combo
    from sidekick.ui.widgets import hotkeys as settings_hotkeys

    assert pretty_combo(stored) == shown  # what the tray and the error messages show
    assert settings_hotkeys.display(stored) == shown  # what the settings field shows


@pytest.mark.parametrize("text", ["Ctrl+Alt+PgUp", "<ctrl>+<alt>+<page_up>", "ctrl+alt+Page_Up", "<alt>+<control>+pageup"])
def test_shown_and_stored_forms_parse_to_the_same_hotkey(text: str) -> None:
    parsed = hotkey.parse(text)
    assert parsed.stored == "<ctrl>+<alt>+<page_up>"
    assert hotkey.parse(parsed.shown) == parsed


@pytest.mark.parametrize("text", ["", "<ctrl>+", "<hyper>+k", "<ctrl>+<alt>", "<ctrl>+<warp_drive>"])
def test_bad_hotkeys_are_refused_with_the_text(text: str) -> None:
    with pytest.raises(HotkeyError, match="hotkey"):
        hotkey.parse(text)


def test_problems_are_judged_once_for_everyone() -> None:
    assert hotkey.problem("<ctrl>+<alt>+<space>") is None
    assert hotkey.problem("") is hotkey.HotkeyProblem.EMPTY
    assert hotkey.problem("k") is hotkey.HotkeyProblem.NO_MODIFIER
    assert hotkey.problem("<f9>") is None  # a function key alone is fine
    assert hotkey.problem("<shift>+a") is hotkey.HotkeyProblem.SHIFT_ONLY
    assert hotkey.problem("<alt>+<ctrl>+<delete>") is hotkey.HotkeyProblem.RESERVED
    assert hotkey.problem("<ctrl>+a+b") is hotkey.HotkeyProblem.UNSUPPORTED


def test_modifiers_still_held_are_shown_in_the_same_words() -> None:
    assert hotkey.display("<ctrl>+<alt>") == "Ctrl+Alt"
