"""Each reader's refusal is structured: the file as the problem's location, the reason a ``Message``.

So the windows and the command line say it in the UI's language (``render`` with the catalogue)
and put the file name where the language wants it; nothing is split out of English text.
"""

from __future__ import annotations

import io
import json

import pytest

from sidekick.config.catalogue import translator
from sidekick.core.exchange import beeftext, espanso, qianniu, registry, tabular, textexpander
from sidekick.core.exchange.base import FormatError, problem_of
from sidekick.core.messages import MESSAGES_CONTEXT, Message, render, render_problem
from sidekick.core.types import LibraryKind, Problem

PERSONAL = LibraryKind.PERSONAL
chinese = translator("zh_CN", MESSAGES_CONTEXT)


def refusal(name: str, read) -> Problem:  # type: ignore[no-untyped-def]  # any reader call
    """The problem a window lists for a file ``read`` refuses as a whole."""
    with pytest.raises(FormatError) as caught:
        read()
    problem = problem_of(caught.value, name)
    assert problem.source == name, problem
    assert isinstance(problem.message, Message), f"a plain string: {problem.message!r}"
    assert not problem.message.startswith(name), problem.message  # the file is the location, not the text
    return problem


def in_chinese(problem: Problem) -> str:
    return render_problem(problem, chinese)


def test_qianniu_refuses_a_file_without_its_header_with_the_file_as_location() -> None:
    data = "编码,内容\nkd,您好\n".encode()
    problem = refusal("快捷短语.csv", lambda: qianniu.read(data, "快捷短语.csv", PERSONAL))
    assert str(problem.message).startswith("not a Qianniu quick-phrase file")
    assert in_chinese(problem) == "快捷短语.csv：不是千牛快捷短语文件；第一行必须是 快捷短语编码,快捷短语,快捷短语分组"


def test_qianniu_without_the_phrase_column_names_it() -> None:
    data = "快捷短语编码,快捷短语分组\nkd,售前\n".encode()
    problem = refusal("q.csv", lambda: qianniu.read(data, "q.csv", PERSONAL))
    assert "第 1 行没有 快捷短语 列" in in_chinese(problem)


def test_qianniu_row_problems_are_messages_too() -> None:
    data = "快捷短语编码,快捷短语,快捷短语分组\nkd,,售前\nfh,您好,售前>快递>顺丰\n".encode()
    result = qianniu.read(data, "q.csv", PERSONAL)
    assert [p.row for p in result.problems] == [2, 3]
    assert all(isinstance(p.message, Message) for p in result.problems)
    shown = [in_chinese(p) for p in result.problems]
    assert shown[0] == "q.csv，第 2 行，快捷短语：快捷短语 单元格是空的", shown
    assert "有 3 级；最多允许 2 级" in shown[1], shown


def test_beeftext_refuses_a_json_file_that_is_not_a_combo_list() -> None:
    data = json.dumps({"groups": []}).encode()
    problem = refusal("comboList.json", lambda: beeftext.read(data, "comboList.json", PERSONAL))
    assert in_chinese(problem) == 'comboList.json：不是 Beeftext 组合列表（没有 "combos" 列表）'


def test_beeftext_keeps_the_json_readers_message_as_the_reason() -> None:
    data = b'{"combos": [1, 2,]}'
    problem = refusal("comboList.json", lambda: beeftext.read(data, "comboList.json", PERSONAL))
    assert problem.message.template.startswith("invalid JSON at %1")  # type: ignore[attr-defined]  # checked a Message above
    assert in_chinese(problem).startswith("comboList.json：JSON 格式错误（第 1 行第 18 列）")


def test_beeftext_row_problems_are_messages() -> None:
    combos = [{"keyword": "kd", "snippet": "快递"}, {"keyword": "kd", "snippet": "顺丰"}, 5]
    result = beeftext.read(json.dumps({"combos": combos}).encode(), "comboList.json", PERSONAL)
    assert len(result.problems) == 2 and all(isinstance(p.message, Message) for p in result.problems)
    assert "关键词 'kd' 同时用于第 1 和第 2 个组合" in in_chinese(result.problems[0])
    assert in_chinese(result.problems[1]) == "comboList.json，第 3 行：组合必须是 JSON 对象"


def test_beeftext_csv_row_problems_are_messages() -> None:
    result = beeftext.read_csv("kd,快递\n".encode(), "beeftext.csv", PERSONAL)
    (problem,) = result.problems
    assert isinstance(problem.message, Message)
    assert in_chinese(problem) == "beeftext.csv，第 1 行，name：应有 3 列（keyword、snippet、name），实际有 2 列"


def test_textexpander_rows_with_one_code_and_two_texts_are_a_message() -> None:
    result = textexpander.read("kd,快递,a\nkd,顺丰,b\n".encode(), "te.csv", PERSONAL)
    (problem,) = result.problems
    assert isinstance(problem.message, Message)
    assert "同时用于第 1 行和第 2 行" in in_chinese(problem)


