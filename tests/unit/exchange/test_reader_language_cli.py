"""``sidekick import`` explains a refused file in the language chosen in Sidekick's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from sidekick.cli.main import main
from sidekick.db.settings_store import set_value
from sidekick.db.store import Store

# Valid UTF-8 Chinese, then a byte no encoding reads, on line 3.
DAMAGED = ("matches:\n  - trigger: ':a'\n    replace: '" + "您好" * 15 + " ").encode() + b"\xff'\n"


def _import(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["import", str(path)])
    return code, capsys.readouterr().err


def test_chinese_settings_give_chinese_reasons_with_file_and_place(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.session() as session:
        set_value(session=session, key="language", value="zh_CN")
    path = tmp_path / "短语.yml"
    path.write_bytes(DAMAGED)
    code, err = _import(path, capsys)
    assert code == 2
    assert "短语.yml：第 3 行第 106 列（第 132 个字节） 处的字节 0xFF 不是有效的 UTF-8 文本" in err, err
    assert "Traceback" not in err


def test_without_a_chosen_language_the_command_line_speaks_english(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "phrases.yml"
    path.write_bytes(DAMAGED)
    code, err = _import(path, capsys)
    assert code == 2
    assert "phrases.yml: byte 0xFF at line 3, column 106 (byte 132) is not valid UTF-8 text" in err, err
