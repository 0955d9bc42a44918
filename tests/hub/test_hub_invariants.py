"""The hub keeps its own invariants: one live phrase per code, one live category per path.

Two leads racing to publish the same code (or the same new category) used to both succeed,
leaving duplicates that no machine could apply. Now the hub refuses the second one and the
second lead gets an ordinary conflict listing both versions.
"""

from __future__ import annotations

import threading

import psycopg
import pytest

from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.hub.schema import MIGRATIONS, init_hub

TEAM = LibraryKind.TEAM


def phrase(title: str, code: str = "", path: CategoryPath = CategoryPath("售前")) -> Phrase:
    return Phrase(id=new_id(), library=TEAM, category=path, title=title, body=f"{title}的回复", code=code)


def save(machine, *phrases: Phrase) -> None:
    with machine.store.session() as s:
        for p in phrases:
            repo.save_phrase(session=s, phrase=p)


def team(machine) -> list[Phrase]:
    with machine.store.session() as s:
        return repo.list_phrases(session=s, library=TEAM)


def two_leads_and_an_agent(hub, machines):
    a, b, agent = machines("lead_a"), machines("lead_b"), machines("agent")
    a.connect(hub, hub.add_user("a", "lead"))
    b.connect(hub, hub.add_user("b", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    return a, b, agent


def race(*machines) -> list:
    """Publish from every machine at the same moment."""
    barrier = threading.Barrier(len(machines))
    results: list = [None] * len(machines)

    def go(i: int) -> None:
        client = machines[i].client
        barrier.wait()
        results[i] = client.publish()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(machines))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def live_codes(hub) -> list[tuple[str, int]]:
    with hub.admin() as conn:
        return conn.execute(
            "SELECT code, count(*) FROM sidekick.phrase WHERE NOT deleted AND code <> '' GROUP BY code ORDER BY code"
        ).fetchall()


def test_two_leads_racing_on_one_code_the_second_gets_a_conflict_listing_both(hub, machines) -> None:
    a, b, agent = two_leads_and_an_agent(hub, machines)
    save(a, phrase("快递A", "kd"))
    save(b, phrase("快递B", "kd"))
    results = race(a, b)
    written = [r.written for r in results]
    assert sorted(written) == [False, True]
    loser, refused = (a, results[0]) if not results[0].written else (b, results[1])
    winner_title = "快递B" if loser is a else "快递A"
    # Both also made the category 售前: that clashes too, and is listed with the phrase.
    assert sorted(c.kind for c in refused.conflicts) == ["category", "phrase"]
    conflict = next(c for c in refused.conflicts if c.kind == "phrase")
    assert conflict.kind == "phrase" and conflict.mine.code == conflict.theirs.code == "kd"
    described = conflict.describe()
    assert "mine" in described and "hub" in described and winner_title in described
    assert live_codes(hub) == [("kd", 1)]
    # Agents see the winner and no "kept local" noise: they have no edits.
    report = agent.client.sync()
    assert report.conflicts == () and [p.title for p in team(agent)] == [winner_title]
    assert agent.client.sync().conflicts == ()
    # The loser settles: the hub's phrase is taken, the hub still has one live kd.
    settled = loser.client.publish(resolve="theirs")
    assert settled.written and live_codes(hub) == [("kd", 1)]
    loser.client.sync()
    assert [(p.title, p.code) for p in team(loser)] == [(winner_title, "kd")]


def test_resolve_mine_replaces_the_hub_phrase_holding_the_code(hub, machines) -> None:
    a, b, agent = two_leads_and_an_agent(hub, machines)
    save(a, phrase("快递A", "kd"))
    assert a.client.publish().written
    save(b, phrase("快递B", "kd"))
    assert not b.client.publish().written
    assert b.client.publish(resolve="mine").written
    assert live_codes(hub) == [("kd", 1)]
    agent.client.sync()
    a.client.sync()
    assert [p.title for p in team(agent)] == [p.title for p in team(a)] == ["快递B"]


def test_two_leads_racing_on_one_new_category_path_leave_one_category(hub, machines) -> None:
    a, b, agent = two_leads_and_an_agent(hub, machines)
    save(a, phrase("退货A", path=CategoryPath("售后", "退货")))
    save(b, phrase("退货B", path=CategoryPath("售后", "退货")))
    results = race(a, b)
    assert sorted(r.written for r in results) == [False, True]
    loser, refused = (a, results[0]) if not results[0].written else (b, results[1])
    assert {c.kind for c in refused.conflicts} == {"category"}
    assert loser.client.publish(resolve="theirs").written
    with hub.admin() as conn:
        paths = conn.execute(
            "SELECT coalesce(p.name, ''), c.name, count(*) FROM sidekick.category c "
            "LEFT JOIN sidekick.category p ON p.id = c.parent_id WHERE NOT c.deleted GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
    assert paths == [("", "售后", 1), ("售后", "退货", 1)]
    agent.client.sync()
    assert sorted(p.title for p in team(agent)) == ["退货A", "退货B"]
    assert {p.category for p in team(agent)} == {CategoryPath("售后", "退货")}


def test_the_hub_itself_refuses_a_duplicate_code_or_path_from_any_client(hub) -> None:
    with hub.admin() as conn:
        conn.execute("INSERT INTO sidekick.phrase (id, code, body) VALUES ('p1', 'kd', 'x')")
        with pytest.raises(psycopg.errors.ExclusionViolation):
            conn.execute("INSERT INTO sidekick.phrase (id, code, body) VALUES ('p2', 'kd', 'y')")
        conn.execute("INSERT INTO sidekick.category (id, name) VALUES ('c1', '售前')")
        with pytest.raises(psycopg.errors.ExclusionViolation):
            conn.execute("INSERT INTO sidekick.category (id, name) VALUES ('c2', '售前')")
        # A deleted phrase gives its code up; swapping two codes in one transaction is fine.
        conn.execute("DELETE FROM sidekick.phrase WHERE id = 'p1'")
        conn.execute("INSERT INTO sidekick.phrase (id, code, body) VALUES ('p3', 'kd', 'z')")
        conn.execute("INSERT INTO sidekick.phrase (id, code, body) VALUES ('p4', 'th', 'w')")
        with conn.transaction():
            conn.execute("UPDATE sidekick.phrase SET code = 'th' WHERE id = 'p3'")
            conn.execute("UPDATE sidekick.phrase SET code = 'kd' WHERE id = 'p4'")


def test_upgrading_a_hub_that_holds_duplicates_settles_them_so_agents_receive_it(hubs) -> None:
    old = hubs.reserve()
    init_hub(old.admin_url, MIGRATIONS[:2], isolate=False)
    with old.admin() as conn:
        conn.execute("INSERT INTO sidekick.category (id, name) VALUES ('c1', '售前'), ('c2', '售前')")
        conn.execute("INSERT INTO sidekick.phrase (id, category_id, code, body) VALUES "
                     "('p1', 'c1', 'kd', 'a'), ('p2', 'c2', 'kd', 'b')")
    init_hub(old.admin_url, isolate=False)
    with old.admin() as conn:
        assert conn.execute("SELECT id, category_id, code FROM sidekick.phrase ORDER BY id").fetchall() == [
            ("p1", "c1", "kd"), ("p2", "c1", "kd-2")]
        assert conn.execute("SELECT id, deleted FROM sidekick.category ORDER BY id").fetchall() == [
            ("c1", False), ("c2", True)]


def test_each_published_update_uses_one_revision(hub, machines) -> None:
    a, _b, _agent = two_leads_and_an_agent(hub, machines)
    first = phrase("问候", "hy")
    save(a, first)
    before = a.client.publish().revision
    with a.store.session() as s:
        current = repo.get_phrase(session=s, phrase_id=first.id)
        assert current is not None
        from dataclasses import replace

        repo.save_phrase(session=s, phrase=replace(current, body="您好！"))
    after = a.client.publish().revision
    assert after == before + 1
