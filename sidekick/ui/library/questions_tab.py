"""The 买家问法 tab beside the phrase editor: how buyers ask for this reply, and its intents.

Questions are example buyer messages the phrase answers; suggest mode matches a buyer's
message against them. The agent adds one per line — pasting many lines at once adds them all
(Enter adds, Shift+Enter starts a new line) — edits one in place (F2 / double-click) and
removes the selected ones (Del). Duplicates (ignoring spaces and case) are not added twice.

Intents link the phrase to the question bank. Unless set by hand they are found
automatically from the title, category, body and questions (shown greyed, "automatic"); the
lead may set them by hand, which then wins, and go back to automatic at any time.

Questions proposed by suggest mode for a team phrase (``learn_questions_team``) are listed
for whoever may edit it: accept puts one into the list (saved with the phrase, so with a team
hub it is a pending change the lead publishes like any other), dismiss forgets it. On an
agent's computer they are listed read-only with a note that they stay there (proposals are
kept in the local database and are not sent to the hub).

The tab holds no data of its own: the editor loads it with the phrase and reads
``questions()``/``intents()`` back when saving, so both go through the one save path.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.exchange.common import is_derived_title
from sidekick.core.types import Phrase
from sidekick.ui.library.backend import BackendError, LibraryBackend

MAX_QUESTION_CHARS = 200


def normalised(question: str) -> str:
    return " ".join(question.split())


def split_lines(text: str) -> list[str]:
    """Questions from pasted text: one per non-empty line, spaces tidied."""
    return [line for line in (normalised(raw) for raw in text.splitlines()) if line]


class _AddBox(QPlainTextEdit):
    """Multi-line entry: Enter adds every line as a question, Shift+Enter breaks the line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _QuestionList(QListWidget):
    """The questions; Del removes the selected ones (unless an item is being edited)."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class QuestionsTab(QWidget):
    """Edits a phrase's 买家问法 and intents; ``edited`` fires on every change."""

    edited = Signal()

    def __init__(self, backend: LibraryBackend, current_phrase: Callable[[], Phrase],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionsTab")
        self._backend = backend
        self._current_phrase = current_phrase
        self._phrase_id: str | None = None
        self._read_only = False
        self._loading = True  # until the first load()
        self._names: dict[str, str] | None = None  # intent id → name, read once

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("sectionLabel")
        self.list = _QuestionList()
        self.list.setObjectName("questionList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.itemChanged.connect(self._item_edited)
        self.add_box = _AddBox()
        self.add_box.setObjectName("questionAddBox")
        self.add_box.setTabChangesFocus(True)
        self.add_box.setFixedHeight(self.add_box.fontMetrics().lineSpacing() * 3 + 12)
        self.add_box.submitted.connect(self.add_from_box)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_from_box)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.delete_pressed.connect(self.remove_selected)

        self.intents_title = QLabel()
        self.intents_title.setObjectName("sectionLabel")
        self.intents_label = QLabel()
        self.intents_label.setObjectName("intentsLabel")
        self.intents_label.setWordWrap(True)
        self.intent_list = QListWidget()
        self.intent_list.setObjectName("intentList")
        self.intent_list.setMaximumHeight(70)
        self.intent_combo = QComboBox()
        self.intent_combo.setObjectName("intentCombo")
        self.intent_combo.setEditable(True)  # type to find an intent among dozens
        self.intent_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # As narrow as the editor beside it allows: the list's own width shows long names.
        self.intent_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.intent_combo.setMinimumContentsLength(6)
        self.add_intent_button = QPushButton()
        self.add_intent_button.clicked.connect(self.add_chosen_intent)
        self.remove_intent_button = QPushButton()
        self.remove_intent_button.clicked.connect(self.remove_selected_intents)
        self.automatic_button = QPushButton()
        self.automatic_button.clicked.connect(self.use_automatic_intents)

        self.proposals_title = QLabel()
        self.proposals_title.setObjectName("sectionLabel")
        self.proposals = QListWidget()
        self.proposals.setObjectName("proposalList")
        self.proposals.setMaximumHeight(80)
        # Where the proposals go: into the phrase and the next publish (whoever may edit the
        # team library here), or nowhere but this computer (an agent's machine with a hub).
        self.proposals_note = QLabel()
        self.proposals_note.setObjectName("hintLabel")
        self.proposals_note.setWordWrap(True)
        self.accept_button = QPushButton()
        self.accept_button.clicked.connect(self.accept_proposal)
        self.dismiss_button = QPushButton()
        self.dismiss_button.clicked.connect(self.dismiss_proposal)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 3)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_box, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        add_row.addLayout(buttons)
        layout.addLayout(add_row)
        layout.addWidget(self.intents_title)
        layout.addWidget(self.intents_label)
        layout.addWidget(self.intent_list)
        intent_row = QHBoxLayout()
        intent_row.addWidget(self.intent_combo, 1)
        intent_row.addWidget(self.add_intent_button)
        layout.addLayout(intent_row)
        intent_buttons = QHBoxLayout()
        intent_buttons.addStretch(1)
        intent_buttons.addWidget(self.remove_intent_button)
        intent_buttons.addWidget(self.automatic_button)
        layout.addLayout(intent_buttons)
        layout.addWidget(self.proposals_title)
        layout.addWidget(self.proposals)
        layout.addWidget(self.proposals_note)
        proposal_row = QHBoxLayout()
        proposal_row.addStretch(1)
        proposal_row.addWidget(self.accept_button)
        proposal_row.addWidget(self.dismiss_button)
        layout.addLayout(proposal_row)
        self._proposal_widgets = (self.proposals_title, self.proposals, self.proposals_note, self.accept_button,
                                  self.dismiss_button)
        self.retranslate()
        self.load(None)

    # ---------------------------------------------------------------- loading and reading
    def load(self, phrase: Phrase | None) -> None:
        self._loading = True
        try:
            self._phrase_id = phrase.id if phrase is not None else None
            self.list.clear()
            for question in phrase.questions if phrase is not None else ():
                self._append(question)
            self.intent_list.clear()
            for intent_id in phrase.intents if phrase is not None else ():
                self._append_intent(intent_id)
            self.add_box.clear()
            self.proposals.clear()
            if phrase is not None:
                proposers = self._backend.question_proposers(phrase.id)
                for question in self._backend.question_proposals(phrase.id):
                    item = QListWidgetItem(question)
                    if question in proposers:  # sent by an agent through the team hub
                        item.setToolTip(self.tr("Proposed by %1").replace("%1", proposers[question]))
                    self.proposals.addItem(item)
        finally:
            self._loading = False
        self._refresh_intents()
        self._update_enabled()

    def questions(self) -> tuple[str, ...]:
        return tuple(self.list.item(row).text() for row in range(self.list.count()))

    def intents(self) -> tuple[str, ...]:
        """Intents set by hand; () = automatic."""
        return tuple(str(self.intent_list.item(row).data(Qt.ItemDataRole.UserRole))
                     for row in range(self.intent_list.count()))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_enabled()

    # ---------------------------------------------------------------- questions
    def add_questions(self, questions: list[str]) -> int:
        """Append the new ones (duplicates skipped); returns how many were added."""
        if self._read_only:
            return 0
        known = {q.casefold() for q in self.questions()}
        added = 0
        for question in questions:
            question = normalised(question)[:MAX_QUESTION_CHARS]
            if question and question.casefold() not in known:
                known.add(question.casefold())
                self._append(question)
                added += 1
        if added:
            self._changed()
        return added

    def add_from_box(self) -> None:
        if self.add_questions(split_lines(self.add_box.toPlainText())) or self.add_box.toPlainText().strip():
            self.add_box.clear()
        self.add_box.setFocus()

    def remove_selected(self) -> None:
        if self._read_only:
            return
        rows = sorted({index.row() for index in self.list.selectedIndexes()}, reverse=True)
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self._changed()

    def _append(self, question: str) -> None:
        item = QListWidgetItem(question)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)

    def _item_edited(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        text = normalised(item.text())[:MAX_QUESTION_CHARS]
        if not text:
            self.list.takeItem(self.list.row(item))  # emptied in place: removed
        elif text != item.text():
            self._loading = True
            item.setText(text)
            self._loading = False
        self._changed()

    # ---------------------------------------------------------------- intents
    def intent_names(self) -> dict[str, str]:
        if self._names is None:
            self._names = dict(self._backend.intent_choices())
            self.intent_combo.clear()
            for intent_id, name in self._names.items():
                self.intent_combo.addItem(name, intent_id)
            self.intent_combo.setCurrentIndex(-1)
        return self._names

    def add_chosen_intent(self) -> None:
        if self._read_only:
            return
        names = self.intent_names()
        intent_id = self.intent_combo.currentData()
        if intent_id is None:  # typed text: match a name
            typed = self.intent_combo.currentText().strip()
            intent_id = next((key for key, name in names.items() if name == typed or key == typed), None)
        if intent_id is None or intent_id in self.intents():
            return
        if not self.intents():  # the first intent set by hand replaces the automatic ones
            self.intent_list.clear()
        self._append_intent(str(intent_id))
        self._changed()

    def remove_selected_intents(self) -> None:
        if self._read_only:
            return
        rows = sorted({index.row() for index in self.intent_list.selectedIndexes()}, reverse=True)
        for row in rows:
            self.intent_list.takeItem(row)
        if rows:
            self._changed()

    def use_automatic_intents(self) -> None:
        if self._read_only or not self.intents():
            return
        self.intent_list.clear()
        self._changed()

    def _append_intent(self, intent_id: str) -> None:
        item = QListWidgetItem(self.intent_names().get(intent_id, intent_id))
        item.setData(Qt.ItemDataRole.UserRole, intent_id)
        self.intent_list.addItem(item)

    def _refresh_intents(self) -> None:
        names = self.intent_names()
        if self.intents():
            self.intents_label.setText(self.tr("Set by hand (the automatic link is not used):"))
            return
        phrase: Phrase | None = None
        try:  # the editor may still be under construction (no phrase to read yet)
            phrase = self._current_phrase()
            linked = self._backend.linked_intents(phrase)
        except Exception:
            linked = ()
        shown = "、".join(names.get(i, i) for i in linked) or self.tr("none found yet")
        if phrase is not None and is_derived_title(phrase.title, phrase.body):
            # The suggestion engine links such a reply by its opening's meaning too (it has the
            # sentence encoder; this window does not load it), so say that its links may differ.
            self.intents_label.setText(
                self.tr("Automatic: %1 (no title of its own: suggest mode also reads the meaning of its "
                        "opening, so its links there may differ)").replace("%1", shown))
            return
        self.intents_label.setText(self.tr("Automatic: %1").replace("%1", shown))

    # ---------------------------------------------------------------- proposals
    def accept_proposal(self) -> None:
        item = self.proposals.currentItem()
        if item is None or self._read_only or self._phrase_id is None:
            return
        self.add_questions([item.text()])
        self._drop_proposal(item)

    def dismiss_proposal(self) -> None:
        item = self.proposals.currentItem()
        if item is None or self._read_only or self._phrase_id is None:
            return
        self._drop_proposal(item)

    def _drop_proposal(self, item: QListWidgetItem) -> None:
        """Forget the proposal; when the database refuses (busy), say so and keep it listed."""
        assert self._phrase_id is not None
        try:
            self._backend.dismiss_proposal(self._phrase_id, item.text())
        except BackendError as error:
            self.proposals_note.setText(str(error))
            self.proposals_note.setVisible(True)
            return
        self.proposals.takeItem(self.proposals.row(item))
        self._update_enabled()

    # ---------------------------------------------------------------- state
    def _changed(self) -> None:
        if self._loading:
            return
        self._refresh_intents()
        self.edited.emit()

    def _update_enabled(self) -> None:
        editable = not self._read_only
        for widget in (self.add_box, self.add_button, self.remove_button, self.intent_combo,
                       self.add_intent_button, self.remove_intent_button, self.automatic_button,
                       self.accept_button, self.dismiss_button):
            widget.setEnabled(editable)
        triggers = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                    if editable else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setEditTriggers(triggers)
        has_proposals = self.proposals.count() > 0
        for shown in self._proposal_widgets:
            shown.setVisible(has_proposals)
        self._explain_proposals()

    def _explain_proposals(self) -> None:
        if self._read_only:
            self.proposals_note.setText(self.tr(
                "Only a lead can add these proposals to the team phrase: they go to your lead with the next "
                "sync. To keep one for yourself, copy the phrase to your personal library."))
        else:
            self.proposals_note.setText(self.tr(
                "Accepted questions are saved with the phrase; with a team hub they are published with "
                "your other team changes."))

    def showEvent(self, event: QShowEvent) -> None:
        self._refresh_intents()  # the title or body may have changed on the other tab
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.intro.setText(self.tr("How buyers ask for this reply, one question per line. Suggest mode "
                                   "matches a buyer's message against them."))
        self.add_box.setPlaceholderText(self.tr("Type or paste buyer questions, one per line; Enter adds them"))
        self.add_button.setText(self.tr("Add"))
        self.remove_button.setText(self.tr("Remove (Del)"))
        self.intents_title.setText(self.tr("Intents"))
        line = self.intent_combo.lineEdit()  # the combo is editable, so it has one
        if line is not None:
            line.setPlaceholderText(self.tr("Choose an intent…"))
        self.add_intent_button.setText(self.tr("Set"))
        self.remove_intent_button.setText(self.tr("Remove"))
        self.automatic_button.setText(self.tr("Automatic"))
        self.proposals_title.setText(self.tr("Proposed from suggest mode"))
        self.accept_button.setText(self.tr("Accept"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self._explain_proposals()
        if not self._loading:
            self._refresh_intents()


__all__ = ["QuestionsTab", "split_lines"]
