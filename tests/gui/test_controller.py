"""Hotkey → capture → popup → render → paste, with fake ports and a stand-in picker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest
from helpers.fakes import EventLog, FakeClipboard, FakeFocus, FakeHotkeys, RecordingKeySender
from PySide6.QtCore import QObject, Signal

from sidekick.app.controller import Controller, HotkeyBridge
from sidekick.app.paster import PasteOutcome, Paster
from sidekick.config.settings import AppRule, Settings
from sidekick.core.types import CategoryPath, HitKind, LibraryKind, MatchKind, Phrase, SearchHit, WindowRef

CHAT = WindowRef("x11", 42, "与 小鹿同学 的对话", "chatclient.ChatClient")
SETTINGS = Settings(restore_timeout_ms=300, restore_settle_ms=10, paste_poll_ms=2, agent_name="小禾",
                    shop_name="青棉小筑旗舰店")


class StandInPicker(QObject):
    """The picker's agreed API, without widgets (the real one is tested by its own suite)."""

    chosen = Signal(object, object)
    cancelled = Signal()
    edit_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.visible = False
        self.popups = 0

    def popup(self) -> None:
        self.visible = True
        self.popups += 1

    def dismiss(self) -> None:
        self.visible = False

    def isVisible(self) -> bool:
        return self.visible

    def winId(self) -> int:
        return 999


def _phrase(pid: str, body: str) -> Phrase:
    return Phrase(id=pid, library=LibraryKind.TEAM, category=CategoryPath("售前", "快递"), title=pid, body=body)


@dataclass
class StandInIndex:
    phrases: dict[str, Phrase]
    uses: list[tuple[str, datetime]] = field(default_factory=list)

    def phrase(self, phrase_id: str) -> Phrase | None:
        return self.phrases.get(phrase_id)

    def product(self, product_id: str) -> None:
        return None

    def note_use(self, target_id: str, when: datetime) -> None:
        self.uses.append((target_id, when))


def _hit(phrase: Phrase) -> SearchHit:
    return SearchHit(HitKind.PHRASE, phrase.id, phrase.title, phrase.body, 1.0, MatchKind.CODE_EXACT,
                     library=phrase.library, category=phrase.category, code="kd")


@pytest.fixture
def rig(qtbot):
    events = EventLog()
    clipboard = FakeClipboard(events, (("text/plain", b"mine"),))
    focus = FakeFocus(events, CHAT)
    keys = RecordingKeySender(events)
    picker = StandInPicker()
    index = StandInIndex({
        "kd": _phrase("kd", "您好，{店铺}默认发中通📦\n第二行"),
        "fill": _phrase("fill", "订单 {?订单号} 已发出，客服{客服}"),
        "caret": _phrase("caret", "身高 {光标}cm"),
    })
    usage: list[tuple[str, str, datetime]] = []
    answers: list[dict[str, str] | None] = []
    asked: list[list[str]] = []

    def ask(names: list[str], products: object = None) -> dict[str, str] | None:
        asked.append(names)
        return answers.pop(0)

    paster = Paster(clipboard, focus, keys, SETTINGS)
    controller = Controller(picker=picker, paster=paster, focus=focus, clipboard=clipboard, index=index,
                            record_usage=lambda *row: usage.append(row), ask_fill_ins=ask,
                            settings=SETTINGS, backend="x11")
    outcomes: list[PasteOutcome] = []
    paster.finished.connect(outcomes.append)
    return dict(events=events, clipboard=clipboard, focus=focus, keys=keys, picker=picker, index=index,
                usage=usage, answers=answers, asked=asked, controller=controller, outcomes=outcomes)


def test_hotkey_from_another_thread_reaches_the_gui_thread(qtbot, rig) -> None:
    import threading

    bridge = HotkeyBridge()
    bridge.pressed.connect(rig["controller"].on_hotkey)
    hotkeys = FakeHotkeys()
    hotkeys.register("<ctrl>+<alt>+<space>", bridge.fire)
    thread = threading.Thread(target=hotkeys.press)
    thread.start()
    thread.join()
    assert rig["picker"].popups == 0  # nothing ran on the listener thread
    qtbot.waitUntil(lambda: rig["picker"].popups == 1, timeout=1000)
    assert rig["controller"].target == CHAT


