"""Work around PySide6 6.12 dropping references to None/True/False on Python 3.11.

Measured here (PySide6 6.12.0, CPython 3.11.7): every call of a void-returning Qt method
from Python (``label.setText``, ``timer.start``, ``QTextCharFormat.setForeground`` …) leaves
``None`` one reference short, and every ``signal.emit()`` does the same to ``True``. The
wheel behaves as if these singletons were immortal, which they are only from Python 3.12 on.
The count runs down with use: the app aborted with "Fatal Python error: none_dealloc:
deallocating None" after ~30 hotkey → paste rounds (the popup's painting calls such methods
per row), and test processes abort at exit (rc 134) after enough emits.

The real fixes are a Python ≥ 3.12 interpreter or a PySide6 without the bug. Until then,
``apply()`` detects the bug and gives the three singletons a reference count so large it
never reaches zero — what Python 3.12 does for them by design. On Python 3.12+ or a fixed
PySide6 it detects nothing and changes nothing. Idempotent.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

# Far beyond anything a process can drop (one per call), far below overflow of Py_ssize_t.
_PIN = 1 << 52
_applied = False


class _Probe(QObject):
    fired = Signal()


def _refcount_drop(action: object) -> int:
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        action()  # type: ignore[operator]  # a bound slot or signal emit, typed object on purpose
    return max(before_none - sys.getrefcount(None), before_true - sys.getrefcount(True))


def has_bug() -> bool:
    """True when this PySide6 loses references to None/True on this interpreter."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    probe = _Probe()
    lost = _refcount_drop(probe.fired.emit) + _refcount_drop(lambda: probe.setObjectName("probe"))
    if lost:
        _pin()  # also pays back what the probe itself took
    return lost >= 16


def _pin() -> None:
    for singleton in (None, True, False):
        # CPython < 3.12: ob_refcnt is the first field of every object (a Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(singleton)).value += _PIN


def apply() -> bool:
    """Pin None/True/False when this PySide6 has the bug; True when pinned."""
    global _applied
    if not _applied and has_bug():
        _applied = True
    return _applied
