"""``sidekick lint``: the house-style report over a library."""

from __future__ import annotations

from pathlib import Path

import pytest

from sidekick.cli.main import main
from sidekick.core.demo import load_demo
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.library_import import import_library
from sidekick.db.store import Store


def add(store: Store, library: LibraryKind, title: str, body: str, code: str = "",
        category: CategoryPath = CategoryPath()) -> None:
    with store.session() as session:
        repo.save_phrase(session=session, phrase=Phrase(new_id(), library, category, title, body, code))


def test_demo_library_is_clean_and_reports_a_summary(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    with store.session() as session:
        import_library(session=session, library=load_demo())
        total = len(repo.list_phrases(session=session))
    assert main(["lint"]) == 0
    out = capsys.readouterr().out
    assert f"checked {total} phrases: 0 warnings" in out
    assert main(["lint", "--library", "team", "--strict"]) == 0


def test_a_phrase_with_ni_is_reported_with_rule_excerpt_and_suggestion(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    with store.session() as session:
        import_library(session=session, library=load_demo())
    add(store, LibraryKind.TEAM, "催付提醒", "亲，你的订单还没付款哦，库存不多了", "cf9", CategoryPath("售中", "催付"))
    assert main(["lint", "--library", "team"]) == 0  # warnings alone never fail
    out = capsys.readouterr().out
    assert "催付提醒 [cf9] (团队 › 售中 › 催付)" in out
    assert "warning nin:" in out
    assert "【你】" in out
    assert "建议: 您" in out and "(可一键修正)" in out
    assert "1 warnings" in out and "  nin: 1" in out


def test_strict_fails_on_warnings_and_library_filter_applies(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    add(store, LibraryKind.PERSONAL, "拒绝", "这个不行，没办法改地址。")
    assert main(["lint", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "refusal-without-apology" in out
    assert main(["lint", "--library", "team", "--strict"]) == 0  # the warning is in the personal library
    assert "checked 0 phrases" in capsys.readouterr().out


def test_hints_are_listed_but_do_not_fail_strict(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    add(store, LibraryKind.TEAM, "说明", "我们家的衣服都是纯棉的。")
    code = main(["lint", "--strict"])
    out = capsys.readouterr().out
    assert "hint zan-not-wo" in out
    assert code == 0


def test_custom_rules_file_and_english_messages(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "version: 1\nrules:\n  - id: no-dear\n    kind: replace\n    message_zh: 不要用「{match}」\n"
        "    message_en: do not write {match}\n    replacements:\n      宝贝: 您\n",
        encoding="utf-8",
    )
    add(store, LibraryKind.TEAM, "问候", "宝贝在吗")
    assert main(["lint", "--rules", str(rules), "--english"]) == 0
    out = capsys.readouterr().out
    assert "warning no-dear: do not write 宝贝" in out


def test_a_broken_rules_file_is_a_user_error(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\nrules:\n  - id: x\n    kind: nonsense\n", encoding="utf-8")
    assert main(["lint", "--rules", str(rules)]) == 2
    assert "sidekick lint:" in capsys.readouterr().err
    assert main(["lint", "--rules", str(tmp_path / "missing.yaml")]) == 2


def test_unknown_placeholders_are_errors_counted_by_strict(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    # The editor refuses such a body, but an older import let them in: they would reach buyers literally.
    add(store, LibraryKind.TEAM, "欢迎", "您好，欢迎光临{未知占位}", "hy", CategoryPath("售前"))
    assert main(["lint"]) == 0  # a report, like warnings, unless --strict
    out = capsys.readouterr().out
    assert "欢迎 [hy] (团队 › 售前)" in out
    assert "error placeholder:" in out and "{未知占位}" in out
    assert "1 errors" in out
    assert main(["lint", "--strict"]) == 1
