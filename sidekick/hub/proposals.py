"""Buyer-question proposals on the hub: from the agents' computers to the lead's.

An agent who opted in (``learn_questions_team``) collects masked buyer messages as proposals
for team phrases (``sidekick.db.question_proposals``), which only a lead may accept. With a hub,
each of the agent's syncs sends them in one statement and forgets them locally once the hub has
them; each of a lead's syncs takes every waiting proposal off the hub into the lead's own list,
marked with the agent who made it, where the library window's 买家问法 tab offers them.

Only the masked question and the phrase id travel, never the buyer's raw words. PostgreSQL
decides who does what (``schema._grant_question_proposals``): an agent inserts rows in its own
name and sees only those, a lead reads and deletes all; an agent has at most
``schema.PROPOSALS_PER_AGENT`` waiting, so a runaway computer cannot fill the hub.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from sidekick.db.question_proposals import add_received, drop_proposals, own_proposals
from sidekick.db.store import Store

SEND_SQL = """
INSERT INTO sidekick.question_proposal (agent, phrase_id, question)
SELECT current_user, t.phrase_id, t.question FROM unnest(%s::text[], %s::text[]) AS t (phrase_id, question)
ON CONFLICT DO NOTHING
"""

TAKE_SQL = """
DELETE FROM sidekick.question_proposal RETURNING agent, phrase_id, question, proposed_at
"""

MAX_QUESTION_CHARS = 200  # the hub's CHECK; what ``app.question_learning`` keeps of a message


@dataclass(frozen=True, slots=True)
class ProposalExchange:
    sent: int = 0  # this agent's proposals the hub now has
    received: int = 0  # new proposals this lead's computer took from the hub


def send_proposals(conn: psycopg.Connection, store: Store) -> ProposalExchange:
    """An agent's computer: send its own proposals (one statement), then forget them here.

    The hub has them before they are forgotten: if the computer stops in between, the next
    sync sends them again and the hub ignores the repeat."""
    with store.session(read_only=True) as session:
        waiting = own_proposals(session)
    if not waiting:
        return ProposalExchange()
    conn.execute(SEND_SQL, ([phrase for phrase, _ in waiting],
                            [question[:MAX_QUESTION_CHARS] for _, question in waiting]))
    with store.session() as session:
        drop_proposals(session, waiting)  # as they are stored here, whatever the hub kept of them
    return ProposalExchange(sent=len(waiting))


def take_proposals(conn: psycopg.Connection, store: Store) -> ProposalExchange:
    """A lead's computer: move every waiting proposal from the hub into the local list.

    One hub transaction: the rows are deleted there only if the local list was written, so a
    failure on either side leaves them on the hub for the next sync."""
    with conn.transaction():
        rows = conn.execute(TAKE_SQL).fetchall()
        if not rows:
            return ProposalExchange()
        ordered = sorted(rows, key=lambda row: (row[3], row[0], row[1]))  # oldest first, as they were made
        with store.session() as session:
            added = add_received(session, [(str(agent), str(phrase), str(question))
                                           for agent, phrase, question, _when in ordered])
    return ProposalExchange(received=added)
