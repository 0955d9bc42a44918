"""The fill-in form: one field per name, Enter walks through the fields, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog

from sidekick.ui.fill_in import FillInDialog, ask_fill_ins
from sidekick.ui.i18n import install_language


def type_text(widget, text: str) -> None:
    # QTest.keyClicks only knows ASCII; fill-ins are often Chinese.
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_enter_moves_to_the_next_field_and_accepts_on_the_last(qtbot) -> None:
    dialog = FillInDialog(["订单号", "快递单号", "订单号"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.names == ["订单号", "快递单号"]  # asked once each, in order
    first, second = dialog.edits
    qtbot.waitUntil(first.hasFocus)
    type_text(first, "2026051812345")
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(first, Qt.Key.Key_Return)
    assert second.hasFocus()
    type_text(second, "SF1234567890")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(second, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == {"订单号": "2026051812345", "快递单号": "SF1234567890"}


def test_ask_fill_ins_returns_the_values(qtbot) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FillInDialog)
        type_text(dialog.edits[0], "王女士")
        qtbot.keyClick(dialog.edits[0], Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    assert ask_fill_ins(["买家称呼"]) == {"买家称呼": "王女士"}


def test_esc_cancels_with_none(qtbot) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FillInDialog)
        type_text(dialog.edits[0], "123")
        qtbot.keyClick(dialog.edits[0], Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    assert ask_fill_ins(["订单号"]) is None


def test_no_names_needs_no_form() -> None:
    assert ask_fill_ins([]) == {}


def test_texts_follow_the_language(qtbot) -> None:
    dialog = FillInDialog(["订单号"])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Fill in the reply"
    install_language("zh_CN")
    try:
        qtbot.waitUntil(lambda: dialog.windowTitle() == "填写回复内容")
        assert (dialog.ok_button.text(), dialog.cancel_button.text()) == ("粘贴", "取消")
    finally:
        install_language("en")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Fill in the reply")
