"""On a hub-connected machine the team library is the hub's, always.

An agent's machine holds no local team edits (every write path refuses), never loads the demo,
can be reset to the hub's copy byte for byte, and switching hubs moves the old shop out first.
Equality is checked the way a shop would: ``sidekick export --library team`` JSON, byte for byte.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from sidekick.app.library_service import LibraryService
from sidekick.app.products_service import ProductsService
from sidekick.cli.main import main
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Product, new_id
from sidekick.db import repository as repo
from sidekick.db.demo_loader import DemoRefused, first_start, load_demo_shop
from sidekick.db.settings_store import load_settings, save_settings
from sidekick.hub.client import connect_machine
from sidekick.hub.errors import HubConfigError
from sidekick.hub.publish import pending_count
from sidekick.ui.library.backend import BackendError

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL


def run(argv: list[str], monkeypatch, machine=None, stdin: str = "") -> int:
    if machine is not None:
        monkeypatch.setenv("SIDEKICK_HOME", str(machine.home))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def export_team(machine, monkeypatch, capsys) -> bytes:
    target = machine.home / "team-export.json"
    assert run(["export", "--library", "team", str(target)], monkeypatch, machine) == 0
    capsys.readouterr()
    return target.read_bytes()


def set_settings(machine, **changes) -> None:
    with machine.store.session() as s:
        save_settings(session=s, settings=replace(load_settings(session=s)[0], **changes))


def lead_library(lead) -> dict[str, Phrase]:
    """A small team library with categories, codes and products, saved on the lead's machine."""
    items = [
        Phrase(new_id(), TEAM, CategoryPath("售前", "快递"), "快递", "亲，默认发中通快递哦", code="kd"),
        Phrase(new_id(), TEAM, CategoryPath("售前"), "欢迎", "欢迎光临{店铺}", code="hy"),
        Phrase(new_id(), TEAM, CategoryPath("售后", "退货"), "退货", "七天无理由退货", code="th"),
        Phrase(new_id(), TEAM, CategoryPath(), "再见", "感谢光临"),
    ]
    with lead.store.session() as s:
        for phrase in items:
            repo.save_phrase(session=s, phrase=phrase)
        repo.save_product(session=s, product=Product(new_id(), "6001", "羊毛围巾", link="https://item.taobao.com/item.htm?id=6001",
                                                     price=Decimal("59.00"), tags=("冬季",)))
    return {p.code or p.title: p for p in items}


def test_the_demo_never_loads_into_a_machine_with_a_hub(hub, machines, monkeypatch, capsys) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    lead_library(lead)
    assert lead.client.publish().written
    agent.connect(hub, hub.add_user("agent", "agent"))
    assert first_start(agent.store) == "hub"  # what the app's first start does
    assert agent.store.is_empty()
    with pytest.raises(DemoRefused):
        load_demo_shop(agent.store)
    assert run(["demo"], monkeypatch, agent) == 2
    assert "team hub" in capsys.readouterr().err
    agent.client.sync()
    assert pending_count(agent.store) == 0
    assert export_team(agent, monkeypatch, capsys) == export_team(lead, monkeypatch, capsys)
    # Without a hub the first start still loads the demo.
    solo = machines("solo")
    assert first_start(solo.store) == "demo" and not solo.store.is_empty()


def test_the_team_library_is_read_only_on_an_agent_machine_in_every_path(hub, machines, monkeypatch, capsys, tmp_path) -> None:
    agent = machines("agent")
    agent.connect(hub, hub.add_user("agent", "agent"))
    settings = agent.settings
    library = LibraryService(agent.store, settings)
    with pytest.raises(BackendError, match="read-only"):
        library.save_phrase(Phrase(new_id(), TEAM, CategoryPath("售前"), "问候", "您好"))
    assert not ProductsService(agent.store, settings).can_edit()
    # Import of team phrases or products (command line and window) is refused, nothing written.
    solo = machines("solo")  # a team phrase and a product, exported to Sidekick JSON elsewhere
    with solo.store.session() as s:
        repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("售前"), "问候", "您好"))
        repo.save_product(session=s, product=Product(new_id(), "6001", "羊毛围巾"))
    team_file = tmp_path / "team.json"
    assert run(["export", str(team_file)], monkeypatch, solo) == 0
    assert run(["import", str(team_file)], monkeypatch, agent) == 2
    assert "read-only" in capsys.readouterr().err
    with pytest.raises(BackendError, match="read-only"):
        library.apply_import(team_file, TEAM)
    csv_file = tmp_path / "team.csv"
    csv_file.write_text("code,title,body\nkd,快递,亲，默认发中通\n", encoding="utf-8")
    assert run(["import", str(csv_file), "--library", "team"], monkeypatch, agent) == 2
    assert agent.store.is_empty() and pending_count(agent.store) == 0
    # The personal library stays the agent's own.
    assert run(["import", str(csv_file), "--library", "personal"], monkeypatch, agent) == 0
    with agent.store.session() as s:
        assert [p.title for p in repo.list_phrases(session=s, library=PERSONAL)] == ["快递"]


