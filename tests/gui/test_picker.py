"""The hotkey popup, offscreen: typing filters, keys do what the status line says, IME, card.

Most tests drive the picker over a small fake backend (substring search, spans included) so
each key's effect is exact; the IME and screenshot tests use the real ``SearchIndex`` so pinyin
preedit really finds Chinese phrases.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QInputMethodEvent, QKeyEvent, QTextLayout
from PySide6.QtWidgets import QApplication, QWidget

from sidekick.core.search import SearchIndex
from sidekick.core.types import (
    CategoryPath,
    HitKind,
    KnowledgeField,
    LibraryKind,
    MatchKind,
    PasteAction,
    Phrase,
    Product,
    Relation,
    RelationKind,
    SearchHit,
    Span,
)
from sidekick.ui.i18n import install_language
from sidekick.ui.picker import Picker
from sidekick.ui.picker.delegate import format_ranges
from sidekick.ui.picker.highlight import Segment, matched_ranges, segments, segments_html, snippet
from sidekick.ui.picker.theme import ui_font

PHRASES = [
    Phrase("p-kd", LibraryKind.TEAM, CategoryPath("售前", "快递"), "快递说明", "咱家默认发中通快递，新疆、西藏需补运费📦", "kd"),
    Phrase("p-fh", LibraryKind.TEAM, CategoryPath("售前", "快递"), "发货时间", "今天 16:00 前付款当天发货，其余次日发出。", "fh"),
    Phrase("p-th", LibraryKind.TEAM, CategoryPath("售后", "退换货"),
           "退换货流程", "收到商品 7 天内可无理由退换，请在订单页申请退货。", "th"),
    Phrase("p-hi", LibraryKind.PERSONAL, CategoryPath("接待", "欢迎语"),
           "我的欢迎语", "尊敬的{买家}您好，我是客服小棉，很高兴为您服务😊", "hi"),
]
TEE = Product(
    "x-tee",
    "600001",
    "纯棉圆领T恤",
    price=Decimal("79.00"),
    tags=("纯棉", "夏季"),
    knowledge=(KnowledgeField("材质", "新疆长绒棉"), KnowledgeField("尺码", "S–XXL，偏大半码")),
    related=(
        Relation(RelationKind.PAIRING, "x-shorts", 0, "整套更显精神"),
        Relation(RelationKind.SUBSTITUTE, "x-polo", 0, "同面料有现货"),
    ),
)
SHORTS = Product("x-shorts", "600002", "纯棉休闲短裤", price=Decimal("69.00"))
POLO = Product("x-polo", "600003", "纯棉POLO衫", price=Decimal("99.00"))
PRODUCTS = {p.id: p for p in (TEE, SHORTS, POLO)}


def _phrase_hit(phrase: Phrase, spans: tuple[Span, ...] = ()) -> SearchHit:
    return SearchHit(HitKind.PHRASE, phrase.id, phrase.title, phrase.body, 1.0, MatchKind.TITLE_SUBSTRING,
                     spans, phrase.library, phrase.category, phrase.code)


class FakeBackend:
    """Substring search over the phrases and the T-shirt; records every query."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.items = [_phrase_hit(p) for p in PHRASES] + [
            SearchHit(HitKind.PRODUCT, TEE.id, TEE.title, "材质：新疆长绒棉", 1.0, MatchKind.TITLE_SUBSTRING)
        ]

    def search(self, query: str, limit: int) -> list[SearchHit]:
        self.queries.append(query)
        hits = []
        for hit in self.items:
            spans = tuple(
                Span(name, getattr(hit, name).find(query), getattr(hit, name).find(query) + len(query))
                for name in ("title", "body", "code")
                if query and query in getattr(hit, name)
            )
            if not query or spans:
                hits.append(SearchHit(hit.kind, hit.id, hit.title, hit.body, hit.score, hit.match, spans,
                                      hit.library, hit.category, hit.code))
        return hits[:limit]

    def preview(self, hit: SearchHit) -> str:
        return f"预览：{hit.body}"

    def product(self, product_id: str) -> Product | None:
        return PRODUCTS.get(product_id)

    def related(self, product: Product) -> list[tuple[Relation, Product]]:
        return [(r, PRODUCTS[r.target_id]) for r in product.related if r.target_id in PRODUCTS]


