"""Chat mining for the CLI and the library window: files in, the lead's report out.

Opens each chat file (streamed, never copied into the data folder), runs the pure pipeline
of ``sidekick.core.mining`` with the library's suggestion engine for coverage, and remembers
which groups a lead dismissed (by a key made of masked text only) so they stay dismissed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sidekick.core.mining import BadLine, ChatMessage, MiningReport, QuestionGroup, mine, pair_messages
from sidekick.core.mining.sources import messages_from_stream

DISMISSED_KEY = "state.mining_dismissed"
MAX_DISMISSED = 2000


class ChatFileError(ValueError):
    """A chat file that cannot be read at all (missing, or a table without the needed columns)."""


def chat_messages(paths: Sequence[Path], *, agents: frozenset[str] = frozenset(), since: datetime | None = None,
                  on_bad: Callable[[BadLine], None]) -> Iterator[ChatMessage]:
    for path in paths:
        if not path.is_file():
            raise ChatFileError(f"{path}: no such file")
        with path.open("rb") as stream:
            try:
                for message in messages_from_stream(stream, path.name, on_bad, agents):
                    if since is None or message.time is None or message.time >= since:
                        yield message
            except ValueError as error:
                raise ChatFileError(str(error)) from None


# "Answered confidently": the engine offers weaker matches to an agent who then judges them,
# but a lead's coverage figure counts only replies that clearly answer the question (the
# demo's right answers to real buyer messages score 0.85–2.0; unrelated ones 0.4–0.7).
COVERED_SCORE = 0.8


def suggest_callback(engine: Any) -> Callable[[str], tuple[str, str, float] | None]:
    """(phrase id, title, score) of the engine's first phrase suggestion, when confident, for coverage."""

    def suggest(question: str) -> tuple[str, str, float] | None:
        found = engine.suggest(question, limit=1)
        if not found or getattr(found[0], "product", None) is not None or found[0].score < COVERED_SCORE:
            return None
        return found[0].phrase.id, found[0].phrase.title, found[0].score

    return suggest


def mine_files(paths: Sequence[Path], engine: Any, *, agents: frozenset[str] = frozenset(),
               since: datetime | None = None, top: int | None = 20,
               progress: Callable[[str, int, int], None] | None = None) -> tuple[MiningReport, list[BadLine]]:
    """The report for the chat files ``paths`` and the lines that could not be read."""
    bad: list[BadLine] = []
    messages = chat_messages(paths, agents=agents, since=since, on_bad=bad.append)
    report = mine(pair_messages(messages), engine.bank, suggest=suggest_callback(engine), top=top, progress=progress)
    return report, bad


def group_key(group: QuestionGroup) -> str:
    """What identifies a group across runs: its intent, or its representative question (masked)."""
    return f"intent:{group.intent}" if group.intent else f"text:{' '.join(group.representative.split())}"


def dismissed(session: Any) -> set[str]:
    from sidekick.db.settings_store import get_value

    stored = get_value(session=session, key=DISMISSED_KEY, default=[])
    return {item for item in stored if isinstance(item, str)} if isinstance(stored, list) else set()


def dismiss(session: Any, key: str) -> None:
    from sidekick.db.settings_store import get_value, set_value

    stored = get_value(session=session, key=DISMISSED_KEY, default=[])
    keys = [item for item in stored if isinstance(item, str)] if isinstance(stored, list) else []
    if key not in keys:
        keys.append(key)
        set_value(session=session, key=DISMISSED_KEY, value=keys[-MAX_DISMISSED:])
