"""Nothing typed in the library window is lost: unsaved marks, Quit asks, autosave survives a kill."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import sidekick.ui.library.window as window_module
from sidekick.app.library_service import LibraryService
from sidekick.app.workspace import Workspace
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.search_load import load_index
from sidekick.db.store import Store
from sidekick.ui.library import LibraryWindow

TEAM = LibraryKind.TEAM


@pytest.fixture
def phrase(store: Store) -> Phrase:
    with store.session() as session:
        return repo.save_phrase(session=session, phrase=Phrase(new_id(), TEAM, CategoryPath("售前"), "快递", "默认中通", "kd"))


@pytest.fixture
def workspace(store: Store, qtbot) -> Iterator[Workspace]:
    index = load_index(store.engine)
    space = Workspace(store=store, settings=Settings, message=lambda t, c: None, paste_text=lambda t: None,
                      replace_index=lambda i: None, search=lambda q, limit: index.search(q, limit=limit),
                      index=lambda: index)
    yield space
    if space._library_window is not None:
        qtbot.addWidget(space._library_window)
    space.shutdown()


def _edit(window: LibraryWindow, phrase: Phrase, title: str) -> None:
    assert window.show_phrase(phrase.id)
    window.editor.title.setText(title)


def test_an_edit_is_marked_unsaved_until_saved(store: Store, phrase: Phrase, qtbot) -> None:
    window = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(window)
    window.show()
    _edit(window, phrase, "快递说明")
    assert window.isWindowModified() and window.editor.unsaved_label.isVisible()
    assert window.save()
    assert not window.isWindowModified() and not window.editor.unsaved_label.isVisible()


@pytest.mark.parametrize("choice", ["cancel", "save", "discard"])
def test_quit_with_an_unsaved_phrase_asks_save_discard_or_cancel(
        store: Store, phrase: Phrase, workspace: Workspace, choice: str, monkeypatch, qtbot) -> None:
    asked: list[str] = []
    monkeypatch.setattr(window_module, "ask_unsaved", lambda _parent, text: (asked.append(text), choice)[1])
    workspace.open_library()
    window = workspace._library_window
    assert isinstance(window, LibraryWindow)
    _edit(window, phrase, "快递说明")
    window.close()  # closing only hides it: the text is still there
    assert window.editor.title.text() == "快递说明"
    quit_allowed = workspace.settle_unsaved()
    assert asked and "快递说明" in asked[0]
    with store.session() as session:
        stored = repo.get_phrase(session=session, phrase_id=phrase.id)
    assert stored is not None
    if choice == "cancel":
        assert not quit_allowed and window.editor.title.text() == "快递说明" and stored.title == "快递"
    elif choice == "save":
        assert quit_allowed and stored.title == "快递说明"
    else:
        assert quit_allowed and stored.title == "快递" and window.editor.title.text() == "快递"
        assert LibraryService(store, lambda: Settings()).load_draft() is None


def test_quit_without_unsaved_text_does_not_ask(store: Store, phrase: Phrase, workspace: Workspace, monkeypatch) -> None:
    monkeypatch.setattr(window_module, "ask_unsaved", lambda *_a: pytest.fail("asked for nothing"))
    workspace.open_library()
    assert workspace.settle_unsaved()


def test_a_kill_keeps_the_draft_and_the_next_window_restores_it(store: Store, phrase: Phrase, qtbot) -> None:
    first = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(first)
    _edit(first, phrase, "快递说明（草稿）")
    first.editor.body.setPlainText("默认中通，可改顺丰")
    service = LibraryService(store, lambda: Settings())
    qtbot.waitUntil(lambda: (service.load_draft() or {}).get("body") == "默认中通，可改顺丰", timeout=3000)
    # The process dies here: no save, no close. The next start opens a new window.
    second = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(second)
    assert second.editor.title.text() == "快递说明（草稿）"
    assert second.editor.body.toPlainText() == "默认中通，可改顺丰"
    assert second.editor.original is not None and second.editor.original.id == phrase.id
    assert second.has_unsaved() and "快递说明" in second.message_bar.text()
    assert second.save()
    with store.session() as session:
        assert repo.get_phrase(session=session, phrase_id=phrase.id).body == "默认中通，可改顺丰"
    assert service.load_draft() is None


def test_a_save_during_a_cli_import_says_so_and_keeps_the_edit(store: Store, phrase: Phrase, qtbot, monkeypatch) -> None:
    import sqlite3

    import sidekick.db.engine as engine_module
    from sidekick.ui.i18n import install_language

    monkeypatch.setattr(engine_module, "WRITE_WAIT_SECONDS", 0.2)  # the store's 5 s write wait, shortened
    store.engine.dispose()
    install_language("zh_CN")
    try:
        window = LibraryWindow(LibraryService(store, lambda: Settings()))
        qtbot.addWidget(window)
        window.show()
        _edit(window, phrase, "快递说明")
        other = sqlite3.connect(store.path, timeout=0, isolation_level=None)  # a CLI import's write lock
        try:
            other.execute("BEGIN EXCLUSIVE")
            assert not window.save()
            assert "另一个 Sidekick 命令正在写入数据" in window.message_bar.text()
            assert window.editor.title.text() == "快递说明" and window.isWindowModified()
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert window.save()
        assert window.backend.phrase(phrase.id).title == "快递说明"
    finally:
        install_language("en")


def test_the_draft_autosave_during_a_cli_import_is_skipped_not_raised(store: Store, monkeypatch) -> None:
    """Autosave runs as the agent types: a held write lock must not raise into the editor."""
    import sqlite3

    import sidekick.db.engine as engine_module

    monkeypatch.setattr(engine_module, "WRITE_WAIT_SECONDS", 0.2)
    store.engine.dispose()
    service = LibraryService(store, lambda: Settings())
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        service.save_draft({"title": "快递说明"})  # skipped: the text is still in the editor
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert service.load_draft() is None
    service.save_draft({"title": "快递说明"})
    assert service.load_draft() == {"title": "快递说明"}
