"""Noticing changes other processes make to the database (CLI import, restore, hub sync).

A ``QTimer`` polls on the GUI thread, cheaply enough to run every second:
- the database file's identity (inode, device): a restore over a damaged file puts a new file in
  its place, so connections to the old one are dropped (``replaced``) and the index reloaded;
- SQLite's ``PRAGMA data_version`` on one private connection: it changes when any other
  connection commits, and costs no disk read;
- only when that moved, the library change mark (``sidekick.db.change_mark``), which writers of
  library content bump: the app's own use records and settings writes move ``data_version`` but
  not the mark, so a paste never triggers an index rebuild.
The connection never waits (timeout 0): a tick that finds the database busy is simply skipped.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from sidekick.db.change_mark import read_mark

POLL_INTERVAL_MS = 1000


class OutsideChangeWatcher(QObject):
    """Emits ``changed`` when another process changed the library, ``replaced`` when the file was swapped."""

    changed = Signal()
    replaced = Signal()

    def __init__(self, database: Path, interval_ms: int = POLL_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._connection: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._data_version: int | None = None
        self._mark: int | None = None
        self._open()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self._database)
        except OSError:
            return None
        return status.st_ino, status.st_dev

    def _open(self) -> None:
        self.close()
        self._identity = self._file_identity()
        if self._identity is None:
            return
        try:
            # Autocommit (no transaction held between polls) and never waiting on a lock.
            self._connection = sqlite3.connect(self._database, timeout=0, isolation_level=None,
                                               check_same_thread=False)
            self._data_version = int(self._connection.execute("PRAGMA data_version").fetchone()[0])
            self._mark = read_mark(self._connection)
        except sqlite3.Error:
            self.close()

    def poll(self) -> None:
        """One check; emits at most one signal."""
        identity = self._file_identity()
        if identity is None:
            return  # moved aside mid-restore: look again at the next tick
        if identity != self._identity or self._connection is None:
            had_file = self._identity is not None
            self._open()
            if had_file and self._connection is not None:
                self.replaced.emit()
                self.changed.emit()
            return
        try:
            version = int(self._connection.execute("PRAGMA data_version").fetchone()[0])
            if version == self._data_version:
                return
            mark = read_mark(self._connection)
        except sqlite3.Error:
            return  # busy or being replaced: the next tick sees it
        self._data_version = version
        if mark != self._mark:
            self._mark = mark
            self.changed.emit()

    def stop(self) -> None:
        self._timer.stop()
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
