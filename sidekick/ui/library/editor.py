"""The phrase editor: code, title, body, validity window, with live checks and preview.

While the body is typed the editor shows the character count, the reply rendered with
sample values, placeholder errors (red) and house-style warnings (underlined, listed with a
one-click fix). Style warnings never block saving; a placeholder error does, because the
broken placeholder would be pasted to the buyer literally.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.placeholders import parse, render, sample_context
from sidekick.core.style import Severity, StyleIssue, apply_fix
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.ui.i18n import with_args
from sidekick.ui.library.backend import LibraryBackend
from sidekick.ui.library.emoji import emoji_menu, placeholder_menu
from sidekick.ui.library.questions_tab import QuestionsTab
from sidekick.ui.library.style_panel import BodyHighlighter, StylePanel, chinese_ui, utf16_offsets
from sidekick.ui.retranslate import Retranslatable


class PhraseEditor(Retranslatable, QWidget):
    """Edits one phrase (or a draft of a new one); the window saves it on ``saveRequested``."""

    saveRequested = Signal()
    edited = Signal()
    dirtyChanged = Signal(bool)  # the editor now holds (True) or no longer holds unsaved changes

    def __init__(self, backend: LibraryBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phraseEditor")
        self._backend = backend
        self._original: Phrase | None = None
        self._draft_place: tuple[LibraryKind, CategoryPath] = (LibraryKind.PERSONAL, CategoryPath())
        self._loading = False
        self._dirty = False
        self._read_only = False
        self._checked_text: str | None = None
        self._loading_check = False
        self._in_check = False

        self.heading = QLabel()
        self.heading.setObjectName("editorHeading")
        self.code = QLineEdit()
        self.retranslatable(self.code.setPlaceholderText, "short code, e.g. kd")
        self.title = QLineEdit()
        self.retranslatable(self.title.setPlaceholderText, "what agents search for")
        self.body = QPlainTextEdit()
        self.body.setObjectName("bodyEdit")
        self.body.setTabChangesFocus(True)  # Tab moves on: keyboard-first editing
        self.retranslatable(self.body.setPlaceholderText, "The reply. Placeholders such as {买家} are filled in when pasting.")
        self.highlighter = BodyHighlighter(self.body.document())

        self.emoji_button = QToolButton()
        self.emoji_button.setText("😊")
        self.retranslatable(self.emoji_button.setToolTip, "Insert an emoji")
        self.emoji_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.emoji_menu, self.emoji_grid = emoji_menu(self)
        self.emoji_button.setMenu(self.emoji_menu)
        self.emoji_grid.chosen.connect(self.insert_text)
        self.placeholder_button = QToolButton()
        self.retranslatable(self.placeholder_button.setText, "{ } Placeholder")
        self.placeholder_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._build_placeholder_menu()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        self.from_check = QCheckBox()
        self.retranslatable(self.from_check.setText, "From")
        self.from_edit = self._datetime_edit()
        self.until_check = QCheckBox()
        self.retranslatable(self.until_check.setText, "Until")
        self.until_edit = self._datetime_edit()
        for check, edit in ((self.from_check, self.from_edit), (self.until_check, self.until_edit)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._changed)
            edit.dateTimeChanged.connect(self._changed)
            edit.setEnabled(False)

        self.errors = QLabel()
        self.errors.setObjectName("placeholderErrors")
        self.errors.setWordWrap(True)
        self.errors.hide()
        self.style_panel = StylePanel()
        self.style_panel.fixRequested.connect(self.apply_style_fix)
        self.style_panel.issueActivated.connect(self._select_issue)
        self.preview = QLabel()
        self.preview.setObjectName("previewLabel")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unsaved_label = QLabel()
        self.retranslatable(self.unsaved_label.setText, "● Unsaved changes")
        self.unsaved_label.setObjectName("unsavedLabel")
        self.unsaved_label.hide()
        self.save_button = QPushButton()
        self.retranslatable(self.save_button.setText, "Save (Ctrl+S)")
        self.save_button.clicked.connect(self.saveRequested)
        self.questions = QuestionsTab(backend, self.phrase)  # 买家问法: a tab beside the reply
        self.questions.edited.connect(self._changed)

        self._layout()
        for widget in (self.code, self.title):
            widget.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._body_changed)
        self.setTabOrder(self.code, self.title)
        self.setTabOrder(self.title, self.body)
        self.clear()

    def _datetime_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setCalendarPopup(True)
        edit.setDateTime(QDateTime.currentDateTime())
        return edit

    def _layout(self) -> None:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for source, field in (("Code", self.code), ("Title", self.title)):
            label = QLabel()
            self.retranslatable(label.setText, source)
            form.addRow(label, field)
        tools = QHBoxLayout()
        tools.addWidget(self.emoji_button)
        tools.addWidget(self.placeholder_button)
        tools.addStretch(1)
        tools.addWidget(self.count_label)
        validity = QHBoxLayout()
        for widget in (self.from_check, self.from_edit, self.until_check, self.until_edit):
            validity.addWidget(widget)
        validity.addStretch(1)
        preview_title = QLabel()
        self.retranslatable(preview_title.setText, "Preview (sample values)")
        preview_title.setObjectName("sectionLabel")
        reply_page = QWidget()
        layout = QVBoxLayout(reply_page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(form)
        layout.addLayout(tools)
        layout.addWidget(self.body, 3)
        layout.addWidget(self.errors)
        layout.addWidget(self.style_panel, 2)
        layout.addLayout(validity)
        layout.addWidget(preview_title)
        layout.addWidget(self.preview)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("editorTabs")
        self.tabs.addTab(reply_page, self.tr("Reply"))
        self.tabs.addTab(self.questions, self.tr("Buyer questions"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unsaved_label)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def _build_placeholder_menu(self) -> None:
        self.placeholder_menu = placeholder_menu(self, chinese_ui())
        self.placeholder_button.setMenu(self.placeholder_menu)
        self.placeholder_menu.triggered.connect(lambda action: self.insert_text(str(action.data())))

    def retranslate(self) -> None:
        """Texts in the current language (``LibraryWindow.retranslate`` calls this)."""
        self.retranslate_texts()
        self._update_heading()
        old = self.placeholder_menu
        self._build_placeholder_menu()  # its names and descriptions are in the UI's language
        old.deleteLater()
        self._checked_text = None  # check and preview again: their texts are the language's too
        self._loading_check = True
        self._body_changed()
        self._loading_check = False

    # ---------------------------------------------------------------- loading
    def clear(self) -> None:
        self.load(None, LibraryKind.PERSONAL, CategoryPath())

    def load(self, phrase: Phrase | None, library: LibraryKind, category: CategoryPath) -> None:
        """Show ``phrase``, or an empty draft of a new phrase for ``library``/``category``."""
        self._loading = True
        self._original = phrase
        self._draft_place = (library, category)
        self.code.setText(phrase.code if phrase else "")
        self.title.setText(phrase.title if phrase else "")
        self.body.setPlainText(phrase.body if phrase else "")
        self.questions.load(phrase)
        for check, edit, value in ((self.from_check, self.from_edit, phrase.valid_from if phrase else None),
                                   (self.until_check, self.until_edit, phrase.valid_until if phrase else None)):
            check.setChecked(value is not None)
            default = datetime.now().replace(second=0, microsecond=0) + timedelta(days=0 if edit is self.from_edit else 7)
            edit.setDateTime(QDateTime(value or default))
        self._loading = False
        self._set_dirty(False)
        self._update_heading()
        self._loading_check = True
        self._body_changed()
        self._loading_check = False
        self._set_dirty(False)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.code, self.title):
            widget.setReadOnly(read_only)
        self.body.setReadOnly(read_only)
        self.questions.set_read_only(read_only)
        for control in (self.emoji_button, self.placeholder_button, self.from_check, self.until_check,
                        self.save_button):
            control.setEnabled(not read_only)
        self.from_edit.setEnabled(not read_only and self.from_check.isChecked())
        self.until_edit.setEnabled(not read_only and self.until_check.isChecked())
        for button in self.style_panel.fix_buttons():
            button.setEnabled(not read_only)

    # ---------------------------------------------------------------- state
    @property
    def original(self) -> Phrase | None:
        return self._original

    def is_draft(self) -> bool:
        return self._original is None

    def is_dirty(self) -> bool:
        return self._dirty and not self._read_only

    def has_content(self) -> bool:
        return bool(self.title.text().strip() or self.body.toPlainText().strip())

    def phrase(self) -> Phrase:
        """The phrase as edited (a new id for a draft)."""
        valid_from = self.from_edit.dateTime().toPython() if self.from_check.isChecked() else None
        valid_until = self.until_edit.dateTime().toPython() if self.until_check.isChecked() else None
        fields: dict[str, Any] = dict(code=self.code.text().strip(), title=self.title.text().strip(),
                      body=self.body.toPlainText(), valid_from=valid_from, valid_until=valid_until,
                      questions=self.questions.questions(), intents=self.questions.intents())
        if self._original is not None:
            return replace(self._original, **fields)
        library, category = self._draft_place
        return Phrase(id=new_id(), library=library, category=category, **fields)

    def mark_saved(self, phrase: Phrase) -> None:
        self.load(phrase, phrase.library, phrase.category)

    def show_errors(self, messages: list[str]) -> None:
        if not messages:
            self.errors.hide()
            return
        intro = self.tr("Not saved: fix the placeholders first, or they would be pasted to the buyer as typed.")
        self.errors.setText("\n".join([intro, *("• " + m for m in messages)]))
        self.errors.show()

    # ---------------------------------------------------------------- editing
    def insert_text(self, text: str) -> None:
        if self._read_only:
            return
        self.body.insertPlainText(text)
        self.body.setFocus()

    def apply_style_fix(self, issue: StyleIssue) -> None:
        if self._read_only or issue.fix is None:
            return
        text = self.body.toPlainText()
        try:
            apply_fix(text, issue)  # raises when the text changed since the check
        except ValueError:
            self._body_changed()  # stale issue: check again
            return
        # Edit through a cursor so the fix is one step of the editor's own Ctrl+Z.
        offsets = utf16_offsets(text)
        cursor = self.body.textCursor()
        cursor.setPosition(offsets[issue.fix.start])
        cursor.setPosition(offsets[issue.fix.end], QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(issue.fix.replacement)

    def _select_issue(self, issue: StyleIssue) -> None:
        offsets = utf16_offsets(self.body.toPlainText())
        cursor = self.body.textCursor()
        cursor.setPosition(offsets[min(issue.start, len(offsets) - 1)])
        cursor.setPosition(offsets[min(issue.end, len(offsets) - 1)], QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)
        self.body.setFocus()

    def _changed(self, *_args: object) -> None:
        if not self._loading and not self._loading_check:  # loading checks the body: no edit
            self._set_dirty(True)
            self.edited.emit()

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        self.unsaved_label.setVisible(dirty)
        if changed:
            self.dirtyChanged.emit(dirty)

    # ---------------------------------------------------------------- drafts (autosave)
    def draft_state(self) -> dict[str, object]:
        """What is typed, as plain values (kept by the backend so a crash loses nothing)."""
        phrase = self.phrase()
        library, category = (phrase.library, phrase.category)
        return {
            "id": self._original.id if self._original else None, "library": library.value,
            "category": list(category.parts), "code": self.code.text(), "title": self.title.text(),
            "body": self.body.toPlainText(),
            "valid_from": phrase.valid_from.isoformat() if phrase.valid_from else None,
            "valid_until": phrase.valid_until.isoformat() if phrase.valid_until else None,
        }  # fmt: skip

    def restore_draft(self, state: dict[str, object], original: Phrase | None) -> None:
        """Show a kept draft over ``original`` (the phrase it edits; None for a new one), unsaved."""
        library = LibraryKind(str(state.get("library") or LibraryKind.PERSONAL.value))
        parts = state.get("category")
        category = CategoryPath(*[str(p) for p in parts]) if isinstance(parts, list | tuple) else CategoryPath()
        self.load(original, original.library if original else library, original.category if original else category)
        self.code.setText(str(state.get("code") or ""))
        self.title.setText(str(state.get("title") or ""))
        self.body.setPlainText(str(state.get("body") or ""))
        for check, edit, key in ((self.from_check, self.from_edit, "valid_from"),
                                 (self.until_check, self.until_edit, "valid_until")):
            value = state.get(key)
            check.setChecked(value is not None)
            if value is not None:
                edit.setDateTime(QDateTime(datetime.fromisoformat(str(value))))
        self._set_dirty(True)

    def _body_changed(self) -> None:
        text = self.body.toPlainText()
        # Re-highlighting changes formats, which QPlainTextEdit reports as a text change too.
        if self._in_check or (text == self._checked_text and not self._loading_check):
            return
        self._checked_text = text
        self._in_check = True
        try:
            self._check_body(text)
        finally:
            self._in_check = False
        self._changed()

    def _check_body(self, text: str) -> None:
        issues = self._backend.style_issues(text) if text.strip() else []
        template = parse(text)
        spans = [(i.start, i.end, "warning" if i.severity is Severity.WARNING else "hint") for i in issues]
        spans += [(e.start, e.end, "error") for e in template.errors]
        self.highlighter.set_spans(text, spans)
        self.style_panel.set_issues(text, issues)
        if not self._read_only:
            for button in self.style_panel.fix_buttons():
                button.setEnabled(True)
        rendered = render(text, sample_context(text)).text if text else ""
        self.preview.setText(rendered or self.tr("(empty)"))
        self.count_label.setText(with_args(self.tr("%1 characters"), str(len(text))))
        if template.errors:
            self.errors.setText("\n".join("• " + (e.message_zh if chinese_ui() else e.message_en)
                                          for e in template.errors))
            self.errors.show()
        else:
            self.errors.hide()

    def _update_heading(self) -> None:
        if self._original is None:
            _library, category = self._draft_place
            where = " › ".join(category.parts) or self.tr("Uncategorised")
            self.heading.setText(with_args(self.tr("New phrase in %1"), where))
        else:
            self.heading.setText(with_args(self.tr("Editing 「%1」"), self._original.title or "…"))

