"""Conversations → (buyer question, agent answer) exchanges, masked before anything is kept.

Each run of consecutive buyer messages is one question (a buyer often splits a question over
two or three messages); the agent messages that follow, up to the buyer's next message, are
its answer. Masking happens here, on the way in: nothing unmasked leaves this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sidekick.core.mining.records import ChatMessage, Role
from sidekick.core.suggest.mask import mask_buyer_text


@dataclass(frozen=True, slots=True)
class Exchange:
    conversation: str
    question: str  # masked buyer text (the run's messages joined by line breaks)
    answers: tuple[str, ...]  # masked agent replies that followed, in order
    agents: tuple[str, ...]  # who answered (account names, kept: they are the shop's own staff)
    source: str  # file:line of the run's first buyer message


def pair_messages(messages: Iterable[ChatMessage]) -> Iterator[Exchange]:
    """Exchanges in the order their conversations end (messages of one conversation may interleave)."""
    open_runs: dict[str, tuple[list[str], list[str], list[str], str]] = {}
    for message in messages:
        text = mask_buyer_text(message.text.strip())
        if not text:
            continue
        run = open_runs.get(message.conversation)
        if message.role is Role.BUYER:
            if run is not None and run[1]:  # the previous question got its answer: close it
                yield _exchange(message.conversation, run)
                run = None
            if run is None:
                run = ([], [], [], message.source)
                open_runs[message.conversation] = run
            run[0].append(text)
        elif run is not None:
            run[1].append(text)
            run[2].append(message.sender)
    for conversation, run in open_runs.items():
        yield _exchange(conversation, run)


def _exchange(conversation: str, run: tuple[list[str], list[str], list[str], str]) -> Exchange:
    questions, answers, agents, source = run
    return Exchange(conversation, "\n".join(questions), tuple(answers), tuple(dict.fromkeys(agents)), source)
