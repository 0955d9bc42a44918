"""从聊天记录发现问题: the review list of questions found in the shop's chat records.

The lead (or an agent, for the personal library) picks exported chat files; they are read on a
worker thread (never copied into Sidekick's data folder) and the groups come back sorted by how
many conversations ask them. For each group, keyboard first:

- **Ctrl+Enter 新建短语**: the proposed reply (edited in place) becomes a phrase in the chosen
  category; the group's masked questions become its 买家问法, so suggestions find it at once;
- **Ctrl+T 添加到短语**: the questions are appended to an existing phrase (preselected: the one
  that already answers the group);
- **Del 忽略**: dismissed, and remembered so the next review does not show it again.

Accept and add go through the window's undoable edit path, like any other edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.types import CategoryPath, LibraryKind
from sidekick.ui.background import BackgroundOperation
from sidekick.ui.library.backend import BackendError, MinedGroup, MiningResult

if TYPE_CHECKING:
    # The cycle through the window's mixins leaves the class Any to mypy.
    from sidekick.ui.library.window import LibraryWindow  # type: ignore[attr-defined]  # see above

CHAT_FILTER = "Chat records (*.txt *.csv *.xlsx *.xlsm *.tsv);;All files (*)"


class MiningReviewDialog(QDialog):
    """The review list for one mining run; ``run(paths)`` starts it."""

    def __init__(self, window: LibraryWindow, library: LibraryKind) -> None:
        super().__init__(window)
        self.window_ = window
        self.library = library
        self.mined: MiningResult | None = None  # not "result": QDialog.result() is Qt's
        self.groups: list[MinedGroup] = []
        self._task: BackgroundOperation | None = None
        self.setWindowTitle(self.tr("Questions from chat records"))
        self.setWindowModality(Qt.WindowModality.WindowModal)  # the popup stays usable
        self.resize(1100, 640)
        self.summary = QLabel(self.tr("Reading chat records…"))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Chats"), self.tr("Share"),
                                              self.tr("Question"), self.tr("Answered by")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        self.examples = QListWidget()
        self.reply = QPlainTextEdit()
        self.title = QLineEdit()
        self.category = QComboBox()
        self.target = QComboBox()
        self.accept_button = QPushButton(self.tr("New phrase (Ctrl+Enter)"))
        self.add_button = QPushButton(self.tr("Add questions to phrase (Ctrl+T)"))
        self.dismiss_button = QPushButton(self.tr("Dismiss (Del)"))
        self.accept_button.clicked.connect(self.accept_current)
        self.add_button.clicked.connect(self.add_to_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        side = QWidget()
        form = QFormLayout(side)
        form.addRow(self.tr("Buyers ask"), self.examples)
        form.addRow(self.tr("Proposed reply"), self.reply)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.accept_button)
        form.addRow(self.tr("Or add to"), self.target)
        form.addRow(self.add_button)
        form.addRow(self.dismiss_button)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        for keys, slot in (("Ctrl+Return", self.accept_current), ("Ctrl+Enter", self.accept_current),
                           ("Ctrl+T", self.add_to_current)):
            QShortcut(QKeySequence(keys), self, slot)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.dismiss_current)
        self._fill_choices()
        self._enable(False)

    # ---------------------------------------------------------------- running
    def run(self, paths: Sequence[Path]) -> None:
        progress = QProgressDialog(self.tr("Reading chat records…"), self.tr("Cancel"), 0, 0, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        task = BackgroundOperation(lambda report: self.window_.backend.mine_chats(list(paths), report),
                                   expected=(BackendError,), parent=self)
        def progressed(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        def succeeded(result: MiningResult) -> None:
            progress.close()
            self.show_result(result)

        def failed(message: str) -> None:
            progress.close()
            self.summary.setText(message)

        task.progressed.connect(progressed)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        progress.canceled.connect(task.cancel)
        self._task = task
        task.start()

    def show_result(self, result: MiningResult) -> None:
        self.mined = result
        self.groups = list(result.groups)
        self.summary.setText(self.tr("%1 buyer questions. The library answers %2 of them; with the proposed "
                                     "replies accepted, %3.").replace("%1", str(result.messages))
                             .replace("%2", f"{result.coverage_before:.0%}").replace("%3", f"{result.coverage_after:.0%}")
                             + (self.tr(" %1 unreadable lines were skipped.").replace("%1", str(result.bad_lines))
                                if result.bad_lines else ""))
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            if group.kind == "closing":
                answered = self.tr("(closing / thanks)")
            elif group.kind == "greeting":
                answered = self.tr("(greeting)")
            else:
                answered = group.covered_title or self.tr("GAP")
            cells = [str(group.rank), str(group.conversations), f"{group.share:.1%}",
                     " ".join(group.representative.split()), answered]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column < 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.groups:
            self.table.setCurrentCell(0, 0)
            self.table.setFocus()
        else:
            self._show(-1)

    def _fill_choices(self) -> None:
        overview = self.window_.backend.overview()
        self.category.clear()
        for info in overview.categories:
            if info.library is self.library:
                self.category.addItem(str(info.path), info.path)
        self.target.clear()
        for phrase in self.window_.backend.phrases(self.library):
            self.target.addItem(f"{phrase.title}  [{phrase.category}]", phrase.id)

    # ---------------------------------------------------------------- the current group
    def current(self) -> MinedGroup | None:
        row = self.table.currentRow()
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def _enable(self, enabled: bool) -> None:
        for widget in (self.accept_button, self.add_button, self.dismiss_button, self.reply, self.title):
            widget.setEnabled(enabled)

    def _show(self, row: int) -> None:
        group = self.groups[row] if 0 <= row < len(self.groups) else None
        self._enable(group is not None)
        self.examples.clear()
        if group is None:
            self.reply.clear()
            self.title.clear()
            return
        self.examples.addItems(list(group.questions))
        self.reply.setPlainText(group.proposed_reply)
        self.title.setText(group.intent_name.split(" / ")[0] if group.intent_name else group.representative[:16])
        if group.covered_id:
            index = self.target.findData(group.covered_id)
            if index >= 0:
                self.target.setCurrentIndex(index)

    def _done_with_current(self) -> None:
        row = self.table.currentRow()
        del self.groups[row]
        self._fill_table()
        if self.groups:
            self.table.setCurrentCell(min(row, len(self.groups) - 1), 0)

    def accept_current(self) -> None:
        group = self.current()
        if group is None or not self.window_.team_allows(self.library):
            return
        category = self.category.currentData()
        if not isinstance(category, CategoryPath):
            self.summary.setText(self.tr("Create a category first: phrases live in categories."))
            return
        title, body = self.title.text(), self.reply.toPlainText()
        ok, _saved = self.window_._execute(
            self.tr("New phrase from chat records"), [self.library],
            lambda: self.window_.backend.accept_mined(group, self.library, category, title, body),
            select=lambda saved: [saved.id])
        if ok:
            self._fill_choices()
            self._done_with_current()

    def add_to_current(self) -> None:
        group = self.current()
        phrase_id = self.target.currentData()
        if group is None or not phrase_id or not self.window_.team_allows(self.library):
            return
        ok, _saved = self.window_._execute(
            self.tr("Add buyer questions"), [self.library],
            lambda: self.window_.backend.add_mined_questions(group, phrase_id),
            select=lambda saved: [saved.id])
        if ok:
            self._done_with_current()

    def dismiss_current(self) -> None:
        group = self.current()
        if group is None:
            return
        try:
            self.window_.backend.dismiss_mined(group)
        except BackendError as error:
            self.summary.setText(str(error))
            return
        self._done_with_current()
