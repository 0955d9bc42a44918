"""The system clipboard through Qt, with an X11 watcher for "the target has read it".

Saving "every format" means a deep copy of the bytes of each mime type, because the X11
clipboard lives in its owner: once we take ownership the previous owner's data is gone
unless we copied it. X11 lists protocol atoms among the formats; those are skipped
(docs/PASTE.md: TARGETS/MULTIPLE/TIMESTAMP/SAVE_TARGETS).

On X11 a paste is a conversation: the target sends a ``SelectionRequest`` for CLIPBOARD to
us, the owner. A native event filter sees those requests, which is how the paster knows the
target has fetched the text and the agent's clipboard can be put back. The filter only
counts requests; it never reads or logs what is transferred.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from sidekick.core.ports import ClipboardSnapshot
from sidekick.core.types import WindowRef

# Protocol atoms Qt's xcb plugin may list as formats; they are not content.
PROTOCOL_FORMATS = frozenset({"TARGETS", "MULTIPLE", "TIMESTAMP", "SAVE_TARGETS"})

_XCB_SELECTION_REQUEST = 30
_XCB_EVENT_TYPE = b"xcb_generic_event_t"
# Offset of ``selection`` in xcb_selection_request_event_t:
# response_type(1) pad(1) sequence(2) time(4) owner(4) requestor(4) selection(4) target(4) property(4)
_REQUESTOR_OFFSET = 12
_SELECTION_OFFSET = 16


class SelectionRequestFilter(QAbstractNativeEventFilter):
    """Calls ``on_read`` for every X11 SelectionRequest on the CLIPBOARD selection."""

    def __init__(self, clipboard_atom: int, client_mask: int) -> None:
        super().__init__()
        self._atom = clipboard_atom
        self.client_mask = client_mask  # the bits of a window id that name its X client
        self.on_read: Callable[[], None] | None = None
        self.reader_client: int | None = None

    def nativeEventFilter(self, event_type, message):
        if self.on_read is not None and bytes(event_type) == _XCB_EVENT_TYPE:
            address = int(message)
            if (ctypes.c_uint8.from_address(address).value & 0x7F == _XCB_SELECTION_REQUEST
                    and ctypes.c_uint32.from_address(address + _SELECTION_OFFSET).value == self._atom):
                requestor = ctypes.c_uint32.from_address(address + _REQUESTOR_OFFSET).value
                if self.reader_client is None or requestor & self.client_mask == self.reader_client:
                    self.on_read()
        return False, 0  # observe only: Qt still answers the request


class QtClipboard:
    """The Clipboard port over ``QGuiApplication.clipboard()``."""

    def __init__(self, clipboard_atom: int | None = None, client_mask: int = 0) -> None:
        self._clipboard: QClipboard = QGuiApplication.clipboard()
        self._filter: SelectionRequestFilter | None = None
        if clipboard_atom is not None:
            # Kept as an attribute: a filter nobody references is collected and silently stops.
            self._filter = SelectionRequestFilter(clipboard_atom, client_mask)
            app = QGuiApplication.instance()
            if app is None:
                raise RuntimeError("the clipboard needs a running QGuiApplication")
            app.installNativeEventFilter(self._filter)

    def text(self) -> str:
        return self._clipboard.text(QClipboard.Mode.Clipboard)

    def save(self) -> ClipboardSnapshot:
        data = self._clipboard.mimeData(QClipboard.Mode.Clipboard)
        if data is None:
            return ClipboardSnapshot()
        formats: list[tuple[str, bytes]] = []
        for mime in data.formats():
            if mime in PROTOCOL_FORMATS:
                continue
            payload = data.data(mime)
            formats.append((mime, bytes(payload.data())))
        return ClipboardSnapshot(tuple(formats))

    def set_text(self, text: str) -> None:
        self._clipboard.setText(text, QClipboard.Mode.Clipboard)

    def restore(self, snapshot: ClipboardSnapshot) -> None:
        if snapshot.empty:
            self._clipboard.clear(QClipboard.Mode.Clipboard)
            return
        mime = QMimeData()
        for name, payload in snapshot.formats:
            mime.setData(name, QByteArray(payload))
        self._clipboard.setMimeData(mime, QClipboard.Mode.Clipboard)

    def watch_reads(self, on_read: Callable[[], None] | None, reader: WindowRef | None = None) -> bool:
        if self._filter is None:
            return False
        self._filter.on_read = on_read
        mask = self._filter.client_mask
        self._filter.reader_client = reader.handle & mask if reader is not None and mask else None
        return True

    def close(self) -> None:
        if self._filter is not None:
            app = QGuiApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._filter)
            self._filter = None
