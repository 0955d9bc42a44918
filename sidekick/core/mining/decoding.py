"""Text lines from a byte stream of unknown encoding, one at a time, bad lines reported.

Chat exports are UTF-8 (with or without BOM) or, from Chinese Windows tools, GB18030/GBK.
The encoding is decided from the first 64 KiB (a BOM, else "does it decode as UTF-8"); then
each line is decoded on its own, so one broken line (a truncated multi-byte character, a
stray byte) is skipped and reported with its number instead of ending the whole file, and a
100 MB file is never held in memory.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

SNIFF_BYTES = 64 * 1024


def sniff_encoding(head: bytes) -> str:
    """``utf-8-sig``, ``utf-8`` or ``gb18030`` for a file starting with ``head``."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the end of the sample is not evidence against UTF-8.
        if error.start >= len(head) - 3 and error.reason in {"unexpected end of data", "invalid continuation byte"}:
            return "utf-8"
        return "gb18030"


MAX_LINE_BYTES = 1 << 20  # a "line" longer than this is not chat text: reported and skipped
TOO_LONG = "\x00too long"  # marker text for a line over MAX_LINE_BYTES


def decoded_lines(stream: BinaryIO) -> Iterator[tuple[int, str | None]]:
    """``(line_number, text)`` for every line; ``text`` is None where the line does not decode
    and ``TOO_LONG`` where it exceeds ``MAX_LINE_BYTES``. Line ends (``\\n``, ``\\r\\n``) are
    removed; numbering starts at 1."""
    head = stream.read(SNIFF_BYTES)
    encoding = sniff_encoding(head)
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    chunk = head[len(codecs.BOM_UTF8):] if encoding == "utf-8-sig" else head
    number = 0
    rest = b""
    skipping = False  # inside an over-long line: drop bytes until its end
    while chunk:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for raw in lines:
            number += 1
            if skipping:
                skipping = False
                yield number, TOO_LONG
            else:
                yield number, _decode(raw, codec)
        if len(rest) > MAX_LINE_BYTES:
            rest, skipping = b"", True
        chunk = stream.read(1 << 20)
    if rest or skipping:
        number += 1
        yield number, TOO_LONG if skipping else _decode(rest, codec)


def _decode(raw: bytes, codec: str) -> str | None:
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    if len(raw) > MAX_LINE_BYTES:
        return TOO_LONG
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None
