"""Which exchange format a file is, for import (extension + content) and export (extension or name).

Format modules are imported lazily: loading the CLI must not import openpyxl or PyYAML, and a
format module being rebuilt does not break the others. Every foreign module offers
``sniff(data, filename) -> bool``, ``read(data, source, library, *, progress=None) -> ImportResult``
and ``write(library, kind) -> bytes``; Sidekick's own JSON and spreadsheets have their own
entry points (``json_format``, ``tabular``) adapted here.

Import detection, by extension:
- ``.json``: Sidekick JSON (``"format": "sidekick"``), else Beeftext ``comboList.json``;
  anything else is read as Sidekick JSON so the user sees why it is not valid.
- ``.csv``/``.txt``: Qianniu (header ``快捷短语编码,…`` or ``快捷编码,…``), Sidekick phrases or
  products (a Sidekick header), header-less three-column Beeftext or TextExpander; anything else
  is read as a Sidekick CSV so the user sees which column is missing.
- ``.yml``/``.yaml``: Espanso. ``.xlsx``/``.xlsm``: Sidekick spreadsheet.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from types import ModuleType
from typing import Any

from sidekick.core.exchange.base import FormatError, ImportResult, in_file
from sidekick.core.exchange.common import fill_known
from sidekick.core.messages import Message
from sidekick.core.placeholders import TokenKind
from sidekick.core.progress import Progress
from sidekick.core.types import Library, LibraryKind


@dataclass(frozen=True, slots=True)
class Format:
    """One exchange format."""

    name: str  # what ``--format`` takes
    label: str  # what messages call it
    module: str  # module below sidekick.core.exchange
    one_library: bool = True  # holds phrases of a single library (export needs --library)
    products: bool = False  # can hold products


FORMATS = {f.name: f for f in (
    Format("json", "Sidekick JSON", "json_format", one_library=False, products=True),
    Format("csv", "Sidekick CSV", "tabular", one_library=False, products=True),
    Format("xlsx", "Sidekick XLSX", "tabular", one_library=False, products=True),
    Format("qianniu", "Qianniu quick phrases CSV", "qianniu"),
    Format("espanso", "Espanso YAML", "espanso"),
    Format("beeftext", "Beeftext comboList.json", "beeftext"),
    Format("beeftext-csv", "Beeftext CSV", "beeftext"),
    Format("textexpander", "TextExpander CSV", "textexpander"),
)}

_EXPORT_EXTENSIONS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".yml": "espanso", ".yaml": "espanso"}


def module(fmt: Format) -> ModuleType:
    """The format's module, imported on first use."""
    try:
        return importlib.import_module(f"sidekick.core.exchange.{fmt.module}")
    except ModuleNotFoundError as error:
        if error.name != f"sidekick.core.exchange.{fmt.module}":
            raise
        raise FormatError(Message("%1 is not available in this build of Sidekick", fmt.label)) from error


def _sniffs(name: str, data: bytes, filename: str) -> bool:
    """Ask a foreign module whether it recognises the file; a missing module recognises nothing."""
    try:
        found = module(FORMATS[name])
    except FormatError:
        return False
    sniff: Callable[[bytes, str], bool] | None = getattr(found, "sniff", None)
    return bool(sniff and _safely(sniff, data, filename))


def _safely(sniff: Callable[[bytes, str], object], data: bytes, filename: str) -> bool:
    """A sniffer looks at a broken file's first bytes too: what it cannot parse is not its format."""
    try:
        return bool(sniff(data, filename))
    except (ValueError, csv.Error, LookupError):  # UnicodeError is a ValueError
        return False


def _suffix(filename: str) -> str:
    return PurePath(filename.lower()).suffix


# Detection needs only the start of a file: callers read this much, never all of a large CSV.
SNIFF_BYTES = 1 << 20


def detect(data: bytes, filename: str) -> Format:
    """The import format of ``data`` named ``filename``; ``FormatError`` when none fits."""
    suffix = _suffix(filename)
    if suffix == ".json":
        from sidekick.core.exchange import json_format

        if json_format.sniff(data, filename) or not _sniffs("beeftext", data, filename):
            return FORMATS["json"]
        return FORMATS["beeftext"]
    if suffix in {".csv", ".txt"}:
        from sidekick.core.exchange import tabular

        if _sniffs("qianniu", data, filename):
            return FORMATS["qianniu"]
        if _safely(tabular.sniff, data, filename):
            return FORMATS["csv"]
        if _beeftext_csv(data, filename):
            return FORMATS["beeftext-csv"]
        if _sniffs("textexpander", data, filename):
            return FORMATS["textexpander"]
        return FORMATS["csv"]
    if suffix in {".yml", ".yaml"}:
        return FORMATS["espanso"]
    if suffix in {".xlsx", ".xlsm"}:
        return FORMATS["xlsx"]
    if suffix == ".xls":
        raise FormatError(in_file(filename, Message("old-style .xls workbooks are not read; save it as .xlsx (Excel "
                                                    "Workbook) or as CSV UTF-8 in Excel/WPS and import that")))
    raise FormatError(in_file(filename, Message("unknown file type %1; Sidekick imports .json, .csv, .xlsx and .yml "
                                                "files", suffix or Message("(no extension)"))))


