"""Learning from use: a buyer message the agent answered becomes a 买家问法 of that reply.

When the agent pastes a reply from a suggest popup, the buyer's message is masked with
``sidekick.core.suggest.mask_buyer_text`` (order numbers, phone numbers, links, names … become
``[订单x]``-style tokens) and then, depending on two settings:

- a **personal** phrase gets it as a new question at once (``learn_questions_personal``, on by
  default): the agent's own library learns how their buyers ask;
- a **team** phrase gets it as a *proposal* (``learn_questions_team``, off by default): the
  masked question waits in a short list kept in the local database (``state.question_proposals``)
  until someone who may edit the team library accepts or dismisses it in the library window's
  买家问法 tab. With a team hub an agent's proposals go to the hub at each sync and the
  lead's computer takes them from there (``hub.proposals``), so the lead reviews the whole
  team's; the list itself is ``sidekick.db.question_proposals``.

Only the masked text is ever written; a message that masks to nothing, or that the phrase
already has, is skipped. The write runs after the paste (a zero-delay timer), never before it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import replace

from sidekick.config.settings import Settings
from sidekick.core.types import LibraryKind
from sidekick.db.question_proposals import add_proposal, same_question
from sidekick.db.store import Store

MAX_QUESTION_CHARS = 200  # a long message is several questions; its start is what matters


class Learned(str, enum.Enum):
    ADDED = "added"  # a personal phrase got the question
    PROPOSED = "proposed"  # a team phrase got a proposal
    SKIPPED = "skipped"  # setting off, unknown phrase, nothing left after masking, or known already


def _default_mask(text: str) -> str:
    from sidekick.core.suggest import mask_buyer_text

    return mask_buyer_text(text)


class QuestionLearner:
    """Writes learned questions and team proposals; ``on_change`` runs after a phrase changed."""

    def __init__(self, store: Store, settings: Callable[[], Settings], *,
                 on_change: Callable[[], None] = lambda: None,
                 mask: Callable[[str], str] = _default_mask) -> None:
        self._store = store
        self._settings = settings
        self._on_change = on_change
        self._mask = mask

    def learn(self, phrase_id: str, message: str) -> Learned:
        """Learn ``message`` (raw buyer text, masked here) as a question of ``phrase_id``."""
        from sidekick.db import repository as repo

        settings = self._settings()
        if not (settings.learn_questions_personal or settings.learn_questions_team):
            return Learned.SKIPPED
        question = " ".join(self._mask(message).split())[:MAX_QUESTION_CHARS].strip()
        if not question:
            return Learned.SKIPPED
        with self._store.session() as session:
            phrase = repo.get_phrase(session=session, phrase_id=phrase_id)
            if phrase is None or phrase.deleted or any(same_question(q, question) for q in phrase.questions):
                return Learned.SKIPPED
            if phrase.library is LibraryKind.PERSONAL:
                if not settings.learn_questions_personal:
                    return Learned.SKIPPED
                repo.save_phrase(session=session, phrase=replace(phrase, questions=(*phrase.questions, question)))
                outcome = Learned.ADDED
            else:
                if not settings.learn_questions_team:
                    return Learned.SKIPPED
                if not add_proposal(session, phrase_id, question):
                    return Learned.SKIPPED
                outcome = Learned.PROPOSED
        if outcome is Learned.ADDED:
            self._on_change()
        return outcome
