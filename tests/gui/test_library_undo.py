"""Undo and redo in the library window restore the exact previous repository state.

Every test compares the full state — phrases with ids, library, category, position and fields,
and categories with ids, paths and positions — before the edit, after it, after undo and
after redo.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sidekick.app.library_service import LibraryService
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.store import Store
from sidekick.ui.library import LibraryWindow
from sidekick.ui.library.tree_model import CATEGORY_MIME

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL


def seed(store: Store) -> None:
    """Team: 售前 › 快递 (3), 售前 › 运费 (1), 售后 (1); personal: 我的 (1)."""
    rows = [
        (TEAM, CategoryPath("售前", "快递"), "kd", "快递说明", "默认中通快递"),
        (TEAM, CategoryPath("售前", "快递"), "sf", "顺丰", "加 10 元可发顺丰"),
        (TEAM, CategoryPath("售前", "快递"), "", "发货时间", "16:00 前付款当天发"),
        (TEAM, CategoryPath("售前", "运费"), "yf", "运费", "全国包邮（偏远地区除外）"),
        (TEAM, CategoryPath("售后"), "th", "退货", "七天无理由退换"),
        (PERSONAL, CategoryPath("我的"), "hi", "问候", "您好，我是{客服}"),
    ]
    with store.session() as session:
        positions: dict[tuple[LibraryKind, CategoryPath], int] = {}
        for library, path, code, title, body in rows:
            position = positions.get((library, path), 0)
            positions[(library, path)] = position + 1
            repo.save_phrase(session=session, phrase=Phrase(new_id(), library, path, title, body, code, position=position))


def state(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with store.session() as session:
        phrases = sorted(
            (p.id, p.library.value, str(p.category), p.position, p.code, p.title, p.body, p.valid_from, p.valid_until)
            for p in repo.list_phrases(session=session)
        )
        categories = sorted((c.id, c.library.value, str(c.path), c.position) for c in repo.list_categories(session=session))
    return phrases, categories


def category_id(store: Store, library: LibraryKind, path: CategoryPath) -> str:
    with store.session() as session:
        return next(c.id for c in repo.list_categories(session=session, library=library) if c.path == path)


def phrase_by_title(store: Store, title: str) -> Phrase:
    with store.session() as session:
        return next(p for p in repo.list_phrases(session=session) if p.title == title)


@pytest.fixture
def window(store: Store, qtbot) -> Iterator[LibraryWindow]:
    seed(store)
    win = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def select(win: LibraryWindow, store: Store, library: LibraryKind, path: CategoryPath | None) -> None:
    key = (library.value, "") if path is None else (library.value, category_id(store, library, path))
    win.select_node(key)
    assert win.current_node().key == key


def select_titles(win: LibraryWindow, *titles: str) -> None:
    win.table.clearSelection()
    for row, phrase in enumerate(win.phrase_model.phrases()):
        if phrase.title in titles:
            win.table.selectionModel().select(
                win.phrase_model.index(row, 0), win.table.selectionModel().SelectionFlag.Select
                | win.table.selectionModel().SelectionFlag.Rows)
    assert sorted(p.title for p in win.selected_phrases()) == sorted(titles)


def type_into_tree_editor(win: LibraryWindow, text: str) -> None:
    """Type a name into the tree's open in-place editor and press Enter."""
    editor = win.tree.indexWidget(win.tree.currentIndex())
    assert editor is not None, "no in-place editor open"
    editor.selectAll()
    # Chinese arrives from the input method as a commit, not as key presses.
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)
    QTest.keyClick(editor, Qt.Key.Key_Return)


def check_undo_redo(win: LibraryWindow, store: Store, before: object, qtbot) -> None:
    after = state(store)
    assert after != before, "the edit changed nothing"
    win.undo_action.trigger()
    assert state(store) == before
    win.redo_action.trigger()
    assert state(store) == after
    win.undo_action.trigger()
    assert state(store) == before


