"""统计 / Insights window open time with a year of local history over 10k phrases.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/insights.py [--phrases 10000] [--per-day 200] [--rounds 5]

Builds a store with ``--phrases`` phrases (half team, half personal) and a year of usage events
(``--per-day`` uses a day, skewed to the first phrases, with how each was found), then times
what the tray's 统计 entry does: read the history and catalog (``InsightsService.source``),
compute the figures, build the window and paint its first frame. Prints the median and worst of
``--rounds`` openings and the event count; asserts nothing (target: ≤ 300 ms).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def build_store(home: Path, phrases: int, per_day: int) -> tuple[object, int]:
    os.environ["SIDEKICK_HOME"] = str(home)
    from sidekick.core.insights import UseDetails
    from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
    from sidekick.db import repository
    from sidekick.db.repository.bulk import phrase_values, write_phrase_rows
    from sidekick.db.store import open_store
    from sidekick.db.usage_log import write_search_miss, write_usage
    from tests.helpers.usage_history import year_of_events

    store = open_store()
    now = datetime(2026, 11, 30)
    ids: list[str] = []
    with store.session() as session:
        rows = []
        for kind in (LibraryKind.TEAM, LibraryKind.PERSONAL):
            category = repository.ensure_category(session=session, library=kind, path=CategoryPath("常用", "售后"))
            for n in range(phrases // 2):
                phrase = Phrase(id=new_id(), library=kind, category=CategoryPath("常用", "售后"),
                                title=f"回复{kind.value}{n}", body=f"您好，这是第{n}条回复")
                ids.append(phrase.id)
                rows.append(phrase_values(phrase, category_id=category, from_hub=False, now=now, forms=""))
        write_phrase_rows(session, rows, existing_ids=())
    first = date(2025, 12, 1)
    events = year_of_events(agents=1, targets=ids, first_day=first, per_agent_day=per_day)
    connection = sqlite3.connect(store.path)
    with connection:
        for record in events:
            write_usage(connection, record.target_id, record.kind, record.used_at,
                        UseDetails(record.found_via, bool(record.by_alt_number), record.rank, record.action, record.popup_ms))
        for n in range(365):
            write_search_miss(connection, first + timedelta(days=n))
    connection.close()
    return store, len(events)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phrases", type=int, default=10_000)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="sidekick-insights-bench-") as folder:
        store, events = build_store(Path(folder), args.phrases, args.per_day)
        from sidekick.app.insights_service import InsightsService
        from sidekick.ui.insights import InsightsWindow

        service = InsightsService(store, lambda: None, library=None, on_change=lambda: None)
        times: list[float] = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            window = InsightsWindow(service)
            window.show()
            window.repaint()  # the first frame, charts included
            app.processEvents()
            times.append((time.perf_counter() - started) * 1000)
            stale = len(window.insights.stale) if window.insights else 0
            window.close()
            window.deleteLater()
            app.processEvents()
        store.close()
    print(f"{args.phrases} phrases, {events} events over a year, {stale} stale in the default view")
    print(f"open → first frame: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms "
          f"({args.rounds} rounds; target ≤ 300 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
