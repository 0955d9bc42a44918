"""Publishing and receiving through a real hub: exact rows, deletions, conflicts, failures, NOTIFY."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from sqlmodel import select

from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    LibraryKind,
    Phrase,
    Product,
    Relation,
    RelationKind,
    new_id,
)
from sidekick.db import repository as repo
from sidekick.db.tables import PhraseRow
from sidekick.hub.errors import HubUnreachable
from sidekick.hub.listener import HubListener
from sidekick.hub.model import SyncReport
from sidekick.hub.pull import last_revision
from sidekick.hub.schema import LATEST_VERSION, MIGRATIONS, init_hub

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL


def phrase(title: str, body: str = "您好，有什么可以帮您？", *, library=TEAM, path=CategoryPath("售前", "快递"),
           code: str = "") -> Phrase:
    return Phrase(id=new_id(), library=library, category=path, title=title, body=body, code=code)


def save(machine, *items) -> list:
    with machine.store.session() as s:
        return [repo.save_phrase(session=s, phrase=p) if isinstance(p, Phrase) else repo.save_product(session=s, product=p)
                for p in items]


def team_phrases(machine) -> dict[str, Phrase]:
    with machine.store.session() as s:
        return {p.id: p for p in repo.list_phrases(session=s, library=TEAM)}


def lead_and_agent(hub, machines):
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    return lead, agent


def test_init_twice_is_harmless_and_upgrades_an_older_hub(hubs) -> None:
    hub = hubs.new()
    again = init_hub(hub.admin_url, isolate=False)
    assert (again.created_database, again.from_version, again.to_version) == (False, LATEST_VERSION, LATEST_VERSION)
    old = hubs.reserve()
    first = init_hub(old.admin_url, MIGRATIONS[:1], isolate=False)
    assert (first.created_database, first.to_version) == (True, 1)
    upgraded = init_hub(old.admin_url, isolate=False)
    assert (upgraded.from_version, upgraded.to_version) == (1, LATEST_VERSION)
    with old.admin() as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM sidekick.schema_version ORDER BY version")]
        columns = {r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'sidekick' AND table_name = 'phrase'")}
    assert versions == [m[0] for m in MIGRATIONS]
    assert "updated_by" in columns


def test_lead_publishes_agent_receives_exactly_those_rows_and_a_second_pull_nothing(hub, machines) -> None:
    lead, agent = lead_and_agent(hub, machines)
    a, b = phrase("快递说明", "默认中通📦，48小时内发货", code="kd"), phrase("退换货", "7天无理由", path=CategoryPath("售后"))
    mine = phrase("我的问候", "尊敬的{买家}您好", library=PERSONAL, code="hi")
    save(lead, a, b, mine)
    report = lead.client.publish()
    assert report.written and {i.id for i in report.phrases} == {a.id, b.id}
    assert lead.client.status(check_online=False).pending == 0

    received = agent.client.sync()
    assert {i.id for i in received.new_phrases} == {a.id, b.id}
    assert received.revision == report.revision and not received.changed_phrases and not received.removed_phrases
    got = team_phrases(agent)
    assert set(got) == {a.id, b.id}
    assert (got[a.id].title, got[a.id].body, got[a.id].code, got[a.id].category) == (a.title, a.body, "kd", a.category)
    with agent.store.session() as s:
        assert not any(r.dirty for r in s.exec(select(PhraseRow)).all())  # received rows are not pending edits

    second = agent.client.sync()
    assert not second.changed and second.revision == received.revision

    # The personal library never left the lead's machine.
    with hub.admin() as conn:
        bodies = [r[0] for r in conn.execute("SELECT body FROM sidekick.phrase")]
    assert mine.body not in bodies and len(bodies) == 2

    # An edit reaches the agent as "changed", with only that row.
    save(lead, replace(team_phrases(lead)[a.id], body="默认顺丰"))
    assert len(lead.client.publish().phrases) == 1
    third = agent.client.sync()
    assert [i.id for i in third.changed_phrases] == [a.id] and not third.new_phrases
    assert team_phrases(agent)[a.id].body == "默认顺丰"


def test_deletions_propagate(hub, machines) -> None:
    lead, agent = lead_and_agent(hub, machines)
    a, b = phrase("A"), phrase("B")
    save(lead, a, b)
    lead.client.publish()
    agent.client.sync()
    with lead.store.session() as s:
        repo.delete_phrase(session=s, phrase_id=a.id)
    lead.client.publish()
    report = agent.client.sync()
    assert [i.id for i in report.removed_phrases] == [a.id]
    assert set(team_phrases(agent)) == {b.id}


def test_products_with_tags_knowledge_and_relations_sync(hub, machines) -> None:
    lead, agent = lead_and_agent(hub, machines)
    tee = Product(id=new_id(), item_id="600000001", title="纯棉T恤", price=Decimal("59.00"), tags=("新品", "纯棉"),
                  knowledge=(KnowledgeField("材质", "100%棉"),))
    shorts = Product(id=new_id(), item_id="600000002", title="短裤", tags=("夏季",))
    save(lead, tee, shorts)
    with lead.store.session() as s:
        repo.set_relations(session=s, product_id=tee.id, relations=[Relation(RelationKind.PAIRING, shorts.id, 0, "搭配")])
    assert lead.client.publish().products == 2
    report = agent.client.sync()
    assert report.products_new == 2
    with agent.store.session() as s:
        got = repo.get_product(session=s, product_id=tee.id)
    assert got is not None and got.tags == ("新品", "纯棉") and got.price == Decimal("59.00")
    assert got.knowledge == (KnowledgeField("材质", "100%棉"),)
    assert [(r.kind, r.target_id) for r in got.related] == [(RelationKind.PAIRING, shorts.id)]
    with lead.store.session() as s:
        repo.delete_product(session=s, product_id=shorts.id)
    lead.client.publish()
    report = agent.client.sync()
    assert report.products_removed == 1
    with agent.store.session() as s:
        assert [p.id for p in repo.list_products(session=s)] == [tee.id]
        assert repo.get_product(session=s, product_id=tee.id).related == ()


def test_conflicting_leads_one_wins_the_other_gets_both_versions_and_loses_nothing(hub, machines) -> None:
    first, second = machines("lead1"), machines("lead2")
    first.connect(hub, hub.add_user("lead1", "lead"))
    second.connect(hub, hub.add_user("lead2", "lead"))
    a, b = phrase("发货时间", "48小时内发货"), phrase("包邮", "全国包邮")
    save(first, a, b)
    first.client.publish()
    second.client.sync()
    save(first, replace(team_phrases(first)[a.id], body="24小时内发货"))
    save(second, replace(team_phrases(second)[a.id], body="72小时内发货"),
         replace(team_phrases(second)[b.id], body="偏远地区除外"))
    assert first.client.publish().written

    refused = second.client.publish()
    assert not refused.written
    assert [(c.id, c.mine.body, c.theirs.body) for c in refused.conflicts] == [(a.id, "72小时内发货", "24小时内发货")]
    with hub.admin() as conn:
        hub_bodies = dict(conn.execute("SELECT id, body FROM sidekick.phrase").fetchall())
    assert hub_bodies == {a.id: "24小时内发货", b.id: "全国包邮"}  # nothing of the refused publish was written
    assert team_phrases(second)[a.id].body == "72小时内发货"  # the second lead's edits are still pending
    assert second.client.status(check_online=False).pending == 2
    assert "72小时内发货" in Path(refused.saved_conflicts).read_text(encoding="utf-8")

    # A pull keeps the pending edit and flags it instead of overwriting it silently.
    pulled = second.client.sync()
    assert a.id in {c.id for c in pulled.conflicts} and team_phrases(second)[a.id].body == "72小时内发货"

    taken = second.client.publish(resolve="theirs")
    assert taken.written and taken.conflicts[0].mine.body == "72小时内发货"
    assert team_phrases(second)[a.id].body == "24小时内发货"
    with hub.admin() as conn:
        hub_bodies = dict(conn.execute("SELECT id, body FROM sidekick.phrase").fetchall())
    assert hub_bodies == {a.id: "24小时内发货", b.id: "偏远地区除外"}

    # --resolve mine overwrites the hub; the overwritten version stays in the report and file.
    first.client.sync()
    save(first, replace(team_phrases(first)[b.id], body="新疆西藏除外"))
    save(second, replace(team_phrases(second)[b.id], body="港澳台除外"))
    assert first.client.publish().written
    forced = second.client.publish(resolve="mine")
    assert forced.written and forced.conflicts[0].theirs.body == "新疆西藏除外"
    assert first.client.sync().changed_phrases[0].id == b.id
    assert team_phrases(first)[b.id].body == "港澳台除外"


def test_connection_killed_mid_pull_leaves_local_copy_consistent(hub, machines) -> None:
    lead, agent = lead_and_agent(hub, machines)
    save(lead, *[phrase(f"短语{i}", f"内容{i}") for i in range(25)])
    lead.client.publish()
    before = team_phrases(agent)

    def kill_after_first_batch(table: str, done: int) -> None:
        with hub.admin() as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (agent.user,))

    from sidekick.hub import pull as pull_module

    with pytest.raises(HubUnreachable, match="offline"), agent.client.open() as conn:
        try:
            pull_module.pull(conn, agent.store, batch_size=10, on_batch=kill_after_first_batch)
        except psycopg.Error as error:
            from sidekick.hub.errors import translate

            raise translate(error, where="hub") from None
    assert team_phrases(agent) == before == {}
    assert last_revision(agent.store) == 0
    report = agent.client.sync()
    assert len(report.new_phrases) == 25 and len(team_phrases(agent)) == 25


def test_notify_reaches_a_listening_client_within_two_seconds(hub, machines) -> None:
    lead, agent = lead_and_agent(hub, machines)
    changes: list[SyncReport] = []
    arrived = threading.Event()
    statuses: list[bool] = []

    def on_change(report: SyncReport) -> None:
        changes.append(report)
        arrived.set()

    listener = HubListener(agent.client, on_change=on_change, on_status=lambda online, _m: statuses.append(online), poll_s=3600)
    listener.start()
    try:
        deadline = time.monotonic() + 10
        while listener.pulls < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert listener.pulls >= 1 and statuses[-1] is True
        save(lead, phrase("活动通知", "双11活动已开始"))
        start = time.monotonic()
        lead.client.publish()
        assert arrived.wait(2.0), "the agent was not told within 2 s"
        assert time.monotonic() - start < 2.0
        assert changes[-1].new_phrases[0].title == "活动通知"
    finally:
        listener.stop()


def test_listener_reports_offline_and_backs_off(machines) -> None:
    agent = machines("agent")
    with agent.store.session() as s:
        from sidekick.db.settings_store import load_settings, save_settings

        settings, _ = load_settings(session=s)
        save_settings(session=s, settings=replace(settings, hub_url="postgresql://127.0.0.1:1/none", hub_user="x"))
    seen: list[tuple[bool, str]] = []
    listener = HubListener(agent.client, on_status=lambda online, message: seen.append((online, message)),
                           backoff_initial_s=0.05, backoff_max_s=0.2)
    listener.start()
    time.sleep(0.6)
    listener.stop()
    assert len(seen) >= 3 and not any(online for online, _ in seen)
    assert "cannot reach the hub at 127.0.0.1:1/none" in seen[0][1]
