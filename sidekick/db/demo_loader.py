"""Loading the demo shop into the local database (the CLI's ``demo`` and the app's first start)."""

from __future__ import annotations

from dataclasses import replace

from sidekick.core.demo import DEMO_AGENT_NAME, DEMO_SHOP_NAME, load_demo
from sidekick.core.progress import Progress
from sidekick.db.library_import import ImportSummary, import_library
from sidekick.db.repository import RepositoryError
from sidekick.db.settings_store import load_settings, save_settings
from sidekick.db.store import Store

HUB_MESSAGE = (
    "this machine uses a team hub: its team library and products come from the hub, so the demo "
    "shop is not loaded (it would mix a made-up shop into the team's data)"
)


class DemoRefused(RepositoryError):
    """The demo shop does not go into a machine connected to a team hub."""


def hub_configured(store: Store) -> bool:
    settings, _ = store.read_settings()
    return bool(settings.hub_url.strip() and settings.hub_user.strip())


def first_start(store: Store) -> str:
    """What the app's first start does with an empty library: "demo" (loaded the demo shop),
    "hub" (a hub is configured: nothing is loaded, the first sync brings the team's copy) or
    "" (not empty: nothing to do)."""
    if not store.is_empty():
        return ""
    if hub_configured(store):
        return "hub"
    load_demo_shop(store)
    return "demo"


def load_demo_shop(store: Store, progress: Progress | None = None) -> ImportSummary:
    """Import the demo phrases and products, and name the shop and agent if they have no name yet.

    Refused (``DemoRefused``) on a machine connected to a team hub."""
    if hub_configured(store):
        raise DemoRefused(HUB_MESSAGE)
    library = load_demo()
    with store.session() as session:
        summary = import_library(session=session, library=library, progress=progress)
        settings, _ = load_settings(session=session)
        named = replace(settings, shop_name=settings.shop_name or DEMO_SHOP_NAME,
                        agent_name=settings.agent_name or DEMO_AGENT_NAME)
        if named != settings:
            save_settings(session=session, settings=named)
    return summary
