"""The small form that asks for a phrase's fill-ins (``{?订单号}``) before it is pasted.

Keyboard-first like the popup: the first field has focus, Enter moves to the next field and
accepts on the last, Esc cancels (nothing is pasted). The dialog stays on top because it opens
over the chat client, right after the popup hid.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from sidekick.ui.picker.theme import BODY_PX, ui_font


class FillInDialog(QDialog):
    """One line edit per fill-in name, in the order the phrase uses them."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setFont(ui_font(BODY_PX))
        self.setMinimumWidth(360)
        self.names = list(dict.fromkeys(name for name in names if name))  # a name asked once
        self.intro = QLabel(self)
        self.edits: list[QLineEdit] = []
        form = QFormLayout()
        for name in self.names:
            edit = QLineEdit(self)
            edit.setObjectName(f"fill_in_{name}")
            self.edits.append(edit)
            form.addRow(QLabel(name, self), edit)  # the name is the phrase author's own label
        # Own buttons, not standard ones: QDialogButtonBox resets standard buttons to Qt's own
        # (untranslated here) texts on every LanguageChange.
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        for button in self.buttons.buttons():
            # Enter is ours (next field / accept on the last), not the default button's.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate()
        if self.edits:
            self.edits[0].setFocus()

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in zip(self.names, self.edits)}

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.advance()
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        """Focus the field after the focused one, or accept when it is the last."""
        focused = self.focusWidget()
        index = self.edits.index(focused) if focused in self.edits else len(self.edits) - 1
        if index + 1 < len(self.edits):
            self.edits[index + 1].setFocus()
            self.edits[index + 1].selectAll()
        else:
            self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Fill in the reply"))
        self.intro.setText(self.tr("This reply needs a few details. Enter moves to the next field."))
        self.ok_button.setText(self.tr("Paste"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:  # type: ignore[override]  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        self.raise_()
        self.activateWindow()


def ask_fill_ins(names: list[str], parent: QWidget | None = None) -> dict[str, str] | None:
    """Ask for each fill-in; the values by name, or None when the agent pressed Esc."""
    if not names:
        return {}
    dialog = FillInDialog(names, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
    finally:
        dialog.deleteLater()
