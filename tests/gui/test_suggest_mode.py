"""Suggest mode, offscreen: the real popup, controller and paster over fake OS ports.

Suggest hotkey → the selected buyer message (or the clipboard, or the copy chord where no
selection is readable) → the popup quotes it with the engine's suggestions → Enter / Alt+n
pastes through the usual paste, typing narrows within the suggestions, "nothing good" when
the engine has none, and a pasted suggestion teaches the phrase the (masked) message.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from helpers.fakes import EventLog, FakeClipboard, FakeFocus, RecordingKeySender
from PySide6.QtCore import Qt

from sidekick.app.buyer_text import BuyerTextReader
from sidekick.app.controller import Controller
from sidekick.app.paster import PasteOutcome, Paster
from sidekick.app.picker_backend import IndexPickerBackend
from sidekick.app.replies import Replies
from sidekick.app.suggest_mode import SuggestController
from sidekick.app.suggest_service import SuggestService
from sidekick.config.settings import Settings
from sidekick.core.search import SearchIndex
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, WindowRef
from sidekick.platform.dummy import CopiedSelection, DummySelection
from sidekick.ui.picker import Picker
from sidekick.ui.picker.suggest import ModePicker

CHAT = WindowRef("x11", 42, "与 小鹿同学 的对话", "chatclient.ChatClient")
SETTINGS = Settings(restore_timeout_ms=300, restore_settle_ms=10, paste_poll_ms=2, copy_timeout_ms=200,
                    modifier_timeout_ms=200, agent_name="小禾", shop_name="青棉小筑旗舰店")
PHRASES = [
    Phrase("p-price", LibraryKind.TEAM, CategoryPath("售后", "价保"),
           "价格保护", "亲，下单 15 天内降价可申请价保，差价原路退回💰", "jb"),
    Phrase("p-refund", LibraryKind.TEAM, CategoryPath("售后", "退款"),
           "退款进度", "退款已提交，1-3 个工作日原路退回，请留意账户～", "tk"),
    Phrase("p-real", LibraryKind.PERSONAL, CategoryPath("售前", "正品"),
           "正品保证", "我们是品牌官方店铺，所有商品正品保证，假一赔十", "zp"),
    Phrase("p-ship", LibraryKind.TEAM, CategoryPath("售前", "快递"), "发货时间", "今天 16:00 前付款当天发货", "fh"),
]
BY_ID = {phrase.id: phrase for phrase in PHRASES}
BUYER = "刚买完就便宜了二十块 能退吗"


@dataclass(frozen=True)
class FakeSuggestion:
    phrase: Phrase
    score: float
    intent: str | None
    matched_question: str | None
    reason: str


class FakeEngine:
    """Answers from a table (message → phrase ids); records what it was asked."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def suggest(self, message: str, *, limit: int = 5) -> list[FakeSuggestion]:
        self.asked.append(message)
        ids = self.answers.get(message, [])
        return [FakeSuggestion(BY_ID[pid], 1.0 - n / 10, "price_protect", "降价了能退差价吗", "问法「降价了能退差价吗」")
                for n, pid in enumerate(ids)][:limit]


@pytest.fixture
def rig(qtbot):
    events = EventLog()
    clipboard = FakeClipboard(events, (("text/plain", b"agent's own clipboard"),))
    focus = FakeFocus(events, CHAT)
    keys = RecordingKeySender(events)
    index = SearchIndex.bulk(phrases=PHRASES)
    replies = Replies(index, SETTINGS)  # the one reply pipeline, shared by the picker and the controller
    backend = IndexPickerBackend(replies, target=lambda: CHAT)
    picker = Picker(backend)
    qtbot.addWidget(picker)
    modes = ModePicker(picker, backend)
    paster = Paster(clipboard, focus, keys, SETTINGS)
    controller = Controller(picker=modes, paster=paster, focus=focus, clipboard=clipboard, index=index,
                            record_usage=lambda *row: None, ask_fill_ins=lambda names: {}, settings=SETTINGS,
                            backend="x11", replies=replies)
    engine = FakeEngine({BUYER: ["p-price", "p-refund", "p-real"], "谢谢": []})
    builds: list[int] = []

    def build() -> FakeEngine:
        builds.append(1)
        return engine

    service = SuggestService(build)
    selection = DummySelection(BUYER)
    reader = BuyerTextReader(selection, clipboard, keys, SETTINGS)
    learned: list[tuple[str, str]] = []
    suggest = SuggestController(controller=controller, modes=modes, reader=reader, service=service,
                                learn=lambda pid, message: learned.append((pid, message)))
    outcomes: list[PasteOutcome] = []
    paster.finished.connect(outcomes.append)
    return dict(events=events, clipboard=clipboard, focus=focus, keys=keys, picker=picker, modes=modes,
                controller=controller, engine=engine, builds=builds, service=service, selection=selection,
                reader=reader, suggest=suggest, learned=learned, outcomes=outcomes, paster=paster)