def test_hub_reset_makes_an_agent_with_stray_local_data_equal_to_the_hub_byte_for_byte(
    hub, machines, monkeypatch, capsys
) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    phrases = lead_library(lead)
    set_settings(lead, shop_name="暖暖小铺")
    assert lead.client.publish().written
    agent.connect(hub, hub.add_user("agent", "agent"))
    agent.client.sync()
    # Stray local data, as an older Sidekick or a hand edit left it: an unpublished team phrase,
    # a team phrase the hub never had, a hub phrase changed here, a product, another shop name.
    with agent.store.session() as s:
        repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("售前"), "旧的", "本地的"))
        repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("演示"), "演示", "demo"), from_hub=True)
        changed = repo.get_phrase(session=s, phrase_id=phrases["kd"].id)
        assert changed is not None
        repo.save_phrase(session=s, phrase=replace(changed, body="改过的"), from_hub=True)
        repo.save_product(session=s, product=Product(new_id(), "999", "演示商品"), from_hub=True)
    set_settings(agent, shop_name="演示小店")
    assert export_team(agent, monkeypatch, capsys) != export_team(lead, monkeypatch, capsys)
    assert run(["hub", "reset"], monkeypatch, agent) == 2  # asks; without a terminal it needs --yes
    assert run(["hub", "reset", "--yes"], monkeypatch, agent) == 0
    out = capsys.readouterr().out
    backup = Path(out.split("backed up to ", 1)[1].splitlines()[0])
    assert backup.is_file() and backup.stat().st_size > 0
    assert export_team(agent, monkeypatch, capsys) == export_team(lead, monkeypatch, capsys)
    assert agent.settings().shop_name == "暖暖小铺"
    assert pending_count(agent.store) == 0


def test_an_agent_machine_with_local_team_edits_converges_on_the_next_sync(hub, machines, monkeypatch, capsys) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    lead_library(lead)
    assert lead.client.publish().written
    agent.connect(hub, hub.add_user("agent", "agent"))
    agent.client.sync()
    with agent.store.session() as s:  # an edit an older Sidekick allowed
        repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("售前"), "旧的", "本地的"))
    report = agent.client.sync()
    assert report.discarded_backup and Path(report.discarded_backup).is_file()
    assert pending_count(agent.store) == 0
    assert export_team(agent, monkeypatch, capsys) == export_team(lead, monkeypatch, capsys)


def test_switching_hubs_needs_replace_and_moves_the_old_shop_out_before_the_first_pull(
        hubs, machines, monkeypatch, capsys) -> None:
    shop1, shop2 = hubs.new(), hubs.new()
    lead = machines("lead")
    lead.connect(shop1, shop1.add_user("lead", "lead"))
    phrases = lead_library(lead)
    assert lead.client.publish().written
    with lead.store.session() as s:  # a pending edit for shop 1, never published
        kd = repo.get_phrase(session=s, phrase_id=phrases["kd"].id)
        assert kd is not None
        repo.save_phrase(session=s, phrase=replace(kd, body="只给一店的"))
        repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath(), "一店新", "一店的"))
    login2 = shop2.add_user("lead", "lead")
    with pytest.raises(HubConfigError, match="--replace"):
        connect_machine(lead.store, shop2.url, login2, "pw-not-checked-1")
    assert lead.settings().hub_url == shop1.url  # nothing changed
    assert run(["hub", "connect", shop2.url, "--user", login2, "--password-stdin"], monkeypatch, lead, "pw\n") == 2
    assert "--replace" in capsys.readouterr().err
    assert run(["hub", "connect", shop2.url, "--user", login2, "--password-stdin", "--replace"], monkeypatch, lead,
               "pw\n") == 0
    out = capsys.readouterr().out
    assert "backed up to" in out and shop1.database in out
    backup = Path(out.split("backed up to ", 1)[1].split(" and removed", 1)[0])
    assert backup.is_file()
    with lead.store.session() as s:  # the old shop's phrases are gone (not searchable), nothing pending
        assert repo.list_phrases(session=s, library=TEAM) == []
    assert pending_count(lead.store) == 0
    report = lead.client.publish()
    assert report.nothing_to_do
    with shop2.admin() as conn:
        assert conn.execute("SELECT count(*) FROM sidekick.phrase").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM sidekick.product").fetchone() == (0,)
    with psycopg.connect(shop1.admin_url.rsplit("/", 1)[0] + "/" + shop1.database) as conn:
        assert conn.execute("SELECT count(*) FROM sidekick.phrase WHERE body = '只给一店的'").fetchone() == (0,)