class IndexBackend(FakeBackend):
    """The same data behind the real search engine (pinyin, initials, codes)."""

    def __init__(self) -> None:
        super().__init__()
        self.index = SearchIndex.bulk(PHRASES, PRODUCTS.values())

    def search(self, query: str, limit: int) -> list[SearchHit]:
        self.queries.append(query)
        return self.index.search(query, limit, now_local=datetime(2026, 5, 1))


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def picker(qtbot, backend: FakeBackend) -> Picker:
    widget = Picker(backend)
    qtbot.addWidget(widget)
    widget.popup()
    qtbot.waitUntil(lambda: len(widget.hits()) == 5)
    return widget


def titles(picker: Picker) -> list[str]:
    return [hit.title for hit in picker.hits()]


def type_text(widget, text: str) -> None:
    """Key presses carrying ``text`` (QTest.keyClicks only knows ASCII), all before the loop runs."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_query(qtbot, picker: Picker, text: str) -> None:
    before = len(picker._backend.queries)
    type_text(picker.search, text)
    qtbot.waitUntil(lambda: len(picker._backend.queries) > before)


def ime(widget, preedit: str = "", commit: str = "") -> None:
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(widget, event)


# --------------------------------------------------------------------------- filtering


def test_popup_shows_most_used_then_filters_as_you_type(qtbot, picker: Picker) -> None:
    assert picker.isVisible()
    assert picker.width() == 640
    assert titles(picker)[0] == "快递说明"
    type_query(qtbot, picker, "快递")
    assert titles(picker) == ["快递说明"]
    assert picker.preview.toPlainText() == "预览：咱家默认发中通快递，新疆、西藏需补运费📦"
    assert picker.count.text() == "1 found"
    qtbot.keyClick(picker.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(picker.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: len(picker.hits()) == 5)
    assert picker.count.text() == "Most used"
    type_query(qtbot, picker, "发")  # a title and a body ("默认发中通")
    assert titles(picker) == ["快递说明", "发货时间"]


def test_a_burst_of_keystrokes_runs_one_search(qtbot, picker: Picker, backend: FakeBackend) -> None:
    before = len(backend.queries)
    type_text(picker.search, "退换货")  # three keys before the event loop runs again
    qtbot.waitUntil(lambda: titles(picker) == ["退换货流程"])
    assert backend.queries[before:] == ["退换货"]


def test_popup_again_clears_the_query_and_shows_cached_results_at_once(qtbot, picker: Picker) -> None:
    type_query(qtbot, picker, "发货")
    picker.dismiss()
    assert not picker.isVisible()
    picker.popup()
    # In the very first frame (no event loop turn yet) the most-used list is already there.
    assert picker.search.text() == ""
    assert len(picker.hits()) == 5


def test_tool_window_on_top_that_closes_quietly_when_another_window_is_activated(qtbot, picker: Picker) -> None:
    flags = picker.windowFlags()
    for flag in (Qt.WindowType.Tool, Qt.WindowType.FramelessWindowHint, Qt.WindowType.WindowStaysOnTopHint):
        assert flags & flag == flag
    qtbot.waitUntil(picker.isActiveWindow)
    other = QWidget()
    qtbot.addWidget(other)
    with qtbot.assertNotEmitted(picker.cancelled), qtbot.assertNotEmitted(picker.chosen):
        other.show()
        other.activateWindow()
        qtbot.waitUntil(lambda: not picker.isVisible())


# --------------------------------------------------------------------------- keys


def test_down_then_enter_pastes_the_selected_hit(qtbot, picker: Picker) -> None:
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is picker.search  # the list never takes focus
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    hit, action = blocker.args
    assert hit.title == titles(picker)[1]
    assert action is PasteAction.PASTE
    assert not picker.isVisible()


def test_page_and_end_keys_move_in_the_list(qtbot, picker: Picker) -> None:
    qtbot.keyClick(picker.search, Qt.Key.Key_End)
    assert picker.list.currentIndex().row() == 4
    qtbot.keyClick(picker.search, Qt.Key.Key_Home)
    assert picker.list.currentIndex().row() == 0
    qtbot.keyClick(picker.search, Qt.Key.Key_PageDown)
    assert picker.list.currentIndex().row() == 4


def test_ctrl_enter_pastes_and_sends(qtbot, picker: Picker) -> None:
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].title == "快递说明"
    assert blocker.args[1] is PasteAction.PASTE_AND_SEND


def test_alt_digit_pastes_that_row(qtbot, picker: Picker) -> None:
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert blocker.args[0].title == titles(picker)[1] == "发货时间"
    assert blocker.args[1] is PasteAction.PASTE


def test_alt_digit_past_the_results_does_nothing(qtbot, picker: Picker) -> None:
    with qtbot.assertNotEmitted(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)
    assert picker.search.text() == ""


def test_ctrl_c_copies_unless_text_is_selected(qtbot, picker: Picker) -> None:
    type_query(qtbot, picker, "发货")
    picker.search.selectAll()
    with qtbot.assertNotEmitted(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "发货"  # the line edit's own copy
    picker.search.deselect()
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].title == "发货时间"
    assert blocker.args[1] is PasteAction.COPY


def test_esc_cancels(qtbot, picker: Picker) -> None:
    with qtbot.waitSignal(picker.cancelled), qtbot.assertNotEmitted(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert not picker.isVisible()


def test_ctrl_e_requests_editing(qtbot, picker: Picker) -> None:
    with qtbot.waitSignal(picker.edit_requested) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].id == "p-kd"


def test_enter_on_no_results_keeps_the_popup(qtbot, picker: Picker) -> None:
    type_query(qtbot, picker, "不存在的词")
    assert picker.hits() == []
    with qtbot.assertNotEmitted(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.isVisible()


def test_click_selects_and_double_click_pastes(qtbot, picker: Picker) -> None:
    center = picker.list.visualRect(picker.model.index(2)).center()
    qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert picker.list.currentIndex().row() == 2
    assert picker.preview.toPlainText().startswith("预览：收到商品")
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.mouseDClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args[0].title == "退换货流程"
    assert blocker.args[1] is PasteAction.PASTE


# --------------------------------------------------------------------------- products


def test_tab_on_a_product_toggles_its_card(qtbot, picker: Picker) -> None:
    install_language("zh_CN")
    try:
        type_query(qtbot, picker, "纯棉")
        assert picker.current_hit().kind is HitKind.PRODUCT
        assert "Ctrl+R" in picker.hints.text()
        qtbot.keyClick(picker.search, Qt.Key.Key_Tab)
        card = picker.preview.toPlainText()
        assert QApplication.focusWidget() is picker.search  # Tab did not move focus
        for text in ("纯棉圆领T恤", "¥79", "材质", "新疆长绒棉", "尺码", "搭配", "纯棉休闲短裤", "整套更显精神",
                     "替代", "纯棉POLO衫", "同面料有现货"):
            assert text in card, text
        qtbot.keyClick(picker.search, Qt.Key.Key_Tab)
        assert picker.preview.toPlainText() == "预览：材质：新疆长绒棉"
    finally:
        install_language("en")


def test_tab_on_a_phrase_keeps_focus_and_preview(qtbot, picker: Picker) -> None:
    before = picker.preview.toPlainText()
    qtbot.keyClick(picker.search, Qt.Key.Key_Tab)
    assert picker.preview.toPlainText() == before
    assert not picker.preview.showing_card


def test_ctrl_r_recommends_a_product_only(qtbot, picker: Picker) -> None:
    with qtbot.assertNotEmitted(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # a phrase
    type_query(qtbot, picker, "T恤")
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].id == TEE.id
    assert blocker.args[1] is PasteAction.RECOMMEND


# --------------------------------------------------------------------------- input methods


@pytest.fixture
def index_picker(qtbot) -> Picker:
    widget = Picker(IndexBackend())
    qtbot.addWidget(widget)
    widget.popup()
    qtbot.waitUntil(lambda: len(widget.hits()) == 7)
    return widget


def test_pinyin_initials_find_the_phrase(qtbot, index_picker: Picker) -> None:
    type_query(qtbot, index_picker, "kd")
    assert titles(index_picker)[0] == "快递说明"


def test_ime_preedit_drives_the_search_and_its_enter_does_not_paste(qtbot, index_picker: Picker) -> None:
    picker = index_picker
    ime(picker.search, preedit="kuai'di")  # pinyin IMEs show syllable separators
    qtbot.waitUntil(lambda: titles(picker)[:1] == ["快递说明"] and len(picker.hits()) < 7)
    assert picker.search.text() == ""
    assert picker._backend.queries[-1] == "kuaidi"

    with qtbot.assertNotEmitted(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # the IME's own Enter while composing
        qtbot.keyClick(picker.search, Qt.Key.Key_Escape)  # cancels nothing but the composition
    assert picker.isVisible()

    ime(picker.search, commit="快递")
    assert not picker.search.composing()
    qtbot.waitUntil(lambda: picker._backend.queries[-1] == "快递")
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert blocker.args[0].title == "快递说明"
    assert blocker.args[1] is PasteAction.PASTE


def test_preedit_goes_in_at_the_caret(qtbot, index_picker: Picker) -> None:
    qtbot.keyClicks(index_picker.search, "ab")
    index_picker.search.setCursorPosition(1)
    ime(index_picker.search, preedit="x y")
    assert index_picker.search.query() == "axyb"


# --------------------------------------------------------------------------- highlighting


def test_spans_become_segments() -> None:
    spans = [Span("title", 2, 4), Span("title", 0, 1), Span("body", 0, 3), Span("title", 3, 9)]
    assert segments("快递说明书", spans, "title") == [
        Segment("快", 0, True),
        Segment("递", 1, False),
        Segment("说明书", 2, True),  # overlapping spans merged, clipped to the text
    ]
    assert segments("kd", [], "code") == [Segment("kd", 0, False)]
    assert segments("", spans, "title") == []
    assert segments_html(segments("<快递>", [Span("title", 1, 3)], "title")) == "&lt;<b>快递</b>&gt;"
    assert matched_ranges([Span("title", 0, 2), Span("title", 2, 3)], "title", 10) == [(0, 3)]


def test_snippet_shows_a_late_body_match() -> None:
    body = "前" * 50 + "退货\n地址"
    text, spans = snippet(body, [Span("body", 50, 52)], "body", 20)
    assert text.startswith("…")
    assert "\n" not in text
    assert [text[s.start : s.end] for s in spans] == ["退货"]
    short, short_spans = snippet("快递说明", [Span("body", 0, 2)], "body", 20)
    assert short == "快递说明" and short_spans == [Span("body", 0, 2)]


def test_delegate_format_ranges_follow_the_spans(qtbot) -> None:
    ranges = format_ranges(matched_ranges([Span("title", 0, 2), Span("title", 3, 4)], "title", 4))
    assert [(r.start, r.length) for r in ranges] == [(0, 2), (3, 1)]
    assert all(r.format.fontWeight() == QFont.Weight.Bold for r in ranges)


def test_badges_follow_the_language(qtbot, picker: Picker) -> None:
    team, personal, product = picker.hits()[0], picker.hits()[3], picker.hits()[4]
    assert picker.delegate.badge_text(team) == "Team"
    install_language("zh_CN")
    try:
        qtbot.waitUntil(lambda: picker.delegate.badge_text(team) == "团队")
        assert picker.delegate.badge_text(personal) == "个人"
        assert picker.delegate.badge_text(product) == "商品"
        assert picker.search.placeholderText().startswith("输入中文")
        assert "粘贴" in picker.hints.text()
    finally:
        install_language("en")
    qtbot.waitUntil(lambda: picker.search.placeholderText().startswith("Type"))


# --------------------------------------------------------------------------- rendering


def test_screenshot_renders_chinese_without_missing_glyphs(qtbot, index_picker: Picker) -> None:
    install_language("zh_CN")
    try:
        type_query(qtbot, index_picker, "kd")
        qtbot.waitUntil(lambda: "条结果" in index_picker.count.text())
        index_picker.search.setText("")
        qtbot.waitUntil(lambda: len(index_picker.hits()) == 7)
        qtbot.keyClick(index_picker.search, Qt.Key.Key_Down)
        image = index_picker.grab()
        assert image.save(str(Path("/tmp/picker.png")))
        assert image.width() == 640
    finally:
        install_language("en")
    # Every character the rows show maps to a real glyph (index 0 is the "missing" box).
    text = "".join(h.title + h.body + str(h.category) for h in index_picker.hits()) + "团队个人商品粘贴并发送"
    text = "".join(ch for ch in text if ord(ch) < 0x1F000 and ch not in "{}")  # emoji: a colour font's job
    layout = QTextLayout(text, ui_font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    missing = [run.rawFont().familyName() for run in runs if 0 in run.glyphIndexes()]
    assert not missing, f"missing glyphs in {missing}"


def test_the_choice_tells_its_rank_key_and_whether_a_query_was_typed(qtbot, picker: Picker) -> None:
    with qtbot.waitSignal(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert picker.last_choice == (2, True, False)  # second row, Alt+2, nothing typed
    picker.popup()
    qtbot.waitUntil(lambda: len(picker.hits()) == 5)
    type_query(qtbot, picker, "中通")
    qtbot.waitUntil(lambda: bool(picker.hits()))
    with qtbot.waitSignal(picker.chosen):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.last_choice == (1, False, True)


def test_a_query_that_found_nothing_is_told_only_while_it_shows_no_rows(qtbot, picker: Picker) -> None:
    assert picker.unanswered_query() is None  # nothing typed
    type_query(qtbot, picker, "没有这个词")
    qtbot.waitUntil(lambda: not picker.hits())
    assert picker.unanswered_query() == "没有这个词"
    picker.search.clear()
    qtbot.waitUntil(lambda: len(picker.hits()) == 5)
    assert picker.unanswered_query() is None
