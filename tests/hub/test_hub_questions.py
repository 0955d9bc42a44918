"""买家问法 and intents travel with team phrases through a real hub (publish, pull, edits)."""

from __future__ import annotations

from dataclasses import replace

from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.search_load import load_phrases

TEAM = LibraryKind.TEAM


def _team(machine) -> dict[str, Phrase]:
    with machine.store.session() as s:
        return {p.id: p for p in repo.list_phrases(session=s, library=TEAM)}


def test_questions_and_intents_are_published_and_received(hub, machines) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    protect = Phrase(id=new_id(), library=TEAM, category=CategoryPath("售前", "价格"), title="价格保护",
                     body="付款后 7 天内价保", questions=("刚买就降价了", "能退差价吗\n[订单x]"),
                     intents=("price_protection",))
    plain = Phrase(id=new_id(), library=TEAM, category=CategoryPath("售前"), title="快递", body="默认中通")
    with lead.store.session() as s:
        repo.save_phrase(session=s, phrase=protect)
        repo.save_phrase(session=s, phrase=plain)
    lead.client.publish()
    with hub.admin() as conn:
        stored = dict(conn.execute("SELECT title, questions FROM sidekick.phrase").fetchall())
    assert stored == {"价格保护": ["刚买就降价了", "能退差价吗\n[订单x]"], "快递": []}

    agent.client.sync()
    got = _team(agent)
    assert got[protect.id].questions == protect.questions and got[protect.id].intents == ("price_protection",)
    assert got[plain.id].questions == () and got[plain.id].intents == ()
    # The index loader (what the app and the suggestion engine read) sees them too.
    loaded = {p.id: p for p, _forms in load_phrases(agent.store.engine)}
    assert loaded[protect.id].questions == protect.questions

    # An edit of only the questions is a change the agent receives.
    edited = replace(_team(lead)[protect.id], questions=("降价了补差价吗",), intents=())
    with lead.store.session() as s:
        repo.save_phrase(session=s, phrase=edited)
    assert len(lead.client.publish().phrases) == 1
    report = agent.client.sync()
    assert [i.id for i in report.changed_phrases] == [protect.id]
    assert (_team(agent)[protect.id].questions, _team(agent)[protect.id].intents) == (("降价了补差价吗",), ())
