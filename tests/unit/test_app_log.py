"""The app's log file: set up by every command, named by ``doctor``, levels from the settings,
and free of what a user typed or pasted."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from sidekick.cli.main import main
from sidekick.config import app_log, paths
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository
from sidekick.db.settings_store import save_settings, stored_settings
from sidekick.db.store import Store


def _log_text() -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return app_log.log_path().read_text(encoding="utf-8")


def test_doctor_prints_the_log_path_and_the_log_has_the_start_up_line(
        store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    log_line = next(line for line in out.splitlines() if line.startswith("log "))
    assert log_line.split(None, 1)[1].strip() == str(paths.logs_dir() / "sidekick.log")
    text = _log_text()
    assert "started: command doctor" in text


def test_a_search_writes_neither_its_query_nor_the_phrase_it_found(
        store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    with store.session() as session:
        repository.save_phrase(session=session, phrase=Phrase(
            new_id(), LibraryKind.TEAM, CategoryPath("售后"), "退货地址", "寄回浙江省杭州市西湖区文三路 88 号", "thdz"))
    assert main(["search", "文三路", "--json"]) == 0
    assert "文三路" in capsys.readouterr().out  # found: the texts were really there to leak
    text = _log_text()
    assert "started: command search" in text
    assert "文三路" not in text and "退货地址" not in text


def test_the_level_comes_from_the_settings(store: Store) -> None:
    with store.session() as session:
        save_settings(session=session, settings=replace(Settings(), log_level="WARNING"))
    assert stored_settings(store.path).log_level == "WARNING"
    assert main(["doctor"]) == 0
    logging.getLogger("sidekick.probe").info("info-line-%d", 1)
    logging.getLogger("sidekick.probe").warning("warning-line-%d", 2)
    text = _log_text()
    assert "started: command doctor" in text  # written whatever the level
    assert "warning-line-2" in text and "info-line-1" not in text
    app_log.set_level("nonsense")  # an unknown level falls back to the default
    assert logging.getLogger("sidekick").level == logging.INFO


def test_an_unreadable_database_gives_the_default_settings(sidekick_home: Path) -> None:
    broken = sidekick_home / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    assert stored_settings(broken) == Settings()
    assert stored_settings(sidekick_home / "missing.db") == Settings()
    assert not (sidekick_home / "missing.db").exists()


def test_a_long_exception_message_is_cut_short(sidekick_home: Path) -> None:
    body = "亲，这是一段很长的回复正文" * 100
    try:
        raise ValueError(body)
    except ValueError as error:
        path = app_log.log_unexpected("import demo.csv", error)
    assert path == app_log.log_path()
    text = _log_text()
    assert "import demo.csv failed" in text and "ValueError: 亲，这是" in text
    assert body not in text and len(text) < 2000


def test_a_logged_exception_keeps_its_code_location_but_not_its_long_message(sidekick_home: Path) -> None:
    app_log.setup("test")
    clipboard = "剪贴板里的订单号 4012345 和收件地址" * 40
    try:
        raise KeyError(clipboard)
    except KeyError:
        logging.getLogger("sidekick.probe").exception("lookup failed (a %d-character key)", len(clipboard))
    text = _log_text()
    assert "lookup failed" in text and "test_app_log.py" in text and "KeyError: " in text
    assert clipboard not in text
