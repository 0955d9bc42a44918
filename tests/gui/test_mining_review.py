"""从聊天记录发现问题 in the library window: accept, add to, dismiss (remembered), and the round trip
to suggestions: an accepted group's questions make the suggestion engine find the new phrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sidekick.app.library_service import LibraryService
from sidekick.config.settings import Settings
from sidekick.core.demo import load_demo
from sidekick.core.suggest import load_question_bank
from sidekick.core.types import CategoryPath, LibraryKind
from sidekick.db import repository as repo
from sidekick.db.library_import import import_library
from sidekick.db.store import Store
from sidekick.db.suggest_load import build_suggest_engine
from sidekick.ui.library import LibraryWindow
from sidekick.ui.library.mining_dialog import MiningReviewDialog

# A question the demo shop has no reply for (becoming a reseller), asked in many ways, plus one it answers.
AGENCY = ["你们招代理吗", "可以做代理吗", "我想做你们家代理", "代理怎么申请", "招不招代理"]
ANSWER = "目前店铺暂不招代理，批量采购可以联系客服申请企业价，我们会为您登记。"


def chat_file(folder: Path) -> Path:
    lines = []
    for k in range(15):
        lines += [f"买家{k} 2024-06-01 10:{k:02d}:00", AGENCY[k % len(AGENCY)],
                  f"青棉:小美 2024-06-01 10:{k:02d}:30", "您好，" + ANSWER]
    for k in range(6):
        lines += [f"顾客{k} 2024-06-02 11:{k:02d}:00", "地址写错了能改吗",
                  f"青棉:小美 2024-06-02 11:{k:02d}:30", "发货前可以修改，请把新地址发给我们。"]
    path = folder / "chats.txt"
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    return path


@pytest.fixture
def window(store: Store, qtbot) -> LibraryWindow:
    with store.session() as session:
        import_library(session=session, library=load_demo())
    opened = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    opened.select_node(("personal", ""))
    return opened


def review(window: LibraryWindow, path: Path, qtbot) -> MiningReviewDialog:
    dialog = window.mine_chat_records([path])
    assert isinstance(dialog, MiningReviewDialog)
    qtbot.waitUntil(lambda: dialog.mined is not None, timeout=60_000)
    dialog.activateWindow()  # keys go to the review list, as after a user's click
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.setFocus()
    return dialog


def test_accepting_a_gap_creates_a_phrase_that_suggestions_then_find(window, store: Store, tmp_path: Path,
                                                                      qtbot) -> None:
    dialog = review(window, chat_file(tmp_path), qtbot)
    first = dialog.current()
    # The gap, ranked first: 「你们招代理吗」「可以做代理吗」「招不招代理」 grouped by the rare word they share.
    assert first is not None and first.conversations >= 9 and first.covered_id is None
    assert {"你们招代理吗", "可以做代理吗", "招不招代理"} <= set(first.questions)
    assert dialog.table.item(0, 4).text() in {"GAP", "缺口"}
    assert ANSWER in dialog.reply.toPlainText() and not dialog.reply.toPlainText().startswith("您好")
    dialog.category.setCurrentIndex(dialog.category.findData(CategoryPath("我的", "")) if
                                    dialog.category.findData(CategoryPath("我的", "")) >= 0 else 0)
    dialog.title.setText("代理")
    QTest.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with store.session() as session:
        created = [p for p in repo.list_phrases(session=session, library=LibraryKind.PERSONAL) if p.title == "代理"]
    assert len(created) == 1
    assert set(first.questions) == set(created[0].questions)
    assert dialog.current() is None or dialog.current().key != first.key  # it left the list
    engine = build_suggest_engine(store.engine, load_question_bank())
    found = engine.suggest("你们这边招不招代理啊", limit=3)
    assert found and found[0].phrase.id == created[0].id
    window.undo_stack.undo()  # an accept is an ordinary, undoable edit
    with store.session() as session:
        assert not [p for p in repo.list_phrases(session=session) if p.title == "代理"]


def test_adding_to_the_phrase_that_answers_and_dismissing_is_remembered(window, store: Store, tmp_path: Path,
                                                                        qtbot) -> None:
    window.select_node(("team", ""))
    path = chat_file(tmp_path)
    dialog = review(window, path, qtbot)
    address = next(row for row, g in enumerate(dialog.groups) if g.covered_title == "修改收货地址")
    dialog.table.setCurrentCell(address, 0)
    group = dialog.current()
    assert dialog.target.currentData() == group.covered_id  # preselected: the phrase that answers it
    QTest.keyClick(dialog.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    with store.session() as session:
        updated = repo.get_phrase(session=session, phrase_id=group.covered_id)
    assert "地址写错了能改吗" in updated.questions
    gap = dialog.groups[0]
    dialog.table.setCurrentCell(0, 0)
    QTest.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert gap.key not in {g.key for g in dialog.groups}
    again = review(window, path, qtbot)
    assert gap.key not in {g.key for g in again.groups}  # dismissed groups stay dismissed


def test_the_review_list_speaks_chinese_in_the_chinese_ui(window, tmp_path: Path, qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton

    from sidekick.ui.i18n import install_language

    install_language("zh_CN")
    try:
        dialog = review(window, chat_file(tmp_path), qtbot)
        assert dialog.windowTitle() == "从聊天记录发现问题"
        texts = [b.text() for b in dialog.findChildren(QPushButton)] + [label.text() for label in dialog.findChildren(QLabel)]
        assert "新建短语 (Ctrl+Enter)" in texts and "忽略 (Del)" in texts and "买家问法" in texts
        assert dialog.summary.text().startswith("买家问题")
        headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
        assert headers == ["#", "会话", "占比", "代表问题", "已覆盖 / 缺口"]
    finally:
        install_language("en")
