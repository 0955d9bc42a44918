"""The demo shop loads once, names the shop and agent, and never overwrites names already set."""

from __future__ import annotations

from dataclasses import replace

from sidekick.core.demo import DEMO_AGENT_NAME, DEMO_SHOP_NAME
from sidekick.db import repository
from sidekick.db.demo_loader import load_demo_shop
from sidekick.db.settings_store import load_settings, save_settings


def test_demo_names_the_shop_and_a_second_load_changes_nothing(store) -> None:
    first = load_demo_shop(store)
    with store.session() as session:
        settings, _ = load_settings(session=session)
        counted = repository.counts(session=session)
    assert (settings.shop_name, settings.agent_name) == (DEMO_SHOP_NAME, DEMO_AGENT_NAME)
    assert counted["team"] + counted["personal"] >= 150 and counted["products"] >= 40
    assert first.phrases.added == counted["team"] + counted["personal"]
    again = load_demo_shop(store)
    assert again.phrases.added == 0 and again.phrases.updated == 0


def test_names_the_agent_chose_are_kept(store) -> None:
    with store.session() as session:
        settings, _ = load_settings(session=session)
        save_settings(session=session, settings=replace(settings, shop_name="我的小店", agent_name="阿杰"))
    load_demo_shop(store)
    with store.session() as session:
        settings, _ = load_settings(session=session)
    assert (settings.shop_name, settings.agent_name) == ("我的小店", "阿杰")
