"""Category rows → category paths: the one rule every reader of the ``category`` table follows.

Storage keeps a two-level tree as rows of ``(id, parent_id, name)``. The repository, the search and
suggestion loaders, the importer and the hub's pull and publish all need "id → ``CategoryPath``";
they get it here, so they agree on every row, the odd ones included.

The orphan rule: a subcategory whose parent is not among the rows given (deleted away, or never
received) has no path, and a phrase in it reads as uncategorised (``CategoryPath()``), exactly like
a phrase without a category. It is never promoted to a top-level category of its own name (that
would merge it with a real category of the same name) nor read as ``CategoryPath("", name)``
(which is invalid and raises).
"""

from __future__ import annotations

from collections.abc import Iterable

from sidekick.core.types import CategoryPath



def category_paths(rows: Iterable[tuple[str, str | None, str | None]]) -> dict[str, CategoryPath]:
    """id → path for ``rows`` of ``(id, parent_id, name)``; orphans are left out (see above).

    The result keeps the order of ``rows``.
    """
    listed = list(rows)
    names = {cid: (parent, name or "") for cid, parent, name in listed}
    paths: dict[str, CategoryPath] = {}
    for cid, parent, name in listed:
        if parent is None:
            paths[cid] = CategoryPath(name or "")
        elif parent in names:
            paths[cid] = CategoryPath(names[parent][1], name or "")
    return paths


def path_of(paths: dict[str, CategoryPath], category_id: str | None) -> CategoryPath:
    """The path of ``category_id`` (None, unknown and orphans: uncategorised)."""
    if category_id is None:
        return CategoryPath()
    return paths.get(category_id) or CategoryPath()
