"""A small modal dialog that asks for a secret (the hub password, a passphrase), never shown.

What is typed is handed to the caller and nowhere else: the field echoes dots, nothing is
logged, and the dialog keeps no copy once it is closed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class SecretDialog(QDialog):
    """Asks for one secret; with ``confirm`` the secret is typed twice and must match."""

    def __init__(self, title: str, text: str, *, confirm: bool = False, warning: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)  # a tray app has no window to sit on
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.warning = QLabel(warning)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b91c1c;")
        self.warning.setVisible(bool(warning))
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.mismatch = QLabel(self.tr("The two entries differ."))
        self.mismatch.setStyleSheet("color: #b91c1c;")
        self.mismatch.setVisible(False)
        form = QFormLayout()
        form.addRow(self.field)
        if confirm:
            form.addRow(self.tr("Again:"), self.again)
            form.addRow(self.mismatch)
        self._confirm = confirm
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)
        self._update()

    def secret(self) -> str:
        return self.field.text()

    def _matches(self) -> bool:
        return not self._confirm or self.field.text() == self.again.text()

    def _update(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.field.text()) and self._matches())
        self.mismatch.setVisible(self._confirm and bool(self.again.text()) and not self._matches())

    def _ok(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.field.clear()
        super().done(result)


def ask_secret(title: str, text: str, *, confirm: bool = False, warning: str = "",
               parent: QWidget | None = None) -> str | None:
    """The typed secret, or None when the dialog was cancelled."""
    dialog = SecretDialog(title, text, confirm=confirm, warning=warning, parent=parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.secret()
    finally:
        dialog.field.clear()
        dialog.again.clear()
        dialog.deleteLater()
