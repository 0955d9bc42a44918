"""Product import and export from the products window: a dry-run preview, then the work on a
worker thread behind a progress dialog.

The backend's import/export methods run on the worker thread (the store opens its own
transaction there); the GUI thread only waits in a local event loop, so the window stays
painted and the progress dialog moves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.progress import Progress
from sidekick.ui.background import BackgroundOperation, run_and_wait
from sidekick.ui.i18n import error_text, with_args
from sidekick.ui.products.backend import FileFormat, ImportPreview, ProductsBackend, ProductsError
from sidekick.ui.widgets.file_dialogs import open_file, save_file

FILE_FILTER = "Sidekick (*.json *.csv *.xlsx)"


def run_with_progress(parent: QWidget | None, label: str, job: Callable[[Progress], Any], file_name: str = "") -> Any:
    """Run ``job(progress)`` as a background operation behind a progress dialog; re-raise its error
    (an unforeseen one as one sentence naming ``file_name``, the traceback in the error log)."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)  # an all-or-nothing write is not interrupted half-way
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    operation = BackgroundOperation(job, expected=(ProductsError,), file_name=file_name, where="products window")

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    operation.progressed.connect(progress)
    outcome, value = run_and_wait(operation)
    dialog.close()
    if outcome != "ok":
        raise ProductsError(str(value))
    return value


class ImportDialog(QDialog):
    """Choose a file, preview what it changes, then import it all or nothing."""

    def __init__(self, backend: ProductsBackend, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.preview: ImportPreview | None = None
        self.imported: ImportPreview | None = None  # not "result": QDialog.result() is Qt's
        self.setWindowTitle(self.tr("Import products"))
        self.resize(620, 420)
        self.path_edit = QLineEdit(str(path) if path else "")
        self.path_edit.setPlaceholderText(self.tr("A .json, .csv or .xlsx file of products"))
        browse = QPushButton(self.tr("&Browse…"))
        self.preview_button = QPushButton(self.tr("&Preview"))
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        row.addWidget(self.preview_button)
        self.summary = QLabel(self.tr("Preview first: nothing is written until you press Import."))
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        browse.clicked.connect(self._browse)
        self.preview_button.clicked.connect(self.run_preview)
        self.path_edit.returnPressed.connect(self.run_preview)
        self.path_edit.textChanged.connect(lambda: self.import_button.setEnabled(False))
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

    def _browse(self) -> None:
        chosen = open_file(self, self.tr("Import products"), FILE_FILTER)
        name = str(chosen) if chosen else ""
        if name:
            self.path_edit.setText(name)
            self.run_preview()

    def _path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def run_preview(self) -> ImportPreview | None:
        """Dry run: count new, changed and unchanged products; list the problems."""
        path = self._path()
        try:
            self.preview = run_with_progress(self, with_args(self.tr("Reading %1…"), path.name),
                                             lambda _progress: self.backend.preview_import(path), path.name)
        except ProductsError as error:
            self.preview = None
            self.summary.setText(error_text(error))
            self.details.clear()
            self.import_button.setEnabled(False)
            return None
        assert self.preview is not None
        self._show(self.preview, dry_run=True)
        self.import_button.setEnabled(self.preview.ok and self.backend.can_edit())
        return self.preview

    def run_import(self) -> ImportPreview | None:
        path = self._path()
        try:
            self.imported = run_with_progress(self, with_args(self.tr("Importing %1…"), path.name),
                                            lambda progress: self.backend.run_import(path, progress), path.name)
        except ProductsError as error:
            self.summary.setText(error_text(error))
            return None
        assert self.imported is not None
        if self.imported.problems:
            self._show(self.imported, dry_run=True)
            self.import_button.setEnabled(False)
            return self.imported
        self.accept()
        return self.imported

    def _show(self, preview: ImportPreview, *, dry_run: bool) -> None:
        counts = (
            with_args(self.tr("New: %1 · Changed: %2 · Unchanged: %3 · Relations: %4"), str(preview.new),
                      str(preview.updated), str(preview.unchanged), str(preview.relations))
        )
        if preview.problems:
            counts = self.tr("The file cannot be imported; fix these problems first (nothing was written).")
        elif dry_run:
            counts += "\n" + self.tr("Nothing is written until you press Import.")
        self.summary.setText(counts)
        lines = [*(f"✗ {p}" for p in preview.problems), *(f"! {w}" for w in preview.warnings)]
        self.details.setPlainText("\n".join(lines))


def export_products(backend: ProductsBackend, parent: QWidget | None, tags: list[str]) -> tuple[Path, int] | None:
    """Ask for a file and write the (tag-filtered) products there; None when cancelled."""
    title = QCoreApplication.translate("ProductExport", "Export products")
    chosen, _filter = save_file(parent, title, FILE_FILTER, "products.xlsx")
    name = str(chosen) if chosen else ""
    if not name:
        return None
    path = Path(name)
    fmt = FileFormat.from_path(path)
    count = run_with_progress(parent, QCoreApplication.translate("ProductExport", "Exporting…"),
                              lambda progress: backend.export_products(path, fmt, tags, progress))
    return path, int(count)
