"""Both hotkeys (popup and suggest mode) share one pynput key listener.

Each pynput listener is an XRecord client that sees every key of the session; the app's two
``PynputHotkeys`` register their combos in one ``SharedListener``. pynput is replaced by a
recording stand-in (importing it needs a display).
"""

from __future__ import annotations

import sys
import types
from typing import ClassVar

import pytest

from sidekick.core.ports import HotkeyError
from sidekick.platform.hotkeys_pynput import PynputHotkeys, SharedListener


class FakeGlobalHotKeys:
    started: ClassVar[list[FakeGlobalHotKeys]] = []

    def __init__(self, combos: dict[str, object]) -> None:
        self.combos = dict(combos)
        self.running = False
        self.daemon = False

    def start(self) -> None:
        self.running = True
        FakeGlobalHotKeys.started.append(self)

    def wait(self) -> None: ...

    def stop(self) -> None:
        self.running = False


class FakeHotKey:
    @staticmethod
    def parse(text: str) -> list[str]:
        if "<nosuchkey>" in text:
            raise ValueError("unknown key")
        return text.split("+")


@pytest.fixture(autouse=True)
def fake_pynput(monkeypatch: pytest.MonkeyPatch) -> None:
    keyboard = types.SimpleNamespace(GlobalHotKeys=FakeGlobalHotKeys, HotKey=FakeHotKey)
    module = types.ModuleType("pynput")
    module.keyboard = keyboard
    monkeypatch.setitem(sys.modules, "pynput", module)
    FakeGlobalHotKeys.started = []


def running() -> list[FakeGlobalHotKeys]:
    return [listener for listener in FakeGlobalHotKeys.started if listener.running]


def test_two_hotkeys_run_in_one_listener_and_each_unregisters_alone() -> None:
    shared = SharedListener()
    popup, suggest = PynputHotkeys(listener=shared), PynputHotkeys(listener=shared)
    popup.register("<ctrl>+<alt>+<space>", lambda: None)
    suggest.register("<ctrl>+<alt>+<enter>", lambda: None)
    assert len(running()) == 1
    assert set(running()[0].combos) == {"<ctrl>+<alt>+<space>", "<ctrl>+<alt>+<enter>"}
    suggest.unregister()
    assert len(running()) == 1 and set(running()[0].combos) == {"<ctrl>+<alt>+<space>"}
    popup.unregister()
    assert running() == []


def test_registering_again_replaces_the_combo() -> None:
    shared = SharedListener()
    suggest = PynputHotkeys(listener=shared)
    suggest.register("<ctrl>+<alt>+<enter>", lambda: None)
    suggest.register("<ctrl>+<alt>+j", lambda: None)
    assert [set(listener.combos) for listener in running()] == [{"<ctrl>+<alt>+j"}]


def test_an_invalid_combo_is_refused_and_the_other_keeps_working() -> None:
    shared = SharedListener()
    popup, suggest = PynputHotkeys(listener=shared), PynputHotkeys(listener=shared)
    popup.register("<ctrl>+<alt>+<space>", lambda: None)
    with pytest.raises(HotkeyError):
        suggest.register("<ctrl>+<alt>+<nosuchkey>", lambda: None)
    assert [set(listener.combos) for listener in running()] == [{"<ctrl>+<alt>+<space>"}]
