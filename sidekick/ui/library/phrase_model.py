"""The phrase list of the selected tree node: code, title, body preview, category, validity.

Rows are ``Phrase`` values read from the backend; the model is replaced wholesale on every
reload (a node holds hundreds of phrases at most, and a reset keeps it trivially correct).
Dragging rows produces ``PHRASE_MIME`` (the ids), which the tree accepts to move phrases and
this model accepts to reorder them (reported via ``phrasesDropped``, never done here).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from sidekick.core.types import Phrase
from sidekick.ui.library.tree_model import PHRASE_MIME, decode_phrases, encode_phrases

PHRASE_ROLE = Qt.ItemDataRole.UserRole + 2
EXPIRING_DAYS = 7
ModelIndex = QModelIndex | QPersistentModelIndex


class Validity(str, Enum):
    ALWAYS = "always"
    ACTIVE = "active"
    EXPIRING = "expiring"  # ends within EXPIRING_DAYS
    NOT_YET = "not_yet"
    EXPIRED = "expired"


def validity_of(phrase: Phrase, now: datetime) -> Validity:
    if phrase.valid_from is None and phrase.valid_until is None:
        return Validity.ALWAYS
    if phrase.valid_from is not None and now < phrase.valid_from:
        return Validity.NOT_YET
    if phrase.valid_until is not None and now >= phrase.valid_until:
        return Validity.EXPIRED
    if phrase.valid_until is not None and phrase.valid_until - now <= timedelta(days=EXPIRING_DAYS):
        return Validity.EXPIRING
    return Validity.ACTIVE


def _tr(text: str) -> str:
    return QCoreApplication.translate("PhraseModel", text)


def validity_text(phrase: Phrase, now: datetime) -> str:
    """Dates plus a state word: "11-01–11-12 expired"."""
    state = validity_of(phrase, now)
    if state is Validity.ALWAYS:
        return ""
    start = phrase.valid_from.strftime("%m-%d") if phrase.valid_from else "…"
    end = phrase.valid_until.strftime("%m-%d") if phrase.valid_until else "…"
    word = {
        Validity.ACTIVE: _tr("active"),
        Validity.EXPIRING: _tr("ends soon"),
        Validity.NOT_YET: _tr("not yet"),
        Validity.EXPIRED: _tr("expired"),
    }[state]
    return f"{start}–{end} {word}"


VALIDITY_COLORS = {
    Validity.EXPIRED: QColor("#b91c1c"),
    Validity.EXPIRING: QColor("#c2410c"),
    Validity.NOT_YET: QColor("#6b7280"),
    Validity.ACTIVE: QColor("#15803d"),
}


class PhraseTableModel(QAbstractTableModel):
    COLUMNS = ("Code", "Title", "Reply", "Category", "Validity")
    CODE, TITLE, BODY, CATEGORY, VALIDITY = range(5)

    phrasesDropped = Signal(object, int)  # (ids, row to insert before; rowCount() = at the end)

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._phrases: list[Phrase] = []
        self._now = datetime.now()
        self._editable = True

    def set_phrases(self, phrases: Sequence[Phrase], now: datetime, editable: bool) -> None:
        self.beginResetModel()
        self._phrases = list(phrases)
        self._now = now
        self._editable = editable
        self.endResetModel()

    def phrases(self) -> list[Phrase]:
        return list(self._phrases)

    def phrase_at(self, row: int) -> Phrase | None:
        return self._phrases[row] if 0 <= row < len(self._phrases) else None

    def row_of(self, phrase_id: str) -> int:
        for row, phrase in enumerate(self._phrases):
            if phrase.id == phrase_id:
                return row
        return -1

    # ---------------------------------------------------------------- table
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._phrases)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(self.COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        phrase = self.phrase_at(index.row()) if index.isValid() else None
        if phrase is None:
            return None
        column = index.column()
        if role == PHRASE_ROLE:
            return phrase
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CODE:
                return phrase.code
            if column == self.TITLE:
                return phrase.title
            if column == self.BODY:
                return " ".join(phrase.body.split())[:80]
            if column == self.CATEGORY:
                return str(phrase.category)
            return validity_text(phrase, self._now)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.TITLE, self.BODY):
            return phrase.body
        if role == Qt.ItemDataRole.ForegroundRole:
            state = validity_of(phrase, self._now)
            if column == self.VALIDITY:
                return VALIDITY_COLORS.get(state)
            if state is Validity.EXPIRED:
                return QColor("#9ca3af")  # an expired reply must not look quotable
        return None

    # ---------------------------------------------------------------- drag and drop
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self._editable else Qt.ItemFlag.NoItemFlags
        return base | (Qt.ItemFlag.ItemIsDropEnabled if self._editable else Qt.ItemFlag.NoItemFlags)

    def mimeTypes(self) -> list[str]:
        return [PHRASE_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_phrases([self._phrases[r].id for r in rows if r < len(self._phrases)])

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ModelIndex) -> bool:
        return self._editable and bool(decode_phrases(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ModelIndex) -> bool:
        ids = decode_phrases(data)
        if not ids or not self._editable:
            return False
        before = parent.row() if parent.isValid() else (row if row >= 0 else len(self._phrases))
        self.phrasesDropped.emit(ids, before)
        return True
