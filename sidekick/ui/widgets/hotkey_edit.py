"""A field that captures a hotkey by pressing it, with a line explaining what is wrong with it.

The agent clicks the field and presses the chord; the field shows ``Ctrl+Alt+Space`` and
stores ``<ctrl>+<alt>+<space>``. Input methods are off here: a pinyin IME would otherwise eat
the letters. While the field has focus, ``capturing`` is True so the app can pause the global
hotkey (otherwise pressing the current hotkey would open the popup instead of reaching here).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from sidekick.ui.widgets import hotkeys
from sidekick.ui.widgets.hotkeys import HotkeyProblem


class HotkeyEdit(QWidget):
    """The capture field plus its explanation; ``hotkey()`` is the stored form."""

    hotkey_changed = Signal(str)
    capturing = Signal(bool)  # True while the field has focus (pause the global hotkey)

    def __init__(self, hotkey: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hotkey = hotkeys.normalise(hotkey)
        self.field = _CaptureField(self)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.explanation)
        self.retranslate()

    def hotkey(self) -> str:
        return self._hotkey

    def set_hotkey(self, hotkey: str) -> None:
        self._hotkey = hotkeys.normalise(hotkey)
        self._refresh()
        self.hotkey_changed.emit(self._hotkey)

    def problem(self) -> HotkeyProblem | None:
        return hotkeys.problem(self._hotkey)

    def is_acceptable(self) -> bool:
        return self.problem() is None

    def problem_text(self, problem: HotkeyProblem | None) -> str:
        texts = {
            HotkeyProblem.EMPTY: self.tr("No hotkey: click the field and press the keys you want."),
            HotkeyProblem.NO_MODIFIER: self.tr(
                "A key without Ctrl, Alt or Win would fire while you type in the chat; add a modifier."
            ),
            HotkeyProblem.SHIFT_ONLY: self.tr("Shift with a letter is just a capital letter; use Ctrl or Alt."),
            HotkeyProblem.RESERVED: self.tr(
                "This combination copies, pastes, sends or switches windows; taking it would break that everywhere."
            ),
            HotkeyProblem.UNSUPPORTED: self.tr("This key cannot be used in a hotkey; try a letter, digit, F-key or Space."),
        }
        return texts[problem] if problem else ""

    def _refresh(self, partial: str = "") -> None:
        self.field.setText(partial or hotkeys.display(self._hotkey))
        problem = self.problem()
        if problem is None:
            self.explanation.setStyleSheet("color: #6b7280;")
            self.explanation.setText(
                self.tr(
                    "Click the field and press the new combination, e.g. Ctrl+Alt+Space. If another program "
                    "already uses it, Sidekick tells you at once and keeps the old one."
                )
            )
        else:
            self.explanation.setStyleSheet("color: #b91c1c;")
            self.explanation.setText(self.problem_text(problem))

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Press the new hotkey"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class _CaptureField(QLineEdit):
    """Read-only looking line edit that turns key presses into a hotkey for its owner."""

    def __init__(self, owner: HotkeyEdit) -> None:
        super().__init__(owner)
        self._owner = owner
        self.setObjectName("hotkey_field")
        self.setReadOnly(True)  # no caret games: the text is always the captured chord
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_Escape:
            event.ignore()  # Esc belongs to the dialog (cancel)
            return
        if mods == Qt.KeyboardModifier.NoModifier and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._owner.set_hotkey("")
            return
        if key in hotkeys.MODIFIER_KEYS:
            # Show what is held so far ("Ctrl+Alt+…"), commit only with a real key.
            held = hotkeys.modifier_names(mods)
            self.setText(hotkeys.display("+".join(held)) + "+…" if held else "")
            return
        hotkey = hotkeys.hotkey_from_qt(key, mods)
        if hotkey is None:
            self._owner.explanation.setStyleSheet("color: #b91c1c;")
            self._owner.explanation.setText(self._owner.problem_text(HotkeyProblem.UNSUPPORTED))
            return
        self._owner.set_hotkey(hotkey)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() in hotkeys.MODIFIER_KEYS and self.text().endswith("…"):
            self._owner._refresh()  # modifiers let go without a key: show the stored hotkey again
        super().keyReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._owner.capturing.emit(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._owner._refresh()
        self._owner.capturing.emit(False)
