"""The paster's states and what a new paste does to a running one in each of them."""

from __future__ import annotations

import pytest
from helpers.fakes import EventLog, FakeClipboard, FakeFocus, RecordingKeySender

from sidekick.app.paster import PasteJob, PasteOutcome, Paster, caret_moves
from sidekick.config.settings import Settings
from sidekick.core.types import WindowRef

TARGET = WindowRef("x11", 42, "买家聊天", "chat.Chat")
OTHER = WindowRef("x11", 77, "Terminal", "xterm.XTerm")
SAVED = (("text/plain", "agent's own 剪贴板".encode()),)
SETTINGS = Settings(restore_timeout_ms=400, restore_settle_ms=30, focus_timeout_ms=300, paste_poll_ms=2,
                    modifier_timeout_ms=2000, type_interval_ms=10)
# The first job: paste and send, with the caret placed mid-way ({光标}).
FIRST = PasteJob("您好，订单已发出，请留意物流信息", TARGET, caret=3, send=True)
SECOND = PasteJob("第二条", TARGET)


@pytest.fixture
def rig(qtbot):
    events = EventLog()
    clipboard = FakeClipboard(events, SAVED)
    focus = FakeFocus(events, OTHER)
    keys = RecordingKeySender(events)
    paster = Paster(clipboard, focus, keys, SETTINGS)
    outcomes: list[PasteOutcome] = []
    steps: list[str] = []
    paster.finished.connect(outcomes.append)
    paster.step.connect(steps.append)
    return events, clipboard, focus, keys, paster, outcomes, steps


def _first_job_events(events: EventLog, mark: int) -> list[str]:
    """What happened before the second job started: everything up to its first focus request
    (``mark`` is the length of the log just before the second ``paste``)."""
    second_start = next(i for i in range(mark, len(events)) if events[i] == "focus.activate 42")
    return events[:second_start]


def test_second_paste_while_the_first_waits_for_focus_sends_nothing_for_the_first(rig, qtbot) -> None:
    events, clipboard, focus, _keys, paster, outcomes, steps = rig
    focus.refuse = True  # the window manager has not given focus back yet
    paster.paste(FIRST)
    qtbot.waitUntil(lambda: "waiting_focus" in steps, timeout=1000)
    assert paster.state.value == "waiting_focus"
    focus.refuse = False
    mark = len(events)
    paster.paste(SECOND)
    first = _first_job_events(events, mark)
    assert not [e for e in first if e.startswith(("keys.", "clipboard."))], first
    assert outcomes[0] is PasteOutcome.CANCELLED
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    clipboard.target_reads()
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=1000)
    assert outcomes[1] is PasteOutcome.PASTED
    assert "keys.enter" not in events and not [e for e in events if e.startswith("keys.left")]
    assert clipboard.formats == SAVED


def test_second_paste_while_the_first_waits_for_modifiers_sends_no_enter_and_no_caret_moves(rig, qtbot) -> None:
    """Defect 3: the old paster ran the first job's after-steps (caret moves, Enter) here."""
    events, clipboard, _focus, keys, paster, outcomes, steps = rig
    keys.held_polls = 10**6  # the agent still holds Ctrl after Ctrl+Enter
    paster.paste(FIRST)
    qtbot.waitUntil(lambda: "waiting_modifiers" in steps, timeout=1000)
    keys.held_polls = 0
    mark = len(events)
    paster.paste(SECOND)
    first = _first_job_events(events, mark)
    assert "keys.enter" not in first and not [e for e in first if e.startswith("keys.left")], first
    assert "keys.paste ctrl+v" not in first
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    clipboard.target_reads()
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=1000)
    assert "keys.enter" not in events  # the second job is a plain paste
    assert outcomes[0] is not PasteOutcome.PASTED


def test_second_paste_while_typing_stops_typing_restores_the_keymap_and_never_sends(rig, qtbot) -> None:
    """Defect 3: a half-typed reply was sent with Enter when a second paste came in."""
    events, clipboard, _focus, _keys, paster, outcomes, _steps = rig
    from dataclasses import replace

    paster.paste(replace(FIRST, type_instead=True))
    qtbot.waitUntil(lambda: events.count("keys.type 1") >= 3, timeout=1000)
    mark = len(events)
    paster.paste(SECOND)
    typed = events.count("keys.type 1")
    assert typed < len(FIRST.text)
    first = _first_job_events(events, mark)
    assert first[-1] == "keys.typing_finished"  # the remapped keycodes are put back at once
    assert "keys.enter" not in first and not [e for e in first if e.startswith("keys.left")], first
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    assert events.count("keys.type 1") == typed  # not one more character of the first reply
    clipboard.target_reads()
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=1000)
    assert outcomes[0] is not PasteOutcome.TYPED and "keys.enter" not in events


