"""The library tree: 团队 / 个人 › categories › subcategories, with phrase counts.

Column 0 holds the editable name, column 1 the count, so renaming edits the bare name. The
model never changes the database itself: a drop is reported through ``phrasesDropped`` /
``categoryDropped`` and the window turns it into an undoable command, then rebuilds the tree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from sidekick.core.types import CategoryPath, LibraryKind
from sidekick.ui.library.backend import LibraryOverview

PHRASE_MIME = "application/x-sidekick-phrase-ids"
CATEGORY_MIME = "application/x-sidekick-category-id"
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class NodeRef:
    """One tree node. ``path`` None is the library itself; ``CategoryPath()`` is 未分类."""

    library: LibraryKind
    category_id: str | None = None
    path: CategoryPath | None = None

    @property
    def is_library(self) -> bool:
        return self.path is None

    @property
    def is_top(self) -> bool:
        return self.path is not None and bool(self.path.category) and not self.path.subcategory

    @property
    def is_sub(self) -> bool:
        return self.path is not None and bool(self.path.subcategory)

    @property
    def key(self) -> tuple[str, str]:
        """Stable across rebuilds (ids survive renames; 未分类 has no id)."""
        if self.path is None:
            return (self.library.value, "")
        return (self.library.value, self.category_id or "-uncategorised-")

    def target_path(self) -> CategoryPath:
        """Where a phrase dropped or created here goes."""
        return self.path if self.path is not None else CategoryPath()


def library_name(kind: LibraryKind) -> str:
    if kind is LibraryKind.TEAM:
        return QCoreApplication.translate("LibraryTree", "Team phrases")
    return QCoreApplication.translate("LibraryTree", "Personal phrases")


def encode_phrases(ids: list[str]) -> QMimeData:
    data = QMimeData()
    data.setData(PHRASE_MIME, json.dumps(ids).encode("utf-8"))
    return data


def decode_phrases(data: QMimeData) -> list[str]:
    if not data.hasFormat(PHRASE_MIME):
        return []
    try:
        ids = json.loads(bytes(data.data(PHRASE_MIME).data()).decode("utf-8"))
    except ValueError:
        return []
    return [str(i) for i in ids] if isinstance(ids, list) else []


class LibraryTreeModel(QStandardItemModel):
    """Tree items carry a ``NodeRef`` in ``NODE_ROLE`` on both columns."""

    phrasesDropped = Signal(object, object)  # (ids, NodeRef)
    categoryDropped = Signal(str, object, int)  # (category id, parent NodeRef, position or -1)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)

    # ---------------------------------------------------------------- building
    def rebuild(self, overview: LibraryOverview) -> None:
        self.removeRows(0, self.rowCount())
        for kind in (LibraryKind.TEAM, LibraryKind.PERSONAL):
            infos = [c for c in overview.categories if c.library is kind]
            total = overview.totals.get(kind, 0)
            root = self._row(library_name(kind), total, NodeRef(kind), bold=True)
            self.appendRow(root)
            tops: dict[str, list[QStandardItem]] = {}
            for info in infos:
                node = NodeRef(kind, info.id, info.path)
                if not info.path.subcategory:
                    sub_total = sum(c.phrase_count for c in infos if c.path.category == info.path.category)
                    tops[info.path.category] = self._row(info.path.category, sub_total, node)
                    root[0].appendRow(tops[info.path.category])
                else:
                    tops[info.path.category][0].appendRow(self._row(info.path.subcategory, info.phrase_count, node))
            loose = total - sum(c.phrase_count for c in infos)
            if loose > 0:
                name = QCoreApplication.translate("LibraryTree", "Uncategorised")
                root[0].appendRow(self._row(name, loose, NodeRef(kind, None, CategoryPath())))

    def _row(self, name: str, count: int, node: NodeRef, bold: bool = False) -> list[QStandardItem]:
        label = QStandardItem(name)
        number = QStandardItem(str(count))
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for item in (label, number):
            item.setData(node, NODE_ROLE)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
            if node.is_top or node.is_sub:
                flags |= Qt.ItemFlag.ItemIsDragEnabled
                if item is label:
                    flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        return [label, number]

    # ---------------------------------------------------------------- look-ups
    def node(self, index: ModelIndex) -> NodeRef | None:
        if not index.isValid():
            return None
        value = index.data(NODE_ROLE)
        return value if isinstance(value, NodeRef) else None

    def find(self, key: tuple[str, str]) -> QModelIndex:
        """The column-0 index of the node with this key, or an invalid index."""
        pending = [self.index(r, 0) for r in range(self.rowCount())]
        while pending:
            index = pending.pop(0)
            node = self.node(index)
            if node is not None and node.key == key:
                return index
            pending += [self.index(r, 0, index) for r in range(self.rowCount(index))]
        return QModelIndex()

    def library_index(self, kind: LibraryKind) -> QModelIndex:
        return self.find((kind.value, ""))

    # ---------------------------------------------------------------- drag and drop
    def mimeTypes(self) -> list[str]:
        return [PHRASE_MIME, CATEGORY_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]  # Qt passes a list; stubs say Sequence
        data = QMimeData()
        for index in indexes:
            node = self.node(index)
            if node is not None and node.category_id:
                data.setData(CATEGORY_MIME, node.category_id.encode("utf-8"))
                break
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ModelIndex) -> bool:
        return self._drop_target(data, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ModelIndex) -> bool:
        target = self._drop_target(data, row, parent)
        if target is None:
            return False
        kind, payload, node, position = target
        if kind == "phrases":
            self.phrasesDropped.emit(payload, node)
        else:
            self.categoryDropped.emit(payload, node, position)
        # The window rebuilds the tree from the database; nothing here is moved by hand.
        return True

    def _drop_target(self, data: QMimeData, row: int, parent: ModelIndex) -> tuple[str, object, NodeRef, int] | None:
        node = self.node(parent.sibling(parent.row(), 0) if parent.isValid() else QModelIndex())
        if node is None:
            return None
        ids = decode_phrases(data)
        if ids:
            return ("phrases", ids, node, -1)
        if not data.hasFormat(CATEGORY_MIME):
            return None
        category_id = bytes(data.data(CATEGORY_MIME).data()).decode("utf-8")
        moving = self._node_by_id(category_id)
        if moving is None or moving.library is not node.library or node.category_id == category_id:
            return None
        if node.is_library:
            return ("category", category_id, node, row)
        if node.is_top:
            return ("category", category_id, node, row)
        return None  # onto a subcategory or 未分类: there is no third level

    def _node_by_id(self, category_id: str) -> NodeRef | None:
        for kind in LibraryKind:
            root = self.library_index(kind)
            found = self.find((kind.value, category_id)) if root.isValid() else QModelIndex()
            if found.isValid():
                return self.node(found)
        return None