def test_three_machines_end_with_byte_equal_team_exports(hubs, machines, monkeypatch, capsys) -> None:
    """A lead and two agents; the second agent ran Sidekick (with the demo) before the hub existed."""
    early = machines("early_agent")
    assert first_start(early.store) == "demo"  # started before there was a hub: demo loaded
    with early.store.session() as s:
        repo.save_phrase(session=s, phrase=Phrase(new_id(), PERSONAL, CategoryPath(), "我的", "个人的"))
    assert pending_count(early.store) > 100  # the demo's rows, never publishable

    hub = hubs.new()
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    phrases = lead_library(lead)
    set_settings(lead, shop_name="暖暖小铺", recommend_template="推荐：{标题} {链接}")
    assert lead.client.publish().written

    agent.connect(hub, hub.add_user("agent", "agent"))
    assert first_start(agent.store) == "hub"
    agent.client.sync()
    assert run(["hub", "connect", hub.url, "--user", hub.add_user("early", "agent"), "--password-stdin"],
               monkeypatch, early, "pw\n") == 0
    assert "backed up to" in capsys.readouterr().out
    assert run(["hub", "sync"], monkeypatch, early) == 0

    # The lead keeps working: an edit, a deletion, a new phrase, a renamed category.
    with lead.store.session() as s:
        kd = repo.get_phrase(session=s, phrase_id=phrases["kd"].id)
        assert kd is not None
        repo.save_phrase(session=s, phrase=replace(kd, body="亲，默认发顺丰哦"))
        repo.delete_phrase(session=s, phrase_id=phrases["th"].id)
        repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("售后"), "换货", "可以换货", code="hh"))
    assert lead.client.publish().written
    for machine in (agent, early):
        machine.client.sync()

    exports = {m.home.name: export_team(m, monkeypatch, capsys) for m in (lead, agent, early)}
    assert exports["agent"] == exports["lead"] and exports["early_agent"] == exports["lead"]
    bodies = {p["body"] for p in json.loads(exports["lead"])["phrases"]}
    assert "亲，默认发顺丰哦" in bodies and "七天无理由退货" not in bodies and "可以换货" in bodies
    for machine in (agent, early):
        assert machine.settings().shop_name == "暖暖小铺"
        assert machine.settings().recommend_template == "推荐：{标题} {链接}"
        assert pending_count(machine.store) == 0
    with early.store.session() as s:  # the agent's own library is untouched
        assert "我的" in [p.title for p in repo.list_phrases(session=s, library=PERSONAL)]


def test_the_tray_reset_button_resets_to_the_hub_copy(hub, machines, monkeypatch, capsys, qtbot) -> None:
    from sidekick.ui.tray import TrayMenu

    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    lead_library(lead)
    assert lead.client.publish().written
    agent.connect(hub, hub.add_user("agent", "agent"))
    agent.client.sync()
    with agent.store.session() as s:  # stray data the hub never had
        repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("演示"), "演示", "demo"), from_hub=True)
    messages: list[tuple[str, bool]] = []
    workspace = agent.workspace(messages)
    menu = TrayMenu()
    assert not menu.reset.isVisible()
    workspace.start()
    try:
        assert workspace.hub_configured
        with qtbot.waitSignal(workspace.reset_finished, timeout=30000) as finished:
            workspace.reset_from_hub()
        assert finished.args[0] is True, finished.args
    finally:
        workspace.shutdown()
    assert "Backup" in messages[-1][0] or "备份" in messages[-1][0]
    assert export_team(agent, monkeypatch, capsys) == export_team(lead, monkeypatch, capsys)


