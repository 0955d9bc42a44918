"""A stand-in chat window for the end-to-end tests: a text box that reports what it receives.

Run as its own process (``python target_app.py OUT READY [TIMES]``). On every change the
whole text is written to OUT (atomically, so a reader never sees half a write); READY gets
the X window id once the window is shown. With TIMES, each change also appends
``<time.monotonic()>`` to that file, which the paste benchmark compares with its own clock.
With ``SIDEKICK_TARGET_PASTE_DELAY_MS`` set, Ctrl+V is acted on only that long after the key,
as a chat client on a busy machine does: the clipboard is fetched late.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit


class HotkeyLeakWatch(QObject):
    """Counts Ctrl+Alt+Space presses that reach this window (the grab should stop them)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space:
            mods = event.modifiers()
            if mods & Qt.KeyboardModifier.ControlModifier and mods & Qt.KeyboardModifier.AltModifier:
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write("leak\n")
        return False


class LatePaste(QObject):
    """Holds Ctrl+V back for ``delay_ms``, then pastes (fetching the clipboard only then)."""

    def __init__(self, box: QPlainTextEdit, delay_ms: int) -> None:
        super().__init__()
        self.box = box
        self.delay_ms = delay_ms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_V
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            QTimer.singleShot(self.delay_ms, self.box.paste)
            return True
        return False


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def main() -> int:
    out, ready = Path(sys.argv[1]), Path(sys.argv[2])
    times = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    app = QApplication(sys.argv[:1])
    box = QPlainTextEdit()
    box.setWindowTitle("Sidekick e2e target")
    box.resize(700, 420)
    box.move(80, 120)

    def changed() -> None:
        if times is not None:
            with times.open("a", encoding="utf-8") as handle:
                handle.write(f"{time.monotonic():.6f}\n")
        _write(out, box.toPlainText())

    box.textChanged.connect(changed)
    delay_ms = int(os.environ.get("SIDEKICK_TARGET_PASTE_DELAY_MS", "0") or 0)
    if delay_ms:
        late = LatePaste(box, delay_ms)
        box.installEventFilter(late)
    leaks = HotkeyLeakWatch(out.with_name("hotkey-leaks.txt"))
    app.installEventFilter(leaks)
    _write(out, "")
    box.show()
    QTimer.singleShot(200, lambda: _write(ready, str(int(box.winId()))))
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
