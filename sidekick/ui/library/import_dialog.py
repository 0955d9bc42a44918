"""Import from the window: preview (dry run) → confirm → progress, and background tasks.

The preview dialog shows what the file would change — counts of added, updated and unchanged
phrases and the first rows — and any errors with file, row and reason; an import with errors
cannot be confirmed (imports are all-or-nothing). Confirming runs the import on a worker
thread with a progress dialog; the database write itself stays one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
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

from sidekick.config.error_log import log_unexpected
from sidekick.core.types import Problem
from sidekick.ui.library.backend import BackendError, ImportPreview
from sidekick.ui.i18n import with_args


class Task(QThread):
    """Runs ``work(progress)`` off the GUI thread; results come back as queued signals."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int], None]], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(lambda done, total: self.progressed.emit(done, total))
        except BackendError as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - a worker must report, not die silently
            self.failed.emit(unexpected_error_text(error))
        else:
            self.succeeded.emit(result)


def unexpected_error_text(error: Exception, file_name: str = "") -> str:
    """The last resort for a failure nobody foresaw: one translated sentence; the traceback goes to the log."""
    logged = log_unexpected(f"library window: {file_name or 'background task'}", error)
    where = str(logged) if logged else "sidekick.log"
    if file_name:
        text = QCoreApplication.translate("Task", "%1 could not be imported: an unexpected error stopped it and "
                                                  "nothing was changed. Details were written to %2.")
        return text.replace("%1", file_name).replace("%2", where)
    text = QCoreApplication.translate("Task", "An unexpected error stopped this task; nothing was changed. "
                                              "Details were written to %1.")
    return text.replace("%1", where)


def problem_text(problem: Problem) -> str:
    """"file, row 12, code: reason" — the three things a lead needs to fix the spreadsheet."""
    return str(problem)


class ImportPreviewDialog(QDialog):
    """What an import would change; OK is disabled while the file has errors."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(with_args(self.tr("Import %1"), preview.path.name))
        self.preview = preview
        layout = QVBoxLayout(self)
        header = QLabel(self.tr("Nothing has been changed yet. Importing would:"))
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
    """Progress of the running import (it cannot be cancelled half-way: one transaction)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Importing"))
        self.setLabelText(self.tr("Importing phrases…"))
        self.setCancelButton(None)  # type: ignore[arg-type]
        self.setRange(0, 0)
        self.setMinimumDuration(300)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def advance(self, done: int, total: int) -> None:
        if total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))
