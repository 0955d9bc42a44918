"""The workspace: windows open on demand, edits refresh the search index, hub notices."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository
from sidekick.db.search_load import load_index
from sidekick.hub.model import ChangedItem, SyncReport


@pytest.fixture
def workspace(qtbot, store):
    from sidekick.app.workspace import Workspace

    messages: list[tuple[str, bool]] = []
    pasted: list[str] = []
    swapped: list[object] = []
    index = load_index(store.engine)
    space = Workspace(store=store, settings=Settings, message=lambda t, c: messages.append((t, c)),
                      paste_text=pasted.append, replace_index=swapped.append,
                      search=lambda q, limit: index.search(q, limit=limit))
    space.messages, space.pasted, space.swapped = messages, pasted, swapped
    yield space
    space.shutdown()


def test_an_edit_elsewhere_rebuilds_the_index_off_the_gui_thread(qtbot, store, workspace) -> None:
    phrase = Phrase(id=new_id(), library=LibraryKind.TEAM, category=CategoryPath("售前", "快递"),
                    title="顺丰加急", body="您好，顺丰加急需补差价12元哦", code="sfjj")
    with store.session() as session:
        repository.save_phrase(session=session, phrase=phrase)
    with qtbot.waitSignal(workspace.index_ready, timeout=10_000):
        workspace.refresh_index()
    new_index = workspace.swapped[-1]
    assert [hit.id for hit in new_index.search("sfjj", limit=3)][:1] == [phrase.id]


def test_library_and_products_windows_open_once(qtbot, workspace) -> None:
    workspace.open_library()
    first = workspace._library_window
    workspace.open_library()
    assert workspace._library_window is first and first.isVisible()
    workspace.open_products()
    assert workspace._products_window.isVisible()
    first.close()
    workspace._products_window.close()


def test_a_recommendation_from_the_products_window_goes_to_the_paste_path(qtbot, workspace) -> None:
    workspace.open_products()
    workspace._products_window.recommend_requested.emit("推荐这款", "p1")
    assert workspace.pasted == ["推荐这款"]
    workspace._products_window.close()


def test_a_hub_pull_that_changed_phrases_tells_the_agent_what(qtbot, workspace) -> None:
    report = SyncReport(previous_revision=3, revision=5,
                        new_phrases=(ChangedItem("phrase", "a", "双12活动规则"),),
                        changed_phrases=(ChangedItem("phrase", "b", "快递说明"),))
    with qtbot.waitSignal(workspace.index_ready, timeout=10_000):
        workspace.hub_changed.emit(report)
    text, critical = workspace.messages[-1]
    assert "双12活动规则" in text and "快递说明" in text and not critical
    quiet = replace(report, new_phrases=(), changed_phrases=())
    count = len(workspace.messages)
    workspace.hub_changed.emit(quiet)
    assert len(workspace.messages) == count  # nothing changed: no notice


def test_without_a_hub_the_sync_item_says_so(workspace) -> None:
    assert "hub" in workspace.hub_summary().lower()


def test_a_click_on_the_change_notice_opens_the_library_on_what_changed(qtbot, workspace, store) -> None:
    from sidekick.core.demo import load_demo
    from sidekick.db.library_import import import_library

    with store.session() as session:
        import_library(session=session, library=load_demo())
    first = next(p for p in load_demo().phrases if p.code == "kd")
    report = SyncReport(previous_revision=1, revision=2, changed_phrases=(ChangedItem("phrase", first.id, first.title),))
    with qtbot.waitSignal(workspace.index_ready, timeout=10_000):
        workspace.hub_changed.emit(report)
    assert workspace.notice_pending
    workspace.open_last_changes()
    window = workspace._library_window
    assert window is not None and window.isVisible()
    window.close()


def test_the_tray_line_says_when_the_hub_is_offline(qtbot, workspace) -> None:
    workspace._hub_client = object()  # a hub is configured (the client itself is not used here)
    lines: list[str] = []
    workspace.status_changed.connect(lines.append)
    workspace.hub_status.emit(False, "connection refused")
    workspace.hub_status.emit(True, "")
    workspace._hub_client = None
    assert lines[0].endswith("(connection refused)") and "online" in lines[1].lower()


def test_the_library_window_filters_with_the_apps_index_not_a_second_one(qtbot, workspace, store) -> None:
    calls: list[str] = []
    shared = workspace._search
    workspace._search = lambda query, limit: (calls.append(query), shared(query, limit))[1]
    workspace.open_library()
    window = workspace._library_window
    service = window.backend
    service.phrases(LibraryKind.TEAM, CategoryPath(), query="kd")
    assert calls == ["kd"] and service._index is None  # no private copy of the index was built
    window.close()
