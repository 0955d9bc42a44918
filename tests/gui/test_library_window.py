"""The library window: tree and counts, permissions, import preview, editing aids, keyboard flow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialogButtonBox, QToolBar, QWidget

from sidekick.app.library_service import LibraryService
from sidekick.config.settings import Settings
from sidekick.core.demo import load_demo
from sidekick.core.exchange import tabular
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.library_import import import_library
from sidekick.db.store import Store
from sidekick.ui.i18n import install_language
from sidekick.ui.library import LibraryWindow
from sidekick.ui.library.phrase_model import PhraseTableModel
from sidekick.ui.widgets.screen_fit import fitted_geometry

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL
HUB = Settings(hub_url="postgresql://hub.example/shop", hub_user="xiaohe")
WindowFactory = Callable[..., LibraryWindow]


@pytest.fixture
def make_window(store: Store, qtbot) -> WindowFactory:
    def make(settings: Settings = Settings(), role: str | None = None, clock: datetime | None = None,
             publisher: Callable[[], str] | None = None) -> LibraryWindow:
        service = LibraryService(store, lambda: settings, role_provider=(lambda: role), publisher=publisher,
                                 **({"clock": lambda: clock} if clock else {}))
        window = LibraryWindow(service)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def demo(store: Store) -> None:
    with store.session() as session:
        import_library(session=session, library=load_demo())


def add(store: Store, library: LibraryKind, path: CategoryPath, title: str, body: str, **extra: object) -> Phrase:
    with store.session() as session:
        return repo.save_phrase(session=session, phrase=Phrase(new_id(), library, path, title, body, **extra))


def phrases(store: Store, library: LibraryKind | None = None) -> list[Phrase]:
    with store.session() as session:
        return repo.list_phrases(session=session, library=library)


def select_category(window: LibraryWindow, store: Store, library: LibraryKind, path: CategoryPath) -> None:
    with store.session() as session:
        cid = next(c.id for c in repo.list_categories(session=session, library=library) if c.path == path)
    window.select_node((library.value, cid))


def ime(widget: QWidget | None, text: str) -> None:
    """Chinese as an input method delivers it: one commit per word."""
    assert widget is not None
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_tree_lists_both_libraries_with_categories_and_counts(store: Store, make_window: WindowFactory) -> None:
    demo(store)
    window = make_window()
    model = window.tree_model
    team, personal = model.library_index(TEAM), model.library_index(PERSONAL)
    assert team.data() == "Team phrases" and personal.data() == "Personal phrases"
    assert int(team.siblingAtColumn(1).data()) == len(phrases(store, TEAM))
    first = model.index(0, 0, team)
    subs = sum(int(model.index(r, 1, first).data()) for r in range(model.rowCount(first)))
    assert int(first.siblingAtColumn(1).data()) == subs > 0
    select_category(window, store, TEAM, CategoryPath("售前", "快递"))
    assert window.phrase_model.rowCount() == len([p for p in phrases(store, TEAM) if p.category == CategoryPath("售前", "快递")])
    window.select_node((TEAM.value, ""))
    assert window.phrase_model.rowCount() == len(phrases(store, TEAM))


def test_agent_sees_the_team_library_read_only_with_a_banner(store: Store, make_window: WindowFactory) -> None:
    demo(store)
    window = make_window(HUB, role="agent")
    window.select_node((TEAM.value, ""))
    window.table.selectRow(0)
    assert window.banner.isVisible() and "read-only" in window.banner.text() and "agent" in window.banner.text()
    for action in (window.new_phrase_action, window.new_category_action, window.delete_phrases_action,
                   window.save_action, window.rename_category_action, window.phrase_up_action, window.import_action):
        assert not action.isEnabled(), action.text()
    assert window.editor.body.isReadOnly() and not window.editor.save_button.isEnabled()
    assert not window.phrase_model.flags(window.phrase_model.index(0, 0)) & Qt.ItemFlag.ItemIsDropEnabled
    # Copying to the personal library is the agent's way to change a team reply.
    assert window.copy_action.isEnabled()
    title = window.selected_phrases()[0].title
    window.copy_action.trigger()
    assert any(p.title == title for p in phrases(store, PERSONAL))
    window.select_node((PERSONAL.value, ""))
    assert not window.banner.isVisible() and window.new_phrase_action.isEnabled()
    assert not window.editor.body.isReadOnly()


def test_unknown_hub_role_is_treated_as_agent(store: Store, make_window: WindowFactory) -> None:
    window = make_window(HUB, role=None)
    assert window.banner.isVisible() and "not known" in window.banner.text()
    assert not window.new_phrase_action.isEnabled()


def test_lead_edits_become_pending_changes_and_publish(store: Store, make_window: WindowFactory, qtbot) -> None:
    add(store, TEAM, CategoryPath("售前"), "快递", "默认中通快递", code="kd")
    published: list[bool] = []
    window = make_window(HUB, role="lead", publisher=lambda: published.append(True) or "published 2 changes")
    assert window.pending_panel.isVisible() and window.banner.isVisible()
    assert "pending" in window.banner.text()
    window.select_node((TEAM.value, ""))
    window.new_phrase_action.trigger()
    window.editor.title.setText("运费")
    window.editor.body.setPlainText("全国包邮")
    assert window.save()
    items = [window.pending_list.item(i).text() for i in range(window.pending_list.count())]
    assert any("「运费」" in item and "new" in item for item in items)
    assert any("「快递」" in item for item in items)
    assert window.pending_title.text() == "Pending team changes: 3"  # 2 phrases + the category
    window.publish_button.click()
    qtbot.waitUntil(lambda: "published 2 changes" in window.message_bar.text())
    assert published == [True]


def test_solo_shop_may_edit_team_without_pending_panel(store: Store, make_window: WindowFactory) -> None:
    window = make_window()
    window.select_node((TEAM.value, ""))
    assert window.new_phrase_action.isEnabled() and not window.banner.isVisible()
    assert not window.pending_panel.isVisible()


def _csv(path: Path, rows: list[Phrase]) -> Path:
    path.write_bytes(tabular.write_csv(Library(phrases=tuple(rows)), kind=PERSONAL))
    return path


def test_import_preview_shows_counts_and_changes_nothing_until_confirmed(
        store: Store, make_window: WindowFactory, tmp_path: Path, qtbot) -> None:
    same = add(store, PERSONAL, CategoryPath("常用"), "问候", "您好")
    edited = add(store, PERSONAL, CategoryPath("常用"), "道别", "再见")
    fresh = [Phrase(new_id(), PERSONAL, CategoryPath("常用", "新"), f"新短语{i}", f"内容{i}") for i in range(3)]
    path = _csv(tmp_path / "phrases.csv", [same, Phrase(edited.id, PERSONAL, edited.category, "道别", "感谢光临，再见"), *fresh])
    window = make_window()
    before = phrases(store)
    dialog = window.start_import(path, PERSONAL)
    assert dialog is not None
    assert (dialog.preview.added, dialog.preview.updated, dialog.preview.unchanged) == (3, 1, 1)
    assert dialog.added_label.text() == "add 3" and dialog.updated_label.text() == "update 1"
    assert dialog.rows.rowCount() == 5
    assert phrases(store) == before  # the dry run wrote nothing
    dialog.reject()
    assert phrases(store) == before
    dialog = window.start_import(path, PERSONAL)
    assert dialog is not None
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "Imported phrases.csv: 3 added, 1 updated, 1 unchanged" in window.message_bar.text(), timeout=10000)
    assert len(phrases(store)) == len(before) + 3
    assert next(p for p in phrases(store) if p.id == edited.id).body == "感谢光临，再见"
    assert not window.undo_action.isEnabled()  # an import clears undo (its snapshots predate it)


def test_import_errors_name_file_row_and_reason(store: Store, make_window: WindowFactory, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("分类,标题,正文,生效时间,失效时间\n售前,好,内容,2026-11-12,2026-11-01\n", encoding="utf-8")
    window = make_window()
    dialog = window.start_import(path, PERSONAL)
    assert dialog is not None and not dialog.preview.ok
    text = dialog.problems.item(0).text()
    assert "bad.csv" in text and "row 2" in text
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert phrases(store) == []


def test_an_unreadable_file_is_listed_in_the_preview_like_a_bad_row(store: Store, make_window: WindowFactory,
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_bytes(b"\xef\xbb\xbf\xe6\xa0\x87\xe9\xa2\x98,\xe5\x86\x85\xe5\xae\xb9\r\nkd,\xff\r\n")  # 标题,内容 then a bad byte
    window = make_window()
    dialog = window.start_import(path, PERSONAL)
    assert dialog is not None and not dialog.preview.ok
    text = dialog.problems.item(0).text()
    assert "cut.csv" in text and "line 2" in text and "0xFF" in text
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


@pytest.mark.parametrize(("name", "text", "module", "function"), [
    ("phrases.csv", "标题,内容\n问候,您好\n", "sidekick.db.table_source", "plan_table"),  # streamed
    ("phrases.yml", "matches:\n  - trigger: ':hi'\n    replace: 您好\n", "sidekick.core.exchange.registry", "read"),
])
def test_an_unexpected_import_failure_is_one_translated_sentence_and_a_log_entry(
        store: Store, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        sidekick_home: Path, qtbot, name: str, text: str, module: str, function: str) -> None:
    import importlib

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a defect")

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    window = make_window()
    monkeypatch.setattr(importlib.import_module(module), function, broken)
    install_language("zh_CN")
    try:
        assert window.start_import(path, PERSONAL) is None  # nothing raised into the event loop
        assert f"无法导入 {name}" in window.message_bar.text() and "sidekick.log" in window.message_bar.text()
    finally:
        install_language("en")
    assert "ZeroDivisionError" in (sidekick_home / "logs" / "sidekick.log").read_text(encoding="utf-8")
    # The same on the worker thread of a confirmed import.
    window._run_import(path, PERSONAL)
    qtbot.waitUntil(lambda: "could not be imported" in window.message_bar.text(), timeout=10000)
    assert phrases(store) == []


def test_style_warnings_for_ni_and_the_one_click_fix(store: Store, make_window: WindowFactory) -> None:
    add(store, PERSONAL, CategoryPath("常用"), "发货", "您好")
    window = make_window()
    window.show_phrase(phrases(store)[0].id)
    window.editor.body.setPlainText("😊你好，你的包裹已经发出")
    issues = window.editor.style_panel.issues()
    assert [i.rule_id for i in issues].count("nin") == 2
    assert window.editor.style_panel.isVisible()
    # Underlines are in UTF-16 units: the emoji before the first 你 counts two.
    assert (2, 3, "warning") in window.editor.highlighter.spans()
    window.editor.style_panel.fix_buttons()[0].click()
    assert window.editor.body.toPlainText() == "😊您好，你的包裹已经发出"
    window.editor.style_panel.fix_buttons()[0].click()
    assert window.editor.body.toPlainText() == "😊您好，您的包裹已经发出"
    assert not [i for i in window.editor.style_panel.issues() if i.rule_id == "nin"]
    # Warnings never block saving.
    window.editor.body.setPlainText("这个不行")
    assert window.editor.style_panel.issues()
    assert window.save()
    assert phrases(store)[0].body == "这个不行"


def test_unknown_placeholder_refuses_to_save_and_says_why(store: Store, make_window: WindowFactory) -> None:
    add(store, PERSONAL, CategoryPath("常用"), "发货", "您好")
    window = make_window()
    window.show_phrase(phrases(store)[0].id)
    window.editor.body.setPlainText("{卖家}您好")
    assert window.editor.errors.isVisible()
    assert not window.save()
    assert "Not saved" in window.editor.errors.text() and "{卖家}" in window.editor.errors.text()
    assert window.message_bar.isVisible()
    assert phrases(store)[0].body == "您好"
    window.editor.body.setPlainText("{买家}您好")
    assert window.save() and phrases(store)[0].body == "{买家}您好"


def test_emoji_placeholder_menu_preview_and_count(store: Store, make_window: WindowFactory) -> None:
    window = make_window()
    window.select_node((PERSONAL.value, ""))
    window.new_phrase_action.trigger()
    editor = window.editor
    action = next(a for a in editor.placeholder_menu.actions() if a.data() == "{买家}")
    action.trigger()
    editor.body.insertPlainText("您好")
    editor.emoji_grid.buttons()[0].click()
    assert editor.body.toPlainText() == "{买家}您好😊"
    assert "小鹿同学您好😊" in editor.preview.text()
    assert editor.count_label.text() == "7 characters"
    tokens = {a.data() for a in editor.placeholder_menu.actions()}
    assert {"{买家}", "{?订单号}", "{光标}", "{客服}"} <= tokens


def test_validity_badges_and_expiring_filter(store: Store, make_window: WindowFactory) -> None:
    now = datetime(2026, 11, 5, 12, 0)
    path = CategoryPath("活动", "双11")
    add(store, TEAM, path, "过期", "x", valid_until=datetime(2026, 11, 1))
    add(store, TEAM, path, "未开始", "x", valid_from=datetime(2026, 11, 10), valid_until=datetime(2026, 11, 30))
    add(store, TEAM, path, "快到期", "x", valid_from=datetime(2026, 11, 1), valid_until=datetime(2026, 11, 8))
    add(store, TEAM, path, "长期", "x")
    window = make_window(clock=now)
    select_category(window, store, TEAM, path)
    model = window.phrase_model
    badge = {p.title: model.index(r, PhraseTableModel.VALIDITY).data() for r, p in enumerate(model.phrases())}
    assert badge["过期"].endswith("expired") and "11-01" in badge["过期"]
    assert badge["未开始"].endswith("not yet") and badge["快到期"].endswith("ends soon")
    assert badge["长期"] == ""
    window.expiring_check.setChecked(True)
    assert [p.title for p in model.phrases()] == ["快到期"]
    # The popup's search hides expired replies; the library's filter must still find them.
    window.expiring_check.setChecked(False)
    window.filter_edit.setText("过期")
    window.apply_filter_now()
    assert "过期" in [p.title for p in model.phrases()]


def test_filter_box_narrows_the_list(store: Store, make_window: WindowFactory, qtbot) -> None:
    demo(store)
    window = make_window()
    window.select_node((TEAM.value, ""))
    total = window.phrase_model.rowCount()
    window.filter_action.trigger()
    window.filter_edit.setText("退货")
    assert window.phrase_model.rowCount() == total, "the filter waits for typing to pause"
    qtbot.waitUntil(lambda: window.phrase_model.rowCount() < total, timeout=2000)
    shown = window.phrase_model.phrases()
    assert 0 < len(shown) < total
    assert all("退" in p.title + p.body or p.code for p in shown)


def test_export_writes_the_library(store: Store, make_window: WindowFactory, tmp_path: Path) -> None:
    demo(store)
    window = make_window()
    for key in ("json", "csv", "xlsx", "qianniu"):
        target = tmp_path / f"team.{key}"
        assert window.export_to(target, key, TEAM) == len(phrases(store, TEAM))
        assert target.stat().st_size > 0


def test_lead_builds_a_library_from_the_keyboard(store: Store, make_window: WindowFactory, qtbot) -> None:
    """A scaled-down 'build a 200-phrase library': 2 categories, 2 subcategories, 20 phrases."""
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.select_node((TEAM.value, ""))
    window.tree.setFocus()

    def key(k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(QApplication.focusWidget(), k, modifiers)

    def name_category(name: str, shortcut: Qt.KeyboardModifier) -> None:
        key(Qt.Key.Key_N, shortcut)
        ime(QApplication.focusWidget(), name)
        key(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.current_node().path is not None
                        and name in window.current_node().path.parts)

    ctrl = Qt.KeyboardModifier.ControlModifier
    for top, sub, prefix in (("售前", "快递", "kd"), ("售后", "退换", "th")):
        window.tree.setFocus()
        window.select_node((TEAM.value, ""))
        name_category(top, ctrl | Qt.KeyboardModifier.ShiftModifier)
        name_category(sub, ctrl | Qt.KeyboardModifier.AltModifier)
        for n in range(10):
            key(Qt.Key.Key_N, ctrl)
            QTest.keyClicks(QApplication.focusWidget(), f"{prefix}{n}")
            key(Qt.Key.Key_Tab)
            ime(QApplication.focusWidget(), f"{sub}说明{n}")
            key(Qt.Key.Key_Tab)
            ime(QApplication.focusWidget(), f"您好，关于{sub}的第{n}条说明")
            key(Qt.Key.Key_S, ctrl)
    saved = phrases(store, TEAM)
    assert len(saved) == 20
    assert [p.code for p in saved if p.category == CategoryPath("售前", "快递")] == [f"kd{n}" for n in range(10)]
    assert [p.position for p in saved if p.category == CategoryPath("售后", "退换")] == list(range(10))
    assert next(p for p in saved if p.code == "th3").title == "退换说明3"
    with store.session() as session:
        paths = [str(c.path) for c in repo.list_categories(session=session, library=TEAM)]
    assert paths == ["售前", "售前 › 快递", "售后", "售后 › 退换"]
    # Every step is undoable: 4 categories + 20 phrases.
    assert window.undo_stack.count() == 24


def test_window_fits_the_screen_and_the_reply_column_gets_the_room(store: Store, make_window: WindowFactory) -> None:
    demo(store)
    window = make_window()
    area = window.screen().availableGeometry()
    # At most 90 % of the screen, unless the window cannot be made that small (the offscreen
    # test screen is 800 px wide; the library's three panes need a little more).
    smallest = window.minimumSizeHint()
    assert window.width() <= max(area.width() * 0.9, smallest.width()) + 1
    assert window.height() <= max(area.height() * 0.9, smallest.height()) + 1
    assert window.height() < area.height()
    # A 1280×800 laptop: 90 % of it, centred, instead of 1280×760 running under the taskbar.
    assert fitted_geometry(QRect(0, 0, 1280, 800), 1280, 760) == QRect(64, 40, 1152, 720)
    assert fitted_geometry(QRect(0, 0, 1920, 1040), 1280, 760) == QRect(320, 140, 1280, 760)

    # Column widths as on a 1280×800 laptop (the offscreen screen is smaller).
    window.resize(1152, 720)
    window._share_width()
    QApplication.processEvents()
    select_category(window, store, TEAM, CategoryPath("售前"))  # category column shown
    header = window.table.horizontalHeader()
    body = header.sectionSize(PhraseTableModel.BODY)
    others = [header.sectionSize(c) for c in (PhraseTableModel.CODE, PhraseTableModel.TITLE,
                                               PhraseTableModel.CATEGORY, PhraseTableModel.VALIDITY)]
    assert body > max(others), (body, others)
    # No phrase here has validity dates: the column is no wider than its header.
    assert header.sectionSize(PhraseTableModel.VALIDITY) < 100
    assert header.length() <= window.table.viewport().width() + 1  # no sideways scrolling


def test_new_subcategory_has_a_toolbar_button(store: Store, make_window: WindowFactory) -> None:
    window = make_window()
    toolbar = window.findChild(QToolBar, "libraryToolbar")
    assert window.new_sub_action in toolbar.actions()
    assert toolbar.widgetForAction(window.new_sub_action).isVisible()


def test_refusing_a_third_level_keeps_the_node_in_view(store: Store, make_window: WindowFactory, qtbot) -> None:
    demo(store)
    window = make_window()
    with store.session() as session:
        last = [c for c in repo.list_categories(session=session, library=PERSONAL) if c.path.subcategory][-1]
    window.select_node((PERSONAL.value, last.id))
    index = window.tree.currentIndex()

    def in_view() -> bool:
        rect = window.tree.visualRect(window.tree.currentIndex())
        return rect.height() > 0 and rect.top() >= 0 and rect.bottom() <= window.tree.viewport().height()

    # The node sits on the tree's last visible row, as after scrolling down to it.
    window.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtBottom)
    QApplication.processEvents()
    assert in_view()
    window.new_sub_action.trigger()
    assert window.message_bar.isVisible() and "two levels" in window.message_bar.text()
    assert in_view()  # at once, not only after the event loop ran
    QApplication.processEvents()
    qtbot.waitUntil(in_view, timeout=2000)
    assert window.current_node().category_id == last.id


def test_placeholder_errors_are_in_the_ui_language_only(store: Store, make_window: WindowFactory) -> None:
    add(store, PERSONAL, CategoryPath("常用"), "发货", "您好")
    install_language("zh_CN")
    try:
        window = make_window()
        window.show_phrase(phrases(store)[0].id)
        window.editor.body.setPlainText("买家{maijia}您好")
        assert not window.save()
        text = window.editor.errors.text()
        assert "未知的占位符 {maijia}" in text and "第 3 个字符" in text
        assert "unknown placeholder" not in text and "character" not in text
    finally:
        install_language("en")
    window.editor.body.setPlainText("买家{maijia}您好")
    assert not window.save()
    text = window.editor.errors.text()
    assert "unknown placeholder {maijia}" in text and "未知" not in text
