"""Proposed buyer questions for team phrases, waiting on this computer for someone to review them.

A proposal is a masked buyer message that an agent's paste suggested as a new 买家问法 of a team
phrase (``app.question_learning``). The list lives in the local database's settings table
(``state.question_proposals``), oldest first, at most ``MAX_PROPOSALS`` long. With a team hub it
travels (``hub.proposals``): an agent's proposals are sent to the hub and forgotten here once it
has them; a lead's computer takes the hub's waiting proposals into its own list, each marked
with the agent who made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sidekick.db.settings_store import get_value, set_value

PROPOSALS_KEY = "state.question_proposals"
MAX_PROPOSALS = 500  # oldest dropped first: a list nobody reviews must not grow without end


def same_question(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def read_proposals(session: Any) -> list[dict[str, str]]:
    """Every proposal as {"phrase", "question"} (plus "agent" for one received from the hub)."""
    stored = get_value(session=session, key=PROPOSALS_KEY, default=[])
    if not isinstance(stored, list):
        return []
    return [item for item in stored if isinstance(item, dict)
            and isinstance(item.get("phrase"), str) and isinstance(item.get("question"), str)]


def _write(session: Any, proposals: list[dict[str, str]]) -> None:
    set_value(session=session, key=PROPOSALS_KEY, value=proposals[-MAX_PROPOSALS:])


def add_proposal(session: Any, phrase_id: str, question: str) -> bool:
    """Add one proposal made on this computer unless the phrase has it waiting; True when added."""
    return _add(session, [{"phrase": phrase_id, "question": question}]) == 1


def add_received(session: Any, received: Iterable[tuple[str, str, str]]) -> int:
    """Add (agent, phrase id, question) proposals from the hub, skipping ones waiting already; how many were new."""
    return _add(session, [{"phrase": phrase_id, "question": question, "agent": agent}
                          for agent, phrase_id, question in received])


def _add(session: Any, new: list[dict[str, str]]) -> int:
    proposals = read_proposals(session)
    added = 0
    for item in new:
        if any(p["phrase"] == item["phrase"] and same_question(p["question"], item["question"]) for p in proposals):
            continue
        proposals.append(item)
        added += 1
    if added:
        _write(session, proposals)
    return added


def proposals_for(session: Any, phrase_id: str) -> list[str]:
    """The questions proposed for ``phrase_id``, oldest first."""
    return [p["question"] for p in read_proposals(session) if p["phrase"] == phrase_id]


def proposers_for(session: Any, phrase_id: str) -> dict[str, str]:
    """Who proposed each question for ``phrase_id`` that came from the hub: question → agent login."""
    return {p["question"]: p["agent"] for p in read_proposals(session) if p["phrase"] == phrase_id and p.get("agent")}


def own_proposals(session: Any) -> list[tuple[str, str]]:
    """(phrase id, question) of the proposals made on this computer (not received from the hub)."""
    return [(p["phrase"], p["question"]) for p in read_proposals(session) if not p.get("agent")]


def drop_proposal(session: Any, phrase_id: str, question: str) -> None:
    """Forget one proposal (accepted into the phrase, or dismissed)."""
    drop_proposals(session, [(phrase_id, question)])


def drop_proposals(session: Any, dropped: Iterable[tuple[str, str]]) -> None:
    """Forget each (phrase id, question) listed: reviewed here, or sent to the hub."""
    gone = list(dropped)
    proposals = read_proposals(session)
    kept = [p for p in proposals
            if not any(p["phrase"] == phrase_id and same_question(p["question"], question) for phrase_id, question in gone)]
    if len(kept) != len(proposals):
        set_value(session=session, key=PROPOSALS_KEY, value=kept)
