"""The Insights window's backend: reads the local history, exports figures, moves stale replies.

Reading is the sqlite3 loader of ``sidekick.db.insights_load``; the figures are computed by the
window with ``sidekick.core.insights``. "Move to 待清理" goes through ``LibraryService`` so the
team library's edit permission and the hub's pending changes work as in the library window.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sidekick.config.settings import Settings
from sidekick.core.insights import InsightsSource, TeamCount, local_offset
from sidekick.core.messages import message_of
from sidekick.core.types import CategoryPath, LibraryKind
from sidekick.db.store import Store

if TYPE_CHECKING:
    from sidekick.app.library_service import LibraryService
    from sidekick.hub.client import HubClient

CLEANUP_CATEGORY = "待清理"  # the category stale replies are moved to, in their own library
HEADER = ("figure", "key", "value", "extra")

Row = tuple[str, str, str, str]


def csv_bytes(rows: Sequence[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # -sig: Excel opens it as UTF-8


def xlsx_bytes(rows: Sequence[Row]) -> bytes:
    """One sheet per figure, so each opens as its own table."""
    from openpyxl import Workbook

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)  # the default empty sheet; each table gets its own
    for row in rows:
        name = row[0][:31]  # Excel's limit on sheet names
        if name in book.sheetnames:
            sheet = book[name]
        else:
            sheet = book.create_sheet(name)
            sheet.append(HEADER[1:])
        sheet.append([_number(value) for value in row[1:]])
    if not book.sheetnames:
        book.create_sheet("empty")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(value: str) -> object:
    try:
        return int(value)
    except ValueError:
        return value


def write_export(path: Path, rows: Sequence[Row]) -> None:
    """CSV or XLSX by the file's suffix, written beside and renamed: never half a file."""
    data = xlsx_bytes(rows) if path.suffix.lower() == ".xlsx" else csv_bytes(rows)
    part = path.with_name(f".{path.name}.part")
    try:
        part.write_bytes(data)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


class InsightsService:
    def __init__(self, store: Store, settings: Callable[[], Settings], *, library: LibraryService,
                 on_change: Callable[[], None], hub: HubClient | None = None) -> None:
        self._store = store
        self._hub = hub  # the app's hub client when connected: the lead's team figures
        self._settings = settings
        self._library = library  # a LibraryService: permission checks, pending changes
        self._on_change = on_change

    def source(self, since: datetime | None = None) -> InsightsSource:
        """The history from ``since`` (naive UTC; None: all), with every reply's last use."""
        from sidekick.db.insights_load import load_insights_source

        return load_insights_source(self._store.path, since)

    def today(self) -> date:
        return date.today()

    def tz_offset(self) -> timedelta:
        return local_offset()

    def export(self, path: Path, rows: Sequence[Row]) -> None:
        write_export(path, rows)

    def team_available(self) -> bool:
        """A lead on a hub (the role last seen; the hub checks it again on every read)."""
        from sidekick.db.team_access import hub_role

        if self._hub is None:
            return False
        with self._store.session(read_only=True) as session:
            return hub_role(session) == "lead"

    def team_counts(self, since: date, until: date) -> list[TeamCount]:
        from sidekick.hub.errors import HubError
        from sidekick.ui.insights import TeamUsageError

        if self._hub is None:
            raise TeamUsageError("this computer is not connected to a team hub")
        try:
            return self._hub.team_usage(since, until)
        except HubError as error:
            raise TeamUsageError(message_of(error)) from error

    def move_to_cleanup(self, phrase_ids: Sequence[str], libraries: dict[str, str]) -> int:
        """Move phrases to 待清理 in their own library; returns how many moved.

        Raises the library's error (its message is for the agent) when the team library is not
        theirs to edit."""
        moved = 0
        for kind in (LibraryKind.PERSONAL, LibraryKind.TEAM):
            ids = [pid for pid in phrase_ids if libraries.get(pid) == kind.value]
            if ids:
                self._library.move_phrases(ids, kind, CategoryPath(CLEANUP_CATEGORY))
                moved += len(ids)
        if moved:
            self._on_change()
        return moved