def _open_warm(qtbot, rig) -> Picker:
    """Press the suggest hotkey with the engine already built."""
    rig["service"].request()
    qtbot.waitUntil(lambda: rig["service"].engine is not None, timeout=3000)
    rig["suggest"].on_hotkey()
    picker: Picker = rig["picker"]
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    return picker


def _titles(picker: Picker) -> list[str]:
    return [hit.title for hit in picker.hits()]


def test_engine_is_not_built_until_suggest_mode_is_first_used(qtbot, rig) -> None:
    rig["controller"].on_hotkey()  # the ordinary popup
    qtbot.wait(50)
    assert rig["builds"] == []
    rig["service"].refresh()  # a library edit before any suggest use rebuilds nothing
    qtbot.wait(50)
    assert rig["builds"] == [] and rig["service"].engine is None


def test_selected_message_is_quoted_with_the_suggestions_in_engine_order(qtbot, rig) -> None:
    picker = _open_warm(qtbot, rig)
    header = rig["modes"].header
    assert header.isVisible()
    assert BUYER in header.quote.text()
    assert _titles(picker) == ["价格保护", "退款进度", "正品保证"]
    assert rig["engine"].asked == [BUYER]
    assert "降价了能退差价吗" in header.state.text()  # why the selected row is offered
    assert picker.count.text() == "Suggestions"
    assert rig["controller"].target == CHAT


def test_enter_pastes_the_first_suggestion_through_the_usual_paste(qtbot, rig) -> None:
    picker = _open_warm(qtbot, rig)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in rig["events"], timeout=2000)
    assert rig["clipboard"].text() == BY_ID["p-price"].body
    rig["clipboard"].target_reads()
    qtbot.waitUntil(lambda: rig["outcomes"] == [PasteOutcome.PASTED], timeout=2000)
    assert rig["clipboard"].text() == "agent's own clipboard"  # restored
    assert rig["learned"] == [("p-price", BUYER)]


def test_alt_2_pastes_the_second_suggestion(qtbot, rig) -> None:
    picker = _open_warm(qtbot, rig)
    qtbot.keyClick(picker.search, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in rig["events"], timeout=2000)
    assert rig["clipboard"].text() == BY_ID["p-refund"].body


def test_typing_narrows_within_the_suggestions(qtbot, rig) -> None:
    picker = _open_warm(qtbot, rig)
    qtbot.keyClicks(picker.search, "zp")  # pinyin initials of 正品, as in a normal search
    qtbot.waitUntil(lambda: _titles(picker) == ["正品保证"], timeout=2000)
    picker.search.clear()
    qtbot.keyClicks(picker.search, "fh")  # 发货时间 is in the library but was not suggested
    qtbot.waitUntil(lambda: _titles(picker) == [], timeout=2000)
    assert picker.count.text() == "No matches"


def test_nothing_good_is_said_and_typing_searches_the_whole_library(qtbot, rig) -> None:
    rig["selection"].text = "谢谢"
    picker = _open_warm(qtbot, rig)
    state = rig["modes"].header.state
    assert _titles(picker) == []
    assert "Nothing good" in state.text() and state.property("nothing") is True
    qtbot.keyClicks(picker.search, "fh")
    qtbot.waitUntil(lambda: _titles(picker) == ["发货时间"], timeout=2000)


def test_first_use_shows_the_message_at_once_and_the_suggestions_when_built(qtbot, rig) -> None:
    rig["suggest"].on_hotkey()
    picker = rig["picker"]
    assert picker.isVisible()  # the popup does not wait for the engine
    qtbot.waitUntil(lambda: _titles(picker) == ["价格保护", "退款进度", "正品保证"], timeout=3000)
    assert rig["builds"] == [1]
    rig["service"].refresh()  # kept warm: a library change rebuilds in the background
    qtbot.waitUntil(lambda: rig["builds"] == [1, 1], timeout=3000)


