"""The products window over the demo shop: tags, cards, relation rules, recommend, link card, self-test."""

from __future__ import annotations

import gc
import logging
import shutil
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from sidekick.app.link_watcher import LinkWatcher
from sidekick.app.products_service import ProductsService
from sidekick.app.usage_writer import UsageWriter
from sidekick.config import paths
from sidekick.config.settings import Settings
from sidekick.core.demo import load_demo, product_id
from sidekick.core.recommend import recommendation_text
from sidekick.core.types import Library, RelationKind
from sidekick.db.library_import import import_library
from sidekick.db.store import open_store
from sidekick.db.tables import UsageEventRow
from sidekick.ui.i18n import install_language
from sidekick.ui.products import LinkCard, ProductsWindow, QuizDialog
from sidekick.ui.products.backend import FileFormat, ProductsError
from sidekick.ui.products.edit_dialog import ProductEditDialog
from sidekick.ui.products.transfer import ImportDialog

SHEETS = product_id("722818662011")  # 长绒棉四件套: 2 pairings, 1 substitute
WASHED = product_id("741045750040")  # 水洗棉四件套, the sheets' substitute
LINK = "亲，这款还有吗 https://item.taobao.com/item.htm?spm=a1z10.3&id=722818662011&ns=1"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the demo products, built once: indexing them for search takes seconds."""
    home = tmp_path_factory.mktemp("demo-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIDEKICK_HOME", str(home))
        built = open_store(home / "template.db")
        with built.session() as session:
            # Products only: the demo phrases are not needed here.
            import_library(session=session, library=Library(products=load_demo().products))
        built.close()
    return home / "template.db"


@pytest.fixture
def demo(sidekick_home: Path, demo_db: Path):
    target = paths.database_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_db, target)
    return load_demo()


@pytest.fixture
def store(demo):
    opened = open_store()
    yield opened
    opened.close()


@pytest.fixture
def writer(store):
    """The background usage writer, short waits so a test sees a released lock at once."""
    started = UsageWriter(store.path, busy_timeout_s=0.05, first_retry_s=0.05, longest_retry_s=0.1)
    yield started
    started.stop(timeout=2.0)


@pytest.fixture
def service(store, writer: UsageWriter) -> ProductsService:
    return ProductsService(store, Settings, record_use=writer.record)


@pytest.fixture
def window(qtbot, service: ProductsService) -> ProductsWindow:
    shown = ProductsWindow(service)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _titles(window: ProductsWindow) -> list[str]:
    return [p.title for p in window.model.products()]


def _tag_row(window: ProductsWindow, name: str):
    items = [window.tags.list.item(i) for i in range(window.tags.list.count())]
    return next(item for item in items if item.text().startswith(f"{name}  ("))


def test_tag_filter_combines_with_and_and_shows_counts(window: ProductsWindow, demo) -> None:
    assert window.model.rowCount() == 45
    assert _tag_row(window, "爆款").text() == "爆款  (14)"

    _tag_row(window, "爆款").setCheckState(Qt.CheckState.Checked)
    hot = [p for p in demo.products if "爆款" in p.tags]
    assert window.selected_tags() == ["爆款"]
    assert sorted(_titles(window)) == sorted(p.title for p in hot)
    assert window.count_label.text().startswith("14")
    # Faceted counts: how many of the 14 also carry each tag.
    both = [p for p in hot if "家纺" in p.tags]
    assert _tag_row(window, "家纺").text() == f"家纺  ({len(both)})"

    _tag_row(window, "家纺").setCheckState(Qt.CheckState.Checked)
    assert sorted(_titles(window)) == sorted(p.title for p in both)
    assert all({"爆款", "家纺"} <= set(p.tags) for p in window.model.products())
    # A tag no remaining product carries shows 0 and cannot be ticked.
    empty = _tag_row(window, "亚麻")
    assert empty.text() == "亚麻  (0)" and not empty.flags() & Qt.ItemFlag.ItemIsEnabled

    window.tags.clear()
    assert window.model.rowCount() == 45


def test_search_box_narrows_the_list(window: ProductsWindow) -> None:
    window.search_box.setText("四件套")
    window.refresh()
    assert window.model.rowCount() >= 2
    assert all("四件套" in title for title in _titles(window)[:2])
    window.search_box.setText("722818662011")
    window.refresh()
    assert _titles(window)[0].startswith("青棉小筑 60支")


def test_card_shows_knowledge_notes_pairings_and_substitutes(window: ProductsWindow, demo) -> None:
    window.show_product(SHEETS)
    product = next(p for p in demo.products if p.item_id == "722818662011")
    html = window.card.browser.toPlainText()
    for item in product.knowledge:
        assert item.name in html and item.value in html
    assert product.notes in html and product.link in html and "399" in html

    pairings = window.card.related_items(RelationKind.PAIRING)
    substitutes = window.card.related_items(RelationKind.SUBSTITUTE)
    assert [target for target, _ in pairings] == [product_id("760888444205"), product_id("778260241683")]
    assert pairings[0][1] == "同色系床笠，厚床垫包得更牢，整套更显高级"
    assert substitutes == [(WASHED, "预算有限或缺货时推荐水洗棉款，同样全棉，价格更亲民")]
    assert window.card.pairings.item(0).text().endswith("— 同色系床笠，厚床垫包得更牢，整套更显高级")

    # Enter on a related product opens it.
    window.card.substitutes.setFocus()
    window.card.substitutes.setCurrentRow(0)
    window.card.substitutes.open_requested.emit(window.card.substitutes.currentItem().data(Qt.ItemDataRole.UserRole + 1))
    assert window.current_product() is not None and window.current_product().id == WASHED


def test_relation_rules_in_the_editor(qtbot, window: ProductsWindow, service: ProductsService) -> None:
    sheets = service.product(SHEETS)
    assert sheets is not None
    dialog = ProductEditDialog(service, sheets, window)
    qtbot.addWidget(dialog)
    editor = dialog.relations

    assert not editor.add_relation(RelationKind.PAIRING, SHEETS)
    assert "itself" in editor.message.text()
    assert not editor.add_relation(RelationKind.SUBSTITUTE, WASHED)  # already a substitute
    assert "already listed" in editor.message.text()

    linked = {r.target_id for r in sheets.related}
    target = next(p.id for p in service.products() if p.id != SHEETS and p.id not in linked
                  and all(r.target_id != SHEETS for r in p.related))
    assert editor.add_relation(RelationKind.SUBSTITUTE, target, "冬天想要更暖的选牛奶绒")
    assert editor.message.text() == ""
    # Reorder: the new substitute moves above the old one.
    editor.table.setCurrentCell(editor.table.rowCount() - 1, 1)
    editor.move_current(-1)
    assert [r.target_id for r in editor.relations()][-2:] == [target, WASHED]
    editor.symmetric.setChecked(True)
    assert dialog.save()

    saved = service.product(SHEETS)
    assert (RelationKind.SUBSTITUTE, target, "冬天想要更暖的选牛奶绒") in [(r.kind, r.target_id, r.note) for r in saved.related]
    reverse = service.product(target)
    assert any(r.kind is RelationKind.SUBSTITUTE and r.target_id == SHEETS for r in reverse.related)

    # Removing it with "both ways" ticked removes the reverse too; without, only one side changes.
    dialog = ProductEditDialog(service, saved, window)
    qtbot.addWidget(dialog)
    row = [r.target_id for r in dialog.relations.relations()].index(target)
    dialog.relations.table.setCurrentCell(row, 1)
    dialog.relations.remove_current()
    dialog.relations.symmetric.setChecked(True)
    assert dialog.save()
    assert all(r.target_id != SHEETS for r in service.product(target).related)

    # The store refuses a self-relation even when the editor is bypassed.
    with pytest.raises(ProductsError, match="itself"):
        service.save_product(replace(saved, related=(*saved.related[:0], replace(saved.related[0], target_id=SHEETS))))


def test_editor_refuses_a_taken_item_id_and_keeps_the_dialog_open(
        qtbot, window: ProductsWindow, service: ProductsService) -> None:
    dialog = ProductEditDialog(service, None, window)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("新款")
    dialog.item_id_edit.setText("722818662011")
    assert not dialog.save()
    assert "722818662011" in dialog.error.text()
    dialog.item_id_edit.setText("900000000001")
    dialog.price_edit.setText("abc")
    assert not dialog.save() and "abc" in dialog.error.text()
    dialog.price_edit.setText("59.90")
    dialog.tags_edit.setText("新品、夏季, 纯棉")
    dialog.knowledge.add_field("材质", "纯棉")
    assert dialog.save()
    created = service.product_by_item_id("900000000001")
    assert created is not None and created.tags == ("新品", "夏季", "纯棉") and created.field("材质") == "纯棉"


def test_recommend_renders_the_template_emits_and_records_usage(
        qtbot, store, writer: UsageWriter, window: ProductsWindow, service: ProductsService) -> None:
    window.show_product(SHEETS)
    window.activateWindow()
    window.table.setFocus()
    product = service.product(SHEETS)
    expected = recommendation_text(product, Settings().recommend_template)
    with qtbot.waitSignal(window.recommend_requested, timeout=2000) as blocker:
        qtbot.keyClick(window.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [expected, SHEETS]
    assert expected == f"给您推荐这款「{product.title}」，现价399元，链接：https://item.taobao.com/item.htm?id=722818662011"

    # On a pairing row, Ctrl+R recommends that pairing with the relation's note.
    window.card.pairings.setFocus()
    window.card.pairings.setCurrentRow(0)
    with qtbot.waitSignal(window.recommend_requested, timeout=2000) as blocker:
        window.card.recommend()
    text, pid = blocker.args
    assert pid == product_id("760888444205")
    assert text.startswith("同色系床笠，厚床垫包得更牢，整套更显高级：") and service.product(pid).title in text

    assert writer.flush(timeout=5.0)
    with store.session() as session:
        events = session.exec(select(UsageEventRow)).all()
    assert [(e.target_id, e.target_kind) for e in events] == [(SHEETS, "product"), (pid, "product")]


def test_recommend_never_waits_for_a_locked_database(qtbot, store, writer: UsageWriter, window: ProductsWindow) -> None:
    """Another process holding the write lock (an import, a backup) does not hold up Recommend:
    the text goes out at once and the use is written once the lock is released."""
    window.show_product(SHEETS)
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with qtbot.waitSignal(window.recommend_requested, timeout=2000):
            assert window.recommend(SHEETS) is not None
        assert time.monotonic() - started < 1.0  # the store's write wait is 5 s; the writer's retries are queued
        assert not writer.flush(timeout=0.3) and writer.pending == 1  # still waiting for the lock
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert writer.flush(timeout=5.0)
    with store.session(read_only=True) as session:
        events = [(e.target_id, e.target_kind) for e in session.exec(select(UsageEventRow))]
    assert events == [(SHEETS, "product")]


def test_link_card_shows_for_a_copied_link_only_when_enabled(qtbot, qapp, service: ProductsService, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    card = LinkCard(timeout_ms=60_000)
    qtbot.addWidget(card)
    off = LinkWatcher(qapp.clipboard(), service, Settings(), card=card)
    assert not off.enabled
    qapp.clipboard().setText(LINK)
    qtbot.wait(50)
    assert not card.isVisible()

    on = LinkWatcher(qapp.clipboard(), service, replace(Settings(), link_detection=True), card=card)
    with qtbot.waitSignal(on.product_detected, timeout=2000) as blocker:
        qapp.clipboard().setText(LINK)
    assert blocker.args == [SHEETS]
    assert card.isVisible() and card.product_id == SHEETS
    shown = card.body.toPlainText()
    assert "青棉小筑 60支" in shown and "材质" in shown and "Pairings" in shown and "Substitutes" in shown
    area = card.screen().availableGeometry()
    assert card.geometry().right() <= area.right() and card.geometry().bottom() <= area.bottom()
    assert card.geometry().right() > area.center().x() and card.geometry().bottom() > area.center().y()

    # Nothing of the clipboard stays on the watcher or in the log.
    gc.collect()
    held = repr({k: v for k, v in vars(on).items()}) + repr(on.__dict__)
    assert "722818662011" not in held and "亲，这款" not in held
    assert "722818662011" not in caplog.text and "亲，这款" not in caplog.text

    # Ordinary text and a phone number raise nothing; a known bare item id does.
    card.hide()
    qapp.clipboard().setText("订单号 3587214569852147 还没发货")
    qapp.clipboard().setText("13812345678")
    qtbot.wait(50)
    assert not card.isVisible()
    with qtbot.waitSignal(on.product_detected, timeout=2000):
        qapp.clipboard().setText("741045750040")
    assert card.product_id == WASHED

    # Turned off again: no card.
    card.hide()
    on.apply_settings(Settings())
    qapp.clipboard().setText(LINK)
    qtbot.wait(50)
    assert not card.isVisible()


def test_link_card_hides_on_esc_and_after_the_timeout(qtbot, service: ProductsService) -> None:
    card = LinkCard(timeout_ms=100)
    qtbot.addWidget(card)
    product = service.product(SHEETS)
    card.show_product(product, service.related(product))
    assert card.isVisible()
    qtbot.waitUntil(lambda: not card.isVisible(), timeout=2000)
    card.timer.setInterval(60_000)
    card.show_product(product, [])
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert not card.isVisible()


def test_quiz_dialog_runs_ten_questions_and_keeps_the_history(qtbot, window: ProductsWindow, service: ProductsService) -> None:
    dialog = QuizDialog(service, window, seed=3)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.start(10, ()) == 10
    seen = set()
    for number in range(10):
        question = dialog.current
        assert question is not None and question.prompt not in seen
        seen.add(question.prompt)
        choice = question.answer_index if number < 7 else (question.answer_index + 1) % 4
        assert dialog.answer(choice) is (number < 7)
        assert dialog.card.isVisible() and question.product_title in dialog.card.toPlainText()
        assert question.answer in dialog.feedback.text() or dialog.feedback.text() == "Correct!"
        dialog.next_question()
    assert dialog.all_answered and dialog.score == 7
    assert "7" in dialog.last_result.text() and "10" in dialog.last_result.text()
    runs = service.quiz_history()
    assert [(r.score, r.total) for r in runs] == [(7, 10)]
    assert dialog.history.count() == 1 and "7/10" in dialog.history.item(0).text()

    # Progress is visible in a new dialog (a new session reads the stored history).
    again = QuizDialog(service, window, seed=4)
    qtbot.addWidget(again)
    assert again.start(5, ("爆款",)) == 5
    assert all("爆款" in service.product(q.product_id).tags for q in again.questions)
    assert again.history.count() == 1


def test_export_then_preview_and_import(qtbot, tmp_path: Path, window: ProductsWindow, service: ProductsService) -> None:
    path = tmp_path / "hot.json"
    assert service.export_products(path, FileFormat.JSON, ["爆款"]) == 14
    dialog = ImportDialog(service, window, path)
    qtbot.addWidget(dialog)
    preview = dialog.run_preview()
    assert preview is not None and preview.ok
    assert (preview.new, preview.updated, preview.unchanged) == (0, 0, 14)
    assert "14" in dialog.summary.text()

    # A spreadsheet with a changed price: an update, imported on the worker thread.
    sheet = tmp_path / "hot.xlsx"
    assert service.export_products(sheet, FileFormat.XLSX, ["爆款"]) == 14
    csv_path = tmp_path / "hot.csv"
    service.export_products(csv_path, FileFormat.CSV, ["爆款"])
    csv_path.write_text(csv_path.read_text(encoding="utf-8-sig").replace("399.00", "359.00"), encoding="utf-8-sig")
    dialog = ImportDialog(service, window, csv_path)
    qtbot.addWidget(dialog)
    assert dialog.run_preview().updated >= 1
    result = dialog.run_import()
    assert result is not None and result.updated >= 1 and not result.problems
    assert str(service.product(SHEETS).price) == "359.00"

    bad = tmp_path / "bad.csv"
    bad.write_text("item_id,title\n,没有id\n", encoding="utf-8")
    dialog = ImportDialog(service, window, bad)
    qtbot.addWidget(dialog)
    preview = dialog.run_preview()
    assert preview is not None and preview.problems and not dialog.import_button.isEnabled()


def test_quiz_uses_every_ticked_tag_and_keeps_the_question_in_place(
        qtbot, window: ProductsWindow, service: ProductsService) -> None:
    window.tags.set_selected(["爆款", "家纺"])
    window.refresh()
    dialog = window.open_quiz()
    qtbot.addWidget(dialog)
    dialog.seed = 5
    assert set(dialog.tag_box.currentData()) == {"爆款", "家纺"}
    assert " + " in dialog.tag_box.currentText() and "爆款" in dialog.tag_box.currentText()
    count = dialog.start(5)
    assert count > 0
    assert all({"爆款", "家纺"} <= set(service.product(q.product_id).tags) for q in dialog.questions)
    assert set(dialog.run_tags) == {"爆款", "家纺"}

    # The question does not move when the answer and the card appear, nor between questions.
    qtbot.waitExposed(dialog)
    top = dialog.prompt.mapTo(dialog, dialog.prompt.rect().topLeft())
    first_choice = dialog.choice_buttons[0].mapTo(dialog, dialog.choice_buttons[0].rect().topLeft())
    dialog.answer(dialog.current.answer_index)
    QApplication.processEvents()
    assert dialog.card.isVisible()
    assert dialog.prompt.mapTo(dialog, dialog.prompt.rect().topLeft()) == top
    assert dialog.choice_buttons[0].mapTo(dialog, dialog.choice_buttons[0].rect().topLeft()) == first_choice
    dialog.next_question()
    QApplication.processEvents()
    assert dialog.prompt.mapTo(dialog, dialog.prompt.rect().topLeft()) == top

    # One tag ticked: that tag; none: every product.
    window.tags.set_selected(["爆款"])
    single = window.open_quiz()
    qtbot.addWidget(single)
    assert single.tag_box.currentData() == ("爆款",)
    window.tags.set_selected([])
    plain = window.open_quiz()
    qtbot.addWidget(plain)
    assert plain.tag_box.currentData() == ()


def test_self_test_questions_speak_the_ui_language(qtbot, window: ProductsWindow, service: ProductsService) -> None:
    """Defect: the self-test's question templates stayed Chinese in the English UI."""
    dialog = QuizDialog(service, window, seed=3)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.start(10, ()) == 10
    for _ in range(10):
        question = dialog.current
        assert question is not None
        shown = dialog.prompt.text()
        assert "「" not in shown and shown.startswith(("What", "Which", "How", "Where", "Who")), shown
        assert question.product_title.strip() in shown
        install_language("zh_CN")
        try:
            assert dialog.question_text(question) == question.prompt  # the core's own Chinese wording
        finally:
            install_language("en")
        dialog.answer(question.answer_index)
        dialog.next_question()
