"""Import from the window: preview (dry run) → confirm → progress, and background tasks.

The preview dialog shows what the file would change — counts of added, updated and unchanged
phrases and the first rows — and any errors with file, row and reason; an import with errors
cannot be confirmed (imports are all-or-nothing). Confirming runs the import on a worker
thread with a progress dialog; the database write itself stays one transaction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sidekick.ui.i18n import problem_text, with_args
from sidekick.ui.library.backend import ImportPreview


class ImportPreviewDialog(QDialog):
    """What an import would change; OK is disabled while the file has errors."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(with_args(self.tr("Import %1"), preview.path.name))
        self.preview = preview
        layout = QVBoxLayout(self)
        header = QLabel(self.tr("Nothing has been changed yet. Importing would:"))
        self.header = header
        layout.addWidget(header)
        counts = QHBoxLayout()
        self.added_label = QLabel(with_args(self.tr("add %1"), str(preview.added)))
        self.updated_label = QLabel(with_args(self.tr("update %1"), str(preview.updated)))
        self.unchanged_label = QLabel(with_args(self.tr("leave %1 unchanged"), str(preview.unchanged)))
        for label in (self.added_label, self.updated_label, self.unchanged_label):
            label.setObjectName("importCount")
            counts.addWidget(label)
        counts.addStretch(1)
        layout.addLayout(counts)

        self.rows = QTableWidget(len(preview.rows), 3)
        self.rows.setHorizontalHeaderLabels([self.tr("Change"), self.tr("Category"), self.tr("Title")])
        words = {"added": self.tr("new"), "updated": self.tr("updated"), "unchanged": self.tr("unchanged")}
        for number, row in enumerate(preview.rows):
            for column, text in enumerate((words.get(row.action, row.action), str(row.category), row.title)):
                self.rows.setItem(number, column, QTableWidgetItem(text))
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.rows.verticalHeader().hide()
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.rows, 1)

        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        for problem in preview.problems:
            self.problems.addItem("✖ " + problem_text(problem))
        for warning in preview.warnings:
            self.problems.addItem("⚠ " + problem_text(warning))
        self.problems.setVisible(bool(preview.problems or preview.warnings))
        self.problems.setWordWrap(True)  # a long reason wraps instead of running off the right edge
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if preview.problems:
            # Refused: "add 0" over an error list reads as if the file were fine but empty.
            header.setText(self.tr("This file cannot be imported:"))
            for label in (self.added_label, self.updated_label, self.unchanged_label):
                label.hide()
            self.rows.hide()
        else:
            self.no_undo = QLabel(self.tr("An import cannot be undone with Ctrl+Z: check the changes above first."))
            self.no_undo.setObjectName("importNoUndo")
            self.no_undo.setWordWrap(True)
            layout.addWidget(self.no_undo)
        if preview.problems:
            refused = QLabel(self.tr("The file has errors; fix them in the file and import again. "
                                     "Nothing is imported while any error remains."))
            refused.setObjectName("errorText")
            refused.setWordWrap(True)
            layout.addWidget(refused)
        layout.addWidget(self.problems)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Import"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        ok.setEnabled(preview.ok and (preview.added + preview.updated) > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 420)


class ImportProgress(QProgressDialog):
    """Progress of the running import; Cancel rolls the whole import back (one transaction)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Importing"))
        self.setLabelText(self.tr("Importing phrases…"))
        self.setCancelButtonText(self.tr("Cancel"))
        self.setRange(0, 0)
        self.setMinimumDuration(300)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def advance(self, done: int, total: int) -> None:
        if total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))
