"""Import, export and publishing from the library window (a mixin of ``LibraryWindow``).

Imports and publishing run as a ``BackgroundOperation``; the window stays responsive and shows
a progress dialog (an import can be cancelled: it is one transaction, so nothing stays). Neither is
undoable: an import can hold thousands of phrases and a publish is on the hub. Both clear the undo
stack, because undoing an older edit would restore a snapshot taken before them and silently revert
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QListWidgetItem

from sidekick.core.types import LibraryKind
from sidekick.ui.background import BackgroundOperation, unexpected_error_text
from sidekick.ui.i18n import error_text, problem_text, with_args
from sidekick.ui.library.backend import BackendError, ImportPreview
from sidekick.ui.library.import_dialog import ImportPreviewDialog, ImportProgress
from sidekick.ui.widgets.file_dialogs import open_file, open_files, save_file

if TYPE_CHECKING:
    # The window this mixin is part of: it derives from this class, a cycle mypy resolves to Any.
    from sidekick.ui.library.window import LibraryWindow as _Base  # type: ignore[attr-defined]  # see above
else:
    _Base = object

# Every extension ``sidekick import`` reads (see README, Exchange formats).
IMPORT_PATTERNS = "*.json *.csv *.txt *.xlsx *.xlsm *.yml *.yaml"


def import_filter() -> str:
    return (QCoreApplication.translate("ExchangeActions", "Phrases (%1)").replace("%1", IMPORT_PATTERNS) + ";;"
            + QCoreApplication.translate("ExchangeActions", "All files (*)"))


class ExchangeActions(_Base):
    _task: BackgroundOperation | None = None

    # ---------------------------------------------------------------- chat records
    def mine_chat_records(self, paths: list[Path] | None = None) -> object | None:
        """从聊天记录发现问题: pick chat exports, then review the questions found in them."""
        from sidekick.ui.library.mining_dialog import CHAT_FILTER, MiningReviewDialog

        library = self.current_node().library
        if not self.team_allows(library):
            return None
        if paths is None:
            paths = open_files(self, self.tr("Chat records to read"), CHAT_FILTER)
        if not paths:
            return None
        dialog = MiningReviewDialog(self, library)
        dialog.show()
        dialog.run(paths)
        return dialog

    # ---------------------------------------------------------------- import
    def import_file(self) -> None:
        library = self.current_node().library
        path = open_file(self, self.tr("Import phrases"), import_filter())
        if path is not None:
            self.start_import(path, library)

    def start_import(self, path: Path, library: LibraryKind) -> ImportPreviewDialog | None:
        """Dry run and show the preview; confirming it starts the real import."""
        if not self.team_allows(library):
            return None
        try:
            preview = self.backend.preview_import(path, library)
        except BackendError as error:
            self.show_message(error_text(error))
            return None
        except Exception as error:
            self.show_message(unexpected_error_text(error, path.name))
            return None
        dialog = ImportPreviewDialog(preview, self)
        dialog.accepted.connect(lambda: self._run_import(path, library))
        dialog.open()  # not exec(): the window's event loop keeps running
        return dialog

    def _run_import(self, path: Path, library: LibraryKind) -> None:
        progress = ImportProgress(self)
        task = BackgroundOperation(lambda report: self.backend.apply_import(path, library, report),
                                   expected=(BackendError,), parent=self, file_name=path.name)
        task.progressed.connect(progress.advance)
        task.succeeded.connect(lambda result: self._import_done(result, progress))
        task.failed.connect(lambda message: self._task_failed(message, progress))
        task.cancelled.connect(lambda: self._task_failed(self.tr("Import cancelled: nothing was changed."), progress))
        progress.canceled.connect(task.cancel)
        self._task = task
        task.start()

    def _import_done(self, result: ImportPreview, progress: ImportProgress) -> None:
        progress.close()
        if not result.ok:
            self.show_message("\n".join(problem_text(p) for p in result.problems[:10]))
            return
        self.library_changed_elsewhere()
        self.libraryChanged.emit()
        self.show_message(with_args(self.tr("Imported %1: %2 added, %3 updated, %4 unchanged."), result.path.name,
                                    str(result.added), str(result.updated), str(result.unchanged)), error=False)

    def _task_failed(self, message: str, progress: ImportProgress | None = None) -> None:
        if progress is not None:
            progress.close()
        self.show_message(message)

    def is_busy(self) -> bool:
        return self._task is not None and self._task.is_running()

    # ---------------------------------------------------------------- export
    def export_file(self) -> None:
        formats = self.backend.export_formats()
        filters = ";;".join(f"{f.label} (*.{f.extension})" for f in formats)
        path, chosen = save_file(self, self.tr("Export phrases"), filters)
        if path is None:
            return
        fmt = next((f for f in formats if chosen.startswith(f.label)), formats[0])
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix("." + fmt.extension)
        self.export_to(target, fmt.key, self.current_node().library)

    def export_to(self, path: Path, format_key: str, library: LibraryKind | None) -> int:
        try:
            written = self.backend.export(path, format_key, library)
        except BackendError as error:
            self.show_message(error_text(error))
            return 0
        self.show_message(with_args(self.tr("Exported %1 phrase(s) to %2"), str(written), str(path)), error=False)
        return written

    # ---------------------------------------------------------------- hub
    def refresh_pending(self, pending: bool) -> None:
        self.pending_panel.setVisible(pending)
        self.publish_action.setVisible(pending)
        if not pending:
            return
        changes = self.backend.pending_changes()
        self.pending_list.clear()
        words = {"added": self.tr("new"), "changed": self.tr("changed"), "deleted": self.tr("deleted")}
        for change in changes:
            where = f" · {change.category}" if change.category.parts else ""
            kind = self.tr("category") if change.kind == "category" else ""
            text = f"{words.get(change.action, change.action)} {kind} 「{change.title}」{where}".replace("  ", " ")
            self.pending_list.addItem(QListWidgetItem(text))
        self.pending_title.setText(with_args(self.tr("Pending team changes: %1"), str(len(changes))))
        self.publish_button.setEnabled(bool(changes) and not self.is_busy())
        self.publish_action.setEnabled(bool(changes))

    def publish(self) -> None:
        if self.is_busy() or not self.save_if_dirty():
            return
        self.publish_button.setEnabled(False)
        task = BackgroundOperation(lambda _report: self.backend.publish(), expected=(BackendError,), parent=self)
        task.succeeded.connect(self._published)
        def failed(message: str) -> None:
            self._task_failed(message)
            self.refresh_pending(True)

        task.failed.connect(failed)
        self._task = task
        task.start()

    def _published(self, summary: object) -> None:
        self.library_changed_elsewhere()
        self.show_message(str(summary), error=False)
