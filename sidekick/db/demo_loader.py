"""Loading the demo shop into the local database (the CLI's ``demo`` and the app's first start)."""

from __future__ import annotations

from dataclasses import replace

from sidekick.core.demo import DEMO_AGENT_NAME, DEMO_SHOP_NAME, load_demo
from sidekick.db.library_import import ImportSummary, Progress, import_library
from sidekick.db.settings_store import load_settings, save_settings
from sidekick.db.store import Store


def load_demo_shop(store: Store, progress: Progress | None = None) -> ImportSummary:
    """Import the demo phrases and products, and name the shop and agent if they have no name yet."""
    library = load_demo()
    with store.session() as session:
        summary = import_library(session=session, library=library, progress=progress)
        settings, _ = load_settings(session=session)
        named = replace(settings, shop_name=settings.shop_name or DEMO_SHOP_NAME,
                        agent_name=settings.agent_name or DEMO_AGENT_NAME)
        if named != settings:
            save_settings(session=session, settings=named)
    return summary
