"""Reading a Sidekick CSV or XLSX file from disk as a record stream that can be read twice.

The import plans from one pass and writes from a second (``sidekick.db.library_import``), so a
large CSV is never held in memory as phrase objects.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sidekick.core.exchange import tabular
from sidekick.core.exchange.base import FormatError, in_file
from sidekick.core.exchange.tabular import RowRecord
from sidekick.core.messages import Message
from sidekick.core.progress import Progress
from sidekick.core.types import LibraryKind, Problem, Product
from sidekick.db.library_import import ImportPlan, PhraseStream, ProductOrigins, plan_stream

if TYPE_CHECKING:
    from sqlmodel import Session

# The formats read by streaming from disk; every other format is read whole.
TABLE_FORMATS = frozenset({"csv", "xlsx"})


@dataclass
class TableSource:
    """A Sidekick CSV/XLSX ready to plan: phrases as a re-readable stream, products in memory."""

    phrases: PhraseStream
    products: list[Product]
    problems: list[Problem]
    warnings: list[Problem]
    # Where each product came from, so the importer's own checks (relations) name file, row, column.
    product_rows: ProductOrigins = field(default_factory=ProductOrigins)


def table_source(path: Path, default_library: LibraryKind | None = None, *, force_library: bool = False,
                 progress: Progress | None = None) -> TableSource:
    """Open a Sidekick spreadsheet for streaming; ``progress`` gets (bytes read, file size) per pass.

    A CSV is read from disk on every pass (its encoding found by one quick scan first), so memory
    stays flat however large the file; an XLSX is streamed from its bytes by openpyxl's read-only mode.
    """
    source = path.name
    size = path.stat().st_size
    is_xlsx = path.suffix.lower() in {".xlsx", ".xlsm"}
    if is_xlsx:
        data = path.read_bytes()
    else:
        with path.open("rb") as handle:
            encoding = tabular.detect_encoding(iter(lambda: handle.read(1 << 20), b""), source)

    def sheets() -> Iterator[tuple[str, Iterator[list[object]], Callable[[], int]]]:
        if is_xlsx:
            found = tabular.xlsx_sheets(data, source)
            for name, rows in found:
                yield (f"{source} [{name}]" if len(found) > 1 else source), rows, lambda: 0
            return
        with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
            yield source, tabular.iter_csv(text, source), raw.tell

    products: list[Product] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    phrase_sheets: set[str] = set()
    checks = tabular.FileChecks(source)
    origins = ProductOrigins()
    for where, rows, _ in sheets():
        first, number = _first_row(rows)
        if first is None:
            continue
        header, header_problems = tabular.read_header(first, where)
        problems += header_problems
        if header is None:
            continue
        if header.kind == "phrases":
            phrase_sheets.add(where)
            continue
        for record in tabular.iter_product_records(rows, header, where, first_row=number + 1):
            problems += record.problems + checks.check(record, header)
            warnings += record.warnings
            if isinstance(record.item, Product):
                products.append(record.item)
                origins.rows[record.item.id] = (where, record.row, header)
            elif record.item_ref:
                origins.refused.add(record.item_ref)
    if not phrase_sheets and not products and not problems:
        raise FormatError(in_file(source, Message("the file is empty (no header row, no data)")))

    def phrases() -> Iterator[RowRecord]:
        for where, rows, tell in sheets():
            if where not in phrase_sheets:
                continue
            first, number = _first_row(rows)
            header, _ = tabular.read_header(first or [], where)
            assert header is not None
            records = tabular.iter_phrase_records(rows, header, where, default_library, first_row=number + 1,
                                                  force_library=force_library)
            for count, record in enumerate(records, 1):
                yield record
                if progress is not None and count % 2000 == 0 and tell():
                    progress(tell(), size)
        if progress is not None:
            progress(size, size)

    return TableSource(phrases, tabular.resolve_file_refs(products), problems, warnings, origins)


def plan_table(session: Session, path: Path, *, source: str, library: LibraryKind | None = None,
               force_library: bool = False, keep: bool = False, progress: Progress | None = None) -> ImportPlan:
    """Check a Sidekick CSV/XLSX for import: every problem of the file at once, as every caller reports it.

    Rows with problems are left out of the plan, which still checks the rest (relations, duplicates,
    placeholders). ``library`` fills rows that name none; with ``force_library`` every phrase goes
    there (the library window imports into the library it shows). ``keep`` keeps the planned phrases
    for a preview. Raises ``FormatError`` for a file that cannot be read as a table at all.
    """
    table = table_source(path, library, force_library=force_library, progress=progress)
    plan = plan_stream(session=session, phrases=table.phrases, products=table.products, source=source,
                       product_rows=table.product_rows, keep=keep)
    plan.problems[:0] = table.problems
    plan.warnings[:0] = table.warnings
    return plan


def _first_row(rows: Iterator[list[object]]) -> tuple[list[object] | None, int]:
    """The first non-blank row (the header) and its spreadsheet row number."""
    for number, cells in enumerate(rows, 1):
        if any(tabular.cell_text(c).strip() for c in cells):
            return cells, number
    return None, 0
