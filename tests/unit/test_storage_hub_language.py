"""Errors of the storage and the hub are said in the language chosen in the settings.

They are raised with ``Message``s (English text that keeps its template); the command line
renders them with the catalogue of the settings' language, as the windows do with Qt's.
"""

from __future__ import annotations

import io
from pathlib import Path

import psycopg
import pytest

from sidekick.cli.main import main
from sidekick.config.catalogue import translator
from sidekick.core.messages import MESSAGES_CONTEXT, message_of, render
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.settings_store import set_value
from sidekick.db.store import Store
from sidekick.hub.connection import parse_target
from sidekick.hub.errors import HubConfigError, translate

chinese = translator("zh_CN", MESSAGES_CONTEXT)


def in_chinese(error: BaseException) -> str:
    return render(message_of(error), chinese)


def choose_chinese(store: Store) -> None:
    with store.session() as session:
        set_value(session=session, key="language", value="zh_CN")


def test_a_refused_write_of_the_storage_renders_in_chinese(store: Store) -> None:
    with store.session() as session:
        repo.create_category(session=session, library=LibraryKind.TEAM, parent_id=None, name="售前")
    with pytest.raises(repo.RepositoryError) as caught, store.session() as session:
        repo.create_category(session=session, library=LibraryKind.TEAM, parent_id=None, name="售前")
    assert str(caught.value) == "a category named 「售前」 already exists here"  # English stays as it was
    assert in_chinese(caught.value) == "这里已有名为「售前」的分类"


def test_a_taken_code_names_the_library_in_chinese(store: Store) -> None:
    def phrase(title: str) -> Phrase:
        return Phrase(new_id(), LibraryKind.PERSONAL, CategoryPath("售后"), title, "您好", "th")

    with store.session() as session:
        repo.save_phrase(session=session, phrase=phrase("退货"))
    with pytest.raises(repo.DuplicateCodeError) as caught, store.session() as session:
        repo.save_phrase(session=session, phrase=phrase("退款"))
    assert "in the personal library" in str(caught.value)
    assert in_chinese(caught.value) == "编码 'th' 已被个人库中的「退货」使用"


def test_a_hub_that_cannot_be_reached_is_explained_in_chinese() -> None:
    error = translate(psycopg.OperationalError("connection refused"), where="127.0.0.1:1/shop", user="wang")
    assert str(error).startswith("cannot reach the hub at 127.0.0.1:1/shop (connection refused)")
    assert in_chinese(error) == ("无法连接 127.0.0.1:1/shop 的团队中心（connection refused）。"
                                 "Sidekick 会用最近的副本继续离线工作，团队中心恢复后再同步。")
    refused = translate(psycopg.OperationalError('FATAL: role "wang" is not permitted to log in'),
                        where="hub/shop", user="wang")
    assert in_chinese(refused) == "用户 'wang'不能登录 hub/shop 的团队中心（它是一个组，不是登录名）。"


def test_a_bad_hub_url_is_refused_in_chinese() -> None:
    with pytest.raises(HubConfigError) as caught:
        parse_target("postgresql://127.0.0.1/", "wang")
    assert in_chinese(caught.value) == "团队中心地址中没有数据库名（请在末尾加上 /数据库名）"


def test_the_command_line_prints_a_storage_error_in_the_settings_language(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "没有这个备份.db"
    assert main(["restore", str(missing)]) == 2
    assert f"{missing} does not exist" in capsys.readouterr().err
    choose_chinese(store)
    assert main(["restore", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing} 不存在" in err and "does not exist" not in err, err


def test_the_command_line_prints_a_hub_error_in_the_settings_language(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_chinese(store)
    monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
    code = main(["hub", "connect", "postgresql://wang:pw@127.0.0.1/shop", "--user", "wang", "--password-stdin"])
    assert code == 2
    err = capsys.readouterr().err
    assert "团队中心地址中不能含有密码" in err and "没有保存任何内容" in err, err
    assert "must not contain" not in err and "Traceback" not in err


def test_an_import_plans_problems_render_in_chinese(store: Store) -> None:
    from sidekick.core.messages import render_problem
    from sidekick.core.types import Library
    from sidekick.db.library_import import plan_import

    twins = [Phrase(new_id(), LibraryKind.TEAM, CategoryPath("售前"), title, "您好", "kd") for title in ("问候", "欢迎")]
    with store.session(read_only=True) as session:
        plan = plan_import(session=session, library=Library(tuple(twins)), source="团队.json")
    (problem,) = plan.problems
    assert str(problem) == ("团队.json, phrase 「欢迎」: code 'kd' is used twice in the team library: "
                            "phrase #1 「问候」 and phrase #2 「欢迎」")
    assert render_problem(problem, chinese) == (
        "团队.json，短语「欢迎」：编码 'kd' 在团队库中用了两次：第 1 条短语「问候」和第 2 条短语「欢迎」")


def test_export_warnings_print_in_the_settings_language(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
    from sidekick.db import repository as repo

    with store.session() as session:  # no code: Espanso needs a trigger, so the export warns
        repo.save_phrase(session=session, phrase=Phrase(new_id(), LibraryKind.PERSONAL, CategoryPath("售前"),
                                                        "发货时间", "亲，48 小时内发货"))
    target = tmp_path / "out.yml"
    assert main(["export", str(target), "--library", "personal"]) == 0
    assert "has no code; Espanso needs a trigger" in capsys.readouterr().err
    choose_chinese(store)
    assert main(["export", str(target), "--library", "personal"]) == 0
    err = capsys.readouterr().err
    assert "没有编码；Espanso 需要触发词，因此未导出" in err and "has no code" not in err, err