def test_second_paste_before_the_target_read_restores_the_clipboard_without_enter(rig, qtbot) -> None:
    events, clipboard, _focus, _keys, paster, outcomes, _steps = rig
    paster.paste(FIRST)
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    assert paster.state.value == "waiting_read"
    mark = len(events)
    paster.paste(SECOND)
    first = _first_job_events(events, mark)
    assert first[-1] == "clipboard.restore"
    assert "keys.enter" not in first and not [e for e in first if e.startswith("keys.left")]
    assert outcomes[0] is PasteOutcome.CANCELLED
    # The second job saves the agent's own clipboard, not the first reply.
    qtbot.waitUntil(lambda: events.count("keys.paste ctrl+v") == 2, timeout=1000)
    clipboard.target_reads()
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=1000)
    assert clipboard.formats == SAVED


def test_second_paste_after_the_target_read_finishes_the_first_with_caret_and_enter(rig, qtbot) -> None:
    events, clipboard, _focus, _keys, paster, outcomes, _steps = rig
    paster.paste(FIRST)
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    clipboard.target_reads()  # the reply is in; the quiet time has not passed yet
    mark = len(events)
    paster.paste(SECOND)
    first = _first_job_events(events, mark)
    assert first[-3:] == ["clipboard.restore", f"keys.left {len(FIRST.text) - 3}", "keys.enter"]
    assert outcomes[0] is PasteOutcome.PASTED


def test_states_in_order_for_a_paste_and_for_typing(rig, qtbot) -> None:
    events, clipboard, _focus, _keys, paster, outcomes, steps = rig
    assert paster.state.value == "idle" and not paster.busy
    paster.cancel()  # idle: nothing happens
    assert outcomes == [] and events == []
    paster.paste(SECOND)
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=1000)
    clipboard.target_reads()
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=1000)
    states = [s for s in steps if s in {"waiting_focus", "waiting_modifiers", "pasting", "typing",
                                         "waiting_read", "restoring"}]
    assert states == ["waiting_focus", "waiting_modifiers", "pasting", "waiting_read", "restoring"]
    assert paster.state.value == "idle"
    steps.clear()
    from dataclasses import replace

    paster.paste(replace(SECOND, type_instead=True))
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=1000)
    assert [s for s in steps if s in {"waiting_focus", "waiting_modifiers", "typing"}] == \
        ["waiting_focus", "waiting_modifiers", "typing"]
    assert outcomes[1] is PasteOutcome.TYPED


def test_every_started_job_finishes_exactly_once(rig, qtbot) -> None:
    """Link detection pauses on "start" and resumes on ``finished``: the counts must match."""
    events, clipboard, _focus, keys, paster, outcomes, steps = rig
    keys.held_polls = 10**6
    for started in range(1, 4):
        paster.paste(FIRST)
        qtbot.waitUntil(lambda n=started: steps.count("waiting_modifiers") == n, timeout=1000)
    keys.held_polls = 0
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in events, timeout=2000)
    clipboard.target_reads()
    qtbot.waitUntil(lambda: steps.count("start") == len(outcomes), timeout=2000)
    assert len(outcomes) == 3


@pytest.mark.parametrize(("text", "caret", "moves"), [
    ("a🇨🇳b", 1, 2),  # a flag: two regional indicators, one character
    ("a1️⃣b", 1, 2),  # a keycap: digit, variation selector, enclosing keycap
    ("订单1️⃣2️⃣3️⃣", 2, 3),
    ("a\u1100\u1161\u11a8b", 1, 2),  # Hangul typed as jamo: one syllable
    ("a🏳️‍🌈b", 1, 2),  # ZWJ sequence with a variation selector
    ("x\r\ny", 1, 2),
])
def test_caret_moves_count_grapheme_clusters(text: str, caret: int, moves: int) -> None:
    """Defect 4: flags, keycaps and jamo counted as several caret steps."""
    assert caret_moves(text, caret) == moves
