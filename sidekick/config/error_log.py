"""The log of unexpected errors: a traceback a person can send in, never on a user's screen.

A failure Sidekick did not foresee (a defect, or a file stranger than every check) is shown as
one short sentence; the details go to ``logs/sidekick.log`` in the data directory, rotated at
1 MB with three old files kept. Only the error and where in the code it happened are written:
exception messages are cut short, so file contents do not pile up in the log.
"""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from sidekick.config.paths import logs_dir

LOG_NAME = "sidekick.log"
_MESSAGE_CHARS = 300
_logger = logging.getLogger("sidekick.unexpected")


def log_path() -> Path:
    return logs_dir() / LOG_NAME


def log_unexpected(context: str, error: BaseException) -> Path | None:
    """Append ``error`` with its traceback under ``context`` (e.g. "import x.csv"); the log's path, or None."""
    try:
        path = log_path()
        if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in _logger.handlers):
            for old in list(_logger.handlers):  # a previous data directory (tests switch SIDEKICK_HOME)
                _logger.removeHandler(old)
                old.close()
            handler = RotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            _logger.addHandler(handler)
            _logger.propagate = False
        frames = "".join(traceback.format_tb(error.__traceback__))
        message = str(error)
        if len(message) > _MESSAGE_CHARS:
            message = message[:_MESSAGE_CHARS] + "…"
        _logger.error("%s failed: %s: %s\n%s", context, type(error).__name__, message, frames)
        return path
    except Exception:
        return None


def short_reason(error: BaseException) -> str:
    """One line for the user: what kind of failure, without a traceback."""
    if isinstance(error, MemoryError):
        return "it needed more memory than this computer has"
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return f"an unexpected error ({type(error).__name__})"
