"""An opt-in timing log for benchmarks: step names and monotonic times, never content.

Enabled by ``SIDEKICK_TIMING_LOG=<file>``. Each line is ``<name> <time.monotonic()>``;
CLOCK_MONOTONIC is shared by all processes on Linux, so ``benchmarks/paste_loop.py`` can
compare these marks with times it took itself. Clipboard contents and keystrokes are never
written: only names such as ``hotkey``, ``popup_painted``, ``paste_restored``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QEvent, QObject, QTimer

TIMING_ENV = "SIDEKICK_TIMING_LOG"


class TimingLog:
    def __init__(self, path: Path | None) -> None:
        self._file: TextIO | None = path.open("a", encoding="utf-8") if path else None

    @classmethod
    def from_env(cls) -> TimingLog:
        value = os.environ.get(TIMING_ENV)
        return cls(Path(value) if value else None)

    @property
    def enabled(self) -> bool:
        return self._file is not None

    def mark(self, name: str, when: float | None = None) -> None:
        if self._file is None:
            return
        self._file.write(f"{name} {time.monotonic() if when is None else when:.6f}\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class FirstPaintMarker(QObject):
    """Marks ``popup_painted`` at the first paint after each show of the watched window, and
    ``popup_frame_done`` once that frame is painted and flushed.

    The watched window's Paint event comes first in a frame: its children (the result rows)
    are painted after it in the same pass, and the frame reaches the screen at the end of the
    pass. A 0-ms timer posted at the first Paint fires right after that pass, which is when
    the whole first frame is out.
    """

    def __init__(self, log: TimingLog, parent: QObject) -> None:
        super().__init__(parent)
        self._log = log
        self._armed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._armed = True
        elif kind == QEvent.Type.Paint and self._armed:
            self._armed = False
            self._log.mark("popup_painted")
            QTimer.singleShot(0, self, lambda: self._log.mark("popup_frame_done"))
        elif kind == QEvent.Type.WindowActivate:
            self._log.mark("popup_active")
        elif kind == QEvent.Type.WindowDeactivate:
            self._log.mark("popup_inactive")
        elif kind == QEvent.Type.Hide:
            self._log.mark("popup_hidden")
        return False