def test_add_phrase_undo_redo_keeps_its_id(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售前", "运费"))
    before = state(store)
    window.new_phrase_action.trigger()
    window.editor.code.setText("by")
    window.editor.title.setText("包邮范围")
    window.editor.body.setPlainText("江浙沪包邮")
    assert window.save()
    added = phrase_by_title(store, "包邮范围")
    assert added.category == CategoryPath("售前", "运费") and added.position == 1
    check_undo_redo(window, store, before, qtbot)
    window.redo_action.trigger()
    assert phrase_by_title(store, "包邮范围").id == added.id


def test_edit_phrase_undo_restores_every_field(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售前", "快递"))
    select_titles(window, "顺丰")
    before = state(store)
    window.editor.title.setText("顺丰加急")
    window.editor.body.setPlainText("加 12 元可发顺丰")
    window.editor.until_check.setChecked(True)
    assert window.save()
    check_undo_redo(window, store, before, qtbot)


def test_delete_several_phrases_undo_restores_ids_and_positions(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售前"))
    select_titles(window, "快递说明", "运费")
    before = state(store)
    window.delete_phrases_action.trigger()
    assert window.phrase_model.rowCount() == 2
    check_undo_redo(window, store, before, qtbot)


def test_reorder_with_alt_down_and_undo(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售前", "快递"))
    select_titles(window, "快递说明")
    before = state(store)
    window.phrase_down_action.trigger()
    assert [p.title for p in window.phrase_model.phrases()] == ["顺丰", "快递说明", "发货时间"]
    assert window.selected_ids() == [phrase_by_title(store, "快递说明").id]
    check_undo_redo(window, store, before, qtbot)


def test_drag_phrases_onto_another_category_and_undo(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售前", "快递"))
    select_titles(window, "顺丰", "发货时间")
    mime = window.phrase_model.mimeData(window.table.selectionModel().selectedRows())
    target = window.tree_model.find((TEAM.value, category_id(store, TEAM, CategoryPath("售后"))))
    before = state(store)
    assert window.tree_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    assert window.tree_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    qtbot.waitUntil(lambda: phrase_by_title(store, "顺丰").category == CategoryPath("售后"))
    moved = phrase_by_title(store, "发货时间")
    assert moved.category == CategoryPath("售后") and moved.position == 2
    check_undo_redo(window, store, before, qtbot)


def test_drop_inside_the_list_reorders(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售前", "快递"))
    select_titles(window, "发货时间")
    mime = window.phrase_model.mimeData(window.table.selectionModel().selectedRows())
    before = state(store)
    assert window.phrase_model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: phrase_by_title(store, "发货时间").position == 0)
    check_undo_redo(window, store, before, qtbot)


def test_move_personal_phrase_into_team_and_copy_team_phrase_to_personal(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, PERSONAL, CategoryPath("我的"))
    select_titles(window, "问候")
    mime = window.phrase_model.mimeData(window.table.selectionModel().selectedRows())
    before = state(store)
    window.tree_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, window.tree_model.library_index(TEAM))
    qtbot.waitUntil(lambda: phrase_by_title(store, "问候").library is TEAM)
    check_undo_redo(window, store, before, qtbot)

    select(window, store, TEAM, CategoryPath("售后"))
    select_titles(window, "退货")
    before = state(store)
    window.copy_action.trigger()
    with store.session() as session:
        copies = [p for p in repo.list_phrases(session=session, library=PERSONAL) if p.title == "退货"]
    assert len(copies) == 1 and copies[0].category == CategoryPath("售后") and copies[0].code == "th"
    assert phrase_by_title(store, "退货").library is TEAM  # the team phrase stays
    check_undo_redo(window, store, before, qtbot)


def test_category_create_rename_move_delete_each_undo(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, None)
    before = state(store)
    window.new_category_action.trigger()
    type_into_tree_editor(window, "活动")
    qtbot.waitUntil(lambda: any(c[2] == "活动" for c in state(store)[1]))
    assert window.current_node().path == CategoryPath("活动")
    check_undo_redo(window, store, before, qtbot)

    select(window, store, TEAM, CategoryPath("售前", "快递"))
    before = state(store)
    window.rename_category_action.trigger()
    type_into_tree_editor(window, "物流")
    qtbot.waitUntil(lambda: any(c[2] == "售前 › 物流" for c in state(store)[1]))
    assert phrase_by_title(store, "顺丰").category == CategoryPath("售前", "物流")
    check_undo_redo(window, store, before, qtbot)

    # Drag 售后 under 售前 (a top category with no subcategories may become one).
    after_sales = category_id(store, TEAM, CategoryPath("售后"))
    select(window, store, TEAM, CategoryPath("售后"))
    mime = window.tree_model.mimeData([window.tree_model.find((TEAM.value, after_sales))])
    assert mime.hasFormat(CATEGORY_MIME)
    presale = window.tree_model.find((TEAM.value, category_id(store, TEAM, CategoryPath("售前"))))
    before = state(store)
    assert window.tree_model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, presale)
    qtbot.waitUntil(lambda: phrase_by_title(store, "退货").category == CategoryPath("售前", "售后"))
    check_undo_redo(window, store, before, qtbot)

    # Delete 售前 with its subcategories and phrases; undo brings back every id.
    select(window, store, TEAM, CategoryPath("售前"))
    before = state(store)
    window.delete_category_action.trigger()
    assert not any(c[2].startswith("售前") for c in state(store)[1])
    check_undo_redo(window, store, before, qtbot)


def test_category_reorder_with_alt_up(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售后"))
    before = state(store)
    window.category_up_action.trigger()
    with store.session() as session:
        tops = [c.path.category for c in repo.list_categories(session=session, library=TEAM) if not c.path.subcategory]
    assert tops == ["售后", "售前"]
    check_undo_redo(window, store, before, qtbot)


def test_third_category_level_is_refused_with_a_message(window: LibraryWindow, store: Store, qtbot) -> None:
    select(window, store, TEAM, CategoryPath("售前", "快递"))
    before = state(store)
    window.new_sub_action.trigger()
    assert window.message_bar.isVisible()
    assert "two levels" in window.message_bar.text()
    assert state(store) == before
    # A category dragged onto a subcategory would be a third level: the drop is refused.
    mime = window.tree_model.mimeData([window.tree_model.find((TEAM.value, category_id(store, TEAM, CategoryPath("售后"))))])
    target = window.tree_model.find((TEAM.value, category_id(store, TEAM, CategoryPath("售前", "快递"))))
    assert not window.tree_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    # The backend refuses too (a category with subcategories cannot become one).
    window._execute("move", [TEAM], lambda: window.backend.move_category(
        category_id(store, TEAM, CategoryPath("售前")), category_id(store, TEAM, CategoryPath("售后")), 0))
    assert "two levels" in window.message_bar.text() or "subcategories" in window.message_bar.text()
    assert state(store) == before
    assert not window.undo_action.isEnabled()


def test_undo_keeps_only_the_rows_an_edit_changed(window: LibraryWindow, store: Store, qtbot) -> None:
    """The stack grows with the edits, not with the library: a title edit records one row."""
    with store.session() as session:  # a library far larger than any edit
        for n in range(300):
            repo.save_phrase(session=session, phrase=Phrase(new_id(), TEAM, CategoryPath("售后"), f"填充{n}", "正文"))
    window.reload()
    select(window, store, TEAM, CategoryPath("售前", "快递"))
    for n in range(5):
        title = "顺丰" if n == 0 else f"顺丰{n - 1}"
        row = next(r for r, p in enumerate(window.phrase_model.phrases()) if p.title == title)
        window.table.setCurrentIndex(window.phrase_model.index(row, 1))
        assert window.editor.title.text() == title
        window.editor.title.setText(f"顺丰{n}")
        assert window.save()
    assert window.undo_stack.count() == 5
    for i in range(5):
        rows = window.undo_stack.command(i).change.record.rows
        assert [(r.table, r.before is not None, r.after is not None) for r in rows] == [("phrase", True, True)]
    window.undo_action.trigger()
    assert phrase_by_title(store, "顺丰3").code == "sf"


def test_undo_clears_the_ctrl_z_hint(window: LibraryWindow, store: Store, qtbot) -> None:
    """Defect: "Deleted … Ctrl+Z brings them back." stayed on screen after the undo."""
    select(window, store, TEAM, CategoryPath("售前", "快递"))
    select_titles(window, "顺丰")
    window.delete_phrases_action.trigger()
    assert window.message_bar.isVisible() and "Ctrl+Z" in window.message_bar.text()
    window.undo_action.trigger()
    assert not window.message_bar.isVisible()
