"""A stand-in chat window with a conversation: buyer messages above, the agent's input below.

Run as its own process (``python chat_target_app.py OUT READY LINES MOUSE``): LINES is a UTF-8 file
with one buyer message per line, shown read-only in the history pane (selectable with the
mouse, never focused, as in chat clients: the input box keeps the keyboard). Every change of
the input box is written to OUT (atomically). READY gets JSON once the window is shown: the X
window id, the centre of the input box (a click there focuses the window, as an agent does)
and, for each history line, the screen point at its left and right end, so a test can select
a line by dragging the mouse over it. READY is written again whenever the window moves (the window manager places it late).
MOUSE gets one line per mouse press, move and release the
history pane handled, so a test drives the drag step by step without guessing how long each takes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QVBoxLayout, QWidget


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


class MouseLog(QObject):
    """Appends ``press``/``move``/``release`` to a file for each mouse event the pane handled."""

    NAMES: ClassVar[dict[QEvent.Type, str]] = {QEvent.Type.MouseButtonPress: "press", QEvent.Type.MouseMove: "move",
             QEvent.Type.MouseButtonRelease: "release"}

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        path.write_text("", encoding="utf-8")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        name = self.NAMES.get(event.type())
        if name is not None:
            # After the pane's own handling (a 0-ms timer): the selection has followed the mouse.
            QTimer.singleShot(0, lambda: self._append(name))
        return False

    def _append(self, name: str) -> None:
        with self.path.open("a", encoding="utf-8") as log:
            log.write(name + "\n")


class Moves(QObject):
    """Calls ``then`` (soon) after each move of the watched window."""

    def __init__(self, then: object) -> None:
        super().__init__()
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Move:
            QTimer.singleShot(0, self.then)  # type: ignore[arg-type]
        return False


def main() -> int:
    out, ready, lines_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    mouse_log = MouseLog(Path(sys.argv[4]))
    lines = lines_file.read_text(encoding="utf-8").splitlines()
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.setWindowTitle("Sidekick e2e chat")
    # Beside the paste tests' target window (80,120 700x420), not over it: a drag selects here.
    window.resize(440, 460)
    window.move(820, 300)
    history = QPlainTextEdit()
    history.setReadOnly(True)
    history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    history.setPlainText("\n".join(lines))
    history.viewport().installEventFilter(mouse_log)
    box = QPlainTextEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(history, 3)
    layout.addWidget(box, 2)
    box.textChanged.connect(lambda: _write(out, box.toPlainText()))
    _write(out, "")
    window.show()
    box.setFocus()

    def announce() -> None:
        ends = []
        document = history.document()
        for number in range(document.blockCount()):
            block = document.findBlockByNumber(number)
            cursor = QTextCursor(block)
            left = history.cursorRect(cursor)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            right = history.cursorRect(cursor)
            middle = left.center().y()
            start = history.viewport().mapToGlobal(QPoint(max(1, left.left()), middle))
            end = history.viewport().mapToGlobal(QPoint(right.right() + 1, middle))
            ends.append([[start.x(), start.y()], [end.x(), end.y()]])
        box_centre = box.mapToGlobal(box.rect().center())
        _write(ready, json.dumps({"window": int(window.winId()), "lines": ends,
                                  "input": [box_centre.x(), box_centre.y()]}))

    # Announced again whenever the window moves: the window manager frames and places it some
    # time after it is shown (later while it is busy), and points taken before then are off by
    # the frame, so a drag would land on the title bar.
    mover = Moves(announce)
    window.installEventFilter(mover)
    QTimer.singleShot(300, announce)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
