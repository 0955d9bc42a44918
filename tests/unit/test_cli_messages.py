"""Command-line messages a shop reads: ``doctor`` labels, ``hub status`` without a hub, empty searches."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sidekick.cli import data_cmd
from sidekick.cli.main import main
from sidekick.cli.search_cmd import no_results_message
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.store import Store


def add(store: Store, title: str, body: str, **extra: object) -> None:
    with store.session() as session:
        repo.save_phrase(session=session, phrase=Phrase(
            new_id(), LibraryKind.TEAM, CategoryPath("活动"), title, body, **extra))


def test_doctor_names_the_platform_backend_once(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    labels = [label for label, _value in data_cmd._platform_rows()]
    assert "platform backend" in labels or labels == ["platform backends"]
    assert not any("backend backend" in label for label in labels)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "backend backend" not in out


def test_hub_status_without_a_hub_speaks_plainly(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    add(store, "发货", "您好，今天下单明天发货")  # a local team edit: no "pending" talk about it
    assert main(["hub", "status"]) == 0
    out = capsys.readouterr().out
    assert "no" in out.split("\n")[0] and "team hub" in out
    assert "edited here" in out
    assert "pending" not in out.lower() and "not connected" not in out


def test_search_says_when_matches_are_outside_their_validity_window(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now().replace(microsecond=0)
    add(store, "双11预售", "双11定金立减50元", valid_from=now + timedelta(days=30), valid_until=now + timedelta(days=31))
    add(store, "双11返场", "双11返场活动已开始", valid_from=now - timedelta(days=60), valid_until=now - timedelta(days=59))
    add(store, "发货时间", "您好，今天下单明天发货")
    assert main(["search", "双11"]) == 0
    out = capsys.readouterr().out
    assert "no results for '双11'" in out
    assert "2 phrases match but are outside their validity window" in out

    assert main(["search", "退款到账"]) == 0
    assert capsys.readouterr().out.strip() == "no results for '退款到账'"

    # A phrase valid now is found as usual; the dated ones do not change that.
    assert main(["search", "发货"]) == 0
    assert "发货时间" in capsys.readouterr().out


def test_no_results_message_wording() -> None:
    assert no_results_message("x", 0) == "no results for 'x'"
    assert "1 phrase matches but is outside its validity window" in no_results_message("x", 1)