def test_enter_pastes_the_rendered_reply_and_records_usage_by_id(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    controller.on_hotkey()
    assert rig["events"] == ["focus.activate 999"]  # the popup is given the keyboard
    rig["focus"].active = WindowRef("x11", 999)  # the popup has focus now
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "paste")
    assert not picker.visible
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in rig["events"], timeout=1000)
    assert rig["clipboard"].text() == "您好，青棉小筑旗舰店默认发中通📦\n第二行"
    rig["clipboard"].target_reads()
    qtbot.waitUntil(lambda: rig["outcomes"] == [PasteOutcome.PASTED], timeout=1000)
    assert rig["clipboard"].text() == "mine"
    assert [(target, kind) for target, kind, *_ in rig["usage"]] == [("kd", "phrase")]
    assert [target for target, _ in rig["index"].uses] == ["kd"]
    assert "keys.enter" not in rig["events"]  # the multi-line reply is one message


def test_esc_gives_focus_back_and_pastes_nothing(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    controller.on_hotkey()
    rig["focus"].active = WindowRef("x11", 999)
    picker.dismiss()
    picker.cancelled.emit()
    assert rig["events"][-1] == "focus.activate 42"
    qtbot.wait(50)
    assert not [e for e in rig["events"] if e.startswith(("keys.", "clipboard."))]
    assert rig["usage"] == []


def test_hotkey_again_closes_the_popup(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    controller.on_hotkey()
    controller.on_hotkey()
    assert not picker.visible
    assert rig["events"][-1] == "focus.activate 42"


def test_fill_ins_are_asked_then_rendered(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    controller.on_hotkey()
    rig["answers"].append({"订单号": "4012345"})
    picker.chosen.emit(_hit(rig["index"].phrases["fill"]), "paste")
    assert rig["asked"] == [["订单号"]]
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in rig["events"], timeout=1000)
    assert rig["clipboard"].text() == "订单 4012345 已发出，客服小禾"


def test_cancelled_fill_in_pastes_nothing(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    controller.on_hotkey()
    rig["answers"].append(None)
    picker.chosen.emit(_hit(rig["index"].phrases["fill"]), "paste")
    qtbot.wait(50)
    assert rig["events"][-1] == "focus.activate 42"
    assert not [e for e in rig["events"] if e.startswith(("keys.", "clipboard."))]
    assert rig["usage"] == []


def test_copy_only_sets_the_clipboard(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    notes: list[str] = []
    controller.notify.connect(notes.append)
    controller.on_hotkey()
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "copy")
    qtbot.wait(50)
    assert rig["clipboard"].text().startswith("您好，青棉小筑旗舰店")
    assert not [e for e in rig["events"] if e.startswith("keys.")]
    assert notes and len(rig["usage"]) == 1


def test_paste_and_send_and_caret(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    controller.on_hotkey()
    picker.chosen.emit(_hit(rig["index"].phrases["caret"]), "paste_send")
    qtbot.waitUntil(lambda: "keys.paste ctrl+v" in rig["events"], timeout=1000)
    rig["clipboard"].target_reads()
    qtbot.waitUntil(lambda: rig["outcomes"] == [PasteOutcome.PASTED], timeout=1000)
    assert rig["events"][-2:] == ["keys.left 2", "keys.enter"]


def test_per_app_rule_picks_the_paste_key_or_typing(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    from dataclasses import replace

    controller.update_settings(replace(SETTINGS, app_rules=(AppRule("chatclient", paste_key="shift+insert"),)))
    controller.on_hotkey()
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "paste")
    qtbot.waitUntil(lambda: "keys.paste shift+insert" in rig["events"], timeout=1000)
    rig["clipboard"].target_reads()
    qtbot.waitUntil(lambda: len(rig["outcomes"]) == 1, timeout=1000)
    controller.update_settings(replace(SETTINGS, app_rules=(AppRule("小鹿", type_instead=True),)))
    controller.on_hotkey()
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "paste")
    qtbot.waitUntil(lambda: len(rig["outcomes"]) == 2, timeout=1000)
    assert rig["outcomes"][-1] is PasteOutcome.TYPED


def test_focus_moved_elsewhere_is_reported_not_pasted(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    notes: list[str] = []
    controller.notify.connect(notes.append)
    controller.on_hotkey()
    rig["focus"].steal_after_activate = WindowRef("x11", 5, "Browser", "firefox")
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "paste")
    qtbot.waitUntil(lambda: rig["outcomes"] == [PasteOutcome.FOCUS_LOST], timeout=2000)
    assert not [e for e in rig["events"] if e.startswith("keys.")]
    assert rig["clipboard"].text().startswith("您好")
    assert notes


def test_no_window_captured_leaves_the_reply_on_the_clipboard(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    rig["focus"].active = None
    controller.show_popup()
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "paste")
    assert rig["outcomes"] == [PasteOutcome.NO_TARGET]
    assert rig["clipboard"].text().startswith("您好")


# ---------------------------------------------------------------- platform pieces the flow relies on


@pytest.mark.parametrize(("combo", "pretty"), [
    ("<ctrl>+<alt>+<space>", "Ctrl+Alt+Space"), ("<ctrl>+<shift>+k", "Ctrl+Shift+K"), ("<alt>+<f5>", "Alt+F5"),
])
def test_hotkey_combos_are_parsed_and_named(combo: str, pretty: str) -> None:
    from sidekick.platform.hotkeys_pynput import pretty_combo

    assert pretty_combo(combo) == pretty


@pytest.mark.parametrize("combo", ["space", "<ctrl>+", "<hyper>+k", "<ctrl>+<alt>"])
def test_bad_hotkeys_name_the_combo_and_the_fix(combo: str) -> None:
    from sidekick.core.ports import HotkeyError
    from sidekick.platform.hotkeys_pynput import split_combo

    with pytest.raises(HotkeyError, match="hotkey"):
        split_combo(combo)


class FakeWin32:
    """The Win32 calls of focus_win, with a foreground lock that an Alt tap releases."""

    def __init__(self, locked: bool) -> None:
        self.fg, self.locked, self.calls = 1, locked, []

    def foreground(self) -> int:
        return self.fg

    def thread_of(self, hwnd: int) -> int:
        return hwnd * 10

    def current_thread(self) -> int:
        return 5

    def attach(self, ours: int, theirs: int, on: bool) -> bool:
        self.calls.append(f"attach {theirs} {on}")
        return True

    def allow_any(self) -> None:
        self.calls.append("allow")

    def is_window(self, hwnd: int) -> bool:
        return True

    def restore_if_minimised(self, hwnd: int) -> None:
        pass

    def bring_to_front(self, hwnd: int) -> bool:
        self.calls.append("front")
        if not self.locked:
            self.fg = hwnd
        return not self.locked

    def tap_alt(self) -> None:
        self.calls.append("alt")
        self.locked = False

    def root_owner(self, hwnd: int) -> int:
        return hwnd

    def title(self, hwnd: int) -> str:
        return "千牛工作台"

    def exe_name(self, hwnd: int) -> str:
        return "AliWorkbench.exe"


def test_win32_focus_attaches_threads_and_detaches_after() -> None:
    from sidekick.platform.focus_win import Win32Focus

    api = FakeWin32(locked=False)
    focus = Win32Focus(api)
    window = WindowRef("win32", 7)
    focus.activate(window)
    assert focus.is_active(window)
    assert api.calls == ["attach 10 True", "attach 70 True", "allow", "front", "attach 10 False", "attach 70 False"] \
        or api.calls == ["attach 70 True", "attach 10 True", "allow", "front", "attach 70 False", "attach 10 False"]
    assert focus.active_window() == WindowRef("win32", 7, "千牛工作台", "AliWorkbench.exe")


def test_win32_focus_unlocks_the_foreground_lock_with_an_alt_tap() -> None:
    from sidekick.platform.focus_win import Win32Focus

    api = FakeWin32(locked=True)
    focus = Win32Focus(api)
    focus.activate(WindowRef("win32", 7))
    assert api.calls[-2:] == ["alt", "front"]
    assert focus.is_active(WindowRef("win32", 7))


def test_xdg_autostart_entry_is_written_and_removed(tmp_path, monkeypatch) -> None:
    from sidekick.app import autostart

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr(autostart.sys, "platform", "linux")
    assert autostart.apply_autostart(True, ["/opt/sidekick/python", "-m", "sidekick"]) is None
    entry = (tmp_path / "autostart" / "sidekick.desktop").read_text(encoding="utf-8")
    assert "Exec=/opt/sidekick/python -m sidekick" in entry
    assert autostart.is_enabled()
    assert autostart.apply_autostart(False) is None
    assert not autostart.is_enabled()


def test_dummy_platform_keeps_the_app_usable_offscreen(qapp) -> None:
    from sidekick.platform import create_platform, describe_backends

    backends = create_platform()  # offscreen: no X11
    assert backends.name == "dummy" and backends.notes
    assert describe_backends()["backend"] == "dummy"
    backends.hotkeys.register("<ctrl>+<alt>+<space>", lambda: None)


_MANY_QT_CALLS = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtCore import QObject, Signal
calls = sys.getrefcount(None) + 1000  # more calls than None has references
if sys.argv[1] == "fixed":
    from sidekick.app import pyside_fix
    pyside_fix.apply()
app = QApplication([])
label = QLabel()
class Source(QObject):
    fired = Signal(object)
source = Source()
for _ in range(calls):
    label.setText("x")
    source.fired.emit(1)
print("survived")
"""


@pytest.mark.slow  # a child process
def test_the_app_survives_more_qt_calls_than_none_has_references() -> None:
    # Regression: PySide6 6.12 on Python 3.11 drops a reference to None per void Qt call, and
    # the app aborted ("deallocating None") after ~30 pastes. pyside_fix pins the singletons.
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(repo)}
    result = subprocess.run([sys.executable, "-c", _MANY_QT_CALLS, "fixed"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and "survived" in result.stdout, result.stderr[-2000:]


def test_a_product_from_the_popup_is_recommended_like_the_products_window_does(qtbot, rig) -> None:
    """Same text as Recommend in the products window: a product without a price has no "元"."""
    from decimal import Decimal

    from sidekick.core.recommend import recommendation_text
    from sidekick.core.types import Product

    priced = Product(id="p1", item_id="600001", title="纯棉圆领T恤", link="https://item.taobao.com/item.htm?id=600001",
                     price=Decimal("79"))
    unpriced = Product(id="p2", item_id="600002", title="纯棉短袜", link="https://item.taobao.com/item.htm?id=600002")
    rig["index"].product = {"p1": priced, "p2": unpriced}.get
    controller = rig["controller"]
    for product in (priced, unpriced):
        hit = SearchHit(HitKind.PRODUCT, product.id, product.title, "", 1.0, MatchKind.TITLE_PREFIX)
        rendered = controller.render_hit(hit)
        assert rendered is not None
        assert rendered.text == recommendation_text(product, SETTINGS.recommend_template)
        assert product.title in rendered.text and product.link in rendered.text
    assert "元" not in controller.render_hit(SearchHit(HitKind.PRODUCT, "p2", "纯棉短袜", "", 1.0, MatchKind.TITLE_PREFIX)).text


def test_a_use_records_how_the_reply_was_chosen_and_never_its_text(qtbot, rig) -> None:
    from sidekick.core.insights import UseDetails

    controller, picker = rig["controller"], rig["picker"]
    controller.on_hotkey()
    rig["focus"].active = WindowRef("x11", 999)
    picker.last_choice = (3, True, True)  # the third row, by Alt+3, after typing a query
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "paste_send")
    qtbot.waitUntil(lambda: bool(rig["usage"]), timeout=1000)
    target, kind, _when, details = rig["usage"][0]
    assert (target, kind) == ("kd", "phrase")
    assert isinstance(details, UseDetails)
    assert (details.found_via, details.by_alt_number, details.rank, details.action) == ("search", True, 3, "paste_send")
    assert details.popup_ms is not None and 0 <= details.popup_ms < 5000
    assert "您好" not in repr(details)

    controller.on_hotkey()
    picker.suggest_message = "什么时候发货"  # a suggest popup, nothing typed: the suggestion list
    picker.last_choice = (1, False, False)
    picker.chosen.emit(_hit(rig["index"].phrases["kd"]), "copy")
    qtbot.waitUntil(lambda: len(rig["usage"]) == 2, timeout=1000)
    details = rig["usage"][1][3]
    assert (details.found_via, details.rank, details.action) == ("suggestion", 1, "copy")


def test_a_popup_closed_on_a_query_that_found_nothing_is_counted(qtbot, rig) -> None:
    controller, picker = rig["controller"], rig["picker"]
    missed: list[str] = []
    controller.search_missed = missed.append
    picker.unanswered_query = lambda: "开发票"
    controller.on_hotkey()
    picker.cancelled.emit()
    picker.unanswered_query = lambda: None
    controller.on_hotkey()
    picker.cancelled.emit()
    assert missed == ["开发票"]
