"""``sidekick search --json`` shows each hit's reply through the popup's reply pipeline."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sidekick.cli.main import main
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.settings_store import save_settings
from sidekick.db.store import Store


def test_search_json_carries_the_reply_the_popup_previews(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    with store.session() as session:
        save_settings(session=session, settings=replace(Settings(), shop_name="青棉小筑", agent_name="小棉"))
        repo.save_phrase(session=session, phrase=Phrase(new_id(), LibraryKind.TEAM, CategoryPath("接待"), "问候",
                                                        "您好，{店铺}客服{客服}为您服务", code="hy"))
        repo.save_phrase(session=session, phrase=Phrase(new_id(), LibraryKind.TEAM, CategoryPath("接待"), "推荐",
                                                        "推荐这款：{商品.标题}", code="tjx"))
    assert main(["search", "hy", "--json"]) == 0
    greeting = json.loads(capsys.readouterr().out)[0]
    assert greeting["reply"] == "您好，青棉小筑客服小棉为您服务" and greeting["reply_problem"] is None
    assert main(["search", "tjx", "--json"]) == 0
    product = json.loads(capsys.readouterr().out)[0]
    assert product["reply"] == "推荐这款：〔选择商品〕" and product["reply_problem"] == "no_product"
