"""The app's log: one rotating file that an agent can send to support.

``logs/sidekick.log`` in the data directory, rotated at 1 MB with three old files kept. The tray
app and every ``sidekick`` command call ``setup`` once at start; it writes one start-up line
(version, what started, platform) and routes every ``logging`` call of the process there.

What may be written: names of steps, counts, lengths, ids, file names, exception types and the
code locations of tracebacks. What never is: phrase bodies, clipboard contents, buyer messages,
typed queries, keystrokes, passwords. Call sites log lengths instead of texts, and exception
messages are cut short (``_MESSAGE_CHARS``) so file contents do not pile up in the log.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from sidekick.config.paths import logs_dir

LOG_NAME = "sidekick.log"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_LEVEL = "INFO"
_MESSAGE_CHARS = 300
_MAX_BYTES = 1 << 20
_BACKUPS = 3
_APP_LOGGER = "sidekick"  # our modules log under sidekick.*; other libraries only from WARNING
_unexpected = logging.getLogger("sidekick.unexpected")
_start = logging.getLogger("sidekick.start")

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def log_path() -> Path:
    return logs_dir() / LOG_NAME


class _ShortFormatter(logging.Formatter):
    """Tracebacks with their code locations but with the exception message cut short."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler (a test's capture) may have cached the full traceback text on the
        # record: ours is always formatted afresh, then the cache is put back as it was.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: _ExcInfo) -> str:
        kind, error, tb = ei
        if kind is None or error is None:
            return ""
        return "".join(traceback.format_tb(tb)) + f"{kind.__name__}: {_short_message(error)}"


def _short_message(error: BaseException) -> str:
    message = str(error)
    return message[:_MESSAGE_CHARS] + "…" if len(message) > _MESSAGE_CHARS else message


def _our_handler() -> RotatingFileHandler | None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler) and getattr(handler, "sidekick_log", False):
            return handler
    return None


def _ensure_handler() -> Path:
    """The root logger writes to this data directory's log (switched when ``SIDEKICK_HOME`` changed)."""
    path = log_path()
    root = logging.getLogger()
    current = _our_handler()
    if current is not None and Path(current.baseFilename) == path:
        return path
    if current is not None:
        root.removeHandler(current)
        current.close()
    handler = RotatingFileHandler(path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8")
    handler.sidekick_log = True  # type: ignore[attr-defined]  # marks the handler as ours
    handler.setFormatter(_ShortFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    _start.setLevel(logging.INFO)  # the start-up line is written whatever the level
    return path


def set_level(level: str) -> None:
    """Our own modules log from ``level`` (DEBUG, INFO, WARNING, ERROR; anything else: the default)."""
    name = level.strip().upper()
    logging.getLogger(_APP_LOGGER).setLevel(name if name in LEVELS else DEFAULT_LEVEL)


def setup(started: str, level: str = DEFAULT_LEVEL) -> Path | None:
    """Route this process's logging to the log file and write the start-up line; the log's path,
    or None when it cannot be written (a read-only disk must not stop the app)."""
    try:
        path = _ensure_handler()
        set_level(level)
        _start.info("sidekick %s started: %s (pid %d, Python %s, %s %s)", _version(), started, os.getpid(),
                    platform.python_version(), platform.system(), platform.release() or sys.platform)
        return path
    except OSError:
        return None


def _version() -> str:
    from sidekick import __version__

    return __version__


def log_unexpected(context: str, error: BaseException) -> Path | None:
    """Append ``error`` with its traceback under ``context`` (e.g. "import x.csv"); the log's path, or None."""
    try:
        path = _ensure_handler()
        frames = "".join(traceback.format_tb(error.__traceback__))
        _unexpected.error("%s failed: %s: %s\n%s", context, type(error).__name__, _short_message(error), frames)
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
