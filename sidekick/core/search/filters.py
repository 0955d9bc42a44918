"""Which items a query may return: alive, valid now, and through the query's filters."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from sidekick.core.search.query import Query
from sidekick.core.search.store import LIB_PERSONAL, LIB_PRODUCT, LIB_TEAM, Store, local_seconds
from sidekick.core.types import LibraryKind


def allowed_items(
    store: Store, q: Query, now_local: datetime, tags: dict[str, set[int]]
) -> np.ndarray:
    """Boolean mask over item slots (``tags``: folded product tag → slots)."""
    now = local_seconds(now_local, 0.0)
    allowed = store.alive & (store.vfrom <= now) & (store.vuntil > now)
    if q.library is not None:
        allowed &= store.lib == (LIB_TEAM if q.library == LibraryKind.TEAM else LIB_PERSONAL)
    for tag in q.tags:
        has = np.zeros(store.n_items, dtype=bool)
        for name, slots in tags.items():
            if name.startswith(tag) and slots:
                has[list(slots)] = True
        allowed &= has
    for cat, sub in q.categories:
        ok = np.array(
            [
                (c.startswith(cat) and s.startswith(sub)) if sub else (c.startswith(cat) or s.startswith(cat))
                for c, s in store.category_names
            ]
            + [False],
            dtype=bool,
        )
        allowed &= ok[store.cat] & (store.lib != LIB_PRODUCT)
    return allowed
