"""The phrase list of the selected tree node: code, title, body preview, category, validity.

The model holds the node's phrase *ids* in list order (the backend selects and sorts them
where the data is) and materialises a ``Phrase`` only when a row is shown or asked for,
fetching a page of rows around it through ``fetch``: a node of 20,000 phrases costs 20,000
strings, not 20,000 objects. It is replaced wholesale on every reload (a reset keeps it
trivially correct).
Dragging rows produces ``PHRASE_MIME`` (the ids), which the tree accepts to move phrases and
this model accepts to reorder them (reported via ``phrasesDropped``, never done here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from enum import Enum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from sidekick.core.types import Phrase
from sidekick.ui.library.tree_model import PHRASE_MIME, decode_phrases, encode_phrases

PHRASE_ROLE = Qt.ItemDataRole.UserRole + 2
EXPIRING_DAYS = 7
PAGE_ROWS = 100  # rows fetched together around the one a view asks for
Fetch = Callable[[Sequence[str]], Sequence[Phrase]]
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


_ROLES = frozenset({PHRASE_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.ForegroundRole})


class PhraseTableModel(QAbstractTableModel):
    COLUMNS = ("Code", "Title", "Reply", "Category", "Validity")
    CODE, TITLE, BODY, CATEGORY, VALIDITY = range(5)

    phrasesDropped = Signal(object, int)  # (ids, row to insert before; rowCount() = at the end)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._cache: dict[str, Phrase] = {}
        self._fetch: Fetch = lambda _ids: []
        self._now = datetime.now()
        self._editable = True

    def set_ids(self, ids: Sequence[str], fetch: Fetch, now: datetime, editable: bool) -> None:
        """Show these phrases (in this order); ``fetch`` reads the ones about to be shown."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = {pid: row for row, pid in enumerate(self._ids)}
        self._cache = {}
        self._fetch = fetch
        self._now = now
        self._editable = editable
        self.endResetModel()

    def set_phrases(self, phrases: Sequence[Phrase], now: datetime, editable: bool) -> None:
        """Show phrases already in hand."""
        known = {p.id: p for p in phrases}
        self.set_ids(list(known), lambda ids: [known[i] for i in ids if i in known], now, editable)
        self._cache = known

    def ids(self) -> list[str]:
        return list(self._ids)

    def phrases(self) -> list[Phrase]:
        """Every row's phrase (materialises them all: for small nodes and tests)."""
        self._load(self._ids)
        return [self._cache[i] for i in self._ids if i in self._cache]

    def materialised(self) -> int:
        """How many rows have been read so far."""
        return len(self._cache)

    def phrase_at(self, row: int) -> Phrase | None:
        if not 0 <= row < len(self._ids):
            return None
        pid = self._ids[row]
        if pid not in self._cache:
            start = max(0, row - PAGE_ROWS // 4)
            self._load(self._ids[start:start + PAGE_ROWS])
        return self._cache.get(pid)

    def _load(self, ids: Sequence[str]) -> None:
        missing = [i for i in ids if i not in self._cache]
        if missing:
            self._cache.update((p.id, p) for p in self._fetch(missing))

    def refresh_rows(self, phrase_ids: Iterable[str]) -> None:
        """These phrases changed in place: read them again when next shown."""
        rows = [self._rows[i] for i in phrase_ids if i in self._rows]
        for pid in phrase_ids:
            self._cache.pop(pid, None)
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), self.columnCount() - 1))

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, phrase_id: str) -> int:
        return self._rows.get(phrase_id, -1)

    # ---------------------------------------------------------------- table
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(self.COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in _ROLES:  # a view asks for a dozen roles per cell; most are not ours
            return None
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

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]  # Qt passes a list; stubs say Sequence
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_phrases([self._ids[r] for r in rows if r < len(self._ids)])

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ModelIndex) -> bool:
        return self._editable and bool(decode_phrases(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ModelIndex) -> bool:
        ids = decode_phrases(data)
        if not ids or not self._editable:
            return False
        before = parent.row() if parent.isValid() else (row if row >= 0 else len(self._ids))
        self.phrasesDropped.emit(ids, before)
        return True
