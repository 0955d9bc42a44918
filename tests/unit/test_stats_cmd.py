"""``sidekick stats``: the insights figures from the local history, as text and CSV."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from sidekick.cli.main import main
from sidekick.core.insights import UseDetails
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository
from sidekick.db.usage_log import write_search_miss, write_usage


def _history(store) -> tuple[str, str]:
    used = Phrase(id=new_id(), library=LibraryKind.PERSONAL, category=CategoryPath("常用"), title="发货时间", body="48小时内发货")
    idle = Phrase(id=new_id(), library=LibraryKind.TEAM, category=CategoryPath("售后"), title="退货地址", body="请寄回")
    with store.session() as session:
        repository.save_phrase(session=session, phrase=used)
        repository.save_phrase(session=session, phrase=idle)
    connection = sqlite3.connect(store.path)
    with connection:
        noon = datetime.combine(date.today(), datetime.min.time()) + timedelta(hours=12)
        for n, rank in enumerate((1, 1, 2)):
            write_usage(connection, used.id, "phrase", noon - timedelta(days=n),
                        UseDetails(found_via="suggestion", rank=rank, action="paste", popup_ms=1000 * (n + 1)))
        write_usage(connection, used.id, "phrase", noon, UseDetails(found_via="search", rank=1, action="copy", popup_ms=4000))
        write_search_miss(connection, date.today())
    connection.close()
    return used.id, idle.id


def test_stats_prints_the_figures(store, capsys) -> None:
    _history(store)
    store.close()
    assert main(["stats", "--stale-days", "30"]) == 0
    out = capsys.readouterr().out
    assert "4 uses" in out
    assert "Found by suggestion 75%, by typed search 25%" in out
    assert "First suggestion right: 67% (2 of 3)" in out
    assert "Searches with no result: 1" in out
    assert "发货时间" in out and "never       退货地址" in out


def test_stats_csv_has_every_figure(store, tmp_path: Path) -> None:
    used, idle = _history(store)
    store.close()
    out = tmp_path / "stats.csv"
    assert main(["stats", "--csv", str(out), "--library", "team"]) == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["figure", "key", "value", "extra"]
    assert ["stale", idle, "", "退货地址"] in rows
    assert not any(row[1] == used for row in rows)  # the team library only


def test_stats_refuses_a_period_that_ends_before_it_starts(store, capsys) -> None:
    store.close()
    assert main(["stats", "--since", "2026-05-02", "--until", "2026-05-01"]) == 2
    assert "after --until" in capsys.readouterr().err


def test_stats_team_on_a_machine_without_a_hub_says_why_and_exits_2(store, capsys) -> None:
    store.close()
    assert main(["stats", "--team"]) == 2
    err = capsys.readouterr().err
    assert "for a lead connected to a hub" in err and "sidekick hub connect" in err
