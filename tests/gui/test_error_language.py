"""A refusal of the storage and a hub error reach the library window and the tray in the UI's language."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from sidekick.app.library_service import LibraryService
from sidekick.config.settings import Settings
from sidekick.core.messages import message_of
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.search_load import load_index
from sidekick.db.store import Store
from sidekick.hub.errors import translate
from sidekick.ui.i18n import install_language
from sidekick.ui.library import LibraryWindow


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    install_language("zh_CN")
    yield
    install_language("en")


def test_a_category_name_taken_is_said_in_chinese_in_the_library_window(qtbot, store: Store, chinese: None) -> None:
    with store.session() as session:
        repo.save_phrase(session=session, phrase=Phrase(new_id(), LibraryKind.TEAM, CategoryPath("售后"), "退货", "七天"))
    window = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(window)
    # What the tree's editor does once a new category's name is typed.
    ok, _ = window._execute("New category", [LibraryKind.TEAM],
                            lambda: window.backend.create_category(LibraryKind.TEAM, None, "售后"))
    assert not ok
    assert window.message_bar.text() == "这里已有名为「售后」的分类"


def test_the_tray_says_why_the_hub_is_offline_in_the_ui_language(qtbot, store: Store, chinese: None) -> None:
    from sidekick.app.workspace import Workspace

    index = load_index(store.engine)
    workspace = Workspace(store=store, settings=Settings, message=lambda _text, _critical: None,
                          paste_text=lambda _text: None, replace_index=lambda _index: None,
                          search=lambda query, limit: index.search(query, limit=limit))
    try:
        workspace._hub_client = object()  # a hub is configured (the client itself is not used here)
        lines: list[str] = []
        workspace.status_changed.connect(lines.append)
        error = translate(psycopg.OperationalError("connection refused"), where="127.0.0.1:1/shop")
        workspace.hub_status.emit(False, message_of(error))  # as the listener thread reports it
        assert "无法连接 127.0.0.1:1/shop 的团队中心（connection refused）" in lines[-1], lines
        install_language("en")  # a language switch: the same status, now in English
        assert "cannot reach the hub at 127.0.0.1:1/shop (connection refused)" in workspace.status_line()
        workspace._hub_client = None
    finally:
        workspace.shutdown()
