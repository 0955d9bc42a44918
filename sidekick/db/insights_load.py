"""What the insights need from the local database, read with the sqlite3 module alone.

The usage history (``usage_log.load_usage_records``), the no-result counts, and a catalog of
the live phrases and products (id → title, library) so figures can name replies and the
stale list can cover replies never used. Titles are library content, not usage.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sidekick.core.insights import CatalogEntry, InsightsSource
from sidekick.db.usage_log import load_last_uses, load_search_misses, load_usage_records

_CATALOG = """
SELECT p.id, p.title, l.kind FROM phrase p JOIN library l ON l.id = p.library_id WHERE NOT p.deleted
UNION ALL
SELECT id, title, 'product' FROM product WHERE NOT deleted
"""


def load_catalog(database: Path) -> dict[str, CatalogEntry]:
    connection = sqlite3.connect(database, timeout=30)
    try:
        return {str(key): CatalogEntry(str(title or ""), str(kind)) for key, title, kind in connection.execute(_CATALOG)}
    finally:
        connection.close()


def load_insights_source(database: Path, since: datetime | None = None) -> InsightsSource:
    """The history from ``since`` (naive UTC; None: all of it) with every target's last use."""
    return InsightsSource(load_usage_records(database, since), load_search_misses(database), load_catalog(database),
                          last_used=load_last_uses(database) if since is not None else {}, records_since=since)
