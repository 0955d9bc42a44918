"""One reply pipeline: what the popup previews is what is pasted, for every caller.

Offscreen, with fake platform ports. Each defect of issue 11 that lives in the reply path has a
test here that failed before the pipeline existed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from helpers.fakes import EventLog, FakeClipboard, FakeFocus, RecordingKeySender
from PySide6.QtCore import QObject, QSize, Qt, Signal

from sidekick.app.controller import Controller
from sidekick.app.paster import PasteOutcome, Paster
from sidekick.config.settings import AppRule, Settings
from sidekick.core.demo import DEMO_AGENT_NAME, DEMO_SHOP_NAME, load_demo
from sidekick.core.search import SearchIndex
from sidekick.core.types import HitKind, MatchKind, SearchHit, Span, WindowRef

CHAT = WindowRef("x11", 42, "小鹿同学 - 接待中心", "aliworkbench.AliWorkbench")
NOW = datetime(2026, 11, 11, 9, 30)
SETTINGS = Settings(restore_timeout_ms=300, restore_settle_ms=10, paste_poll_ms=2, agent_name=DEMO_AGENT_NAME,
                    shop_name=DEMO_SHOP_NAME)
DEMO = load_demo()
TJ = next(p for p in DEMO.phrases if p.code == "tj")  # 给您推荐这款【{商品.标题}】… {商品.链接}
SHEET_SET = DEMO.products[0]


class StandInPicker(QObject):
    chosen = Signal(object, object)
    cancelled = Signal()
    edit_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.visible = False

    def popup(self) -> None:
        self.visible = True

    def dismiss(self) -> None:
        self.visible = False

    def isVisible(self) -> bool:
        return self.visible

    def winId(self) -> int:
        return 999


def _hit(phrase) -> SearchHit:
    return SearchHit(HitKind.PHRASE, phrase.id, phrase.title, phrase.body, 1.0, MatchKind.CODE_EXACT,
                     library=phrase.library, category=phrase.category, code=phrase.code)


@pytest.fixture
def rig(qtbot):
    events = EventLog()
    clipboard = FakeClipboard(events, (("text/plain", "买家发来的地址：杭州".encode()),))
    focus = FakeFocus(events, CHAT)
    keys = RecordingKeySender(events)
    picker = StandInPicker()
    index = SearchIndex.bulk(DEMO.phrases, DEMO.products)
    answers: list[object] = []
    notes: list[str] = []

    def ask(names: list[str], products: object = None) -> object:
        return answers.pop(0) if answers else None

    paster = Paster(clipboard, focus, keys, SETTINGS)
    controller = Controller(picker=picker, paster=paster, focus=focus, clipboard=clipboard, index=index,
                            record_usage=lambda *row: None, ask_fill_ins=ask, settings=SETTINGS, backend="x11")
    controller.notify.connect(notes.append)
    outcomes: list[PasteOutcome] = []
    paster.finished.connect(outcomes.append)
    return dict(events=events, clipboard=clipboard, focus=focus, picker=picker, index=index, answers=answers,
                notes=notes, controller=controller, outcomes=outcomes, keys=keys)


def _pasted(rig, qtbot) -> str:
    qtbot.waitUntil(lambda: any(e.startswith("keys.paste") for e in rig["events"]), timeout=1000)
    text = rig["clipboard"].text()
    rig["clipboard"].target_reads()
    qtbot.waitUntil(lambda: bool(rig["outcomes"]), timeout=1000)
    return text


# ---------------------------------------------------------------- defect 1: product fields


def test_a_product_phrase_without_a_product_pastes_nothing_and_says_why(qtbot, rig) -> None:
    """Defect 1: `tj` pasted 这款【】… with empty fields and no warning."""
    from sidekick.core.reply import FillInAnswer

    controller, picker = rig["controller"], rig["picker"]
    rig["answers"].append(FillInAnswer({}, None))  # the form asks for the product; none is picked
    controller.on_hotkey()
    picker.chosen.emit(_hit(TJ), "paste")
    qtbot.wait(80)
    assert not [e for e in rig["events"] if e.startswith(("keys.", "clipboard.set"))], rig["events"]
    assert rig["clipboard"].text() == "买家发来的地址：杭州"
    assert rig["notes"] and "product" in rig["notes"][-1].lower()
    assert rig["events"][-1] == "focus.activate 42"  # focus back to the chat, nothing typed


def test_a_product_phrase_after_tab_on_a_product_pastes_that_product(qtbot, rig) -> None:
    from sidekick.app.picker_backend import IndexPickerBackend

    controller = rig["controller"]
    backend = IndexPickerBackend(controller.replies, target=lambda: controller.target)
    controller.on_hotkey()
    backend.card_shown(SHEET_SET.id)  # Tab on the product in the popup
    preview = backend.preview(_hit(TJ))
    rig["picker"].chosen.emit(_hit(TJ), "paste")
    pasted = _pasted(rig, qtbot)
    assert SHEET_SET.title in pasted and SHEET_SET.link in pasted
    assert pasted == preview  # what the agent saw


def test_the_preview_never_shows_an_invented_product(qtbot, rig) -> None:
    from sidekick.app.picker_backend import IndexPickerBackend
    from sidekick.core.placeholders import sample_context

    controller = rig["controller"]
    backend = IndexPickerBackend(controller.replies, target=lambda: controller.target)
    controller.on_hotkey()
    reply = backend.preview_reply(_hit(TJ))
    assert "〔选择商品〕" in reply.text
    assert sample_context().product.title not in reply.text
    assert reply.problem is not None


def test_a_product_picked_in_the_form_is_pasted(qtbot, rig) -> None:
    from sidekick.core.reply import FillInAnswer

    rig["answers"].append(FillInAnswer({}, SHEET_SET))
    rig["controller"].on_hotkey()
    rig["picker"].chosen.emit(_hit(TJ), "paste")
    assert SHEET_SET.title in _pasted(rig, qtbot)


def test_a_product_from_link_detection_counts_for_a_few_minutes(qtbot, rig) -> None:
    clock = [1000.0]
    controller = rig["controller"]
    controller.replies.products._clock = lambda: clock[0]
    controller.product_detected(SHEET_SET.id)
    clock[0] += 60
    assert controller.replies.current_product().product == SHEET_SET
    clock[0] += 600
    assert controller.replies.current_product() is None


# ---------------------------------------------------------------- defect 2: {Clipboard}


@pytest.mark.parametrize("spelling", ["{剪贴板}", "{clipboard}", "{Clipboard}", "{CLIPBOARD}"])
def test_the_clipboard_placeholder_in_any_spelling_pastes_the_clipboard(qtbot, rig, spelling: str) -> None:
    """Defect 2: {Clipboard} and {CLIPBOARD} pasted empty."""
    from sidekick.core.types import CategoryPath, LibraryKind, Phrase

    phrase = Phrase(id="clip", library=LibraryKind.PERSONAL, category=CategoryPath(), title="复述",
                    body=f"您说的是：{spelling}")
    rig["index"].add_phrase(phrase)
    rig["controller"].on_hotkey()
    rig["picker"].chosen.emit(_hit(phrase), "paste")
    assert _pasted(rig, qtbot) == "您说的是：买家发来的地址：杭州"


# ---------------------------------------------------------------- preview == paste


def test_every_demo_phrase_previews_exactly_what_is_pasted(qtbot, rig) -> None:
    """The preview path and the paste path give the same text for every demo phrase, given the
    same answers (the preview's 【name】 marks as the typed values), clipboard and product."""
    from sidekick.app.picker_backend import IndexPickerBackend
    from sidekick.core.reply import FillInAnswer, clipboard_mark, draft, fill_in_mark

    controller = rig["controller"]
    controller.replies.clock = lambda: NOW
    controller.update_settings(replace(SETTINGS, app_rules=(AppRule("aliworkbench", buyer_pattern=r"^(.+?) - "),)))
    backend = IndexPickerBackend(controller.replies, target=lambda: controller.target)
    rig["clipboard"].formats = (("text/plain", clipboard_mark().encode()),)
    controller.on_hotkey()
    backend.card_shown(SHEET_SET.id)
    checked = 0
    for phrase in DEMO.phrases:
        hit = _hit(phrase)
        preview = backend.preview_reply(hit)
        names = draft(phrase.body).fill_in_names
        if names:
            rig["answers"].append(FillInAnswer({name: fill_in_mark(name) for name in names}))
        rendered = controller.render_hit(hit)
        assert rendered is not None, phrase.code
        assert rendered.text == preview.text, phrase.code
        assert rendered.caret == preview.caret, phrase.code
        checked += 1
    for product in DEMO.products:  # Ctrl+R / Enter on a product: its recommendation
        hit = SearchHit(HitKind.PRODUCT, product.id, product.title, "", 1.0, MatchKind.TITLE_PREFIX)
        rendered = controller.render_hit(hit)
        assert rendered is not None and rendered.text == backend.preview(hit)
    assert checked == len(DEMO.phrases)


# ---------------------------------------------------------------- {买家} from the window title


def test_the_buyer_comes_from_the_chat_window_title_by_the_apps_rule(qtbot, rig) -> None:
    lgk = next(p for p in DEMO.phrases if p.code == "lgk")  # 欢迎{买家}回来😊 …
    controller = rig["controller"]
    controller.update_settings(replace(SETTINGS, app_rules=(AppRule("aliworkbench", buyer_pattern=r"^(.+?) - "),)))
    controller.on_hotkey()
    rig["picker"].chosen.emit(_hit(lgk), "paste")
    assert _pasted(rig, qtbot).startswith("欢迎小鹿同学回来")


def test_without_a_rule_the_buyer_is_empty_and_the_preview_says_so(qtbot, rig) -> None:
    from sidekick.app.picker_backend import IndexPickerBackend
    from sidekick.core.reply import ReplyNote

    lgk = next(p for p in DEMO.phrases if p.code == "lgk")
    controller = rig["controller"]
    backend = IndexPickerBackend(controller.replies, target=lambda: controller.target)
    controller.on_hotkey()
    reply = backend.preview_reply(_hit(lgk))
    assert reply.text.startswith("欢迎回来") and ReplyNote.BUYER_UNKNOWN in reply.notes


# ---------------------------------------------------------------- defect 5: Recommend and the rules


def test_recommend_from_the_products_window_follows_the_chat_windows_paste_rule(qtbot, tmp_path, monkeypatch) -> None:
    """Defect 5: the products window's Recommend pasted with the default key, ignoring the rule."""
    from helpers.fakes import FakeHotkeys
    from PySide6.QtWidgets import QApplication

    import sidekick.platform as platform_module
    from sidekick.app.main import SidekickApp

    events = EventLog()
    clipboard = FakeClipboard(events, (("text/plain", b"mine"),))
    backends = platform_module.PlatformBackends("dummy", FakeHotkeys(), FakeFocus(events, CHAT),
                                                RecordingKeySender(events), clipboard)
    monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(platform_module, "create_platform", lambda backend=None: backends)
    app = SidekickApp(QApplication.instance())
    try:
        app.apply_settings(replace(app.settings, app_rules=(AppRule("aliworkbench", paste_key="shift+insert"),),
                                   restore_timeout_ms=200, paste_poll_ms=2))
        app.controller.target = CHAT  # the chat window the popup was last opened over
        app.workspace.open_products()
        window = app.workspace._products_window
        assert window is not None
        text = window.recommend(SHEET_SET.id)
        qtbot.waitUntil(lambda: any(e.startswith("keys.paste") for e in events), timeout=2000)
        assert "keys.paste shift+insert" in events, events
        assert clipboard.text() == text
    finally:
        from sidekick.ui.i18n import install_language

        for widget in QApplication.topLevelWidgets():
            widget.close()
        app.shutdown()
        install_language("en")  # the app installed Chinese; other tests read English


# ---------------------------------------------------------------- defect 6: popup over a dialog


@pytest.mark.parametrize("dialog_kind", ["settings", "file"])
def test_the_popup_takes_keys_while_a_modal_dialog_is_open(qtbot, dialog_kind: str) -> None:
    """Defect 6: with Settings or a file dialog open, keys went to the dialog, not the popup."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog
    from test_picker import FakeBackend

    from sidekick.ui.picker import Picker
    from sidekick.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings()) if dialog_kind == "settings" else QFileDialog(None, "Import")
    if dialog_kind == "file":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # what exec() makes it
    dialog.show()
    picker = Picker(FakeBackend())
    qtbot.addWidget(picker)
    picker.popup()
    window = picker.windowHandle()
    for key in (Qt.Key.Key_K, Qt.Key.Key_D):  # through the window system, where Qt applies modality
        QTest.keyClick(window, key, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: picker.search.text() == "kd", timeout=1000)
    QTest.keyClick(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert not picker.isVisible()
    assert dialog.isVisible()  # Esc closed the popup, not the dialog


# ---------------------------------------------------------------- defect 7: highlights


def test_highlights_after_emoji_land_on_the_matched_characters(qtbot) -> None:
    """Defect 7: query 轻柔 highlighted 水轻 after one emoji (code points vs UTF-16 units)."""
    from PySide6.QtGui import QFont

    from sidekick.core.types import CategoryPath, LibraryKind
    from sidekick.ui.picker.delegate import HitDelegate

    title = "🌸水轻柔面膜"
    hit = SearchHit(HitKind.PHRASE, "p", title, "🇨🇳好 轻柔", 1.0, MatchKind.TITLE_SUBSTRING,
                    spans=(Span("title", 2, 4), Span("body", 4, 6)), library=LibraryKind.TEAM,
                    category=CategoryPath())
    row = HitDelegate()._build_row(hit, 0, QSize(600, 48), QFont())
    by_text = {text.layout.text(): text.layout for text in row.texts}
    for text, expected in ((title, "轻柔"), ("🇨🇳好 轻柔", "轻柔")):
        ranges = by_text[text].formats()
        assert [text_utf16_slice(text, r.start, r.length) for r in ranges] == [expected]


def text_utf16_slice(text: str, start: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[start * 2:(start + length) * 2].decode("utf-16-le")


def test_search_spans_never_cut_a_keycap_or_flag(qtbot) -> None:
    from sidekick.core.types import CategoryPath, LibraryKind, Phrase

    phrase = Phrase(id="k", library=LibraryKind.TEAM, category=CategoryPath(), title="第1️⃣步 领券",
                    body="🇨🇳 国内发货")
    index = SearchIndex.bulk([phrase], [])
    spans = index.search("1", limit=3)[0].spans
    assert Span("title", 1, 4) in spans  # the whole keycap, not its digit alone


# ---------------------------------------------------------------- defect 8: the card view


class CardBackend:
    """The picker's backend over a search index, recording the cards shown."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.cards: list[str] = []

    def search(self, query: str, limit: int) -> list[SearchHit]:
        return self.index.search(query, limit=limit, now_local=NOW)

    def preview(self, hit: SearchHit) -> str:
        return hit.body

    def product(self, product_id: str):
        return self.index.product(product_id)

    def related(self, product):
        return [(r, self.index.product(r.target_id)) for r in product.related if self.index.product(r.target_id)]

    def card_shown(self, product_id: str) -> None:
        self.cards.append(product_id)


def test_the_card_view_shows_the_whole_card_and_scrolls_with_keys(qtbot) -> None:
    """Defect 8: the card fitted four lines and only the mouse wheel reached 搭配/替代."""
    from sidekick.core.types import KnowledgeField
    from sidekick.ui.picker import Picker

    # A product with a long card: every field, the notes and the relations must be reachable.
    long_card = replace(SHEET_SET, knowledge=SHEET_SET.knowledge + tuple(
        KnowledgeField(f"常见问题{n}", "会起球吗？——长绒棉纤维长，正常使用基本不起球。" * 2) for n in range(12)))
    products = [long_card if p.id == SHEET_SET.id else p for p in DEMO.products]
    index = SearchIndex.bulk(DEMO.phrases, products)
    backend = CardBackend(index)
    picker = Picker(backend)
    qtbot.addWidget(picker)
    picker.popup()
    qtbot.keyClicks(picker.search, SHEET_SET.item_id)
    qtbot.waitUntil(lambda: bool(picker.hits()) and picker.hits()[0].id == SHEET_SET.id, timeout=2000)
    small = picker.preview.height()
    qtbot.keyClick(picker.search, Qt.Key.Key_Tab)
    assert picker.preview.showing_card and picker.preview.height() > 2 * small
    card = picker.preview.toPlainText()
    for _relation, other in backend.related(SHEET_SET):
        assert other.title in card  # every pairing and substitute is on the card
    assert "搭配" in card or "Pairings" in card
    assert backend.cards == [SHEET_SET.id]  # the card's product is now the current product
    bar = picker.preview.verticalScrollBar()
    assert bar.maximum() > 0
    qtbot.keyClick(picker.search, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    line = bar.value()
    assert line > 0
    qtbot.keyClick(picker.search, Qt.Key.Key_PageDown)
    paged = bar.value()
    assert paged > line
    qtbot.keyClick(picker.search, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() < paged
    qtbot.keyClick(picker.search, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    assert picker.current_hit().id == SHEET_SET.id  # scrolling never moved the selection
    qtbot.keyClick(picker.search, Qt.Key.Key_Tab)
    assert not picker.preview.showing_card and picker.preview.height() == small


# ---------------------------------------------------------------- the product field and the link card


def test_the_fill_in_form_finds_and_picks_a_product_by_keyboard(qtbot) -> None:
    from sidekick.app.replies import Replies
    from sidekick.ui.fill_in import FillInDialog

    replies = Replies(SearchIndex.bulk(DEMO.phrases, DEMO.products), SETTINGS)
    dialog = FillInDialog(["订单号"], products=replies.search_products)
    qtbot.addWidget(dialog)
    assert dialog.product_edit is not None and dialog.product_list is not None
    qtbot.keyClicks(dialog.product_edit, SHEET_SET.item_id)
    assert dialog.product() == SHEET_SET
    qtbot.keyClick(dialog.product_edit, Qt.Key.Key_Return)  # on to the fill-in
    qtbot.keyClicks(dialog.edits[1], "4012345")
    assert dialog.values() == {"订单号": "4012345"} and dialog.product() == SHEET_SET


def test_recommend_on_the_link_card_pastes_the_popups_recommendation(qtbot) -> None:
    from sidekick.app.picker_backend import IndexPickerBackend
    from sidekick.app.replies import Replies
    from sidekick.app.workspace import Workspace
    from sidekick.ui.products.link_card import LinkCard

    replies = Replies(SearchIndex.bulk(DEMO.phrases, DEMO.products), SETTINGS)
    pasted: list[str] = []
    workspace = Workspace(store=None, settings=lambda: SETTINGS, message=lambda *_: None,
                          paste_text=pasted.append, replace_index=lambda _index: None, search=lambda *_: [],
                          replies=replies)
    card = LinkCard()
    qtbot.addWidget(card)
    card.recommend_requested.connect(workspace.recommend_product)
    card.show_product(SHEET_SET, [])
    card.recommend_button.click()
    hit = SearchHit(HitKind.PRODUCT, SHEET_SET.id, SHEET_SET.title, "", 1.0, MatchKind.TITLE_PREFIX)
    assert pasted == [IndexPickerBackend(replies).preview(hit)]
    assert SHEET_SET.link in pasted[0] and not card.isVisible()


def test_after_a_paste_made_with_settings_open_the_chat_keeps_the_keyboard(qtbot, rig) -> None:
    """Defect 6, second half: with a modal dialog of ours open, Qt handed the keyboard back to it
    right after the paste, so the agent's next keys went into Settings."""
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    kd = next(p for p in DEMO.phrases if p.code == "kd")
    rig["controller"].on_hotkey()
    rig["picker"].chosen.emit(_hit(kd), "paste")
    _pasted(rig, qtbot)
    rig["focus"].active = WindowRef("x11", int(dialog.winId()), "Sidekick 设置")  # Qt activates the dialog
    qtbot.waitUntil(lambda: rig["focus"].active == CHAT, timeout=1000)