def test_a_csv_with_a_bad_byte_names_line_and_column_in_the_reason() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"library,title\nteam,\xff\n"), encoding="utf-8", newline="")
    problem = refusal("短语.csv", lambda: list(tabular.iter_csv(stream, "短语.csv")))
    assert in_chinese(problem) == ("短语.csv：第 2 行第 6 列（第 19 个字节）处的字节 0xFF 不是有效的 UTF-8 文本："
                                   "文件已损坏，请重新保存为 CSV UTF-8")


def test_a_spreadsheet_without_rows_is_refused_with_a_message() -> None:
    problem = refusal("空.csv", lambda: tabular.read_sheets([("", iter([[""], []]))], "空.csv"))
    assert in_chinese(problem) == "空.csv：文件是空的（没有表头，也没有数据）"


def test_a_damaged_workbook_says_so_with_the_file_as_location() -> None:
    problem = refusal("表.xlsx", lambda: tabular.read_xlsx(b"PK\x03\x04 not really a zip", "表.xlsx"))
    assert in_chinese(problem).startswith("表.xlsx：")
    assert "XLSX" in in_chinese(problem) and "save it again" not in in_chinese(problem)


def test_espanso_matches_that_are_not_a_list_are_refused_with_a_message() -> None:
    problem = refusal("base.yml", lambda: espanso.read(b"matches: 5\n", "base.yml", PERSONAL))
    assert in_chinese(problem) == "base.yml：'matches' 必须是列表"


def test_an_unknown_file_type_is_refused_with_the_file_as_location() -> None:
    problem = refusal("报表.pdf", lambda: registry.detect(b"%PDF-1.7", "报表.pdf"))
    assert in_chinese(problem) == "报表.pdf：未知的文件类型 .pdf；Sidekick 可导入 .json、.csv、.xlsx 和 .yml 文件"


def test_a_refusal_without_a_place_keeps_the_whole_text_as_its_reason() -> None:
    """A refusal raised without ``in_file`` is never cut at its first colon (no guessing from English)."""
    problem = problem_of(FormatError("data.csv: odd: text"), "data.csv")
    assert problem == Problem("data.csv: odd: text", "data.csv")
    assert render(Message("%1 cannot be imported by this build of Sidekick", "Beeftext"), chinese) == (
        "此版本的 Sidekick 无法导入 Beeftext")


def test_sidekick_spreadsheet_row_problems_are_messages() -> None:
    data = "库,分类,标题,内容,生效\n团队,售前,问候,,2026-13-01\n团队,售前,,您好,\n".encode()
    result = tabular.read_csv(data, "短语.csv")
    assert result.problems and all(isinstance(p.message, Message) for p in result.problems)
    assert [in_chinese(p) for p in result.problems] == [
        "短语.csv，第 2 行，内容：内容是空的：每条短语都需要正文",
        "短语.csv，第 2 行，生效：日期有误：month must be in 1..12",
        "短语.csv，第 3 行，标题：标题是空的：每条短语都需要标题",
    ]


def test_a_spreadsheet_without_a_known_header_says_which_headers_are_read() -> None:
    (problem,) = tabular.read_csv("名字,电话\n张三,123\n".encode(), "通讯录.csv").problems
    assert isinstance(problem.message, Message)
    assert in_chinese(problem).startswith(
        "通讯录.csv，第 1 行：没有可识别的表头（读到的是 '名字,电话'）：第一行必须是以下文件的列名：Sidekick 短语文件")


def _untranslated(text: object) -> list[str]:
    """Templates in ``text`` (a Message and the Messages among its arguments) the catalogue lacks."""
    if not isinstance(text, Message):
        return []
    own = [] if chinese(text.template) != text.template else [text.template]
    return own + [t for arg in text.args for t in _untranslated(arg)]


def test_import_and_export_warnings_of_every_tool_format_are_messages_said_in_chinese() -> None:
    from sidekick.core.types import CategoryPath, Library, Phrase

    yaml = (b"imports: [other.yml]\nmatches:\n"
            b"  - triggers: [':kd', ':kd2']\n    replace: '{{shell_out}} {{unknown}}'\n"
            b"    vars: [{name: shell_out, type: shell, params: {cmd: ls}}]\n"
            b"  - regex: 'a+'\n    replace: 'x'\n"
            b"  - trigger: ':img'\n    image_path: a.png\n")
    imported = espanso.read(yaml, "base.yml", PERSONAL)
    bodies = [Phrase(f"p{n}", PERSONAL, CategoryPath("售前", "物流"), f"标题{n}", body, code=code)
              for n, (code, body) in enumerate([("", "{光标}亲{光标} {{x}} {未知}"), ("kd", "😀" + "长" * 600 + "{光标}")])]
    library = Library(phrases=bodies)
    warnings = [*imported.warnings, *espanso.export_warnings(library, PERSONAL),
                *beeftext.export_warnings(library, PERSONAL), *qianniu.export_warnings(library, PERSONAL,
                                                                                        encoding="gb18030"),
                *textexpander.export_warnings(library, PERSONAL)]
    assert len(warnings) >= 12
    for warning in warnings:
        assert isinstance(warning.message, Message), f"plain text: {warning.message!r}"
        assert not _untranslated(warning.message), in_chinese(warning)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in in_chinese(warning))
