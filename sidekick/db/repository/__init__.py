"""Plain functions over the local database, taking a keyword-only session, returning core types.

The caller owns the transaction (``sidekick.db.engine.session_scope``): these functions never
commit, so several calls compose into one all-or-nothing write.

Team rows carry sync bookkeeping: a local edit sets ``dirty`` (a pending change for the hub)
unless the caller says the change came *from* the hub (``from_hub=True``). Deletions of team
rows leave a tombstone so they can be published; personal rows are deleted outright.
``phrase_values`` holds that rule for phrase rows; ``write_phrase_rows`` applies it in bulk for
writers that have already done ``save_phrase``'s checks (the library import, the hub pull).
"""

from __future__ import annotations

from sidekick.db.repository.bulk import (  # noqa: F401  re-exported: the package interface
    PhraseValues,
    phrase_values,
    write_phrase_rows,
)
from sidekick.db.repository.categories import (  # noqa: F401  re-exported: the package interface
    create_category,
    delete_category,
    ensure_category,
    list_categories,
    move_category,
    rename_category,
    restore_category,
)
from sidekick.db.repository.common import (  # noqa: F401  re-exported: the package interface
    LIBRARY_IDS,
    DuplicateCodeError,
    RepositoryError,
    ensure_libraries,
    phrase_search_forms,
    product_search_forms,
)
from sidekick.db.repository.library import (  # noqa: F401  re-exported: the package interface
    counts,
    load_library,
)
from sidekick.db.repository.phrases import (  # noqa: F401  re-exported: the package interface
    delete_phrase,
    find_phrase_by_code,
    get_phrase,
    get_phrases,
    list_phrases,
    move_phrases,
    save_phrase,
)
from sidekick.db.repository.products import (  # noqa: F401  re-exported: the package interface
    delete_product,
    find_product_by_item_id,
    get_product,
    list_products,
    save_product,
    set_relations,
    tag_counts,
)
from sidekick.db.repository.usage import (  # noqa: F401  re-exported: the package interface
    record_usage,
    usage_stats,
)
