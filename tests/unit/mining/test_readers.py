"""Each chat-record reader, with files written here: transcripts, tables, the JDDC layout, encodings."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from sidekick.core.mining.decoding import TOO_LONG, decoded_lines, sniff_encoding
from sidekick.core.mining.records import BadLine, Role
from sidekick.core.mining.sources import messages_from_stream


def read(data: bytes, name: str, agents: frozenset[str] = frozenset()) -> tuple[list, list[BadLine]]:
    bad: list[BadLine] = []
    return list(messages_from_stream(io.BytesIO(data), name, bad.append, agents)), bad


TRANSCRIPT = """\
小蓝鲸 2024-06-01 10:00:01
你好 在吗
青棉小筑旗舰店:小美 2024-06-01 10:00:20
在的亲，请问有什么可以帮您
小蓝鲸 2024-06-01 10:01:02
地址填错了
能改成杭州的吗
青棉小筑旗舰店:小美 2024-06-01 10:01:40
可以的，发货前都能改
"""


def test_sniffing_tells_utf8_bom_and_gb18030_apart() -> None:
    assert sniff_encoding("你好".encode()) == "utf-8"
    assert sniff_encoding(b"\xef\xbb\xbf" + "你好".encode()) == "utf-8-sig"
    assert sniff_encoding("你好，发货了吗".encode("gb18030")) == "gb18030"
    # A character cut by the end of the 64 KiB sample is still UTF-8.
    assert sniff_encoding("你好".encode()[:-1]) == "utf-8"


def test_lines_are_numbered_and_a_bad_line_is_reported_not_fatal() -> None:
    data = "第一行\r\n第二行\n".encode("gb18030") + b"\xff\xfe\xff\n" + "第四行".encode("gb18030")
    assert list(decoded_lines(io.BytesIO(data))) == [(1, "第一行"), (2, "第二行"), (3, None), (4, "第四行")]


def test_an_endless_line_is_skipped_with_its_number() -> None:
    data = b"ok\n" + b"x" * (3 << 20) + b"\nafter\n"
    assert list(decoded_lines(io.BytesIO(data))) == [(1, "ok"), (2, TOO_LONG), (3, "after")]


def test_transcript_with_spaced_headers_and_sub_accounts() -> None:
    messages, bad = read(TRANSCRIPT.encode("gb18030"), "小蓝鲸.txt")
    assert not bad
    assert [(m.role, m.text) for m in messages] == [
        (Role.BUYER, "你好 在吗"),
        (Role.AGENT, "在的亲，请问有什么可以帮您"),
        (Role.BUYER, "地址填错了\n能改成杭州的吗"),
        (Role.AGENT, "可以的，发货前都能改"),
    ]
    assert messages[2].source == "小蓝鲸.txt:5"
    assert messages[2].time == datetime(2024, 6, 1, 10, 1, 2)
    assert len({m.conversation for m in messages}) == 1


def test_transcript_with_parenthesised_headers_agents_named_and_several_buyers() -> None:
    text = (
        "阿花(2024-06-01 09:00:00): 今天能发货吗\n"
        "小美(2024-06-01 09:00:30): 今天下午四点前都发\n"
        "大熊(2024-06-01 09:05:00): 开发票怎么开\n"
        "小美(2024-06-01 09:05:40):\n下单时填写抬头就行\n"
        "阿花(2024-06-01 15:00:00): 发了吗\n"  # more than two hours later: a new conversation
    )
    messages, bad = read(text.encode("utf-8-sig"), "导出.txt", frozenset({"小美"}))
    assert not bad
    assert [m.role for m in messages] == [Role.BUYER, Role.AGENT, Role.BUYER, Role.AGENT, Role.BUYER]
    assert messages[3].text == "下单时填写抬头就行"
    assert messages[0].conversation == messages[1].conversation != messages[2].conversation
    assert messages[2].conversation == messages[3].conversation
    assert messages[4].conversation not in {messages[0].conversation, messages[2].conversation}


def test_text_before_the_first_header_is_reported() -> None:
    messages, bad = read("导出于 2024 年\n阿花 2024-06-01 09:00:00\n在吗\n".encode(), "a.txt")
    assert [m.text for m in messages] == ["在吗"]
    assert bad == [BadLine("a.txt:1", "text before the first message header (昵称 日期 时间)")]


def test_csv_with_chinese_headers_in_any_order_and_a_multi_line_cell() -> None:
    data = ('内容,角色,时间,会话ID\n"尺码怎么选\n165穿多大",买家,2024-06-01 10:00,c1\n'
            '建议M码,客服,2024-06-01 10:01,c1\n谢谢,买家,2024-06-01 10:02,c1\n').encode("gb18030")
    messages, bad = read(data, "chats.csv")
    assert not bad
    assert [(m.role, m.text) for m in messages] == [
        (Role.BUYER, "尺码怎么选\n165穿多大"), (Role.AGENT, "建议M码"), (Role.BUYER, "谢谢")]
    assert messages[1].source == "chats.csv:4"


def test_xlsx_with_english_headers_and_senders_instead_of_roles() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Time", "Sender", "Message"])
    sheet.append(["2024-06-01 10:00:00", "buyer_a", "有赠品吗"])
    sheet.append(["2024-06-01 10:00:09", "店铺:客服1", "有的，送收纳袋"])
    out = io.BytesIO()
    book.save(out)
    messages, bad = read(out.getvalue(), "chats.xlsx")
    assert not bad
    assert [(m.role, m.sender) for m in messages] == [(Role.BUYER, "buyer_a"), (Role.AGENT, "店铺:客服1")]
    assert messages[0].conversation == messages[1].conversation


def test_jddc_layout_and_its_broken_lines() -> None:
    data = ("s1\tU1\t0\t0\t0\tnan\t发票怎么开\n"
            "s1\tU1\t1\t0\t0\tnan\t下单时勾选电子发票\n"
            "s1\tU1\tX\t0\t0\tnan\t坏行\n"
            "s2\tU2\t0\t0\t0\tnan\t到哪了\n").encode()
    messages, bad = read(data, "sample.txt")
    assert [(m.conversation, m.role, m.text) for m in messages] == [
        ("s1", Role.BUYER, "发票怎么开"), ("s1", Role.AGENT, "下单时勾选电子发票"), ("s2", Role.BUYER, "到哪了")]
    assert [b.source for b in bad] == ["sample.txt:3"]
