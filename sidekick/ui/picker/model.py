"""The result list's model: a flat list of ``SearchHit`` values, replaced wholesale per search.

A search returns at most ~30 hits, so a model reset is cheaper and simpler than diffing rows;
the view keeps no per-row widgets, the delegate paints straight from the hit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from sidekick.core.types import SearchHit

HIT_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class HitListModel(QAbstractListModel):
    """Rows are search hits, in ranking order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.body[:300]
        return None