def test_an_agent_connected_without_verification_learns_its_role_and_drops_the_demo(hub, machines, monkeypatch, capsys) -> None:
    lead, early = machines("lead"), machines("early")
    lead.connect(hub, hub.add_user("lead", "lead"))
    lead_library(lead)
    assert lead.client.publish().written
    assert first_start(early.store) == "demo"
    connect_machine(early.store, hub.url, hub.add_user("early", "agent"), "pw-not-checked-1", verify=False)
    report = early.client.sync()
    assert report.discarded_backup
    assert early.client.status(check_online=False).role == "agent"
    assert export_team(early, monkeypatch, capsys) == export_team(lead, monkeypatch, capsys)


def test_undoing_a_published_deletion_brings_the_phrase_back_on_every_agent(hub, machines, monkeypatch, capsys) -> None:
    lead, agent, later = machines("lead"), machines("agent"), machines("later_agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    phrases = lead_library(lead)
    assert lead.client.publish().written
    agent.connect(hub, hub.add_user("agent", "agent"))
    agent.client.sync()
    lead_settings = lead.settings()  # read outside the service's write transactions
    library = LibraryService(lead.store, lambda: lead_settings)
    library.delete_phrases([phrases["th"].id])
    deletion = library.last_change()
    assert deletion is not None
    assert lead.client.publish().written  # the deletion reaches the hub; the lead's tombstone is purged
    with lead.store.session() as s:
        assert repo.get_phrase(session=s, phrase_id=phrases["th"].id) is None
    agent.client.sync()
    with agent.store.session() as s:
        assert repo.get_phrase(session=s, phrase_id=phrases["th"].id) is None
    later.connect(hub, hub.add_user("later", "agent"))  # joins while the phrase is deleted
    later.client.sync()

    library.apply_change(deletion, undo=True)
    assert pending_count(lead.store) == 1  # the restoration is a change to publish
    report = lead.client.publish()
    assert report.written and not report.conflicts and [p.id for p in report.phrases] == [phrases["th"].id]
    for machine in (agent, later):
        machine.client.sync()
        with machine.store.session() as s:
            back = repo.get_phrase(session=s, phrase_id=phrases["th"].id)
        assert back is not None and not back.deleted and (back.body, back.code) == ("七天无理由退货", "th")
    exports = {m.home.name: export_team(m, monkeypatch, capsys) for m in (lead, agent, later)}
    assert exports["agent"] == exports["lead"] and exports["later_agent"] == exports["lead"]
    # Redo deletes it again, everywhere.
    library.apply_change(deletion, undo=False)
    assert lead.client.publish().written
    agent.client.sync()
    with agent.store.session() as s:
        assert repo.get_phrase(session=s, phrase_id=phrases["th"].id) is None


def test_the_tray_reset_reports_a_hub_error_and_can_be_cancelled(hub, machines, monkeypatch, capsys, qtbot) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    lead_library(lead)
    assert lead.client.publish().written
    agent.connect(hub, hub.add_user("agent", "agent"))
    agent.client.sync()
    messages: list[tuple[str, bool]] = []
    workspace = agent.workspace(messages)
    workspace.start()
    try:
        # Cancelled from its progress dialog: reported once; the pull it stopped wrote nothing.
        workspace._listener.stop(timeout=5.0)  # no background pull refills the library meanwhile
        with qtbot.waitSignal(workspace.reset_finished, timeout=30_000) as finished:
            workspace.reset_from_hub()
            workspace._reset_progress.canceled.emit()  # its Cancel button
        assert finished.args[0] is False and "cancelled" in finished.args[1].lower()
        assert messages[-1] == (finished.args[1], True), messages
        assert workspace._reset_operation.wait(10_000)
        with agent.store.session() as s:
            assert repo.list_phrases(session=s, library=TEAM) == []  # discarded; the next sync brings it
        agent.client.sync()
        assert export_team(agent, monkeypatch, capsys) == export_team(lead, monkeypatch, capsys)
        # The hub gone: the error comes back as one message, and the local copy is unchanged.
        with hub.admin() as admin:
            admin.execute(f'ALTER ROLE "{agent.user}" NOLOGIN')
        workspace._hub_client.close()
        with qtbot.waitSignal(workspace.reset_finished, timeout=30_000) as finished:
            workspace.reset_from_hub()
        assert finished.args[0] is False and agent.user in finished.args[1]
        assert export_team(agent, monkeypatch, capsys) == export_team(lead, monkeypatch, capsys)
    finally:
        workspace.shutdown()
