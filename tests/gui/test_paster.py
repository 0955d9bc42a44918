"""The paste as timed steps, with fake platform ports (offscreen, no X server)."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from helpers.fakes import EventLog, FakeClipboard, FakeFocus, RecordingKeySender

from sidekick.app.paster import PasteJob, PasteOutcome, Paster, caret_moves
from sidekick.config.settings import Settings
from sidekick.core.types import WindowRef

TARGET = WindowRef("x11", 42, "买家聊天", "chat.Chat")
OTHER = WindowRef("x11", 77, "Terminal", "xterm.XTerm")
SAVED = (("text/plain", "agent's own 剪贴板".encode()), ("image/png", b"\x89PNG fake"))
SETTINGS = Settings(restore_timeout_ms=400, restore_settle_ms=30, focus_timeout_ms=200, paste_poll_ms=2)


@pytest.fixture
def rig(qtbot):
    events = EventLog()
    clipboard = FakeClipboard(events, SAVED)
    focus = FakeFocus(events, OTHER)
    keys = RecordingKeySender(events)
    paster = Paster(clipboard, focus, keys, SETTINGS)
    outcomes: list[PasteOutcome] = []
    paster.finished.connect(outcomes.append)
    return events, clipboard, focus, keys, paster, outcomes


def test_steps_run_in_order_and_restore_waits_for_the_target_to_read(rig, qtbot, qapp) -> None:
    events, clipboard, _focus, _keys, paster, outcomes = rig
    paster.update_settings(replace(SETTINGS, restore_timeout_ms=60_000))  # only a read can restore now
    paster.paste(PasteJob("您好，已发货📦", TARGET))
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    assert events == ["focus.activate 42", "clipboard.save", "clipboard.set", "keys.paste ctrl+v"]
    assert clipboard.text() == "您好，已发货📦"
    assert clipboard.reader == TARGET  # only the target's reads count
    qapp.processEvents()  # whatever the paste queued has run: no read yet, so no restore
    assert "clipboard.restore" not in events and paster.state.value == "waiting_read"
    clipboard.target_reads(4)  # GTK asks several times
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.PASTED], timeout=1000)
    assert events[-1] == "clipboard.restore"
    assert clipboard.formats == SAVED  # every format back, the image included
    assert paster.reads == 4


def test_restore_debounces_repeated_reads(rig, qtbot) -> None:
    events, clipboard, _focus, _keys, paster, _outcomes = rig
    paster.paste(PasteJob("a", TARGET))
    settle_ms = 400
    paster.update_settings(replace(SETTINGS, restore_settle_ms=settle_ms, restore_timeout_ms=60_000))
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    clipboard.target_reads()
    quiet = paster._settle  # the quiet-time timer: polled, so no fixed wait races a busy machine
    qtbot.waitUntil(lambda: 0 <= quiet.remainingTime() <= settle_ms // 2, timeout=2000)
    assert "clipboard.restore" not in events
    clipboard.target_reads()  # another read restarts the quiet time
    assert quiet.remainingTime() > settle_ms // 2
    assert "clipboard.restore" not in events
    qtbot.waitUntil(lambda: "clipboard.restore" in events, timeout=2000)
    assert paster.reads == 2


def test_where_reads_cannot_be_seen_the_timeout_restores(rig, qtbot) -> None:
    _events, clipboard, _focus, _keys, paster, outcomes = rig
    clipboard.observable = False  # Windows, macOS: the timeout stands for the read
    steps: list[str] = []
    paster.step.connect(steps.append)
    started = time.monotonic()
    paster.paste(PasteJob("a", TARGET))
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.PASTED], timeout=2000)
    # Not before the timeout (Qt's coarse timers may fire up to 5 % early).
    assert time.monotonic() - started >= 0.95 * SETTINGS.restore_timeout_ms / 1000
    assert "restored_after_timeout" in steps
    assert clipboard.formats == SAVED


def test_a_read_after_the_timeout_still_gets_the_reply_then_the_clipboard_comes_back(rig, qtbot) -> None:
    """A busy chat window reading late must paste the reply, never the agent's old clipboard."""
    events, clipboard, _focus, _keys, paster, outcomes = rig
    steps: list[str] = []
    paster.step.connect(steps.append)
    paster.paste(PasteJob("您好，已发货📦", TARGET))
    qtbot.waitUntil(lambda: "read_late" in steps, timeout=2000)  # restore_timeout_ms passed, no read yet
    assert "clipboard.restore" not in events and clipboard.text() == "您好，已发货📦"
    clipboard.target_reads()
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.PASTED], timeout=2000)
    assert events[-1] == "clipboard.restore" and clipboard.formats == SAVED


def test_a_target_that_never_reads_keeps_the_reply_on_the_clipboard_and_sends_nothing(
        rig, qtbot, monkeypatch) -> None:
    import sidekick.app.paster as paster_module

    monkeypatch.setattr(paster_module, "LATE_READ_LIMIT_S", 0.8)
    events, clipboard, _focus, _keys, paster, outcomes = rig
    messages: list[str] = []
    paster.failed.connect(messages.append)
    started = time.monotonic()
    paster.paste(PasteJob("订单已发出", TARGET, caret=2, send=True))
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.NOT_READ], timeout=3000)
    assert time.monotonic() - started >= 0.95 * 0.8
    assert "clipboard.restore" not in events and clipboard.text() == "订单已发出"
    assert [e for e in events if e.startswith("keys.")] == ["keys.paste ctrl+v"]  # no caret moves, no Enter
    assert messages and "clipboard" in messages[0]
    clipboard.target_reads()  # a reader later still than that gets the reply, not the old clipboard
    assert clipboard.text() == "订单已发出"


