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

from sidekick.core.exchange.base import FormatError, in_file
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
from sidekick.core.messages import Message

_PROLOG_BYTES = 4096
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_PART = (".xml", ".rels", ".vml")
_SHARED_STRINGS = re.compile(r"(^|/)sharedStrings\.xml$", re.IGNORECASE)


def _mb(size: int) -> str:
    return Message("%1 MB", f"{size / (1 << 20):,.0f}")


def check_archive(data: bytes, source: str) -> None:
    """Refuse a workbook whose parts are too many, too large, too compressed or declare entities."""
    where = source or Message("input")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise FormatError(in_file(where, Message("not a complete XLSX workbook (%1); it may be truncated or damaged: "
                                                 "save it again from Excel/WPS", _short(error)))) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_XLSX_MEMBERS:
            raise _refused(where, Message("the workbook has %1 parts; a spreadsheet Sidekick reads has at most %2",
                                          f"{len(parts):,}", f"{MAX_XLSX_MEMBERS:,}"))
        total = 0
        for part in parts:
            total += part.file_size
            if part.file_size > MAX_XLSX_MEMBER_BYTES:
                raise _refused(where, Message("the part %1 would unpack to %2 (at most %3); split the workbook",
                                              part.filename, _mb(part.file_size), _mb(MAX_XLSX_MEMBER_BYTES)))
            if part.file_size > XLSX_RATIO_FROM_BYTES and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1):
                raise _refused(where, Message("the part %1 unpacks %2 times larger than it is stored (a zip bomb; "
                                              "real workbooks stay under %3×)", part.filename,
                                              f"{part.file_size // max(part.compress_size, 1):,}", MAX_XLSX_RATIO))
        if total > MAX_XLSX_TOTAL_BYTES:
            raise _refused(where, Message("the workbook would unpack to %1 (at most %2); split it",
                                          _mb(total), _mb(MAX_XLSX_TOTAL_BYTES)))
        for part in parts:
            if part.filename.lower().endswith(_XML_PART):
                _check_prolog(archive, part, where)
            if _SHARED_STRINGS.search(part.filename):
                _check_shared_strings(archive, part, where)


def _short(error: Exception) -> str:
    """An error's text, cut short: zipfile quotes whole headers of a damaged archive."""
    text = str(error) or type(error).__name__
    return text if len(text) <= 160 else text[:150] + "…"


def _refused(where: str, reason: str) -> FormatError:
    return FormatError(in_file(where, Message("refused: %1", reason)))


def _read_damaged(where: str, error: Exception) -> FormatError:
    return FormatError(in_file(where, Message("the workbook is damaged or truncated (%1); save it again from "
                                              "Excel/WPS", _short(error))))


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo, where: str) -> None:
    try:
        with archive.open(part) as stream:
            head = stream.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as error:
        raise _read_damaged(where, error) from None
    found = _DECLARATION.search(head)
    if found:
        raise _refused(where, Message("the part %1 declares a %2 (XML entities can expand to gigabytes or read other "
                                      "files); Excel and WPS never write one: save the workbook again from Excel/WPS",
                                      part.filename, found.group(1).decode().upper()))


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
                    raise _refused(where, Message("the workbook has more than %1 shared texts; split it",
                                                  f"{MAX_XLSX_SHARED_STRINGS:,}"))
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise _read_damaged(where, error) from None


def bounded_rows(rows: Iterator[tuple[object, ...]], where: str) -> Iterator[tuple[object, ...]]:
    """``rows`` of a sheet, refused past Excel's row limit or the cell budget."""
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        if number > MAX_SHEET_ROWS:
            raise _refused(where, Message("the sheet goes past row %1 (blank rows count); Sidekick reads at most that "
                                          "many rows per sheet: delete unused rows or split it", f"{MAX_SHEET_ROWS:,}"))
        if cells > MAX_SHEET_CELLS:
            raise FormatError(in_file(where, Message("refused at row %1: the sheet holds more than %2 cells (counting "
                                                     "blank ones); delete unused rows and columns, or split it",
                                                     number, f"{MAX_SHEET_CELLS:,}")))
        yield row
