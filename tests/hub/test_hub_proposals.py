"""Buyer-question proposals travel from the agents' computers to the lead's through a real hub.

An agent's proposals (masked buyer messages for team phrases) are sent at its sync and leave its
computer; the lead's sync takes them all, marked with their agents, and the 买家问法 tab offers
them. PostgreSQL keeps agents to their own rows and caps what one agent can leave waiting.
"""

from __future__ import annotations

import os

import psycopg
import pytest

from sidekick.app.question_learning import Learned, QuestionLearner
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.question_proposals import add_proposal, proposals_for, read_proposals
from sidekick.hub.proposals import SEND_SQL
from sidekick.hub.schema import PROPOSALS_PER_AGENT

ADMIN_URL = os.environ.get("SIDEKICK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TEAM = LibraryKind.TEAM


def _as(hub, user: str) -> psycopg.Connection:
    return psycopg.connect(psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=hub.database, user=user), autocommit=True)


def _published_phrase(hub, lead) -> Phrase:
    phrase = Phrase(id=new_id(), library=TEAM, category=CategoryPath("售后", "价保"), title="价格保护",
                    body="付款后 7 天内降价可申请价保")
    with lead.store.session() as session:
        repo.save_phrase(session=session, phrase=phrase)
    lead.client.publish()
    return phrase


def _hub_rows(hub) -> list[tuple[str, str, str]]:
    with hub.admin() as conn:
        return [tuple(row) for row in conn.execute(
            "SELECT agent, phrase_id, question FROM sidekick.question_proposal ORDER BY agent, question")]


def test_an_agents_proposal_reaches_the_lead_and_leaves_both_the_agent_and_the_hub(hub, machines) -> None:
    lead, anna, bo = machines("lead"), machines("anna"), machines("bo")
    lead.connect(hub, hub.add_user("lead", "lead"))
    anna.connect(hub, hub.add_user("anna", "agent"))
    bo.connect(hub, hub.add_user("bo", "agent"))
    phrase = _published_phrase(hub, lead)
    for agent in (anna, bo):
        agent.client.sync()
    team_on = Settings(learn_questions_team=True)
    learned = QuestionLearner(anna.store, lambda: team_on).learn(phrase.id, "刚买完就便宜了二十块 订单 1234567890123 能退吗")
    assert learned is Learned.PROPOSED
    with bo.store.session() as session:
        add_proposal(session, phrase.id, "降价了 补差价不")

    exchanged = anna.client.exchange_proposals("agent")
    assert exchanged is not None and exchanged.sent == 1
    bo.client.sync()  # a sync sends them too
    with anna.store.session() as session:
        assert read_proposals(session) == []  # the hub has it: nothing waits on the agent's computer
    rows = _hub_rows(hub)
    assert [(agent, pid) for agent, pid, _q in rows] == [(anna.user, phrase.id), (bo.user, phrase.id)]
    assert all("1234567890123" not in question for _a, _p, question in rows)  # only the masked text travels

    lead.client.sync()
    with lead.store.session() as session:
        waiting = read_proposals(session)
        assert {p["agent"] for p in waiting} == {anna.user, bo.user}
        assert len(proposals_for(session, phrase.id)) == 2
    assert _hub_rows(hub) == []  # taken off the hub: a second lead computer would not see them twice
    lead.client.sync()
    with lead.store.session() as session:
        assert len(proposals_for(session, phrase.id)) == 2

    # The lead's 买家问法 tab offers them for the phrase, through the window's own backend.
    from sidekick.app.library_service import LibraryService

    service = LibraryService(lead.store, lambda: lead.settings())
    assert len(service.question_proposals(phrase.id)) == 2
    assert set(service.question_proposers(phrase.id).values()) == {anna.user, bo.user}  # the tab names them


def test_an_agent_writes_only_in_its_own_name_and_reads_and_deletes_nothing_of_others(hub) -> None:
    lead = hub.add_user("lead", "lead")
    anna, bo = hub.add_user("anna", "agent"), hub.add_user("bo", "agent")
    with _as(hub, anna) as conn:
        conn.execute(SEND_SQL, (["p1"], ["能便宜点吗"]))
        conn.execute(SEND_SQL, (["p1"], ["能便宜点吗"]))  # a repeat is ignored
    with _as(hub, bo) as conn:
        conn.execute(SEND_SQL, (["p1"], ["发什么快递"]))
        assert conn.execute("SELECT agent, question FROM sidekick.question_proposal").fetchall() == [(bo, "发什么快递")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO sidekick.question_proposal (agent, phrase_id, question) VALUES (%s, 'p1', 'x')",
                         (anna,))
        for statement in ("DELETE FROM sidekick.question_proposal", "UPDATE sidekick.question_proposal SET question = 'x'",
                          "TRUNCATE sidekick.question_proposal"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with _as(hub, lead) as conn:
        assert len(conn.execute("SELECT * FROM sidekick.question_proposal").fetchall()) == 2
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(SEND_SQL, (["p1"], ["领导自己写的"]))  # the lead's own proposals stay on its computer
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE sidekick.question_proposal SET question = 'x'")
        assert conn.execute("DELETE FROM sidekick.question_proposal WHERE agent = %s", (anna,)).rowcount == 1


def test_one_agent_cannot_fill_the_hub(hub) -> None:
    anna = hub.add_user("anna", "agent")
    many = [f"问题 {n}" for n in range(PROPOSALS_PER_AGENT + 40)]
    with _as(hub, anna) as conn:
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(SEND_SQL, (["p2"], ["长" * 201]))  # a question is at most 200 characters
        conn.execute(SEND_SQL, (["p1"] * len(many), many))
        assert conn.execute("SELECT count(*) FROM sidekick.question_proposal").fetchone()[0] == PROPOSALS_PER_AGENT


def test_an_unreachable_hub_keeps_the_agents_proposals_for_the_next_sync(hub, machines) -> None:
    lead, anna = machines("lead"), machines("anna")
    lead.connect(hub, hub.add_user("lead", "lead"))
    anna.connect(hub, hub.add_user("anna", "agent"))
    phrase = _published_phrase(hub, lead)
    anna.client.sync()
    with anna.store.session() as session:
        add_proposal(session, phrase.id, "能开发票吗")
    client = anna.client
    with hub.admin() as conn:  # the hub refuses this login for a moment
        conn.execute(f'REVOKE CONNECT ON DATABASE "{hub.database}" FROM "{hub.database}_agent"')
    try:
        assert client.exchange_proposals("agent") is None  # never raises: it waits
    finally:
        with hub.admin() as conn:
            conn.execute(f'GRANT CONNECT ON DATABASE "{hub.database}" TO "{hub.database}_agent"')
    with anna.store.session() as session:
        assert proposals_for(session, phrase.id) == ["能开发票吗"]
    assert anna.client.exchange_proposals("agent").sent == 1
    with anna.store.session() as session:
        assert proposals_for(session, phrase.id) == []