def test_nothing_selected_takes_the_clipboard(qtbot, rig) -> None:
    rig["selection"].text = ""
    rig["clipboard"].formats = (("text/plain", BUYER.encode()),)
    picker = _open_warm(qtbot, rig)
    assert BUYER in rig["modes"].header.quote.text()
    assert _titles(picker)[0] == "价格保护"


def test_the_ordinary_hotkey_after_a_suggest_popup_is_the_library_search(qtbot, rig) -> None:
    picker = _open_warm(qtbot, rig)
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    rig["controller"].on_hotkey()
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    assert not rig["modes"].header.isVisible()
    assert rig["modes"].suggest_message is None
    assert picker.count.text() == "Most used"
    assert len(picker.hits()) == len(PHRASES)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in rig["events"], timeout=2000)
    assert rig["learned"] == []  # a library search teaches nothing


def test_suggest_hotkey_again_closes_the_popup(qtbot, rig) -> None:
    picker = _open_warm(qtbot, rig)
    rig["suggest"].on_hotkey()
    assert not picker.isVisible()
    assert rig["events"][-1] == f"focus.activate {CHAT.handle}"


def test_without_a_readable_selection_the_copy_chord_is_sent_and_the_clipboard_put_back(qtbot, rig) -> None:
    clipboard: FakeClipboard = rig["clipboard"]
    keys: RecordingKeySender = rig["keys"]
    rig["reader"]._selection = CopiedSelection()
    keys.held_polls = 3  # the agent still holds Ctrl+Alt of the hotkey for a moment
    keys.on_copy = lambda: setattr(clipboard, "formats", (("text/plain", BUYER.encode()),))
    got: list[str] = []
    rig["reader"].read(got.append)
    qtbot.waitUntil(lambda: got == [BUYER], timeout=2000)
    assert rig["events"] == ["clipboard.save", "clipboard.restore", "keys.copy ctrl+c", "clipboard.restore"]
    assert clipboard.text() == "agent's own clipboard"


def test_copy_chord_that_copies_nothing_falls_back_to_the_saved_clipboard(qtbot, rig) -> None:
    rig["reader"]._selection = CopiedSelection()
    got: list[str] = []
    rig["reader"].read(got.append)
    qtbot.waitUntil(lambda: got != [], timeout=2000)
    assert got == ["agent's own clipboard"]
    assert rig["clipboard"].text() == "agent's own clipboard"


def test_copy_is_not_learned(qtbot, rig) -> None:
    picker = _open_warm(qtbot, rig)
    qtbot.keyClick(picker.search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert rig["learned"] == []


def test_a_failed_build_says_so_and_leaves_the_library_search(qtbot, rig) -> None:
    def broken() -> FakeEngine:
        raise OSError("question bank missing")

    service = SuggestService(broken)
    suggest = SuggestController(controller=rig["controller"], modes=rig["modes"], reader=rig["reader"],
                                service=service)
    notes: list[str] = []
    rig["controller"].notify.connect(notes.append)
    suggest.on_hotkey()
    qtbot.waitUntil(lambda: notes != [], timeout=3000)
    assert "question bank missing" in notes[0]
    assert "Nothing good" in rig["modes"].header.state.text()


def test_timing_marks_carry_no_text(qtbot, rig) -> None:
    marks: list[str] = []
    rig["suggest"].mark.connect(lambda name, _t: marks.append(name))
    _open_warm(qtbot, rig)
    assert marks == ["suggest_hotkey", "message_read", "suggestions_shown"]
    assert not any(BUYER in mark for mark in marks)


def test_every_backend_brings_a_suggest_hotkey_and_a_selection_reader(qapp) -> None:
    from sidekick.platform import create_platform

    dummy = create_platform(backend="dummy")
    assert dummy.suggest_hotkeys is not None and dummy.suggest_hotkeys is not dummy.hotkeys
    assert dummy.selection is not None and dummy.selection.selected_text() == ""  # nothing selected: the clipboard
    assert CopiedSelection().selected_text() is None  # Windows/macOS: the copy chord