def _beeftext_csv(data: bytes, filename: str) -> bool:
    try:
        found = module(FORMATS["beeftext"])
    except FormatError:
        return False
    sniff_csv = getattr(found, "sniff_csv", None)
    return bool(sniff_csv and _safely(sniff_csv, data, filename))


def read(fmt: Format, data: bytes, source: str, library: LibraryKind | None, *,
         progress: Progress | None = None) -> ImportResult:
    """Parse ``data`` in ``fmt``. Foreign formats hold one library: ``library`` (default personal)."""
    found = module(fmt)
    if fmt.name == "json":
        return found.read(data, source)
    if fmt.name in {"csv", "xlsx"}:
        reader = found.read_xlsx if fmt.name == "xlsx" else found.read_csv
        return reader(data, source, library)
    target = library or LibraryKind.PERSONAL
    entry = getattr(found, "read_csv", None) if fmt.name == "beeftext-csv" else found.read
    if entry is None:
        raise FormatError(Message("%1 cannot be imported by this build of Sidekick", fmt.label))
    kwargs: dict[str, Any] = {"progress": progress} if progress is not None else {}
    return entry(data, source, target, **kwargs)


def export_format(filename: str, name: str | None = None) -> Format:
    """The export format: ``name`` (``--format``) if given, else from the file name."""
    if name:
        if name not in FORMATS:
            raise FormatError(Message("unknown format %1; choose one of %2", repr(name), ", ".join(FORMATS)))
        return FORMATS[name]
    lowered = filename.lower()
    if lowered.endswith(".qianniu.csv"):
        return FORMATS["qianniu"]
    suffix = _suffix(lowered)
    if suffix not in _EXPORT_EXTENSIONS:
        raise FormatError(in_file(filename, Message("cannot tell the format from %1; use .json, .csv, .xlsx, "
                                                    ".qianniu.csv or .yml, or pass --format",
                                                    suffix or Message("a name without extension"))))
    return FORMATS[_EXPORT_EXTENSIONS[suffix]]


def write(fmt: Format, library: Library, kind: LibraryKind | None, *, products: bool = False,
          known: Mapping[TokenKind, str] | None = None) -> bytes:
    """``library`` as ``fmt`` bytes. One-library formats need ``kind``; ``products`` picks the product sheet.

    ``known`` gives values (shop, agent name) written instead of their placeholders in other
    tools' formats, which cannot fill them in; Sidekick's own formats ignore it.
    """
    found = module(fmt)
    if products and not fmt.products:
        raise FormatError(Message("%1 holds phrases only; export products as .json, .csv or .xlsx", fmt.label))
    if fmt.name == "json":
        return found.write(library, kind)
    if fmt.name in {"csv", "xlsx"}:
        writer = found.write_xlsx if fmt.name == "xlsx" else found.write_csv
        return writer(library, products=products, kind=kind)
    if kind is None:
        raise FormatError(Message("%1 holds one library: add --library team or --library personal", fmt.label))
    entry = getattr(found, "write_csv", None) if fmt.name == "beeftext-csv" else found.write
    if entry is None:
        raise FormatError(Message("%1 cannot be exported by this build of Sidekick", fmt.label))
    return entry(fill_known(library, known), kind)


def export_warnings(fmt: Format, library: Library, kind: LibraryKind | None, *,
                    known: Mapping[TokenKind, str] | None = None) -> tuple[Any, ...]:
    """What a foreign format cannot carry (the module's ``export_warnings``, when it has one).

    ``known`` as for :func:`write`: placeholders filled in from it are not reported.
    """
    library = fill_known(library, known)
    if fmt.module in {"json_format", "tabular"} or kind is None:
        return ()
    try:
        found = module(fmt)
    except FormatError:
        return ()
    warn = getattr(found, "export_warnings_csv" if fmt.name == "beeftext-csv" else "export_warnings", None)
    return tuple(warn(library, kind)) if warn else ()
