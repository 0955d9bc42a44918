"""Checks that keep an XLSX "zip bomb" or hostile XML from costing more than a few seconds.

Before anything is inflated, the zip directory is checked: number of parts, each part's
uncompressed size, the total, and the ratio of uncompressed to compressed size (what a bomb
needs to be small). The XML prologs are read (a few KB each) and a DTD or entity declaration is
refused, and the shared strings are counted in a streaming pass. openpyxl then parses through
``defusedxml`` (it uses it by itself when installed; this module refuses to run without it),
which refuses entities as a second lock. While the rows are read, Excel's own row limit and a
budget of cells (declared dimensions are not trusted: blank padding counts) bound the work.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from sidekick.core.exchange.base import FormatError
from sidekick.core.exchange.limits import (
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHARED_STRINGS,
    MAX_XLSX_TOTAL_BYTES,
    XLSX_RATIO_FROM_BYTES,
)

_PROLOG_BYTES = 4096
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_PART = (".xml", ".rels", ".vml")
_SHARED_STRINGS = re.compile(r"(^|/)sharedStrings\.xml$", re.IGNORECASE)


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def check_archive(data: bytes, source: str) -> None:
    """Refuse a workbook whose parts are too many, too large, too compressed or declare entities."""
    where = source or "input"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise FormatError(f"{where}: not a complete XLSX workbook ({_short(error)}); it may be truncated or damaged: "
                          "save it again from Excel/WPS") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_XLSX_MEMBERS:
            raise FormatError(f"{where}: refused: the workbook has {len(parts):,} parts; a spreadsheet Sidekick "
                              f"reads has at most {MAX_XLSX_MEMBERS:,}")
        total = 0
        for part in parts:
            total += part.file_size
            if part.file_size > MAX_XLSX_MEMBER_BYTES:
                raise FormatError(f"{where}: refused: the part {part.filename} would unpack to {_mb(part.file_size)} "
                                  f"(at most {_mb(MAX_XLSX_MEMBER_BYTES)}); split the workbook")
            if part.file_size > XLSX_RATIO_FROM_BYTES and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1):
                ratio = part.file_size // max(part.compress_size, 1)
                raise FormatError(f"{where}: refused: the part {part.filename} unpacks {ratio:,} "
                                  f"times larger than it is stored (a zip bomb; real workbooks stay under "
                                  f"{MAX_XLSX_RATIO}×)")
        if total > MAX_XLSX_TOTAL_BYTES:
            raise FormatError(f"{where}: refused: the workbook would unpack to {_mb(total)} "
                              f"(at most {_mb(MAX_XLSX_TOTAL_BYTES)}); split it")
        for part in parts:
            if part.filename.lower().endswith(_XML_PART):
                _check_prolog(archive, part, where)
            if _SHARED_STRINGS.search(part.filename):
                _check_shared_strings(archive, part, where)


def _short(error: Exception) -> str:
    """An error's text, cut short: zipfile quotes whole headers of a damaged archive."""
    text = str(error) or type(error).__name__
    return text if len(text) <= 160 else text[:150] + "…"


def _read_damaged(where: str, error: Exception) -> FormatError:
    return FormatError(f"{where}: the workbook is damaged or truncated ({_short(error)}); save it again from Excel/WPS")


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo, where: str) -> None:
    try:
        with archive.open(part) as stream:
            head = stream.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as error:
        raise _read_damaged(where, error) from None
    found = _DECLARATION.search(head)
    if found:
        raise FormatError(f"{where}: refused: the part {part.filename} declares a {found.group(1).decode().upper()} "
                          "(XML entities can expand to gigabytes or read other files); Excel and WPS never write "
                          "one: save the workbook again from Excel/WPS")


def _check_shared_strings(archive: zipfile.ZipFile, part: zipfile.ZipInfo, where: str) -> None:
    """Count ``<si>`` entries in 1 MB steps (openpyxl holds every shared string in memory)."""
    count = 0
    carry = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                block = carry + chunk
                count += block.count(b"<si>") + block.count(b"<si ")
                carry = block[-3:]
                # "<si>" split across chunks is counted once: the carry never holds a whole tag.
                if count > MAX_XLSX_SHARED_STRINGS:
                    raise FormatError(f"{where}: refused: the workbook has more than "
                                      f"{MAX_XLSX_SHARED_STRINGS:,} shared texts; split it")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise _read_damaged(where, error) from None


def bounded_rows(rows: Iterator[tuple[object, ...]], where: str) -> Iterator[tuple[object, ...]]:
    """``rows`` of a sheet, refused past Excel's row limit or the cell budget."""
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        if number > MAX_SHEET_ROWS:
            raise FormatError(f"{where}: refused: the sheet goes past row {MAX_SHEET_ROWS:,} (blank rows "
                              "count); Sidekick reads at most that many rows per sheet: delete unused rows or split it")
        if cells > MAX_SHEET_CELLS:
            raise FormatError(f"{where}: refused at row {number}: the sheet holds more than {MAX_SHEET_CELLS:,} "
                              "cells (counting blank ones); delete unused rows and columns, or split it")
        yield row
