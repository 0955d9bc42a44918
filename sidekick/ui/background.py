"""One way to run work off the GUI thread: progress, cancel, and the outcome reported once.

``BackgroundOperation(work)`` runs ``work(progress)`` on a worker thread. ``progress(done,
total)`` may be called from the work as often as it likes; each call arrives on the GUI thread
as ``progressed``. Exactly one of ``succeeded(result)``, ``failed(message)`` or ``cancelled()``
follows, then ``finished()``: an error is reported once, as one readable message, and never
kills the thread silently. ``cancel()`` asks the work to stop: its next ``progress`` call raises
``Cancelled`` (work that is one transaction rolls back, so nothing half-done stays).

Signals cross threads as queued connections, so their slots run on the GUI thread. Used for the
library window's import and publish, the products window's import and export, and the app's
search-index rebuild.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, Signal

from sidekick.config.app_log import log_unexpected
from sidekick.core.progress import Progress
from sidekick.ui.i18n import error_text


def unexpected_error_text(error: BaseException, file_name: str = "", where: str = "library window") -> str:
    """The last resort for a failure nobody foresaw: one translated sentence; the traceback goes
    to the log under ``where`` (the window it happened in)."""
    logged = log_unexpected(f"{where}: {file_name or 'background task'}", error)
    where = str(logged) if logged else "sidekick.log"
    if file_name:
        text = QCoreApplication.translate("Task", "%1 could not be imported: an unexpected error stopped it and "
                                                  "nothing was changed. Details were written to %2.")
        return text.replace("%1", file_name, 1).replace("%2", where, 1)
    text = QCoreApplication.translate("Task", "An unexpected error stopped this task; nothing was changed. "
                                              "Details were written to %1.")
    return text.replace("%1", where, 1)


def storage_busy_text() -> str:
    """Another process (a CLI import, a backup) held the write lock past the store's wait: the
    CLI's message (``sidekick.db.engine.BUSY_MESSAGE``) in the UI's language. Nothing was written."""
    return QCoreApplication.translate("Task", "another Sidekick command is writing; try again in a moment")


_ABANDONED: set[BackgroundOperation] = set()  # operations whose windows closed while they ran


class Cancelled(Exception):
    """Raised inside the work by ``progress`` once ``cancel()`` was asked for."""


class _Runner(QThread):
    def __init__(self, operation: BackgroundOperation) -> None:
        super().__init__()
        self._operation = operation

    def run(self) -> None:
        self._operation._run()


class BackgroundOperation(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Callable[[Progress], object], *,
                 expected: tuple[type[BaseException], ...] = (), parent: QObject | None = None,
                 file_name: str = "", where: str = "library window") -> None:
        """``expected``: error types whose message is meant for the user as it is; any other error
        is a defect, still shown (one sentence naming ``file_name`` when the work reads a file) and
        logged under ``where``, never swallowed."""
        super().__init__(parent)
        self._work = work
        self._expected = expected
        self._file_name, self._where = file_name, where
        self._cancel = threading.Event()
        self._runner: _Runner | None = None

    def start(self) -> BackgroundOperation:
        self._runner = _Runner(self)
        self._runner.finished.connect(self.finished)
        self._runner.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def is_running(self) -> bool:
        return self._runner is not None and self._runner.isRunning()

    def abandon(self) -> None:
        """Stop caring about the outcome without waiting for it: for a window closing while its
        work (a hub read over a slow network) still runs.

        The work is asked to stop, nothing it reports reaches the old receivers, and the
        operation lets go of its parent so deleting the window cannot destroy a running
        thread; it stays referenced here until its thread ends, then deletes itself."""
        self.cancel()
        with warnings.catch_warnings():  # PySide warns about a signal that had nothing connected
            warnings.simplefilter("ignore", RuntimeWarning)
            for signal in (self.progressed, self.succeeded, self.failed, self.cancelled, self.finished):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect()
        if not self.is_running():
            self.deleteLater()
            return
        self.setParent(None)
        _ABANDONED.add(self)

        def release() -> None:
            _ABANDONED.discard(self)
            self.deleteLater()

        self.finished.connect(release)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the work ends (for shutdown and tests); False on timeout."""
        return True if self._runner is None else self._runner.wait(timeout_ms if timeout_ms >= 0 else 2**31 - 1)

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.progressed.emit(done, total)

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self.cancelled.emit()
        except self._expected as error:
            self.failed.emit(error_text(error))  # a Message of the storage or the hub: in the UI's language
        except Exception as error:
            # One sentence for the user, the rest in the log.
            self.failed.emit(unexpected_error_text(error, self._file_name, self._where))
        else:
            self.succeeded.emit(result)


def run_and_wait(operation: BackgroundOperation) -> tuple[str, object]:
    """Start ``operation`` and wait for it in a local event loop (the window keeps painting);
    returns ("ok", result), ("error", message) or ("cancelled", None)."""
    loop = QEventLoop()
    outcome: list[tuple[str, object]] = []
    operation.succeeded.connect(lambda result: outcome.append(("ok", result)))
    operation.failed.connect(lambda message: outcome.append(("error", message)))
    operation.cancelled.connect(lambda: outcome.append(("cancelled", None)))
    operation.finished.connect(loop.quit)
    operation.start()
    if operation.is_running():
        loop.exec()
    operation.wait()
    QEventLoop().processEvents()  # deliver the queued outcome if the loop ended first
    return outcome[0] if outcome else ("error", "the operation ended without a result")
