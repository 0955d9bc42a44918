"""Runs ``sidekick import FILE`` for several files in one child process and reports each as JSON.

Usage: ``python tests/helpers/import_child.py FILE...`` with ``SIDEKICK_HOME`` set. One line per
file on stdout: ``{"name", "code", "seconds", "peak_mb", "err", "traceback", "db_changed"}``.
``peak_mb`` is the process's peak resident memory while that file was imported: the peak
(``VmHWM``) is reset before each file through ``/proc/self/clear_refs``, so one process can
measure many files without paying the interpreter's start-up for each. A line ``start NAME`` on
stderr comes first, so a parent that had to kill the child knows which file was running.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import sys
import time
import traceback
from pathlib import Path


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        pass


def _database_digest(home: Path) -> str:
    database = home / "sidekick.db"
    if not database.exists():
        return ""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in connection.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        connection.close()


def main(paths: list[str]) -> int:
    from sidekick.cli.main import main as sidekick

    home = Path(os.environ["SIDEKICK_HOME"])
    from sidekick.db.store import open_store

    open_store().close()  # create and migrate the database first: only the import is measured
    import openpyxl  # noqa: F401  loaded once up front, so no file's time is Python loading modules
    import yaml  # noqa: F401  loaded up front, as openpyxl above
    for path in paths:
        print("start", Path(path).name, file=sys.stderr, flush=True)
        before = _database_digest(home)
        err = io.StringIO()
        crashed = False
        _reset_peak()
        started = time.perf_counter()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = sidekick(["import", path])
            except BaseException:
                crashed = True
                code = 1
                err.write(traceback.format_exc())
        seconds = time.perf_counter() - started
        peak = _peak_mb()
        print(json.dumps({"name": Path(path).name, "code": code, "seconds": round(seconds, 3),
                          "peak_mb": round(peak, 1), "err": err.getvalue()[-4000:], "traceback": crashed,
                          "db_changed": _database_digest(home) != before}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
