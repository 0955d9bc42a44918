"""The phrase library window: tree of libraries and categories, phrase list, editor.

Keyboard first (every key also has a toolbar button or a menu entry): Ctrl+N new phrase,
Ctrl+Shift+N new category, Ctrl+Alt+N new subcategory,
F2 rename, Del delete, Ctrl+S save, Ctrl+F filter, Alt+↑/↓ reorder, Ctrl+Z / Ctrl+Shift+Z
undo/redo. The window holds no data of its own: it reloads from the backend after every edit,
as ids (the list model reads only the rows it shows). The filter runs once typing pauses.

For the app: ``LibraryWindow(backend)``; ``show_phrase(id)`` opens a phrase (Ctrl+E from the
popup); ``library_changed_elsewhere()`` after a hub pull or an import from elsewhere (it
clears undo, whose recorded rows would otherwise revert those changes); ``libraryChanged``
fires after a change this window cannot describe row by row (an import, a publish: rebuild
the search index). Edits reach the index through the backend, phrase by phrase.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.types import LibraryKind, Phrase
from sidekick.ui.i18n import with_args
from sidekick.ui.library.backend import LibraryBackend, LibraryOverview
from sidekick.ui.library.editor import PhraseEditor
from sidekick.ui.library.exchange_actions import ExchangeActions
from sidekick.ui.library.operations import LibraryOperations
from sidekick.ui.library.phrase_model import EXPIRING_DAYS, PAGE_ROWS, PhraseTableModel
from sidekick.ui.library.theme import STYLE_SHEET, apply_fonts
from sidekick.ui.library.tree_model import LibraryTreeModel, NodeRef
from sidekick.ui.retranslate import Retranslatable
from sidekick.ui.widgets.screen_fit import fit_to_screen


class CategoryTree(QTreeView):
    """Reports the end of an in-place rename, committed or cancelled (Esc)."""

    editingDone = Signal(QPersistentModelIndex, bool)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        index = QPersistentModelIndex(self.currentIndex())
        super().closeEditor(editor, hint)
        self.editingDone.emit(index, hint != QAbstractItemDelegate.EndEditHint.RevertModelCache)


def ask_unsaved(parent: QWidget, text: str) -> str:
    """Save / Discard / Cancel; returns "save", "discard" or "cancel"."""
    box = QMessageBox(QMessageBox.Icon.Question, parent.tr("Unsaved changes"), text, parent=parent)
    save = box.addButton(parent.tr("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(parent.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(parent.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


class LibraryWindow(LibraryOperations, ExchangeActions, Retranslatable, QMainWindow):
    libraryChanged = Signal()
    FILTER_DELAY_MS = 150  # the filter runs once typing pauses this long
    AUTOSAVE_DELAY_MS = 1000  # the open draft is kept this long after the last keystroke

    def __init__(self, backend: LibraryBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryWindow")
        self.backend = backend
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self._node = NodeRef(LibraryKind.TEAM)
        self._overview: LibraryOverview | None = None  # what the tree shows
        self.tree_edited = False  # the tree holds a row or name the backend has not given it
        self._reloading = False
        self.retranslatable(lambda text: self.setWindowTitle(text + "[*]"),  # [*]: unsaved changes
                            "Phrase library — Sidekick")
        self._build()
        self._build_actions()
        self.setStyleSheet(STYLE_SHEET)
        apply_fonts(self)
        fit_to_screen(self, 1280, 760)  # at most 90 % of a laptop screen, centred
        self._share_width()
        self.reload()
        self.restore_draft()

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        self.tree_model = LibraryTreeModel(self)
        self.tree = CategoryTree()
        self.tree.setObjectName("libraryTree")
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.tree.editingDone.connect(self._tree_edit_done)
        self.tree_model.phrasesDropped.connect(self.phrases_dropped_on_tree)
        self.tree_model.categoryDropped.connect(self.category_dropped)

        self.pending_list = QListWidget()
        self.pending_list.setObjectName("pendingList")
        self.publish_button = QPushButton()
        self.retranslatable(self.publish_button.setText, "Publish to team")
        self.publish_button.clicked.connect(self.publish)
        self.pending_panel = QWidget()
        pending_layout = QVBoxLayout(self.pending_panel)
        pending_layout.setContentsMargins(0, 4, 0, 0)
        self.pending_title = QLabel()
        self.pending_title.setObjectName("sectionLabel")
        pending_layout.addWidget(self.pending_title)
        pending_layout.addWidget(self.pending_list)
        pending_layout.addWidget(self.publish_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 3)
        left_layout.addWidget(self.pending_panel, 1)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filterEdit")
        self.retranslatable(self.filter_edit.setPlaceholderText, "Filter: Chinese, pinyin, initials or code (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(self.FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(lambda: self.reload_phrases())
        self.filter_edit.textChanged.connect(lambda _t: self.filter_timer.start())
        self.filter_edit.returnPressed.connect(self.apply_filter_now)
        self.expiring_check = QCheckBox()
        self.retranslatable(lambda text: self.expiring_check.setText(with_args(text, str(EXPIRING_DAYS))),
                            "Ending within %1 days")
        self.expiring_check.toggled.connect(lambda _c: self.reload_phrases())
        self.phrase_model = PhraseTableModel(self)
        self.phrase_model.phrasesDropped.connect(self.drop_in_list)
        self.table = QTableView()
        self.table.setObjectName("phraseTable")
        self.table.setModel(self.phrase_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.expiring_check)
        middle_layout.addLayout(filters)
        middle_layout.addWidget(self.table)

        self.editor = PhraseEditor(self.backend)
        self.editor.saveRequested.connect(self.save)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(self.AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.editor.edited.connect(self.autosave_timer.start)
        self.editor.dirtyChanged.connect(self._dirty_changed)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.editor)
        splitter.setChildrenCollapsible(False)
        # The tree must show its names on a small screen too; extra width goes to the list
        # and the editor (see _share_width for the first layout).
        left.setMinimumWidth(170)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        self.splitter = splitter

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.message_bar = QLabel()
        self.message_bar.setObjectName("messageBar")
        self.message_bar.setWordWrap(True)
        self.message_bar.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.tree.selectionModel().currentChanged.connect(self._node_changed)

    def _share_width(self) -> None:
        """Split the window's width tree : list : editor as about 17 : 48 : 35."""
        width = max(self.width() - 40, 600)
        tree = max(170, int(width * 0.17))
        editor = int(width * 0.35)
        self.splitter.setSizes([tree, width - tree - editor, editor])

    def _size_columns(self) -> None:
        # Re-applied after every model reset, which resets the header's section modes.
        # The reply is what the agent reads: it takes all the room the others leave. Category
        # and validity are as wide as what they hold, so a column of mostly empty validity
        # cells is no wider than its header.
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(PAGE_ROWS)  # size by the rows in view, not all of them
        for column, width in ((PhraseTableModel.CODE, 56), (PhraseTableModel.TITLE, 120)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        for column in (PhraseTableModel.CATEGORY, PhraseTableModel.VALIDITY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PhraseTableModel.BODY, QHeaderView.ResizeMode.Stretch)
        # In a subcategory every row has the same category: give the room to the reply.
        self.table.setColumnHidden(PhraseTableModel.CATEGORY, self._node.is_sub)
        # No phrase of the library has validity dates: the column would be empty.
        dated = self._overview is not None and self._overview.dated.get(self._node.library, 0) > 0
        self.table.setColumnHidden(PhraseTableModel.VALIDITY, not dated)

    def _action(self, source: str, keys: list[str] | str, slot: object, widget: QWidget | None = None) -> QAction:
        """An action named by its English ``source`` text (shown translated, and retranslated)."""
        action = QAction(self)
        self.retranslatable(action.setText, source)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]  # slot: any zero-argument callable the caller passed
        if widget is not None:  # keys like Del and F2 mean something else in the editor
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            widget.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        return action

    def _build_actions(self) -> None:
        # Own actions rather than createUndoAction: their "Undo %1" text comes from Qt's
        # catalogue, which the app's translator does not carry.
        self.undo_action = self._action("Undo", "Ctrl+Z", self.undo_stack.undo)
        self.redo_action = self._action("Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self.undo_action.setToolTip(with_args(self.tr("Undo: %1"), text)))
        self.undo_stack.redoTextChanged.connect(
            lambda text: self.redo_action.setToolTip(with_args(self.tr("Redo: %1"), text)))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        a = self._action
        self.new_phrase_action = a("New phrase", "Ctrl+N", self.new_phrase)
        self.new_category_action = a("New category", "Ctrl+Shift+N", self.new_category)
        self.new_sub_action = a("New subcategory", "Ctrl+Alt+N", lambda: self.new_category(sub=True))
        self.save_action = a("Save", "Ctrl+S", self.save)
        self.filter_action = a("Filter", "Ctrl+F", self._focus_filter)
        self.rename_category_action = a("Rename category", "F2", self.rename_current_category, self.tree)
        self.delete_category_action = a("Delete category", "Del", self.delete_current_category, self.tree)
        self.category_up_action = a("Move category up", "Alt+Up", lambda: self.move_current_category(-1), self.tree)
        self.category_down_action = a("Move category down", "Alt+Down", lambda: self.move_current_category(1), self.tree)
        self.rename_phrase_action = a("Rename phrase", "F2", self._focus_title, self.table)
        self.delete_phrases_action = a("Delete phrases", "Del", self.delete_selected_phrases, self.table)
        self.phrase_up_action = a("Move phrase up", "Alt+Up", lambda: self.move_selected(-1), self.table)
        self.phrase_down_action = a("Move phrase down", "Alt+Down", lambda: self.move_selected(1), self.table)
        self.copy_action = a("Copy to personal", "Ctrl+Shift+C", self.copy_to_personal, self.table)
        self.import_action = a("Import…", "Ctrl+I", self.import_file)
        self.export_action = a("Export…", "Ctrl+Shift+E", self.export_file)
        self.publish_action = a("Publish to team", "Ctrl+Shift+P", self.publish)
        self.mine_action = a("Questions from chat records…", "Ctrl+Shift+M", self.mine_chat_records)
        for view in (self.tree, self.table):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        menus = self.menuBar()
        file_menu = menus.addMenu("")
        self.retranslatable(file_menu.setTitle, "&File")
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.mine_action)
        edit_menu = menus.addMenu("")
        self.retranslatable(edit_menu.setTitle, "&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_phrase_action, self.save_action, self.delete_phrases_action,
                              self.copy_action, self.phrase_up_action, self.phrase_down_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_category_action, self.new_sub_action, self.rename_category_action,
                              self.delete_category_action, self.category_up_action, self.category_down_action])
        team_menu = menus.addMenu("")
        self.retranslatable(team_menu.setTitle, "&Team")
        team_menu.addAction(self.publish_action)
        # Without a hub the menu would open empty: it says why and how to connect instead.
        self.no_hub_action = QAction(self)
        self.retranslatable(self.no_hub_action.setText,
                            "No team hub is set up: the team library is kept on this computer only")
        self.no_hub_action.setEnabled(False)
        self.connect_hub_action = QAction(self)
        self.retranslatable(self.connect_hub_action.setText, "Connect to a team hub…")
        self.connect_hub_action.triggered.connect(self.explain_hub_connect)
        team_menu.addActions([self.no_hub_action, self.connect_hub_action])
        self.team_menu = team_menu
        toolbar = self.addToolBar("")
        self.retranslatable(toolbar.setWindowTitle, "Library")
        toolbar.setObjectName("libraryToolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.new_phrase_action, self.new_category_action, self.new_sub_action,
                            self.save_action, self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.copy_action, self.import_action, self.export_action, self.publish_action])

    # ---------------------------------------------------------------- state
    def current_node(self) -> NodeRef:
        return self._node

    def selected_phrases(self) -> list[Phrase]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [p for p in (self.phrase_model.phrase_at(r) for r in rows) if p is not None]

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [pid for pid in (self.phrase_model.id_at(r) for r in rows) if pid is not None]

    def team_allows(self, library: LibraryKind) -> bool:
        if library is LibraryKind.TEAM and not self.backend.permission().team_editable:
            self.show_message(self.tr("The team library is read-only for agents; copy a phrase to your "
                                      "personal library to change it."))
            return False
        return True

    def show_message(self, text: str, error: bool = True) -> None:
        self.message_bar.setProperty("error", error)
        self.message_bar.setText(text)
        self.message_bar.style().unpolish(self.message_bar)
        self.message_bar.style().polish(self.message_bar)
        self.message_bar.show()
        self.keep_tree_current_visible()

    def clear_message(self) -> None:
        self.message_bar.hide()

    def keep_tree_current_visible(self) -> None:
        """Scroll the tree to its current node after the message bar took room above it.

        The bar pushes the tree down and shortens it; a node near the bottom (the one the agent
        just acted on, e.g. a refused third category level) would slide out of view. The layout
        is settled first so the tree's new height is known, and once more after the event loop
        ran, as the bar's word wrap may change its height on the first paint.
        """
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        if layout is not None:
            layout.activate()
        self._scroll_tree_to_current()
        QTimer.singleShot(0, self._scroll_tree_to_current)

    def _scroll_tree_to_current(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid():
            self.tree.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    # ---------------------------------------------------------------- loading
    def reload(self, select_ids: list[str] | None = None) -> None:
        """Rebuild tree and list from the backend, keeping the node and the selection."""
        self._reloading = True
        try:
            key = self._node.key
            overview = self.backend.overview()
            if overview != self._overview or self.tree_edited:
                # Most edits leave the tree as it was: rebuilding it would cost a repaint for nothing.
                self._overview = overview
                self.tree_edited = False
                self.tree_model.rebuild(overview)
                self.tree.expandAll()
            index = self.tree_model.find(key)
            if not index.isValid():
                index = self.tree_model.library_index(self._node.library)
            self.tree.setCurrentIndex(index)
            self._node = self.tree_model.node(index) or NodeRef(LibraryKind.TEAM)
        finally:
            self._reloading = False
        self.reload_phrases(select_ids)
        self._apply_permission()

    def apply_filter_now(self) -> None:
        """Run a pending filter at once (Enter in the filter box)."""
        if self.filter_timer.isActive():
            self.filter_timer.stop()
            self.reload_phrases()

    def reload_phrases(self, select_ids: list[str] | None = None) -> None:
        self.filter_timer.stop()
        keep = select_ids if select_ids is not None else self.selected_ids()
        node = self._node
        expiring = EXPIRING_DAYS if self.expiring_check.isChecked() else None
        ids = self.backend.phrase_ids(node.library, node.path, query=self.filter_edit.text(), expiring_days=expiring)
        editable = node.library is LibraryKind.PERSONAL or self.backend.permission().team_editable
        self._reloading = True
        try:
            self.phrase_model.set_ids(ids, self.backend.phrases_by_id, self.backend.now_local(), editable)
            self._size_columns()
            selection = self.table.selectionModel()
            first = True
            for pid in keep:
                row = self.phrase_model.row_of(pid)
                if row < 0:
                    continue
                flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                if first:
                    selection.setCurrentIndex(self.phrase_model.index(row, 0), flags)
                    self.table.scrollTo(self.phrase_model.index(row, 0))
                    first = False
                else:
                    selection.select(self.phrase_model.index(row, 0), flags)
        finally:
            self._reloading = False
        if not self.editor.is_dirty():
            current = self.phrase_model.phrase_at(self.table.currentIndex().row()) if self.selected_ids() else None
            if current is not None:
                self.editor.load(current, current.library, current.category)
            else:
                self.editor.load(None, node.library, node.target_path())

    def select_node(self, key: tuple[str, str]) -> None:
        index = self.tree_model.find(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def show_phrase(self, phrase_id: str) -> bool:
        """Open a phrase: its category in the tree, its row selected, the editor on it."""
        phrase = self.backend.phrase(phrase_id)
        if phrase is None:
            return False
        info = next((c for c in self.backend.overview().categories
                     if c.library is phrase.library and c.path == phrase.category), None)
        node = info.id if info else ("" if phrase.category.parts else "-uncategorised-")
        key = (phrase.library.value, node)
        self.filter_edit.clear()
        self.select_node(key)
        self.reload_phrases([phrase.id])
        self.editor.title.setFocus()
        return True

    def library_changed_elsewhere(self) -> None:
        """The data changed outside this window (hub pull, import): reload and forget undo."""
        self.undo_stack.clear()
        self.reload()

    def _node_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._reloading:
            return
        node = self.tree_model.node(current)
        if node is None or node == self._node:
            return
        self.save_if_dirty()
        self._node = node
        self.reload_phrases([])
        self._apply_permission()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._reloading:
            return
        phrase = self.phrase_model.phrase_at(current.row())
        if phrase is None or (self.editor.original and self.editor.original.id == phrase.id):
            return
        if self.editor.is_dirty() and not self.save_if_dirty():
            return  # keep the unsaved text in the editor; the reason is shown
        fresh = self.backend.phrase(phrase.id) or phrase
        self.editor.load(fresh, fresh.library, fresh.category)
        self._apply_permission()

    def _apply_permission(self) -> None:
        permission = self.backend.permission()
        node = self._node
        read_only = node.library is LibraryKind.TEAM and not permission.team_editable
        editing = self.editor.original.library if self.editor.original else node.library
        self.editor.set_read_only(editing is LibraryKind.TEAM and not permission.team_editable)
        for action in (self.new_phrase_action, self.new_category_action, self.new_sub_action,
                       self.rename_category_action, self.delete_category_action, self.category_up_action,
                       self.category_down_action, self.delete_phrases_action, self.phrase_up_action,
                       self.phrase_down_action, self.save_action):
            action.setEnabled(not read_only)
        self.import_action.setEnabled(not read_only)
        self.copy_action.setEnabled(node.library is LibraryKind.TEAM)
        if read_only:
            why = (self.tr("Your hub account is an agent account.") if permission.reason == "agent"
                   else self.tr("Your role on the team hub is not known yet (connect to the hub)."))
            self.banner.setText(with_args(self.tr("🔒 The team library is kept by your team lead and is read-only here. "
                                        "%1 Use “Copy to personal” (Ctrl+Shift+C) to make your own version."), why))
        elif node.library is LibraryKind.TEAM and permission.pending:
            self.banner.setText(self.tr("Team edits are saved as pending changes; “Publish to team” sends them "
                                        "to every agent."))
        self.banner.setProperty("readOnly", read_only)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setVisible(read_only or (node.library is LibraryKind.TEAM and permission.pending))
        self.no_hub_action.setVisible(not permission.hub)
        self.connect_hub_action.setVisible(not permission.hub)
        self.refresh_pending(permission.pending)

    def explain_hub_connect(self) -> None:
        """How this computer joins the team hub (the connection is made once, on the command line,
        where the password is typed and checked before it is kept)."""
        QMessageBox.information(self, self.tr("Connect to a team hub"), self.tr(
            "A team hub shares the team library: your lead publishes, every agent receives.\n\n"
            "Ask your lead for the hub address and your user name, then run once:\n"
            "sidekick hub connect postgresql://HOST:5432/SHOP --user NAME\n\n"
            "and restart Sidekick. Until then the team library is edited on this computer only."))

    # ---------------------------------------------------------------- nothing lost
    def has_unsaved(self) -> bool:
        return self.editor.is_dirty() and (self.editor.has_content() or not self.editor.is_draft())

    def _dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(dirty)
        if not dirty:
            self.autosave_timer.stop()
            self.backend.save_draft(None)  # saved, or another phrase opened: nothing to keep

    def autosave(self) -> None:
        """Keep the editor's unsaved text with the data (restored by ``restore_draft``)."""
        self.autosave_timer.stop()
        self.backend.save_draft(self.editor.draft_state() if self.has_unsaved() else None)

    def restore_draft(self) -> bool:
        """Bring back a draft kept when the app last ended with unsaved text (a crash, a kill)."""
        state = self.backend.load_draft()
        if not state:
            return False
        original = self.backend.phrase(str(state["id"])) if state.get("id") else None
        self.editor.restore_draft(state, original)
        self.show_message(self.tr("Restored your unsaved draft of 「%1」. Save it (Ctrl+S) or discard it.")
                          .replace("%1", str(state.get("title") or state.get("body") or "…")[:30]), error=False)
        return True

    def settle_unsaved(self) -> bool:
        """Before quitting: save, discard or keep (cancel) unsaved text; True when it is settled."""
        if not self.has_unsaved():
            return True
        self.show()
        self.raise_()
        choice = ask_unsaved(self, self.tr("The phrase 「%1」 has unsaved changes.")
                             .replace("%1", self.editor.title.text() or self.tr("new phrase")))
        if choice == "save":
            return self.save()
        if choice == "discard":
            original = self.editor.original
            place = (original.library, original.category) if original else (self._node.library, self._node.target_path())
            self.editor.load(original, *place)
            self.backend.save_draft(None)
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing only hides the window (the tray app lives on); what is typed stays, and is kept.
        if self.has_unsaved():
            self.autosave()
        super().closeEvent(event)

    # ---------------------------------------------------------------- language
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the current language: fixed texts, the tree's names, headers, banner."""
        self.retranslate_texts()
        self.editor.retranslate()
        self.tree_edited = True  # library names and "Uncategorised" are the tree's own texts
        self.reload()
        self.phrase_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.phrase_model.columnCount() - 1)
        self.clear_message()  # a message in the old language would stay so

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _focus_title(self) -> None:
        self.editor.title.setFocus()
        self.editor.title.selectAll()