def test_focus_that_never_arrives_pastes_nothing_and_leaves_the_text(rig, qtbot) -> None:
    events, clipboard, focus, _keys, paster, outcomes = rig
    focus.refuse = True
    messages: list[str] = []
    paster.failed.connect(messages.append)
    paster.paste(PasteJob("订单已发出", TARGET))
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.FOCUS_LOST], timeout=1000)
    assert not [e for e in events if e.startswith("keys.")]
    assert clipboard.text() == "订单已发出"
    assert "clipboard.restore" not in events
    assert messages and "clipboard" in messages[0]


def test_focus_moving_away_before_the_key_pastes_nothing(rig, qtbot) -> None:
    events, clipboard, focus, keys, paster, outcomes = rig
    keys.held_polls = 3
    keys.focus_thief, keys.thief_window = focus, OTHER  # the agent clicks another window
    paster.paste(PasteJob("订单已发出", TARGET))
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.FOCUS_LOST], timeout=1000)
    assert not [e for e in events if e.startswith("keys.paste")]
    assert clipboard.text() == "订单已发出"


def test_waits_for_modifiers_then_pastes(rig, qtbot) -> None:
    events, _clipboard, _focus, keys, paster, _outcomes = rig
    keys.held_polls = 5
    paster.paste(PasteJob("a", TARGET))
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    assert keys.held_polls == 0
    assert "keys.release_modifiers" not in events


def test_modifiers_held_too_long_are_released_before_pasting(qtbot) -> None:
    events = EventLog()
    keys = RecordingKeySender(events)
    keys.held_polls = 10**6
    paster = Paster(FakeClipboard(events), FakeFocus(events), keys, replace(SETTINGS, modifier_timeout_ms=30))
    paster.paste(PasteJob("a", TARGET))
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    assert events.index("keys.release_modifiers") < events.index("keys.paste ctrl+v")


def test_per_app_paste_key_and_type_instead(rig, qtbot) -> None:
    events, clipboard, _focus, _keys, paster, outcomes = rig
    paster.paste(PasteJob("a", TARGET, paste_key="shift+insert"))
    qtbot.waitUntil(lambda: "keys.paste shift+insert" in events, timeout=1000)
    clipboard.target_reads()
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.PASTED], timeout=1000)
    events.clear()
    paster.paste(PasteJob("第一行\n第二行", TARGET, type_instead=True))
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=1000)
    assert outcomes[-1] is PasteOutcome.TYPED
    # One character per tick (the newline included), clipboard untouched.
    assert events == ["focus.activate 42"] + ["keys.type 1"] * 7 + ["keys.typing_finished"]


def test_typing_stops_when_focus_moves_away_and_leaves_the_reply_on_the_clipboard(rig, qtbot) -> None:
    events, clipboard, focus, _keys, paster, outcomes = rig
    messages: list[str] = []
    paster.failed.connect(messages.append)
    paster.paste(PasteJob("您好，这是一条比较长的回复", TARGET, type_instead=True))
    qtbot.waitUntil(lambda: events.count("keys.type 1") >= 2, timeout=1000)
    focus.active = OTHER  # the agent clicked into another window
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=1000)
    assert outcomes == [PasteOutcome.FOCUS_LOST]
    assert events.count("keys.type 1") < len("您好，这是一条比较长的回复")
    assert clipboard.text() == "您好，这是一条比较长的回复" and messages


def test_paste_and_send_presses_enter_after_the_read_and_caret_moves_left(rig, qtbot) -> None:
    events, clipboard, _focus, _keys, paster, outcomes = rig
    text = "身高 cm，体重 __ 斤😊"
    paster.paste(PasteJob(text, TARGET, caret=3, send=True))
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    assert "keys.enter" not in events  # Enter before the target pasted would send half a reply
    clipboard.target_reads()
    qtbot.waitUntil(lambda: outcomes == [PasteOutcome.PASTED], timeout=1000)
    assert events[-3:] == ["clipboard.restore", f"keys.left {len(text) - 3}", "keys.enter"]


def test_no_target_leaves_the_reply_on_the_clipboard(rig, qtbot) -> None:
    events, _clipboard, _focus, _keys, paster, outcomes = rig
    paster.paste(PasteJob("a", None))
    assert outcomes == [PasteOutcome.NO_TARGET]
    assert events == ["clipboard.set"]


def test_a_second_paste_first_restores_the_first(rig, qtbot) -> None:
    events, clipboard, _focus, _keys, paster, outcomes = rig
    paster.paste(PasteJob("one", TARGET))
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    paster.paste(PasteJob("two", TARGET))
    qtbot.waitUntil(lambda: events.count("keys.paste ctrl+v") == 2, timeout=1000)
    # The second save sees the agent's content, not "one".
    first_restore = events.index("clipboard.restore")
    assert first_restore < [i for i, e in enumerate(events) if e == "clipboard.save"][1]
    clipboard.target_reads()
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=1000)
    assert clipboard.formats == SAVED


@pytest.mark.parametrize(("text", "caret", "moves"), [
    ("abc", None, 0), ("abc", 3, 0), ("abc", 1, 2),
    ("a👍🏽b", 1, 2),  # emoji with a skin tone: one press
    ("a👨‍👩‍👧b", 1, 2),  # a ZWJ family: one press
    ("a❤️b", 1, 2),  # heart with a variation selector
    ("x\r\ny", 1, 2),
])
def test_caret_moves_count_what_the_caret_steps_over(text: str, caret: int | None, moves: int) -> None:
    assert caret_moves(text, caret) == moves
