"""Defects found trying the library window as a new user would; each test failed before its fix."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QLabel

from sidekick.app.library_service import LibraryService
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Problem, new_id
from sidekick.db import repository as repo
from sidekick.db.store import Store
from sidekick.ui.i18n import install_language
from sidekick.ui.library import LibraryWindow
from sidekick.ui.library.backend import ImportPreview, ImportRow
from sidekick.ui.library.import_dialog import ImportPreviewDialog
from sidekick.ui.library.phrase_model import PhraseTableModel
from sidekick.ui.widgets import file_dialogs

TEAM = LibraryKind.TEAM


def _window(store: Store, qtbot, settings: Settings = Settings(), role: str | None = None) -> LibraryWindow:
    window = LibraryWindow(LibraryService(store, lambda: settings, role_provider=lambda: role))
    qtbot.addWidget(window)
    window.show()
    return window


def _add(store: Store, title: str, **extra: object) -> Phrase:
    with store.session() as session:
        return repo.save_phrase(session=session, phrase=Phrase(new_id(), TEAM, CategoryPath("售前"), title, "正文", **extra))


def test_qt_dialogs_are_chinese_in_the_chinese_ui(qapp) -> None:
    install_language("zh_CN")
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        assert QCoreApplication.translate("QFileDialog", "Files of type:") == "文件类型："
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        install_language("en")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"


def test_import_dialog_offers_every_importable_file_and_starts_in_documents(
        store: Store, qtbot, monkeypatch, tmp_path: Path) -> None:
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda _parent, _title, folder, filters: (asked.append((folder, filters)), ("", ""))[1]))
    monkeypatch.setattr(file_dialogs, "_last_folder", None)
    window = _window(store, qtbot)
    window.import_file()
    folder, filters = asked[0]
    for pattern in ("*.json", "*.csv", "*.txt", "*.xlsx", "*.xlsm", "*.yml", "*.yaml"):
        assert pattern in filters.split(";;")[0]
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert folder in (documents, str(Path.home())) and folder != "" and Path(folder).is_dir()
    # The next dialog starts where the last file was chosen.
    chosen = tmp_path / "phrases.csv"
    chosen.write_text("title,body\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda _p, _t, folder, _f: (asked.append((folder, _f)), (str(chosen), ""))[1]))
    monkeypatch.setattr(window, "start_import", lambda path, library: None)
    window.import_file()
    window.import_file()
    assert asked[-1][0] == str(tmp_path)


def test_validity_column_hidden_until_a_phrase_has_dates(store: Store, qtbot) -> None:
    _add(store, "长期")
    window = _window(store, qtbot)
    assert window.table.isColumnHidden(PhraseTableModel.VALIDITY)
    _add(store, "活动", valid_until=datetime.now() + timedelta(days=3))
    window.reload()
    assert not window.table.isColumnHidden(PhraseTableModel.VALIDITY)


def test_team_menu_without_a_hub_says_why_and_offers_to_connect(store: Store, qtbot, monkeypatch) -> None:
    window = _window(store, qtbot)
    shown = [a for a in window.team_menu.actions() if a.isVisible() and a.text()]
    assert len(shown) >= 2, "the 团队 menu opened empty"
    assert any("hub" in a.text() for a in shown)
    explained: list[str] = []
    monkeypatch.setattr("sidekick.ui.library.window.QMessageBox.information",
                        lambda _parent, _title, text: explained.append(text))
    window.connect_hub_action.trigger()
    assert "sidekick hub connect" in explained[0]
    lead = _window(store, qtbot, Settings(hub_url="postgresql://hub/shop", hub_user="li"), role="lead")
    assert not lead.connect_hub_action.isVisible() and not lead.no_hub_action.isVisible()


def test_import_preview_says_it_cannot_be_undone(qtbot, tmp_path: Path) -> None:
    preview = ImportPreview(tmp_path / "a.csv", "csv", 2, 0, 0,
                            (ImportRow("added", TEAM, CategoryPath("售前"), "快递"),))
    dialog = ImportPreviewDialog(preview)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Ctrl+Z" in texts and "undone" in texts


def test_refused_import_preview_shows_no_counts_and_wraps_its_problems(qtbot, tmp_path: Path) -> None:
    long = "the column 正文 is missing; a Sidekick phrase sheet needs 标题 and 正文 columns " * 3
    preview = ImportPreview(tmp_path / "a.csv", "csv", 0, 0, 0,
                            problems=(Problem(long, "a.csv", 2, "正文"), Problem("duplicate code", "a.csv", 3, "代码")))
    dialog = ImportPreviewDialog(preview)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.added_label.isVisible()  # not "add 0" above the errors
    assert dialog.problems.count() == 2 and dialog.problems.wordWrap()


def test_the_import_preview_lists_every_problem_the_command_line_lists(store: Store, qtbot, tmp_path: Path,
                                                                        capsys) -> None:
    """It listed one of two: the window read the file whole and stopped at the first kind of problem."""
    from sidekick.cli.main import main

    path = tmp_path / "two.csv"
    path.write_text("标题,内容,库,分类,代码\n坏的,您好{不存在},personal,售前,aa\n"
                    "快递1,默认中通,personal,售前,kd\n快递2,默认韵达,personal,售前,kd\n", encoding="utf-8")
    store.close()  # the command line opens the same database itself
    assert main(["import", str(path), "--dry-run"]) == 2
    cli_lines = [line.strip() for line in capsys.readouterr().err.splitlines() if line.startswith("  two.csv")]
    assert len(cli_lines) == 2, cli_lines
    window = _window(store, qtbot)
    dialog = window.start_import(path, LibraryKind.PERSONAL)
    assert dialog is not None
    qtbot.addWidget(dialog)
    shown = [dialog.problems.item(n).text().removeprefix("✖ ") for n in range(dialog.problems.count())]
    assert shown == cli_lines


def test_a_spreadsheet_imported_in_the_window_goes_into_the_library_it_shows(store: Store, qtbot,
                                                                            tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("标题,内容,库,分类\n快递,默认中通,team,售前\n尺码,按平时尺码,,售前\n", encoding="utf-8")
    window = _window(store, qtbot)
    preview = window.backend.preview_import(path, LibraryKind.PERSONAL)
    assert not preview.problems and preview.added == 2
    assert {row.library for row in preview.rows} == {LibraryKind.PERSONAL}
    done = window.backend.apply_import(path, LibraryKind.PERSONAL)
    assert not done.problems and done.added == 2
    with store.session() as session:
        stored = repo.load_library(session=session).phrases
    assert sorted((p.library, p.title) for p in stored) == [(LibraryKind.PERSONAL, "尺码"), (LibraryKind.PERSONAL, "快递")]
