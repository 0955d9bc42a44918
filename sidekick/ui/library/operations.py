"""The edits of the library window, each one undoable.

Every edit goes through ``_execute``: run it on the backend (one transaction) and push a
``ChangeCommand`` with the change the backend recorded. A refused edit
(``BackendError``) changes nothing, is shown in the message bar and never reaches the stack.
This is a mixin of ``LibraryWindow`` so the window file stays about layout and state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPersistentModelIndex, QTimer
from PySide6.QtGui import QStandardItem

from sidekick.core.placeholders import parse
from sidekick.core.types import CategoryPath, LibraryKind, Problem
from sidekick.ui.i18n import error_text, with_args
from sidekick.ui.library.backend import BackendError, EditChange
from sidekick.ui.library.commands import ChangeCommand
from sidekick.ui.library.style_panel import chinese_ui
from sidekick.ui.library.tree_model import NODE_ROLE, NodeRef

if TYPE_CHECKING:
    # The window this mixin is part of: it derives from this class, a cycle mypy resolves to Any.
    from sidekick.ui.library.window import LibraryWindow as _Base  # type: ignore[attr-defined]  # see above
else:
    _Base = object

PROVISIONAL_ROLE = NODE_ROLE + 10  # a category row being named, not yet in the database


def localized_problems(body: str, problems: list[Problem], chinese: bool) -> list[str]:
    """The backend's placeholder problems in the UI language only.

    ``Problem`` carries both languages in one message ("中文 (English)"). Each problem that
    comes from the body's own parse is shown from its ``TemplateError`` in one language; any
    other (a check the backend adds) is shown as it came.
    """
    by_message = {e.to_problem().message: (e.message_zh if chinese else e.message_en) for e in parse(body).errors}
    return [by_message.get(p.message, str(p)) for p in problems]


class LibraryOperations(_Base):
    # ---------------------------------------------------------------- plumbing
    def _execute(self, text: str, libraries: Sequence[LibraryKind], action: Callable[[], object],
                 select: Callable[[object], list[str]] | None = None) -> tuple[bool, object]:
        try:
            result = action()
        except BackendError as error:
            self.show_message(error_text(error))
            return False, None
        change = self.backend.last_change()
        if change is not None:
            self.undo_stack.push(ChangeCommand(self.backend, text, change, self._after_undo, self.show_message))
        self.clear_message()
        if not self._refresh_in_place(change):
            self.reload(select_ids=select(result) if select else None)
        return True, result

    def _after_undo(self, change: EditChange) -> None:
        self.clear_message()  # e.g. "Ctrl+Z brings them back" is done once they are back
        if not self._refresh_in_place(change):
            self.reload()

    def _refresh_in_place(self, change: EditChange | None) -> bool:
        """An edit that changed phrases' texts only: re-read those rows, not the lists (the
        tree's counts and every list's order stay). False when a full reload is needed."""
        if change is None or change.reshaped or self.filter_edit.text().strip() or self.expiring_check.isChecked():
            return False
        self.phrase_model.refresh_rows(change.phrase_ids)
        if not self.editor.is_dirty():
            current = self.editor.original
            fresh = self.backend.phrase(current.id) if current is not None and current.id in change.phrase_ids else None
            if fresh is not None:
                self.editor.load(fresh, fresh.library, fresh.category)
        return True

    def _libraries_of(self, ids: Sequence[str]) -> list[LibraryKind]:
        found = [p.library for p in (self.backend.phrase(i) for i in ids) if p is not None]
        return list(dict.fromkeys(found))

    # ---------------------------------------------------------------- phrases
    def new_phrase(self) -> None:
        if not self.save_if_dirty():
            return
        node = self.current_node()
        self.table.clearSelection()
        self.editor.load(None, node.library, node.target_path())
        self.editor.code.setFocus()

    def save(self) -> bool:
        """Save the editor's phrase; False when refused (the reason is shown)."""
        if self.editor.is_draft() and not self.editor.has_content():
            return True
        if not self.editor.is_draft() and not self.editor.is_dirty():
            return True
        phrase = self.editor.phrase()
        problems = self.backend.validate_body(phrase.body)
        if problems:
            self.editor.show_errors(localized_problems(phrase.body, problems, chinese_ui()))
            self.show_message(self.tr("Not saved: the reply has placeholders Sidekick does not know."))
            return False
        label = with_args(self.tr("Save 「%1」"), phrase.title or phrase.body[:12])
        ok, saved = self._execute(label, [phrase.library], lambda: self.backend.save_phrase(phrase),
                                  select=lambda saved: [saved.id])  # type: ignore[attr-defined]  # _execute types its result object
        if not ok:
            return False  # the editor keeps what was typed
        self.editor.mark_saved(saved)
        return True

    def save_if_dirty(self) -> bool:
        if self.editor.is_dirty() and (self.editor.has_content() or not self.editor.is_draft()):
            return self.save()
        return True

    def delete_selected_phrases(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text = with_args(self.tr("Delete %1 phrase(s)"), str(len(ids)))
        ok, _ = self._execute(text, self._libraries_of(ids), lambda: self.backend.delete_phrases(ids))
        if ok:
            self.show_message(with_args(self.tr("Deleted %1 phrase(s). Ctrl+Z brings them back."), str(len(ids))),
                              error=False)

    def move_phrases_to(self, ids: list[str], node: NodeRef, position: int | None = None) -> None:
        """Drop target: copy team phrases into the personal library, move everything else."""
        sources = self._libraries_of(ids)
        if node.library is LibraryKind.PERSONAL and LibraryKind.TEAM in sources:
            self.copy_to_personal(ids, node.target_path())
            return
        text = with_args(self.tr("Move %1 phrase(s)"), str(len(ids)))
        self._execute(text, [*sources, node.library],
                      lambda: self.backend.move_phrases(ids, node.library, node.target_path(), position),
                      select=lambda _r: list(ids))

    def copy_to_personal(self, ids: list[str] | None = None, category: CategoryPath | None = None) -> None:
        chosen = ids if ids is not None else [p.id for p in self.selected_phrases() if p.library is LibraryKind.TEAM]
        if not chosen:
            return
        first = self.backend.phrase(chosen[0])
        target = category if category is not None else (first.category if first else CategoryPath())
        text = with_args(self.tr("Copy %1 phrase(s) to personal"), str(len(chosen)))
        ok, _ = self._execute(text, [LibraryKind.PERSONAL],
                              lambda: self.backend.copy_phrases(chosen, LibraryKind.PERSONAL, target))
        if ok:
            self.show_message(with_args(self.tr("Copied to your personal phrases › %1"), str(target) or "—"),
                              error=False)

    def move_selected(self, step: int) -> None:
        """Alt+↑/↓: one place up or down within the phrase's own category."""
        phrases = self.selected_phrases()
        if len(phrases) != 1:
            return
        phrase = phrases[0]
        siblings = [p for p in self.phrase_model.phrases() if p.library is phrase.library and p.category == phrase.category]
        index = [p.id for p in siblings].index(phrase.id)
        target = index + step
        if not 0 <= target < len(siblings):
            return
        self._execute(with_args(self.tr("Reorder 「%1」"), phrase.title), [phrase.library],
                      lambda: self.backend.move_phrases([phrase.id], phrase.library, phrase.category, target),
                      select=lambda _r: [phrase.id])

    def drop_in_list(self, ids: list[str], before_row: int) -> None:
        anchor = self.phrase_model.phrase_at(before_row)
        node = self.current_node()
        if anchor is None:
            last = self.phrase_model.phrase_at(self.phrase_model.rowCount() - 1)
            path = node.target_path() if node.is_sub or node.path == CategoryPath() or last is None else last.category
            QTimer.singleShot(0, lambda: self.move_phrases_to(ids, NodeRef(node.library, None, path)))
            return
        siblings = [p for p in self.phrase_model.phrases()
                    if p.library is anchor.library and p.category == anchor.category and p.id not in ids]
        position = [p.id for p in siblings].index(anchor.id) if anchor.id not in ids else None
        target = NodeRef(anchor.library, None, anchor.category)
        QTimer.singleShot(0, lambda: self.move_phrases_to(ids, target, position))

    # ---------------------------------------------------------------- categories
    def new_category(self, sub: bool = False) -> None:
        node = self.current_node()
        if sub and node.is_sub:
            self.show_message(with_args(self.tr("「%1」 is already a subcategory: categories have two levels at most "
                                      "(category › subcategory)."), node.path.subcategory))
            return
        if sub and not node.is_top:
            self.show_message(self.tr("Select a category first; the subcategory goes under it."))
            return
        if not self.team_allows(node.library):
            return
        parent_index = self.tree_model.find(node.key) if sub else self.tree_model.library_index(node.library)
        parent_item = self.tree_model.itemFromIndex(parent_index)
        self.tree_edited = True
        item = QStandardItem(self.tr("New category"))
        item.setData((node.library, node.category_id if sub else None), PROVISIONAL_ROLE)
        parent_item.appendRow([item, QStandardItem("")])
        self.tree.expand(parent_index)
        self.tree.setCurrentIndex(item.index())
        self.tree.edit(item.index())

    def _tree_edit_done(self, index: QPersistentModelIndex, committed: bool) -> None:
        self.tree_edited = True  # the item shows what was typed until the backend says otherwise
        # Deferred: the view is still inside closeEditor, the model must not be rebuilt yet.
        QTimer.singleShot(0, lambda: self._finish_tree_edit(index, committed))

    def _finish_tree_edit(self, index: QPersistentModelIndex, committed: bool) -> None:
        if not index.isValid():
            return
        item = self.tree_model.itemFromIndex(self.tree_model.index(index.row(), index.column(), index.parent()))
        name = item.text().strip()
        provisional = item.data(PROVISIONAL_ROLE)
        if provisional is not None:
            library, parent_id = provisional
            if not committed or not name:
                self.reload()
                return
            self._execute(with_args(self.tr("New category 「%1」"), name), [library],
                          lambda: self.backend.create_category(library, parent_id, name))
            new_id = self.last_result_category(library, parent_id, name)
            if new_id:
                self.select_node((library.value, new_id))
            return
        node = self.tree_model.node(self.tree_model.index(index.row(), index.column(), index.parent()))
        if node is None or node.path is None or not node.category_id:
            return
        old = node.path.subcategory or node.path.category
        if committed and name and name != old:
            self._execute(with_args(self.tr("Rename 「%1」"), old), [node.library],
                          lambda: self.backend.rename_category(node.category_id or "", name))
        else:
            item.setText(old)

    def last_result_category(self, library: LibraryKind, parent_id: str | None, name: str) -> str | None:
        for info in self.backend.overview().categories:
            leaf = info.path.subcategory or info.path.category
            if info.library is library and leaf == name and bool(info.path.subcategory) == bool(parent_id):
                return info.id
        return None

    def rename_current_category(self) -> None:
        node = self.current_node()
        if node.category_id and self.team_allows(node.library):
            self.tree.edit(self.tree_model.find(node.key))

    def delete_current_category(self) -> None:
        node = self.current_node()
        if not node.category_id:
            return
        name = str(node.path)
        ok, _ = self._execute(with_args(self.tr("Delete category 「%1」"), name), [node.library],
                              lambda: self.backend.delete_category(node.category_id or ""))
        if ok:
            self.show_message(with_args(self.tr("Deleted 「%1」 and its phrases. Ctrl+Z brings them back."), name),
                              error=False)

    def move_current_category(self, step: int) -> None:
        node = self.current_node()
        index = self.tree_model.find(node.key)
        if not node.category_id or not index.isValid():
            return
        parent = self.tree_model.node(index.parent())
        target = index.row() + step
        siblings = [self.tree_model.node(self.tree_model.index(r, 0, index.parent()))
                    for r in range(self.tree_model.rowCount(index.parent()))]
        if not 0 <= target < len([s for s in siblings if s and s.category_id]):
            return
        parent_id = parent.category_id if parent is not None and not parent.is_library else None
        self._execute(with_args(self.tr("Reorder 「%1」"), str(node.path)), [node.library],
                      lambda: self.backend.move_category(node.category_id or "", parent_id, target))

    def category_dropped(self, category_id: str, parent: NodeRef, position: int) -> None:
        def run() -> None:
            parent_id = parent.category_id if parent.is_top else None
            where = len(self.backend.overview().categories) if position < 0 else position
            self._execute(self.tr("Move category"), [parent.library],
                          lambda: self.backend.move_category(category_id, parent_id, where))
            self.select_node((parent.library.value, category_id))

        QTimer.singleShot(0, run)

    def phrases_dropped_on_tree(self, ids: list[str], node: NodeRef) -> None:
        QTimer.singleShot(0, lambda: self.move_phrases_to(list(ids), node))
