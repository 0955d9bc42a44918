"""One chat file (an open binary stream and its name) → messages, whatever its layout.

The caller opens the file (the CLI, the library window's worker): this module only reads
the stream, so it stays testable with in-memory bytes and never touches the file system.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from sidekick.core.mining.decoding import TOO_LONG, decoded_lines
from sidekick.core.mining.readers import ChatFormat, OnBad, detect_format, read_messages, read_table
from sidekick.core.mining.records import BadLine, ChatMessage

csv.field_size_limit(1 << 20)  # one cell of chat text is never larger than a megabyte


def messages_from_stream(stream: BinaryIO, name: str, on_bad: OnBad,
                         agents: frozenset[str] = frozenset()) -> Iterator[ChatMessage]:
    """Messages of the chat file ``name`` read from ``stream`` (XLSX needs a seekable stream)."""
    lowered = name.lower()
    if lowered.endswith((".xlsx", ".xlsm")):
        yield from read_table(_xlsx_rows(stream), name, on_bad, agents)
        return
    lines = decoded_lines(stream)
    head: list[tuple[int, str | None]] = []
    for item in lines:
        head.append(item)
        if len(head) >= 5:
            break
    fmt = detect_format(name, [text for _n, text in head if text and text != TOO_LONG])

    def all_lines() -> Iterator[tuple[int, str | None]]:
        yield from head
        yield from lines

    if fmt is ChatFormat.TABLE:
        yield from read_table(_csv_rows(all_lines(), name, on_bad), name, on_bad, agents)
    else:
        yield from read_messages(all_lines(), name, fmt, on_bad, agents)


def _csv_rows(lines: Iterator[tuple[int, str | None]], name: str, on_bad: OnBad) -> Iterator[tuple[int, list[str]]]:
    numbers: list[int] = [0]

    def texts() -> Iterator[str]:
        for number, text in lines:
            numbers[0] = number
            if text is None or text == TOO_LONG or "\x00" in (text or ""):
                on_bad(BadLine(f"{name}:{number}", "not a readable line of text"))
                continue
            yield text + "\n"

    reader = csv.reader(texts())
    while True:
        start = numbers[0] + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            on_bad(BadLine(f"{name}:{numbers[0]}", f"broken CSV: {error}"))
            continue
        yield start, row


def _xlsx_rows(stream: BinaryIO) -> Iterator[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    data = stream if stream.seekable() else io.BytesIO(stream.read())
    workbook = load_workbook(data, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), 1)
    finally:
        workbook.close()
